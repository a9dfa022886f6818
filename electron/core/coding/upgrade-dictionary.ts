import type { CodedValues, CodingUpgradeResult, UpgradeChangeKind } from '../../../shared/api/coding';
import type { DictionaryType } from '../../../shared/study/definition-schema';
import { appendAuditEvent } from '../db/audit-repo';
import { codingRows, liveRecordRef, moveCoding, setWaiting, type CodingRow } from '../db/coding-repo';
import {
  activeDictionary,
  listDictionaries,
  setActiveDictionary,
  type DictionaryRow,
} from '../db/dictionaries-repo';
import { meddraCoding } from '../db/meddra-repo';
import { inTransaction, type StudyDatabase } from '../db/study-database';
import { badInput, notFound } from '../common/errors';
import type { CallContext } from '../common/call-context';
import type { FormModel } from '../study/study-model';
import { autoCodeWaiting } from './auto-code';
import { applyCoding, auditCoding } from './coding-audit';
import { codeDrug, codingDictionary, lookupVerbatim, type CodingDictionary } from './code-lookup';

const NAME: Record<DictionaryType, string> = { meddra: 'MedDRA', whodrug: 'WHODrug' };
const NAMES = ['lltName', 'ptName', 'hltName', 'hlgtName', 'socName', 'drugName', 'atcText', 'ingredients'];

/** How the new version codes a coded record: the same LLT (or, if it became non-current, its PT's own LLT), the same drug. */
function recode(
  database: StudyDatabase,
  next: CodingDictionary,
  before: CodedValues,
): { after: CodedValues | null; kinds: UpgradeChangeKind[] } {
  const kinds: UpgradeChangeKind[] = [];
  let after: CodedValues | null = null;
  if (next.type === 'meddra') {
    const found = meddraCoding(database, next.row.id, Number(before.lltCode), next.language);
    if (!found) return { after: null, kinds: ['NOT_IN_VERSION'] };
    let coding = found;
    if (!found.current) {
      kinds.push('LLT_NON_CURRENT');
      const own = meddraCoding(database, next.row.id, found.ptCode, next.language);
      if (!own?.current) return { after: null, kinds };
      coding = own;
    }
    const { current: _current, ...values } = coding;
    after = values;
    if (after.ptCode !== before.ptCode) kinds.push('PT_CHANGED');
    if (after.socCode !== before.socCode) kinds.push('PRIMARY_SOC_CHANGED');
    else if (after.hltCode !== before.hltCode || after.hlgtCode !== before.hlgtCode)
      kinds.push('HIERARCHY_CHANGED');
  } else {
    let coded = codeDrug(database, next, String(before.drugCode), (before.atcCode as string | null) ?? null);
    if ('reason' in coded && before.atcCode) {
      kinds.push('ATC_CHANGED');
      coded = codeDrug(database, next, String(before.drugCode), null);
    }
    if ('reason' in coded) return { after: null, kinds: kinds.length ? kinds : ['NOT_IN_VERSION'] };
    after = coded.values;
    if (after.atcCode !== before.atcCode && !kinds.includes('ATC_CHANGED')) kinds.push('ATC_CHANGED');
  }
  const sameCodes = kinds.length === 0;
  if (sameCodes && NAMES.some((n) => (after![n] ?? null) !== (before[n] ?? null))) kinds.push('RENAMED');
  return { after, kinds };
}

function target(database: StudyDatabase, to: string, type: DictionaryType | undefined): DictionaryRow {
  const all = listDictionaries(database);
  const found = all.filter((d) => d.version === to && (type === undefined || d.type === type));
  if (found.length === 0)
    throw notFound(
      `no dictionary version ${to} is loaded (loaded: ${all.map((d) => `${NAME[d.type]} ${d.version}`).join(', ') || 'none'})`,
      { kind: 'DICTIONARY_NOT_LOADED', facts: { version: to } },
    );
  if (found.length > 1)
    throw badInput(`both MedDRA and WHODrug have a version ${to}: say which dictionary`, {
      kind: 'DICTIONARY_AMBIGUOUS',
      facts: { version: to },
    });
  const next = found[0]!;
  if (next.active) throw badInput(`${NAME[next.type]} ${to} is already the version the study codes with`);
  return next;
}

/**
 * A version upgrade (coding upgrade): what the new version does to every coded record (an LLT
 * become non-current, a PT or primary SOC moved, a term renamed, a drug's ATC class changed) and
 * which waiting verbatims it codes. Applied in one transaction: the version becomes the study's,
 * moved records are recoded (back to the queue where they cannot be), waiting ones auto-coded;
 * one UPGRADE event and an event per record in the audit trail. --dry-run changes nothing.
 */
export function upgradeDictionary(
  database: StudyDatabase,
  request: { to: string; type?: DictionaryType; dryRun: boolean },
  context: CallContext,
): CodingUpgradeResult {
  const run = (): CodingUpgradeResult => {
    const next = target(database, request.to, request.type);
    const current = activeDictionary(database, next.type);
    const d = codingDictionary(next);
    const result: CodingUpgradeResult = {
      type: next.type,
      from: current?.version ?? null,
      to: next.version,
      dryRun: request.dryRun,
      changes: [],
      newlyCoded: [],
      counts: { coded: 0, unchanged: 0, recoded: 0, uncoded: 0, newlyCoded: 0 },
    };
    const moved: {
      form: FormModel;
      row: CodingRow;
      after: CodedValues | null;
      kinds: UpgradeChangeKind[];
    }[] = [];
    const ref = (form: FormModel, row: CodingRow) => {
      const record = liveRecordRef(database, form, { recordId: row.recordId })[0]!;
      return {
        form: form.code,
        recordId: row.recordId,
        subjectId: record.subjectId,
        recordKey: record.recordKey,
        verbatim: row.verbatim,
      };
    };
    for (const form of database.model.forms) {
      if (form.coding?.dictionary !== next.type) continue;
      for (const row of codingRows(database, form, 'CODED')) {
        result.counts.coded++;
        const { after, kinds } = recode(database, d, row.values);
        if (kinds.length === 0) {
          result.counts.unchanged++;
          continue;
        }
        moved.push({ form, row, after, kinds });
        result.changes.push({ ...ref(form, row), kinds, before: row.values, after });
        if (after) result.counts.recoded++;
        else result.counts.uncoded++;
      }
      for (const row of codingRows(database, form, 'WAITING')) {
        const found = lookupVerbatim(database, d, row.verbatimNorm);
        if (found.values) result.newlyCoded.push({ ...ref(form, row), after: found.values });
      }
    }
    result.counts.newlyCoded = result.newlyCoded.length;
    if (request.dryRun) return result;

    const at = context.now().toISOString();
    const why = `${NAME[next.type]} upgrade ${current?.version ?? '(none)'} -> ${next.version}`;
    setActiveDictionary(database, next.type, next.id);
    if (current) moveCoding(database, current.id, next.id);
    for (const m of moved) {
      const field = m.form.coding!.verbatim.name;
      const base = {
        at,
        user: context.user,
        form: m.form.code,
        recordId: m.row.recordId,
        field,
        before: m.row.values,
      };
      if (m.after) {
        applyCoding(database, {
          ...base,
          dictionaryId: next.id,
          method: m.row.method ?? 'AUTO',
          values: m.after,
          reason: `${why}: ${m.kinds.join(', ')}`,
        });
      } else {
        setWaiting(database, {
          form: m.form.code,
          recordId: m.row.recordId,
          verbatim: m.row.verbatim,
          norm: m.row.verbatimNorm,
          reason: {
            kind: 'upgrade',
            version: `${NAME[next.type]} ${next.version}`,
            terms: m.kinds.join(', '),
          },
        });
        auditCoding(database, {
          ...base,
          action: 'UNCODE',
          after: null,
          reason: `${why}: ${m.kinds.join(', ')}`,
        });
      }
    }
    autoCodeWaiting(database, next.type, { user: context.user, at });
    appendAuditEvent(database, {
      at,
      user: context.user,
      action: 'UPGRADE',
      entity: 'dictionary',
      entityId: `${next.type} ${next.version}`,
      oldValue: current ? `${NAME[next.type]} ${current.version}` : null,
      newValue: `${NAME[next.type]} ${next.version}`,
      reason: `${result.counts.recoded} recoded, ${result.counts.uncoded} back to the queue, ${result.counts.newlyCoded} waiting verbatims coded, ${result.counts.unchanged} unchanged`,
    });
    return result;
  };
  return request.dryRun ? run() : inTransaction(database, run);
}
