import {
  codingRowOf,
  codingRows,
  deleteCoding,
  importCodingCandidates,
  insertWaiting,
  setWaiting,
  setWaitingReason,
  writeCoded,
} from '../db/coding-repo';
import { activeDictionary } from '../db/dictionaries-repo';
import { importedAt } from '../db/imports-repo';
import type { StudyDatabase } from '../db/study-database';
import type { FormModel } from '../study/study-model';
import type { DictionaryType } from '../../../shared/study/definition-schema';
import { auditCoding, describeCoding } from './coding-audit';
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
  if (!active) return 0;
  const dictionary = codingDictionary(active);
  const lookups = new Map<string, Lookup>();
  let coded = 0;
  for (const row of rows) {
    let found = lookups.get(row.norm);
    if (found === undefined) lookups.set(row.norm, (found = lookupVerbatim(database, dictionary, row.norm)));
    if (!found.values) {
      setWaitingReason(database, form.code, row.recordId, found.reason);
      continue;
    }
    writeCoded(database, {
      form: form.code,
      recordId: row.recordId,
      dictionaryId: active.id,
      method: found.method,
      user: actor.user,
      at: actor.at,
      values: found.values,
    });
    auditCoding(database, {
      at: actor.at,
      user: actor.user,
      action: 'CODE',
      form: form.code,
      recordId: row.recordId,
      field: form.coding.verbatim.name,
      before: null,
      after: found.values,
      reason:
        found.method === 'AUTO'
          ? `auto-coded: "${row.verbatim}" equals ${form.coding.dictionary === 'meddra' ? 'LLT' : 'drug'} ${found.code} of ${dictionary.row.type === 'meddra' ? 'MedDRA' : 'WHODrug'} ${active.version}`
          : `auto-coded by the study's synonym list ("${row.verbatim}")`,
      importId: actor.importId,
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
    const waiting = codingRows(database, form, 'WAITING').map((r) => ({
      recordId: r.recordId,
      verbatim: r.verbatim,
      norm: r.verbatimNorm,
    }));
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
    for (const c of candidates) {
      const existing = codingRowOf(database, form.code, c.recordId);
      const verbatim = c.verbatim?.trim() ?? '';
      if (verbatim === '') {
        if (existing) {
          if (existing.status === 'CODED') {
            auditCoding(database, {
              ...actor,
              action: 'UNCODE',
              form: form.code,
              recordId: c.recordId,
              field,
              before: existing.values,
              after: null,
              reason: 'the site removed the verbatim',
            });
            uncoded++;
          }
          deleteCoding(database, form.code, c.recordId);
        }
        continue;
      }
      const norm = normaliseTerm(verbatim);
      if (!existing) {
        insertWaiting(database, {
          form: form.code,
          recordId: c.recordId,
          verbatim,
          norm,
          since: at,
          importId,
        });
      } else if (existing.verbatimNorm !== norm) {
        if (existing.status === 'CODED') {
          auditCoding(database, {
            ...actor,
            action: 'UNCODE',
            form: form.code,
            recordId: c.recordId,
            field,
            before: existing.values,
            after: null,
            reason: `the verbatim changed from "${existing.verbatim}" to "${verbatim}" (was ${describeCoding(existing.values)})`,
          });
          uncoded++;
        }
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
