import type { StudyApi } from '../electron/core/api/study-api';

/** DM fields a data manager might query on any subject (the seed of a realistic workload). */
const SEED_FIELDS = ['AGE', 'ECOG', 'ISS', 'DIAGDAT', 'PRIORREG'];

/**
 * Writes every site's query list (xlsx) of a checked study and times it: what a data manager waits
 * for on "send queries". The export moves OPEN discrepancies to QUERIED: give it a copy.
 *
 * Generated studies are clean (their checks find little), so when fewer than `queriesPerSubject`
 * discrepancies a subject are outstanding, manual queries on DM fields are raised first, untimed,
 * up to that number (3 a subject: 30,000 queries at 10,000 subjects); `seeded` says how many.
 */
export async function benchQueryLists(
  api: StudyApi,
  outDir: string,
  options: { queriesPerSubject?: number } = {},
): Promise<{ ms: number; files: number; queries: number; seeded: number }> {
  const context = { user: 'bench', now: () => new Date() };
  const perSubject = options.queriesPerSubject ?? 3;
  if ((await api.call('discrepancies.list', { limit: 1 }, context)).total === 0)
    await api.call('checks.run', {}, context);
  const outstanding = (
    await api.call('discrepancies.list', { status: ['OPEN', 'QUERIED'], limit: 1 }, context)
  ).total;
  const subjects: string[] = [];
  for (let offset = 0; ;) {
    const page = await api.call('data.list', { form: 'DM', offset, limit: 50_000 }, context);
    subjects.push(...page.records.map((r) => String(r.SUBJID)));
    offset += page.records.length;
    if (!page.truncated || page.records.length === 0) break;
  }
  let seeded = 0;
  const wanted = perSubject * subjects.length - outstanding;
  for (let i = 0; seeded < wanted && i < subjects.length * SEED_FIELDS.length; i++) {
    const subject = subjects[i % subjects.length]!;
    const field = SEED_FIELDS[Math.floor(i / subjects.length)]!;
    await api.call(
      'queries.raise',
      {
        subjectId: subject,
        form: 'DM',
        recordKey: subject,
        field,
        message: `${field}: 원자료와 대조해 주십시오 (please verify against the source)`,
      },
      context,
    );
    seeded++;
  }
  const t0 = performance.now();
  const result = await api.call('queries.export', { outDir, format: 'xlsx' }, context);
  const ms = performance.now() - t0;
  return { ms, files: result.files.length, queries: result.files.reduce((n, f) => n + f.queries, 0), seeded };
}
