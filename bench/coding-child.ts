/**
 * One medical coding operation in its own process, so that its time and peak memory are its own:
 *   load DB DIR meddra|whodrug   dictionaries.load (and the auto-coding of what waits)
 *   probe DB                     exact matches and searches on the loaded dictionary, the queue's first page
 * prints one JSON line: {ms, cpuMs, maxRssMb, phases, ...what the operation answers}.
 */
import { openStudy } from '../electron/core/api/open-study';
import { normaliseTerm } from '../electron/core/coding/normalise-term';
import { connectionOf } from '../electron/core/db/connection';
import { activeDictionary } from '../electron/core/db/dictionaries-repo';
import { lltsNamed } from '../electron/core/db/meddra-repo';

const [operation, file, ...rest] = process.argv.slice(2);
const api = openStudy(file!);
/** Wall and CPU time of each phase, by the first word of the core's progress messages. */
const phases: Record<string, number> = {};
const phasesCpu: Record<string, number> = {};
let phase = '';
let phaseStart = performance.now();
let phaseCpu = process.cpuUsage();
const endPhase = (next: string) => {
  if (phase) {
    const cpu = process.cpuUsage(phaseCpu);
    phases[phase] = (phases[phase] ?? 0) + performance.now() - phaseStart;
    phasesCpu[phase] = (phasesCpu[phase] ?? 0) + (cpu.user + cpu.system) / 1000;
  }
  phase = next;
  phaseStart = performance.now();
  phaseCpu = process.cpuUsage();
};
const context = { user: 'bench', now: () => new Date(), progress: (m: string) => endPhase(m.split(' ')[0]!) };
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let answer: Record<string, unknown> = {};

if (operation === 'load') {
  const [dir, type] = rest as [string, 'meddra' | 'whodrug'];
  const result = await api.call('dictionaries.load', { path: dir, type }, context);
  endPhase('');
  answer = { autoCoded: result.autoCoded, counts: result.dictionary.counts, language: result.language };
} else if (operation === 'probe') {
  // Exact matches of the dictionary's own names (a hit each) and of made-up words (a miss each).
  const database = api.database;
  const dictionary = activeDictionary(database, 'meddra')!;
  const names = connectionOf(database)
    .prepare(
      "SELECT name FROM meddra_terms WHERE dictionary_id = ? AND level = 'LLT' ORDER BY code LIMIT 10000",
    )
    .pluck()
    .all(dictionary.id) as string[];
  const t1 = performance.now();
  let hits = 0;
  for (const name of names)
    hits += lltsNamed(database, dictionary.id, normaliseTerm(name)).length > 0 ? 1 : 0;
  for (let i = 0; i < 10_000; i++) lltsNamed(database, dictionary.id, `no such term ${i}`);
  const exactUs = ((performance.now() - t1) * 1000) / (names.length + 10_000);
  const searches: number[] = [];
  const searchCpu: number[] = [];
  for (const text of ['pain', 'neutrop', '감소', 'syndrome', 'ka', '호중구']) {
    const t2 = performance.now();
    const c2 = process.cpuUsage();
    await api.call('coding.search', { form: 'AE', text, limit: 50 }, context);
    searches.push(performance.now() - t2);
    const used = process.cpuUsage(c2);
    searchCpu.push((used.user + used.system) / 1000);
  }
  // The queue's first page, cold (the first call of the process) and again.
  const queue: number[] = [];
  let page = { total: 0 };
  for (let i = 0; i < 2; i++) {
    const c3 = process.cpuUsage();
    page = await api.call('coding.queue', { form: 'AE', limit: 100 }, context);
    const used = process.cpuUsage(c3);
    queue.push((used.user + used.system) / 1000);
  }
  const queueMs = queue;
  answer = {
    exactUs,
    hits,
    lookups: names.length + 10_000,
    searchMs: searches,
    searchCpuMs: searchCpu,
    queueMs,
    waiting: page.total,
  };
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
api.close();
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, phases, phasesCpu, ...answer })}\n`,
);
