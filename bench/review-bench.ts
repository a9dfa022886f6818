/**
 * Review marks at scale (issue 12): a data manager reviewed every record of round 2, then round 3
 * arrives (corrections, deletions, new subjects and records). Measured: marking a whole site (each
 * form one statement), marking the whole study, `review status` over the whole study and for one
 * site, and the Data screen's Review filter (first page and total) in every state on the largest
 * form, with the query plans that show the indexes used.
 */
import { openStudy } from '../electron/core/api/open-study';
import type { StudyApi } from '../electron/core/api/study-api';
import { connectionOf } from '../electron/core/db/connection';
import { SITE_REVIEW_COUNTS, siteReviewCountsSql } from '../electron/core/db/review-counts-repo';
import { reviewSource } from '../electron/core/db/review-repo';
import { staleMarkSubjectsSql, unmarkedRecordSubjectsSql } from '../electron/core/db/review-subjects-repo';
import { REVIEW_STATES } from '../shared/api/review';

export interface ReviewBenchResult {
  records: number;
  /** Marking the largest site, all forms (one statement a form). */
  markSite: { siteId: string; records: number; ms: number; cpuMs: number };
  markStudy: { records: number; ms: number; cpuMs: number };
  status: { ms: number; cpuMs: number };
  statusSite: { ms: number; cpuMs: number };
  totals: Record<string, number>;
  filter: Record<string, { ms: number; cpuMs: number; total: number }>;
  subjectsFilter: Record<string, { ms: number; cpuMs: number; total: number }>;
  plans: Record<string, string[]>;
}

const context = { user: 'reviewer', now: () => new Date() };

/** Wall time and this process's CPU time (the fair measure on a shared, loaded machine). */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await work();
  const cpu = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

/** The best of a few runs: the figure of a warm study, as a person sees it when they open a screen twice. */
async function best<T>(
  runs: number,
  work: () => Promise<T>,
): Promise<{ ms: number; cpuMs: number; value: T }> {
  let fastest: { ms: number; cpuMs: number; value: T } | undefined;
  for (let i = 0; i < runs; i++) {
    const run = await timed(work);
    if (!fastest || run.ms < fastest.ms) fastest = run;
  }
  return fastest!;
}

function plan(api: StudyApi, sql: string, params: Record<string, unknown>): string[] {
  const rows = connectionOf(api.database).prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as {
    detail: string;
  }[];
  return rows.map((r) => r.detail);
}

export type ReviewReads = Omit<ReviewBenchResult, 'markSite' | 'markStudy'>;

/**
 * The reads of a reviewed study, each the best of three calls through the API (what the window and
 * the command line do): review status, the Data screen's Review filter on the largest form and the
 * Subjects screen's, with the query plans. Run alone (`--only review-read`) on the database the
 * marking bench left, they are measured without the imports and marks before them.
 */
export async function benchReviewReads(file: string): Promise<ReviewReads> {
  const api = openStudy(file);
  const info = await api.call('study.info', {}, context);
  const forms = info.forms.map((f) => f.code);
  const largestSite = [...info.sites].sort((a, b) => b.subjects - a.subjects)[0]!.siteId;
  await api.call('review.status', {}, context); // the first read after opening warms the page cache
  const status = await best(3, () => api.call('review.status', {}, context));
  const statusSite = await best(3, () => api.call('review.status', { site: largestSite }, context));
  const largestForm = [...forms].sort(
    (a, b) =>
      status.value.rows.filter((r) => r.form === b).reduce((n, r) => n + r.records, 0) -
      status.value.rows.filter((r) => r.form === a).reduce((n, r) => n + r.records, 0),
  )[0]!;
  const filter: ReviewBenchResult['filter'] = {};
  for (const state of REVIEW_STATES) {
    const run = await best(3, () =>
      api.call('data.list', { form: largestForm, review: state, limit: 200, withIds: true }, context),
    );
    filter[`${largestForm} ${state}`] = { ms: run.ms, cpuMs: run.cpuMs, total: run.value.total };
  }
  const subjectsFilter: ReviewBenchResult['subjectsFilter'] = {};
  for (const state of REVIEW_STATES) {
    // As the Subjects screen asks: the first page with each subject's counts, and the total.
    const run = await best(3, () =>
      api.call('subjects.list', { review: state, withReview: true, limit: 100 }, context),
    );
    subjectsFilter[state] = { ms: run.ms, cpuMs: run.cpuMs, total: run.value.total };
  }
  const form = api.database.model.formByCode.get(largestForm)!;
  const params = { reviewUser: context.user, reviewForm: largestForm };
  const changed = reviewSource(form, context.user, 'changed');
  const plans = {
    'status (and the Subjects filter: the sites that hold some), per site': plan(
      api,
      siteReviewCountsSql(form, SITE_REVIEW_COUNTS, false),
      params,
    ),
    'filter: changed, first page': plan(
      api,
      `SELECT m.record_id FROM ${changed.from} WHERE ${changed.where.join(' AND ')}
       ORDER BY m.site_id, m.subject_id, m.record_id LIMIT 200`,
      changed.params,
    ),
    'Subjects filter: changed': plan(api, staleMarkSubjectsSql(false), { reviewUser: context.user }),
    'Subjects filter: new or never reviewed, at the sites that hold some (none of them marked)': plan(
      api,
      unmarkedRecordSubjectsSql(form, false),
      { spans: JSON.stringify([{ site: largestSite, after: 0, upTo: 1 }]) },
    ),
    'Subjects filter: new or never reviewed, at a site that holds some (some of them marked)': plan(
      api,
      unmarkedRecordSubjectsSql(form, true),
      { ...params, site: largestSite, after: 0, upTo: 1 },
    ),
  };
  const records = status.value.totals.records;
  api.close();
  return {
    records,
    status: { ms: status.ms, cpuMs: status.cpuMs },
    statusSite: { ms: statusSite.ms, cpuMs: statusSite.cpuMs },
    totals: status.value.totals,
    filter,
    subjectsFilter,
    plans,
  };
}

/**
 * Review marks at scale: round `before` imported, marking the largest site (each form one
 * statement) and then the whole study, round `after` imported; then the reads (benchReviewReads).
 */
export async function benchReview(
  file: string,
  importRound: (db: string, round: string) => void,
  rounds: { before: string; after: string },
): Promise<ReviewBenchResult> {
  importRound(file, rounds.before);
  const api = openStudy(file);
  const info = await api.call('study.info', {}, context);
  const forms = info.forms.map((f) => f.code);
  const largestSite = [...info.sites].sort((a, b) => b.subjects - a.subjects)[0]!.siteId;
  const site = await timed(async () => {
    let records = 0;
    for (const form of forms)
      records += (await api.call('review.mark', { form, site: largestSite }, context)).marked;
    return records;
  });
  const study = await timed(async () => {
    let records = 0;
    for (const form of forms) records += (await api.call('review.mark', { form }, context)).marked;
    return records;
  });
  api.close();
  importRound(file, rounds.after);
  return {
    markSite: { siteId: largestSite, records: site.value, ms: site.ms, cpuMs: site.cpuMs },
    markStudy: { records: study.value, ms: study.ms, cpuMs: study.cpuMs },
    ...(await benchReviewReads(file)),
  };
}
