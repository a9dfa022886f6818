/**
 * Imports site exports into a study database in its own process, so that its time and peak
 * memory are its own: prints one JSON line {ms, cpuMs, userMs, systemMs, rows, maxRssMb, phases}.
 * CPU time is that of the whole process (all threads) during the imports, the fair measure on a
 * loaded machine; `phases` splits it by the import's progress messages (reading, standardising,
 * writing: the last includes the commit). Module loading is not timed.
 */
import { openStudy } from '../electron/core/api/open-study';

const [file, ...paths] = process.argv.slice(2);
const api = openStudy(file!);
// Loaded before the clock starts, as a bundled app has them: here tsx would compile them on first use.
await import('../electron/core/import/read-site-export');
const phases: Record<string, number> = {};
let phase = '';
let phaseStart = process.cpuUsage();
const endPhase = (next: string) => {
  const spent = process.cpuUsage(phaseStart);
  if (phase) phases[phase] = (phases[phase] ?? 0) + (spent.user + spent.system) / 1000;
  phase = next;
  phaseStart = process.cpuUsage();
};
const context = {
  user: 'bench',
  now: () => new Date(),
  progress: (message: string) => endPhase(message.split(' ')[0]!),
};
let rows = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (const p of paths) {
  const report = await api.call('imports.run', { paths: [p] }, context);
  endPhase('');
  rows += Object.values(report.forms).reduce((n, f) => n + f.rows, 0);
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
api.close();
const userMs = cpu.user / 1000;
const systemMs = cpu.system / 1000;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs: userMs + systemMs, userMs, systemMs, rows, maxRssMb, phases })}\n`,
);
