import { expect } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import type { Discrepancy } from '../../shared/api/discrepancies';
import type { StudyDefinition } from '../../shared/study/definition-schema';
import { SITE } from './dose-subjects';
import { loadRows, newStudy, testContext, type RawRows } from './study-builder';

/**
 * The study the DOSE check tests load their subjects (./dose-subjects) into, one export of site
 * S01, and what the checks say about it: the open discrepancies and the records they relate to.
 */
export const EXPORT_DATE = '2018-12-31';

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
