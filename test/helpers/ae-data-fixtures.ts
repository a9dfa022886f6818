import { expect } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import type { Discrepancy } from '../../shared/api/discrepancies';
import { dmRow, loadRows, newStudy, testContext, type RawRows } from './study-builder';

/**
 * Tiny hand-made subjects for the AEDT, AECON, ELIG, SAFE and DATA check tests: a clean subject
 * raises none of these checks; each test changes one value and looks at what the checks say.
 */
export const SITE = 'S01';
export const EXPORT_DATE = '2018-12-31';

/** Cycle 1 of pomalidomide, 4 mg on days 1-21 from C1D1 = 2018-01-10. */
export function exRow(subject: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    SUBJID: subject,
    EXSEQ: '1',
    EXTRT: 'POMALIDOMIDE',
    CYCLE: '1',
    EXSTDAT: '2018-01-10',
    EXENDAT: '2018-01-30',
    EXDOSE: '4',
    EXADJ: '',
    ...overrides,
  };
}

/** Aspirin from two days before C1D1, ongoing: the thromboprophylaxis SAFE-01 wants. */
export function cmRow(subject: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    SUBJID: subject,
    CMSEQ: '1',
    CMTRT: 'Aspirin 100 mg',
    CMINDC: 'VTE prophylaxis',
    CMSTDAT: '2018-01-08',
    CMENDAT: '',
    CMONGO: 'Y',
    ...overrides,
  };
}

/** A resolved, non-serious grade 1 AE during cycle 1. */
export function aeRow(
  subject: string,
  seq: number,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    SUBJID: subject,
    AESEQ: String(seq),
    AETERM: '피로',
    AEDECOD: 'Fatigue',
    AESTDAT: '2018-01-15',
    AEENDAT: '2018-01-20',
    AEONGO: 'N',
    AETOXGR: '1',
    AESER: 'N',
    AESDTH: 'N',
    AESLIFE: 'N',
    AESHOSP: 'N',
    AESDISAB: 'N',
    AESCONG: 'N',
    AESMIE: 'N',
    AEREL: 'POSSIBLE',
    AEACN: 'DOSE NOT CHANGED',
    AEOUT: 'RECOVERED/RESOLVED',
    ...overrides,
  };
}

export function dsRow(subject: string, overrides: Record<string, string> = {}): Record<string, string> {
  return { SUBJID: subject, EOTDAT: '', EOTREAS: '', DTHDAT: '', LSTCNDAT: '', ...overrides };
}

/** A clean subject's forms: DM, cycle 1 of pomalidomide, aspirin. */
export function cleanSubject(
  subject: string,
  dm: Record<string, string> = {},
): { DM: RawRows; EX: RawRows; CM: RawRows } {
  return { DM: [dmRow(subject, SITE, dm)], EX: [exRow(subject)], CM: [cmRow(subject)] };
}

/** One study with one export of site S01 holding these forms. */
export function studyWith(forms: Partial<Record<string, RawRows>>, exportDate = EXPORT_DATE): StudyApi {
  const { api } = newStudy();
  loadRows(api, { site: SITE, exportDate, forms });
  return api;
}

/** Runs the given checks (they must run without error) and returns the discrepancies they found. */
export async function findings(api: StudyApi, checkIds: string[]): Promise<Discrepancy[]> {
  const ctx = testContext();
  const run = await api.call('checks.run', { checkIds }, ctx);
  expect(run.errors).toEqual([]);
  const list = await api.call(
    'discrepancies.list',
    { checkId: checkIds, status: ['OPEN'], limit: 1000 },
    ctx,
  );
  return list.rows;
}

/** The related records of a discrepancy, as the detail view shows them. */
export async function relatedOf(
  api: StudyApi,
  discrepancy: Discrepancy,
): Promise<{ form: string; recordKey: string }[]> {
  const detail = await api.call('discrepancies.get', { id: discrepancy.id }, testContext());
  return detail.related.map((r) => ({ form: r.form, recordKey: r.recordKey }));
}
