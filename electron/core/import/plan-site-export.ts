import type { IssueWithArgs } from '../common/issue-with-args';
import type { ChangedValue, FormCounts } from '../../../shared/api/imports';
import { latestExportOfSite, knownSites } from '../db/imports-repo';
import { recordIdentitiesOfSite, siteOfEnrolledSubjects, storedRecordValuesOf } from '../db/records-repo';
import { stagedRecordAccess } from '../db/staged-records-repo';
import type { StudyDatabase } from '../db/study-database';
import { badInput, placeFacts } from '../common/errors';
import { isoToDay } from '../standardise/dates';
import type { StandardValue } from '../standardise/standardise-value';
import type { FormModel } from '../study/study-model';
import type { NamedDate } from './named-export-date';
import { stringAt, type PreparedTable } from './prepared-table';

export interface FieldChange {
  field: string;
  oldRaw: string | null;
  newRaw: string | null;
  oldValue: StandardValue;
  newValue: StandardValue;
}

/** A stored record the export has again with other values (changed), or had deleted (restored). */
export interface RecordUpdate {
  recordId: number;
  /** Position of the record in its prepared table (and stage). */
  pos: number;
  kind: 'changed' | 'restored' | 'unchanged';
  changes: FieldChange[];
}

export interface FormPlan {
  form: FormModel;
  /** The table (in SiteExportPlan.tables) the form's records come from. */
  tableIndex: number;
  counts: FormCounts;
  /** Positions of the new records, ascending; every one when the site had none of this form. */
  inserts: number[] | 'all';
  /** Positions of the records that are the same as stored, ascending. */
  unchanged: number[];
  /** Changed and restored records, and those whose values came out the same despite another hash. */
  updates: RecordUpdate[];
  deletes: { recordId: number; recordKey: string }[];
}

export interface SiteExportPlan {
  siteId: string;
  exportDate: string;
  exportDay: number;
  exportDateSource: 'user' | NamedDate['source'];
  tables: PreparedTable[];
  forms: FormPlan[];
  /** The newest import when the plan was made; committing requires it to be unchanged. */
  baseImportId: number;
}

export interface PlanOptions {
  /** The export as the user gave it (its paths): errors about the export as a whole name it. */
  exportName?: string;
  site?: string;
  exportDate?: string;
  /** Load with exportDate even though the names carry another date. */
  confirmExportDate?: boolean;
  namedDate?: NamedDate;
}

function where(table: PreparedTable, line?: number): string {
  const s = table.source;
  const sheet = s.sheet === null ? '' : `, sheet ${s.sheet}`;
  return `${s.path}${sheet}${line === undefined ? '' : `, line ${line}`}`;
}

/** "<the export>: ", to name the export in an error about it as a whole. */
function exportPrefix(options: PlanOptions): string {
  return options.exportName ? `${options.exportName}: ` : '';
}

/** The site of the export: the SITEID of its DM rows, or the one the user states (spec: site-exports.md). */
function resolveSite(database: StudyDatabase, tables: PreparedTable[], options: PlanOptions): string {
  const stated = options.site;
  const siteForm = database.model.siteForm;
  const siteTable = tables.find((t) => t.source.form === siteForm.code);
  let site = stated;
  if (siteTable) {
    for (let i = 0; i < siteTable.count; i++) {
      const named = siteTable.siteIds![i]!;
      const line = siteTable.lines[i]!;
      if (named === null) continue;
      if (site === undefined) site = named;
      else if (named !== site && stated !== undefined) {
        throw badInput(
          `${where(siteTable, line)}: SITEID ${named}: this is an export of site ${named}, not of site ${stated}, the site given`,
          {
            kind: 'SITE_CONTRADICTED',
            facts: {
              ...placeFacts({
                file: siteTable.source.path,
                sheet: siteTable.source.sheet,
                line: line,
              }),
              site: named,
              given: stated,
            },
          },
        );
      } else if (named !== site) {
        throw badInput(
          `${where(siteTable, line)}: SITEID ${named} is not the site of this export: its rows name another site (${site})`,
        );
      }
    }
  }
  if (site === undefined) {
    throw badInput(
      siteTable
        ? `${where(siteTable)}: no row names a SITEID`
        : `${exportPrefix(options)}cannot tell the site of this export: it has no ${siteForm.code} form`,
      {
        kind: 'SITE_NOT_NAMED',
        facts: siteTable ? placeFacts({ file: siteTable.source.path, sheet: siteTable.source.sheet }) : {},
      },
    );
  }
  if (!siteTable && !knownSites(database).has(site)) {
    throw badInput(
      `${exportPrefix(options)}site ${site} was never imported and this export has no ${siteForm.code} form: its first export must include ${siteForm.code}`,
    );
  }
  return site;
}

/** Index of a form column in a record's values (dates take three slots). */
export function standardIndex(form: FormModel, columnIndex: number): number {
  let slot = 0;
  for (let c = 0; c < columnIndex; c++) slot += form.columns[c]!.type === 'date' ? 3 : 1;
  return slot;
}

function checkSubjectsBelongToSite(database: StudyDatabase, tables: PreparedTable[], siteId: string): void {
  // Each subject of the export where it first appears (in file order): the first one enrolled elsewhere is named.
  const firstAt = new Map<string, { table: PreparedTable; i: number }>();
  for (const table of tables) {
    let checked: string | undefined;
    for (let i = 0; i < table.count; i++) {
      const subjectId = stringAt(table.subjects, i);
      // A subject's records mostly follow one another.
      if (subjectId === checked) continue;
      checked = subjectId;
      if (!firstAt.has(subjectId)) firstAt.set(subjectId, { table, i });
    }
  }
  const siteOf = siteOfEnrolledSubjects(database, [...firstAt.keys()]);
  for (const [subjectId, { table, i }] of firstAt) {
    const owner = siteOf.get(subjectId);
    if (owner !== undefined && owner !== siteId) {
      throw badInput(
        `${where(table, table.lines[i])}: subject ${subjectId} is enrolled at site ${owner}, not at ${siteId}, the site of this export`,
      );
    }
  }
}

/**
 * The export date (site-exports.md): the one the user gives, else the one the names carry. None:
 * refused, for an export dated by the day it happens to be loaded would seem newer than the site's
 * real later exports, and undo their data. A date the user gives against the names: refused unless
 * confirmed.
 */
function resolveExportDate(
  options: PlanOptions,
  database: StudyDatabase,
  siteId: string,
): { exportDate: string; source: SiteExportPlan['exportDateSource'] } {
  const named = options.namedDate;
  if (
    options.exportDate &&
    named &&
    !named.dates.includes(options.exportDate) &&
    !options.confirmExportDate
  ) {
    throw badInput(
      `${exportPrefix(options)}the export date given, ${options.exportDate}, contradicts the export date in the ${named.source} ${named.name} (${named.date})`,
      {
        kind: 'EXPORT_DATE_CONTRADICTED',
        facts: {
          exportDate: options.exportDate,
          namedDate: named.date,
          name: named.name,
          source: named.source,
        },
      },
    );
  }
  if (!options.exportDate && !named) {
    throw badInput(
      `${exportPrefix(options)}no export date: neither the file names nor the name of their folder carry one (YYYYMMDD)`,
      { kind: 'EXPORT_DATE_MISSING' },
    );
  }
  const chosen: { exportDate: string; source: SiteExportPlan['exportDateSource'] } = options.exportDate
    ? { exportDate: options.exportDate, source: 'user' }
    : { exportDate: named!.date, source: named!.source };
  const latest = latestExportOfSite(database, siteId);
  if (latest && isoToDay(chosen.exportDate) < latest.exportDay) {
    throw badInput(
      `${exportPrefix(options)}site ${siteId} already has an export of ${latest.exportDate}; this export (${chosen.exportDate}, from the ${chosen.source}) is older and would undo newer data`,
    );
  }
  return chosen;
}

type RecordValues = { values: StandardValue[]; raw: (string | null)[] };

function fieldChanges(form: FormModel, old: RecordValues, record: RecordValues): FieldChange[] {
  const changes: FieldChange[] = [];
  let slot = 0;
  form.columns.forEach((column, c) => {
    const before = old.values[slot] ?? null;
    const after = record.values[slot] ?? null;
    const rawBefore = old.raw[c] ?? null;
    const rawAfter = record.raw[c] ?? null;
    const valueChanged = before !== after;
    const unreadableChanged =
      before === null && after === null && (rawBefore ?? '').trim() !== (rawAfter ?? '').trim();
    if (valueChanged || unreadableChanged) {
      changes.push({
        field: column.name,
        oldRaw: rawBefore,
        newRaw: rawAfter,
        oldValue: before,
        newValue: after,
      });
    }
    slot += column.type === 'date' ? 3 : 1;
  });
  return changes;
}

function planForm(database: StudyDatabase, siteId: string, form: FormModel, table: PreparedTable): FormPlan {
  const tableIndex = table.index;
  const identities = recordIdentitiesOfSite(database, form.code, siteId);
  const plan: FormPlan = {
    form,
    tableIndex,
    counts: { rows: table.count, new: 0, changed: 0, deleted: 0 },
    inserts: 'all',
    unchanged: [],
    updates: [],
    deletes: [],
  };
  if (identities.length === 0) {
    // The site's first records of this form: all new.
    plan.counts.new = table.count;
    return plan;
  }
  // Record key -> position in identities: of its first occurrence, and of the others (rare) by occurrence - 2.
  const firstAt = new Map<string, number>();
  const othersAt = new Map<string, number[]>();
  identities.forEach(([, recordKey, occurrence], i) => {
    if (occurrence === 1) firstAt.set(recordKey, i);
    else {
      let others = othersAt.get(recordKey);
      if (others === undefined) othersAt.set(recordKey, (others = []));
      others[occurrence - 2] = i;
    }
  });
  const inserts: number[] = [];
  // Records whose stored values are compared field by field (restored, or of another hash): read at once.
  const compared: { recordId: number; pos: number; restored: boolean }[] = [];
  const seen = new Uint8Array(identities.length);
  for (let pos = 0; pos < table.count; pos++) {
    const recordKey = stringAt(table.keys, pos);
    const occurrence = table.occurrences[pos]!;
    const position = occurrence === 1 ? firstAt.get(recordKey) : othersAt.get(recordKey)?.[occurrence - 2];
    if (position === undefined) {
      inserts.push(pos);
      plan.counts.new++;
      continue;
    }
    seen[position] = 1;
    const [recordId, , , hash, deletedImportId] = identities[position]!;
    if (deletedImportId !== null) compared.push({ recordId, pos, restored: true });
    else if (hash !== table.hashes[pos]) compared.push({ recordId, pos, restored: false });
    else plan.unchanged.push(pos);
  }
  const stored = storedRecordValuesOf(
    database,
    form,
    compared.map((c) => c.recordId),
  );
  const staged = stagedRecordAccess(database, tableIndex, form);
  for (const { recordId, pos, restored } of compared) {
    const changes = fieldChanges(form, stored.get(recordId)!, staged.values(pos));
    if (restored) {
      plan.updates.push({ recordId, pos, kind: 'restored', changes });
      plan.counts.new++;
    } else if (changes.length) {
      plan.updates.push({ recordId, pos, kind: 'changed', changes });
      plan.counts.changed++;
    } else plan.updates.push({ recordId, pos, kind: 'unchanged', changes });
  }
  plan.inserts = inserts.length === table.count ? 'all' : inserts;
  identities.forEach(([recordId, recordKey, , , deletedImportId], position) => {
    if (deletedImportId === null && seen[position] === 0) {
      plan.deletes.push({ recordId, recordKey });
      plan.counts.deleted++;
    }
  });
  // In record order whatever order the engine read them in: their history rows get the same ids
  // on every engine.
  plan.deletes.sort((a, b) => a.recordId - b.recordId);
  return plan;
}

/**
 * What loading this site export would change: form by form, the export replaces what the site's
 * previous export said (site-exports.md). Reads only; apply-site-export.ts writes.
 */
export function planSiteExport(
  database: StudyDatabase,
  tables: PreparedTable[],
  options: PlanOptions,
  baseImportId: number,
): SiteExportPlan {
  const siteId = resolveSite(database, tables, options);
  checkSubjectsBelongToSite(database, tables, siteId);
  const { exportDate, source } = resolveExportDate(options, database, siteId);
  return {
    siteId,
    exportDate,
    exportDay: isoToDay(exportDate),
    exportDateSource: source,
    tables,
    forms: tables.map((t) => planForm(database, siteId, database.model.formByCode.get(t.source.form)!, t)),
    baseImportId,
  };
}

export function changedValuesOf(
  plan: SiteExportPlan,
  limit: number,
): { values: ChangedValue[]; total: number } {
  const values: ChangedValue[] = [];
  let total = 0;
  for (const f of plan.forms) {
    for (const u of f.updates) {
      if (u.kind !== 'changed') continue;
      const table = plan.tables[f.tableIndex]!;
      for (const c of u.changes) {
        total++;
        if (values.length < limit) {
          values.push({
            form: f.form.code,
            subjectId: stringAt(table.subjects, u.pos),
            recordKey: stringAt(table.keys, u.pos),
            field: c.field,
            old: c.oldRaw,
            new: c.newRaw,
          });
        }
      }
    }
  }
  return { values, total };
}

/** The value problems of the export: the first ones (as many as a report lists), and how many in all. */
export function planIssues(plan: SiteExportPlan): { first: IssueWithArgs[]; count: number } {
  return {
    first: plan.tables.flatMap((t) => t.firstIssues),
    count: plan.tables.reduce((n, t) => n + t.issueCount, 0),
  };
}
