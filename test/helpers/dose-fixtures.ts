import { expect } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import type { Discrepancy } from '../../shared/api/discrepancies';
import type { StudyDefinition } from '../../shared/study/definition-schema';
import { dmRow, loadRows, newStudy, testContext, type RawRows } from './study-builder';

/**
 * Tiny hand-made subjects for the DOSE check tests. A clean subject follows the label: pomalidomide
 * 4 mg on days 1-21 of 28-day cycles from C1D1 = 2018-01-10 (one EX row a cycle), dexamethasone
 * 40 mg on days 1, 8, 15, 22 of cycle 1, age 65, no dialysis or hepatic impairment. Each test changes
 * a few values and looks at what the checks say.
 */
export const SITE = 'S01';
export const EXPORT_DATE = '2018-12-31';
export const C1D1 = '2018-01-10';

/** The record key of a pomalidomide period. */
export const pomKey = (subject: string, seq: number) => `${subject}|POMALIDOMIDE|${seq}`;

/** An ISO date plus n days. */
export function plusDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Cycle n of pomalidomide: days 1-21 of the cycle starting C1D1 + 28 (n - 1), EXSEQ n, 4 mg. */
export function pomRow(
  subject: string,
  cycle: number,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const start = plusDays(C1D1, 28 * (cycle - 1));
  return {
    SUBJID: subject,
    EXSEQ: String(cycle),
    EXTRT: 'POMALIDOMIDE',
    CYCLE: String(cycle),
    EXSTDAT: start,
    EXENDAT: plusDays(start, 20),
    EXDOSE: '4',
    EXADJ: '',
    ...overrides,
  };
}

/** One dexamethasone administration (EXSTDAT = EXENDAT), 40 mg in cycle 1 by default. */
export function dexRow(
  subject: string,
  seq: number,
  date: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    SUBJID: subject,
    EXSEQ: String(seq),
    EXTRT: 'DEXAMETHASONE',
    CYCLE: '1',
    EXSTDAT: date,
    EXENDAT: date,
    EXDOSE: '40',
    EXADJ: '',
    ...overrides,
  };
}

export function aeRow(
  subject: string,
  seq: number,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    SUBJID: subject,
    AESEQ: String(seq),
    AETERM: '호중구감소증',
    AEDECOD: 'Neutropenia',
    AESTDAT: '2018-01-25',
    AEENDAT: '2018-02-05',
    AEONGO: 'N',
    AETOXGR: '3',
    AESER: 'N',
    AESDTH: 'N',
    AESLIFE: 'N',
    AESHOSP: 'N',
    AESDISAB: 'N',
    AESCONG: 'N',
    AESMIE: 'N',
    AEREL: 'PROBABLE',
    AEACN: 'DOSE REDUCED',
    AEOUT: 'RECOVERED/RESOLVED',
    ...overrides,
  };
}

export function lbRow(
  subject: string,
  test: string,
  date: string,
  result: string,
  unit = '10^9/L',
): Record<string, string> {
  return { SUBJID: subject, LBDAT: date, LBTESTCD: test, LBORRES: result, LBORRESU: unit };
}

export function dsRow(subject: string, overrides: Record<string, string> = {}): Record<string, string> {
  return { SUBJID: subject, EOTDAT: '', EOTREAS: '', DTHDAT: '', LSTCNDAT: '', ...overrides };
}

/** A clean subject's DM and EX: `cycles` cycles of pomalidomide 4 mg, dexamethasone 40 mg in cycle 1. */
export function cleanSubject(
  subject: string,
  options: { cycles?: number; dm?: Record<string, string> } = {},
): { DM: RawRows; EX: RawRows } {
  const cycles = options.cycles ?? 2;
  return {
    DM: [dmRow(subject, SITE, options.dm)],
    EX: [
      ...Array.from({ length: cycles }, (_, i) => pomRow(subject, i + 1)),
      ...[0, 7, 14, 21].map((day, i) => dexRow(subject, i + 1, plusDays(C1D1, day))),
    ],
  };
}

/** A clean subject whose pomalidomide periods are replaced by these. */
export function withPeriods(
  subject: string,
  periods: Record<string, string>[],
  dm: Record<string, string> = {},
) {
  const clean = cleanSubject(subject, { dm });
  return { DM: clean.DM, EX: [...periods, ...clean.EX.filter((r) => r.EXTRT !== 'POMALIDOMIDE')] };
}

/** Forms of several subjects, merged. */
export function subjects(
  ...forms: Partial<Record<string, Record<string, string>[]>>[]
): Record<string, Record<string, string>[]> {
  const merged: Record<string, Record<string, string>[]> = {};
  for (const f of forms)
    for (const [form, rows] of Object.entries(f)) merged[form] = [...(merged[form] ?? []), ...(rows ?? [])];
  return merged;
}

/** One study with one export of site S01 holding these forms (optionally with a changed study definition). */
export function studyWith(
  forms: Partial<Record<string, RawRows>>,
  options: { exportDate?: string; definition?: StudyDefinition } = {},
): StudyApi {
  const { api } = newStudy(options.definition ? { definition: options.definition } : {});
  loadRows(api, { site: SITE, exportDate: options.exportDate ?? EXPORT_DATE, forms });
  return api;
}

/** Runs the given checks (they must run without error) and returns the open discrepancies they found, by record key. */
export async function findings(api: StudyApi, checkIds: string[]): Promise<Map<string, Discrepancy>> {
  const ctx = testContext();
  const run = await api.call('checks.run', { checkIds }, ctx);
  expect(run.errors).toEqual([]);
  const list = await api.call(
    'discrepancies.list',
    { checkId: checkIds, status: ['OPEN'], limit: 1000 },
    ctx,
  );
  const byKey = new Map(list.rows.map((d) => [d.recordKey, d]));
  expect(byKey.size).toBe(list.rows.length);
  return byKey;
}

/** The related records of a discrepancy, as the detail view shows them. */
export async function relatedOf(
  api: StudyApi,
  discrepancy: Discrepancy,
): Promise<{ form: string; recordKey: string }[]> {
  const detail = await api.call('discrepancies.get', { id: discrepancy.id }, testContext());
  return detail.related.map((r) => ({ form: r.form, recordKey: r.recordKey }));
}
