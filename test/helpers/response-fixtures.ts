import { expect } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import type { Discrepancy } from '../../shared/api/discrepancies';
import { dmRow, loadRows, newStudy, testContext, type RawRows } from './study-builder';

/**
 * A small clean-subject factory for the response checks (RESP-01..08): pomalidomide cycles every
 * 28 days from C1D1 (2018-01-10 unless said otherwise), plus whatever RS, LB and DS rows a case
 * needs; and the open discrepancies a check run leaves, by subject.
 */

export const site = 'S01';
export const ctx = testContext();
export const C1D1 = '2018-01-10';

/** ISO date + n days. */
export function plus(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Cycle n day 1 of a subject whose cycles are 28 days apart. */
export const cycleDay1 = (n: number, c1d1 = C1D1) => plus(c1d1, 28 * (n - 1));

const UNITS: Record<string, string> = {
  SPEP: 'g/dL',
  UPEP: 'mg/24h',
  KAPPA: 'mg/L',
  LAMBDA: 'mg/L',
  SIFE: '',
};

export interface SubjectSpec {
  /** Subject number within the site: 1 -> S01-001. */
  n: number;
  c1d1?: string | null;
  cycles?: number;
  rs?: [date: string, response: string][];
  lb?: [test: string, date: string, result: string, unit?: string][];
  ds?: Record<string, string>;
}

export const subjectId = (n: number) => `${site}-${String(n).padStart(3, '0')}`;

export function formsOf(subjects: SubjectSpec[]): Record<string, RawRows> {
  const forms: Record<string, RawRows> = { DM: [], EX: [], RS: [], LB: [], DS: [] };
  for (const s of subjects) {
    const id = subjectId(s.n);
    forms.DM!.push(dmRow(id, site));
    const c1d1 = s.c1d1 === undefined ? C1D1 : s.c1d1;
    if (c1d1 !== null) {
      for (let cycle = 1; cycle <= (s.cycles ?? 1); cycle++) {
        const start = cycleDay1(cycle, c1d1);
        forms.EX!.push({
          SUBJID: id,
          EXSEQ: String(cycle),
          EXTRT: 'POMALIDOMIDE',
          CYCLE: String(cycle),
          EXSTDAT: start,
          EXENDAT: plus(start, 20),
          EXDOSE: '4',
          EXADJ: '',
        });
      }
    }
    for (const [date, response] of s.rs ?? [])
      forms.RS!.push({ SUBJID: id, RSDAT: date, VISIT: '', RSORRES: response, RSNDREAS: '' });
    for (const [test, date, result, unit] of s.lb ?? []) {
      forms.LB!.push({
        SUBJID: id,
        LBTESTCD: test,
        LBDAT: date,
        LBORRES: result,
        LBORRESU: unit ?? UNITS[test] ?? '',
      });
    }
    if (s.ds) forms.DS!.push({ SUBJID: id, EOTDAT: '', EOTREAS: '', DTHDAT: '', LSTCNDAT: '', ...s.ds });
  }
  // A form without rows is not in the export (an empty file would have no header).
  return Object.fromEntries(Object.entries(forms).filter(([, rows]) => rows.length > 0));
}

/** A study with these subjects in one export of site S01 (the export date is the cut-off). */
export function studyWith(subjects: SubjectSpec[], exportDate = '2018-12-31'): StudyApi {
  const { api } = newStudy();
  loadRows(api, { site, exportDate, forms: formsOf(subjects) });
  return api;
}

/** Runs one check; its open discrepancies by subject. */
export async function run(api: StudyApi, checkId: string): Promise<Map<string, Discrepancy[]>> {
  const result = await api.call('checks.run', { checkIds: [checkId] }, ctx);
  expect(result.errors).toEqual([]);
  const list = await api.call(
    'discrepancies.list',
    { checkId: [checkId], status: ['OPEN'], limit: 1000 },
    ctx,
  );
  const bySubject = new Map<string, Discrepancy[]>();
  for (const d of list.rows) bySubject.set(d.subjectId, [...(bySubject.get(d.subjectId) ?? []), d]);
  return bySubject;
}

/** The only discrepancy of a subject (fails if there is none or more than one). */
export function only(hits: Map<string, Discrepancy[]>, n: number): Discrepancy {
  const list = hits.get(subjectId(n)) ?? [];
  expect(list, `discrepancies of ${subjectId(n)}`).toHaveLength(1);
  return list[0]!;
}

/** No discrepancy for this subject. */
export function none(hits: Map<string, Discrepancy[]>, n: number): void {
  expect(hits.get(subjectId(n)) ?? [], `discrepancies of ${subjectId(n)}`).toEqual([]);
}
