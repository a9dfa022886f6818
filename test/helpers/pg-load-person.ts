/**
 * One simulated person of the load test (test/integration/pg-load.test.ts), in a process of their
 * own as in real life: reviews the open discrepancies page by page, moves some (accepts, sends
 * queries), raises manual queries; every move's time is reported. A refusal because someone else
 * moved the discrepancy first is an expected conflict, counted, not an error.
 * Usage: tsx pg-load-person.ts URL PERSON MOVES SEED  -> one JSON line on stdout.
 */
import { openStudy } from '../../electron/core/api/open-study';
import { StudyError } from '../../electron/core/common/errors';

const [url, person, movesText, seedText] = process.argv.slice(2) as [string, string, string, string];
let seed = Number(seedText);
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const ctx = { user: person, now: () => new Date() };

const api = openStudy(url);
// An accept is a signed decision in team mode: the person's meaning and password.
const signature = {
  meaning: 'not an error (load test)',
  password: decodeURIComponent(new URL(url).password),
};
const latencies: number[] = [];
const done: { id: number; to: string; reason: string }[] = [];
let conflicts = 0;
let raised = 0;
try {
  for (let i = 0; i < Number(movesText); i++) {
    const page = await api.call('discrepancies.list', { status: ['OPEN'], limit: 100, offset: 0 }, ctx);
    if (page.rows.length === 0) break;
    const d = page.rows[Math.floor(random() * page.rows.length)]!;
    if (i % 5 === 4 && d.recordId !== null) {
      await api.call(
        'queries.raise',
        {
          subjectId: d.subjectId,
          form: d.form,
          recordKey: d.recordKey,
          field: d.field,
          message: `${person} asks again (${i})`,
        },
        ctx,
      );
      raised++;
      continue;
    }
    const to = random() < 0.5 ? 'ACCEPTED' : 'QUERIED';
    const reason = `${person} move ${i}`;
    const t0 = performance.now();
    try {
      await api.call(
        'discrepancies.setStatus',
        {
          ids: [d.id],
          status: to,
          reason,
          ...(to === 'QUERIED' ? { message: 'please check' } : { signature }),
        },
        ctx,
      );
      done.push({ id: d.id, to, reason });
    } catch (error) {
      if (!(error instanceof StudyError && error.code === 'CONFLICT')) throw error;
      conflicts++;
    }
    latencies.push(performance.now() - t0);
  }
  process.stdout.write(`${JSON.stringify({ person, latencies, done, conflicts, raised })}\n`);
} finally {
  api.close();
}
