import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { REVIEW_STATES, type ReviewCounts, type ReviewState } from '../../shared/api/review';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';

/**
 * The review counts (status, the Subjects screen's Review filter and each subject's counts) are
 * read from counts of index ranges, site by site and span of imports by span. Here they must agree
 * with each record's own state (the Data screen's, one record at a time) on a generated study
 * reviewed in every way a person does it: whole forms, one site, a few subjects, marks removed,
 * and new records marked after the next exports arrived.
 */
const definition = loadStudyDefinition();
const alice = testContext('alice');
const bob = testContext('bob');
let api: StudyApi;
let sites: string[];

type Counts = Record<ReviewState, number> & { records: number };
const zero = (): Counts => ({ records: 0, reviewed: 0, changed: 0, new: 0, unreviewed: 0 });

/** Every live record's state for a person, from the records themselves. */
async function recordStates(who: typeof alice) {
  const states: { form: string; site: string; subject: string; state: ReviewState }[] = [];
  for (const form of definition.forms)
    for (const site of sites) {
      const page = await api.call(
        'data.list',
        { form: form.code, site, withReview: true, limit: 50_000 },
        who,
      );
      expect(page.truncated).toBe(false);
      for (const r of page.records)
        states.push({ form: form.code, site, subject: r.SUBJID as string, state: r._review as ReviewState });
    }
  return states;
}

function tally(
  states: Awaited<ReturnType<typeof recordStates>>,
  key: (s: (typeof states)[number]) => string,
) {
  const out = new Map<string, Counts>();
  for (const s of states) {
    const counts = out.get(key(s)) ?? zero();
    counts.records++;
    counts[s.state]++;
    out.set(key(s), counts);
  }
  return out;
}

function inState(counts: ReviewCounts, state: ReviewState) {
  return state === 'reviewed' ? counts.reviewed === counts.records : counts[state] > 0;
}

beforeAll(async () => {
  const dir = tempDir('cdm-review-subjects-');
  await generateStudy({
    outDir: path.join(dir, 'gen'),
    seed: 11,
    subjects: 36,
    sites: 3,
    rounds: 3,
    definition,
  });
  ({ api } = newStudy({ dir }));
  for (const round of ['round-1', 'round-2'])
    await api.call('imports.batch', { dir: path.join(dir, 'gen', round), dryRun: false }, alice);
  const sitesNow = async () => (await api.call('study.info', {}, alice)).sites.map((s) => s.siteId).sort();
  sites = await sitesNow();
  const subjectsOf = async (site: string) =>
    (await api.call('subjects.list', { site, limit: 1000 }, alice)).rows.map((r) => r.subjectId);
  const [first, second] = await subjectsOf(sites[0]!);
  const forms = definition.forms.map((f) => f.code);

  // Alice reviews everything, then removes her marks on one subject's medications: that subject
  // alone is never reviewed (among records she marked around it).
  for (const form of forms) await api.call('review.mark', { form }, alice);
  await api.call('review.unmark', { form: 'CM', subject: first! }, alice);
  // Bob reviews in parts: whole forms, one site of a form, a few subjects, marks removed again.
  await api.call('review.mark', { form: 'AE' }, bob);
  await api.call('review.mark', { form: 'DM' }, bob);
  await api.call('review.mark', { form: 'EX', site: sites[1]! }, bob);
  await api.call('review.mark', { form: 'LB', subject: first! }, bob);
  await api.call('review.mark', { form: 'LB', subject: second! }, bob);
  await api.call('review.unmark', { form: 'LB', subject: second! }, bob);

  // The next exports: changed, deleted and new records.
  await api.call('imports.batch', { dir: path.join(dir, 'gen', 'round-3'), dryRun: false }, alice);
  sites = await sitesNow();
  // Alice reviews what changed and what is new of one subject (reviewed through and through), the
  // new records of a whole site in two forms, and one new dosing period elsewhere.
  const newOf = async (form: string, site: string) =>
    (await api.call('data.list', { form, site, review: 'new', withIds: true, limit: 1 }, alice)).records[0];
  const subject = (await newOf('LB', sites[0]!))!.SUBJID as string;
  for (const form of forms)
    for (const state of ['changed', 'new'] as const)
      if ((await api.call('data.list', { form, subject, review: state, limit: 1 }, alice)).total > 0)
        await api.call('review.mark', { form, subject, state }, alice);
  for (const form of ['AE', 'LB'])
    await api.call('review.mark', { form, site: sites[1]!, state: 'new' }, alice);
  const newDose = await newOf('EX', sites[2]!);
  await api.call('review.mark', { form: 'EX', recordIds: [newDose!._recordId as number] }, alice);
}, 240_000);

describe('review counts from index ranges', () => {
  it('the history holds every state, at several sites, and subjects in each', async () => {
    const bySite = tally(await recordStates(alice), (s) => s.site);
    for (const state of REVIEW_STATES) {
      expect(
        [...bySite.values()].some((c) => c[state] > 0),
        state,
      ).toBe(true);
      for (const who of [alice, bob])
        if (who === alice || state !== 'reviewed')
          expect((await api.call('subjects.list', { review: state }, who)).total, state).toBeGreaterThan(0);
    }
    expect(bySite.size).toBe(sites.length);
  });

  it('review status: per site and form, what the records say', async () => {
    for (const who of [alice, bob]) {
      const expected = tally(await recordStates(who), (s) => `${s.site} ${s.form}`);
      const status = await api.call('review.status', {}, who);
      expect(
        new Map(status.rows.map(({ siteId, form, ...counts }) => [`${siteId} ${form}`, counts])),
      ).toEqual(expected);
      const one = await api.call('review.status', { site: sites[1]! }, who);
      expect(one.rows.every((r) => r.siteId === sites[1])).toBe(true);
      expect(one.rows.length).toBe([...expected.keys()].filter((k) => k.startsWith(`${sites[1]} `)).length);
    }
  });

  it("the Subjects screen's Review filter and each subject's counts: what the records say", async () => {
    for (const who of [alice, bob]) {
      const bySubject = tally(await recordStates(who), (s) => s.subject);
      const all = await api.call('subjects.list', { withReview: true, limit: 10_000 }, who);
      expect(new Map(all.rows.map((r) => [r.subjectId, r.review]))).toEqual(
        new Map(all.rows.map((r) => [r.subjectId, bySubject.get(r.subjectId)])),
      );
      for (const site of [undefined, ...sites])
        for (const state of REVIEW_STATES) {
          const expected = all.rows
            .filter((r) => (site === undefined || r.siteId === site) && inState(r.review!, state))
            .map((r) => r.subjectId);
          const page = await api.call(
            'subjects.list',
            { review: state, ...(site ? { site } : {}), limit: 10_000 },
            who,
          );
          expect(
            page.rows.map((r) => r.subjectId),
            `${who.user} ${state} ${site ?? ''}`,
          ).toEqual(expected);
          expect(page.total).toBe(expected.length);
        }
    }
  });
});
