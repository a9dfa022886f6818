import { afterEach, describe, expect, it } from 'vitest';
import { createStudy } from '../../electron/core/api/open-study';
import type { StudyApi } from '../../electron/core/api/study-api';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';
import { newPgUrl, pgMissing } from '../helpers/postgres-test';

const ctx = testContext();
const pom = (subject: string, seq: number, dose: string, start: string, end: string) => ({
  SUBJID: subject,
  EXSEQ: String(seq),
  EXTRT: 'POMALIDOMIDE',
  CYCLE: String(seq),
  EXSTDAT: start,
  EXENDAT: end,
  EXDOSE: dose,
});

function load(api: StudyApi, site: string, exportDate: string, dose: string, sex = 'M') {
  const s1 = `${site}-001`;
  const s2 = `${site}-002`;
  loadRows(api, {
    site,
    exportDate,
    forms: {
      DM: [dmRow(s1, site), dmRow(s2, site, { AGE: '17', SEX: sex })],
      EX: [pom(s1, 1, dose, '2018-01-10', '2018-01-30'), pom(s2, 1, '4', '2018-01-12', '2018-02-01')],
    },
  });
}

const snapshot = async (api: StudyApi) =>
  (await api.call('discrepancies.list', { limit: 1000 }, ctx)).rows
    .map((d) => `${d.checkId} ${d.recordKey} ${d.field} ${d.status} ${d.message}`)
    .sort();

type Engine = 'sqlite' | 'postgresql';
const opened: StudyApi[] = [];
afterEach(() => {
  for (const api of opened.splice(0)) api.database.close();
});

/**
 * Two studies with the same two sites: one checked incrementally (on a study file, or on a
 * server), the other fully on a study file, to compare.
 */
function twoStudies(engine: Engine) {
  const incremental =
    engine === 'sqlite'
      ? newStudy()
      : {
          api: createStudy(
            newPgUrl('incremental'),
            loadStudyDefinition(),
            'tester',
            new Date('2026-01-01T00:00:00Z'),
          ),
        };
  const full = newStudy();
  opened.push(incremental.api, full.api);
  for (const { api } of [incremental, full]) {
    load(api, 'S01', '2018-06-30', '5');
    load(api, 'S02', '2018-06-30', '5');
  }
  return { incremental, full };
}

const engines = (pgMissing ? ['sqlite'] : ['sqlite', 'postgresql']) as Engine[];

describe.each(engines)('incremental check runs on %s', (engine) => {
  it('re-checks only the sites imported since the last complete run, with the same outcome as a full run', async () => {
    const { incremental, full } = twoStudies(engine);
    const first = await incremental.api.call('checks.run', {}, ctx);
    expect(first.scope.kind).toBe('full');
    await full.api.call('checks.run', {}, ctx);

    // S01 corrects its dose; S02 sends nothing new.
    for (const { api } of [incremental, full]) load(api, 'S01', '2018-07-31', '4');
    const second = await incremental.api.call('checks.run', {}, ctx);
    expect(second.errors).toEqual([]);
    expect(second.scope).toEqual({ kind: 'sites', sites: ['S01'], subjects: 2 });
    expect(second.checks.find((c) => c.checkId === 'DOSE-01')).toMatchObject({ resolved: 1 });
    const fullSecond = await full.api.call('checks.run', { full: true }, ctx);
    expect(fullSecond.scope.kind).toBe('full');
    expect(await snapshot(incremental.api)).toEqual(await snapshot(full.api));
    const s02 = (await incremental.api.call('discrepancies.list', { site: ['S02'] }, ctx)).rows;
    expect(s02.every((d) => d.status === 'OPEN')).toBe(true);
    expect(s02.map((d) => d.checkId)).toEqual(expect.arrayContaining(['DOSE-01', 'ELIG-01']));

    // Nothing imported since: an empty scope, nothing changes.
    const third = await incremental.api.call('checks.run', {}, ctx);
    expect(third.scope).toEqual({ kind: 'sites', sites: [], subjects: 0 });
    // Every check is in the summary, completed with nothing found, as a run over no subject finds.
    expect(third.errors).toEqual([]);
    expect(third.checks.map((c) => c.checkId)).toEqual(second.checks.map((c) => c.checkId));
    expect(third.totals).toEqual({ found: 0, new: 0, stillOpen: 0, resolved: 0, reopened: 0 });
    const fourth = await incremental.api.call('checks.run', {}, ctx);
    expect(fourth.scope.subjects).toBe(0);
    expect(fourth.runId).toBe(third.runId + 1);
    expect(await snapshot(incremental.api)).toEqual(await snapshot(full.api));
    // The scope's views are gone after the run: the API sees every subject again.
    expect((await incremental.api.call('data.list', { form: 'DM' }, ctx)).total).toBe(4);
  });

  it('after an export of the same date, re-checks only the subjects whose records it changed', async () => {
    const { incremental, full } = twoStudies(engine);
    await incremental.api.call('checks.run', {}, ctx);
    await full.api.call('checks.run', {}, ctx);
    const same = async (change: (api: StudyApi) => void, subjects: number) => {
      for (const { api } of [incremental, full]) change(api);
      const run = await incremental.api.call('checks.run', {}, ctx);
      expect(run.errors).toEqual([]);
      expect(run.scope).toEqual({ kind: 'sites', sites: ['S01'], subjects });
      await full.api.call('checks.run', { full: true }, ctx);
      expect(await snapshot(incremental.api)).toEqual(await snapshot(full.api));
      return run;
    };

    // S01 sends its export again, corrected: only S01-001's dose changed (its cut-off did not move).
    const corrected = await same((api) => load(api, 'S01', '2018-06-30', '4'), 1);
    expect(corrected.checks.find((c) => c.checkId === 'DOSE-01')).toMatchObject({ resolved: 1 });
    // The same export once more: nothing changed, nobody is checked.
    await same((api) => load(api, 'S01', '2018-06-30', '4'), 0);
    // S01-002's sex written otherwise ('m'): the same value, from other raw text, which checks may read.
    await same((api) => load(api, 'S01', '2018-06-30', '4', 'm'), 1);
    // A later export moves S01's cut-off: every subject of S01 is checked again.
    await same((api) => load(api, 'S01', '2018-07-31', '4', 'm'), 2);
  });
});
