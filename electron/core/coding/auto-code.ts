import {
  codingRowOf,
  deleteCoding,
  importCodingCandidates,
  insertWaiting,
  setWaiting,
  setWaitingReason,
  waitingVerbatims,
  type CodingRow,
} from '../db/coding-repo';
import { activeDictionary } from '../db/dictionaries-repo';
import { importedAt } from '../db/imports-repo';
import type { StudyDatabase } from '../db/study-database';
import type { FormModel } from '../study/study-model';
import type { DictionaryType } from '../../../shared/study/definition-schema';
import { applyCoding, auditCoding, describeCoding } from './coding-audit';
import { codingDictionary, lookupVerbatim, type Lookup } from './code-lookup';
import { normaliseTerm } from './normalise-term';

export interface CodingActor {
  user: string;
  at: string;
  importId?: number | null;
}

export interface WaitingVerbatim {
  recordId: number;
  verbatim: string;
  norm: string;
  /** A record new to coding (no row yet): its row is written at once, coded or waiting. */
  since?: string;
  /** Why it waits now, as stored (rows already waiting): unchanged, it is not written again. */
  reasonJson?: string | null;
}

/**
 * Codes waiting records of a form with its dictionary's active version (nothing without one). Each
 * distinct verbatim is looked up once. A record that stays waiting keeps why (ambiguous, non-current).
 */
export function autoCodeRows(
  database: StudyDatabase,
  form: FormModel,
  rows: WaitingVerbatim[],
  actor: CodingActor,
): number {
  if (!form.coding || rows.length === 0) return 0;
  const active = activeDictionary(database, form.coding.dictionary);
  const dictionary = active && codingDictionary(active);
  const lookups = new Map<string, Lookup>();
  let coded = 0;
  for (const row of rows) {
    const waiting = { form: form.code, recordId: row.recordId, verbatim: row.verbatim, norm: row.norm };
    const fresh =
      row.since === undefined ? undefined : { ...waiting, since: row.since, importId: actor.importId };
    let found = lookups.get(row.norm);
    if (found === undefined && dictionary)
      lookups.set(row.norm, (found = lookupVerbatim(database, dictionary, row.norm)));
    if (!found?.values || !active || !dictionary) {
      const reason = found && !found.values ? found.reason : null;
      if (fresh) insertWaiting(database, { ...fresh, reason });
      else if ((reason && JSON.stringify(reason)) !== (row.reasonJson ?? null))
        setWaitingReason(database, form.code, row.recordId, reason);
      continue;
    }
    applyCoding(database, {
      at: actor.at,
      user: actor.user,
      form: form.code,
      recordId: row.recordId,
      field: form.coding.verbatim.name,
      dictionaryId: active.id,
      method: found.method,
      values: found.values,
      before: null,
      reason:
        found.method === 'AUTO'
          ? `auto-coded: "${row.verbatim}" equals ${form.coding.dictionary === 'meddra' ? 'LLT' : 'drug'} ${found.code} of ${dictionary.row.type === 'meddra' ? 'MedDRA' : 'WHODrug'} ${active.version}`
          : `auto-coded by the study's synonym list ("${row.verbatim}")`,
      importId: actor.importId,
      fresh: fresh && { ...fresh, reason: null },
    });
    coded++;
  }
  return coded;
}

/** Every waiting record of the forms coded with this dictionary, tried again (after a load or an upgrade). */
export function autoCodeWaiting(database: StudyDatabase, type: DictionaryType, actor: CodingActor): number {
  let coded = 0;
  for (const form of database.model.forms) {
    if (form.coding?.dictionary !== type) continue;
    const waiting = waitingVerbatims(database, form);
    coded += autoCodeRows(database, form, waiting, actor);
  }
  return coded;
}

export interface ImportCoding {
  form: string;
  autoCoded: number;
  waiting: number;
  uncoded: number;
}

/**
 * After an import wrote its records (same transaction): every record it brought a verbatim to
 * gets a coding row; a changed verbatim uncodes its record (audited); then auto-coding.
 */
export function codeImport(database: StudyDatabase, importId: number, user: string): ImportCoding[] {
  const at = importedAt(database, importId);
  const actor = { user, at, importId };
  const result: ImportCoding[] = [];
  for (const form of database.model.forms) {
    if (!form.coding) continue;
    const field = form.coding.verbatim.name;
    const candidates = importCodingCandidates(database, form, field, importId);
    if (candidates.length === 0) continue;
    const toCode: WaitingVerbatim[] = [];
    let uncoded = 0;
    const uncode = (recordId: number, before: CodingRow, reason: string) => {
      if (before.status !== 'CODED') return;
      auditCoding(database, {
        ...actor,
        action: 'UNCODE',
        form: form.code,
        recordId,
        field,
        before: before.values,
        after: null,
        reason,
      });
      uncoded++;
    };
    for (const c of candidates) {
      const existing = c.isNew ? undefined : codingRowOf(database, form.code, c.recordId);
      const verbatim = c.verbatim?.trim() ?? '';
      if (verbatim === '') {
        if (existing) {
          uncode(c.recordId, existing, 'the site removed the verbatim');
          deleteCoding(database, form.code, c.recordId);
        }
        continue;
      }
      const norm = normaliseTerm(verbatim);
      if (!existing) {
        toCode.push({ recordId: c.recordId, verbatim, norm, since: at });
        continue;
      } else if (existing.verbatimNorm !== norm) {
        uncode(
          c.recordId,
          existing,
          `the verbatim changed from "${existing.verbatim}" to "${verbatim}" (was ${describeCoding(existing.values)})`,
        );
        setWaiting(database, {
          form: form.code,
          recordId: c.recordId,
          verbatim,
          norm,
          since: at,
          importId,
          reason: null,
        });
      } else continue;
      toCode.push({ recordId: c.recordId, verbatim, norm });
    }
    const autoCoded = autoCodeRows(database, form, toCode, actor);
    result.push({ form: form.code, autoCoded, waiting: toCode.length - autoCoded, uncoded });
  }
  return result;
}
