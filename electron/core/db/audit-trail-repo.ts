import type { AuditEntry } from '../../../shared/api/audit';
import { codingEventParts } from './coding-audit-joins';
import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';
import { withSignatures } from './signatures-repo';
import { connectionOf } from './connection';

/**
 * The audit trail as one chronological list: every change an import made to a record
 * (record_changes, with who and when from its import and site / subject / record key from the
 * form's table) and every other event (audit_events: status moves, queries, query lists, imports,
 * locks), with site, subject and record of the discrepancy or query it is about.
 *
 * Order: time, then the record changes of an import right after its IMPORT event (anchor), then
 * the order written. A page is found in two steps: first the keys of its entries, from the two
 * tables alone (a study of 10,000 subjects has millions of record changes), then their details.
 */

export interface AuditFilter {
  /** ISO 8601 text: entries at or after. */
  since?: string;
  /** ISO 8601 text: entries before (exclusive). */
  before?: string;
  entities?: readonly string[];
  user?: string;
  search?: string;
}

type Params = Record<string, string | number>;

/** Each import with the id of its IMPORT event, which its record changes follow. */
const IMPORTS_CTE = `WITH import_times AS MATERIALIZED (
  SELECT imports.id, imports.site_id, imports.export_date, imports.imported_at, imports.imported_by,
         coalesce((SELECT min(e.id) FROM audit_events e WHERE e.entity = 'import' AND e.entity_id = CAST(imports.id AS TEXT)), 0) AS anchor
  FROM imports)`;

// The ids are cast only for their own entity (PostgreSQL refuses to cast a cut's name to a number).
const EVENT_JOINS = `
    LEFT JOIN discrepancies d ON e.entity = 'discrepancy' AND d.id = CASE WHEN e.entity = 'discrepancy' THEN CAST(e.entity_id AS INTEGER) END
    LEFT JOIN queries q ON e.entity = 'query' AND q.id = e.entity_id
    LEFT JOIN discrepancies qd ON qd.id = q.discrepancy_id
    LEFT JOIN imports i ON e.entity = 'import' AND i.id = CASE WHEN e.entity = 'import' THEN CAST(e.entity_id AS INTEGER) END
    LEFT JOIN query_lists ql ON e.entity = 'query_list' AND ql.kind = 'export' AND ql.list_id = e.entity_id`;

function eventParts(database: StudyDatabase): { joins: string; columns: string } {
  const coding = codingEventParts(database);
  const pick = (...columns: string[]) => `coalesce(${columns.join(', ')})`;
  return {
    joins: `${EVENT_JOINS}${coding.joins}`,
    columns: `'E' || e.id AS id, e.at AS at, e.user_name AS user, e.action AS action, e.entity AS entity, e.entity_id AS entityId,
           ${pick('d.site_id', 'qd.site_id', 'i.site_id', 'ql.site_id', ...coding.siteId, `CASE e.entity WHEN 'site' THEN e.entity_id END`)} AS siteId,
           ${pick('d.subject_id', 'qd.subject_id', ...coding.subjectId)} AS subjectId,
           ${pick('d.form', 'qd.form', ...coding.form)} AS form, ${pick('d.record_key', 'qd.record_key', ...coding.recordKey)} AS recordKey,
           e.field AS field, e.old_value AS oldValue, e.new_value AS newValue, e.reason AS reason, e.import_id AS importId`,
  };
}

const displayKey = (t: string) =>
  `CASE WHEN ${t}.occurrence > 1 THEN ${t}.record_key || '#' || ${t}.occurrence ELSE ${t}.record_key END`;
const LIKE = (column: string) => `${column} LIKE @search ESCAPE '\\'`;

function recordParts(database: StudyDatabase) {
  const forms = database.model.forms.map((f, i) => ({
    code: f.code.replace(/'/g, "''"),
    alias: `r${i}`,
    table: formTable(f.code),
  }));
  const pick = (column: string) => `coalesce(${forms.map((f) => `${f.alias}.${column}`).join(', ')})`;
  const joins = forms
    .map(
      (f) =>
        `LEFT JOIN ${f.table} ${f.alias} ON rc.form = '${f.code}' AND ${f.alias}.record_id = rc.record_id`,
    )
    .join('\n    ');
  const key = `CASE WHEN ${pick('occurrence')} > 1 THEN ${pick('record_key')} || '#' || ${pick('occurrence')} ELSE ${pick('record_key')} END`;
  const columns = `'R' || rc.id AS id, i.imported_at AS at, i.imported_by AS user, upper(rc.change) AS action, 'record' AS entity,
           CAST(rc.record_id AS TEXT) AS entityId, ${pick('site_id')} AS siteId, ${pick('subject_id')} AS subjectId, rc.form AS form,
           ${key} AS recordKey, rc.field AS field, coalesce(rc.old_raw, rc.old_value) AS oldValue, coalesce(rc.new_raw, rc.new_value) AS newValue,
           'import #' || i.id || ': site ' || i.site_id || ' export of ' || i.export_date AS reason, rc.import_id AS importId`;
  // Subject and record key are searched in each form's table once (a set), not joined row by row.
  const matchingRecords = forms.map(
    (f) =>
      `(rc.form = '${f.code}' AND rc.record_id IN (SELECT t.record_id FROM ${f.table} t WHERE ${LIKE('t.subject_id')} OR ${LIKE(displayKey('t'))}))`,
  );
  const search = `(${[...['i.imported_by', 'rc.change', 'rc.form', 'rc.field', 'rc.old_raw', 'rc.new_raw', 'i.site_id'].map(LIKE), ...matchingRecords].join('\n        OR ')})`;
  return { joins, columns, search };
}

/** Site, subject and record key of what an event is about are searched as sets, not joined row by row. */
const EVENT_SEARCH = `(${['e.user_name', 'e.action', 'e.entity_id', 'e.field', 'e.old_value', 'e.new_value', 'e.reason'].map(LIKE).join(' OR ')}
        OR (e.entity, e.entity_id) IN (
          SELECT 'discrepancy', CAST(d.id AS TEXT) FROM discrepancies d WHERE ${LIKE('d.subject_id')} OR ${LIKE('d.record_key')} OR ${LIKE('d.site_id')}
          UNION ALL SELECT 'query', q.id FROM queries q JOIN discrepancies d ON d.id = q.discrepancy_id
            WHERE ${LIKE('d.subject_id')} OR ${LIKE('d.record_key')} OR ${LIKE('d.site_id')}
          UNION ALL SELECT 'import', CAST(i.id AS TEXT) FROM imports i WHERE ${LIKE('i.site_id')}
          UNION ALL SELECT 'query_list', ql.list_id FROM query_lists ql WHERE ql.kind = 'export' AND ${LIKE('ql.site_id')}))`;

/**
 * Newest first, the record changes are read newest first too: the sorter that keeps the page then
 * turns away almost every row at once (read oldest first, it would replace its rows at every step).
 */
const recordSource = (order: 'asc' | 'desc', searching: boolean) =>
  order === 'desc' && !searching
    ? '(SELECT id, import_id FROM record_changes ORDER BY id DESC LIMIT -1)'
    : 'record_changes';

const where = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

interface Arms {
  /** Order keys (at, anchor, src, n) of the entries under the filter. */
  keys: string;
  /** The entries themselves, limited to the keys given as @eventIds and @recordIds. */
  details: string;
}

function trailArms(
  database: StudyDatabase,
  filter: AuditFilter,
  params: Params,
  order: 'asc' | 'desc',
): Arms | null {
  const arms: { keys: string; details: string }[] = [];
  const searching = filter.search !== undefined;
  const eventEntities = filter.entities?.filter((e) => e !== 'record');
  if (!eventEntities || eventEntities.length > 0) {
    const conditions: string[] = [];
    if (eventEntities) {
      conditions.push('e.entity IN (SELECT value FROM json_each(@entities))');
      params.entities = JSON.stringify(eventEntities);
    }
    if (filter.since !== undefined) conditions.push('e.at >= @since');
    if (filter.before !== undefined) conditions.push('e.at < @before');
    if (filter.user !== undefined) conditions.push('e.user_name = @user COLLATE NOCASE');
    if (searching) conditions.push(EVENT_SEARCH);
    const events = eventParts(database);
    arms.push({
      keys: `SELECT e.at AS at, e.id AS anchor, 0 AS src, e.id AS n FROM audit_events e ${where(conditions)}`,
      details: `SELECT ${events.columns}, e.id AS anchor, 0 AS src, e.id AS n FROM audit_events e ${events.joins}
    WHERE e.id IN (SELECT CAST(value AS INTEGER) FROM json_each(@eventIds))`,
    });
  }
  if (!filter.entities || filter.entities.includes('record')) {
    const parts = recordParts(database);
    const conditions: string[] = [];
    if (filter.since !== undefined) conditions.push('i.imported_at >= @since');
    if (filter.before !== undefined) conditions.push('i.imported_at < @before');
    if (filter.user !== undefined) conditions.push('i.imported_by = @user COLLATE NOCASE');
    if (searching) conditions.push(parts.search);
    arms.push({
      keys: `SELECT i.imported_at AS at, i.anchor AS anchor, 1 AS src, rc.id AS n FROM ${recordSource(order, searching)} rc JOIN import_times i ON i.id = rc.import_id
    ${where(conditions)}`,
      details: `SELECT ${parts.columns}, i.anchor AS anchor, 1 AS src, rc.id AS n FROM record_changes rc JOIN import_times i ON i.id = rc.import_id
    ${parts.joins}
    WHERE rc.id IN (SELECT CAST(value AS INTEGER) FROM json_each(@recordIds))`,
    });
  }
  if (arms.length === 0) return null;
  return {
    keys: arms.map((a) => a.keys).join('\n    UNION ALL\n    '),
    details: arms.map((a) => a.details).join('\n    UNION ALL\n    '),
  };
}

function filterParams(filter: AuditFilter): Params {
  const params: Params = {};
  if (filter.since !== undefined) params.since = filter.since;
  if (filter.before !== undefined) params.before = filter.before;
  if (filter.user !== undefined) params.user = filter.user;
  if (filter.search !== undefined)
    params.search = `%${filter.search.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return params;
}

const ENTRY_COLUMNS =
  'id, at, user, action, entity, entityId, siteId, subjectId, form, recordKey, field, oldValue, newValue, reason, importId';

/** One page of the trail in time order (or newest first), and how many entries the filter holds. */
export function auditPage(
  database: StudyDatabase,
  filter: AuditFilter,
  page: { offset: number; limit: number; order: 'asc' | 'desc' },
): { rows: AuditEntry[]; total: number } {
  const params = filterParams(filter);
  const arms = trailArms(database, filter, params, page.order);
  if (!arms) return { rows: [], total: 0 };
  const c = connectionOf(database);
  const dir = page.order === 'desc' ? 'DESC' : 'ASC';
  const order = `ORDER BY at ${dir}, anchor ${dir}, src ${dir}, n ${dir}`;
  const countKeys = page.order === 'asc' ? arms.keys : trailArms(database, filter, params, 'asc')!.keys;
  const count = () =>
    (c.prepare(`${IMPORTS_CTE} SELECT count(*) AS n FROM (${countKeys})`).get(params) as { n: number }).n;
  const pageParams = { ...params, limit: page.limit, offset: page.offset };
  let keys: { src: number; n: number; total?: number }[];
  let total: number;
  if (filter.search !== undefined) {
    // A search scans everything once: the page and the count from the same pass.
    keys = c
      .prepare(
        `${IMPORTS_CTE} SELECT src, n, count(*) OVER () AS total FROM (${arms.keys}) ${order} LIMIT @limit OFFSET @offset`,
      )
      .all(pageParams) as { src: number; n: number; total: number }[];
    total = keys.length > 0 ? keys[0]!.total! : count();
  } else {
    total = count();
    // The compound select itself (not a subquery of it) lets SQLite merge the two arms in order.
    keys = c.prepare(`${IMPORTS_CTE} ${arms.keys} ${order} LIMIT @limit OFFSET @offset`).all(pageParams) as {
      src: number;
      n: number;
    }[];
  }
  if (keys.length === 0) return { rows: [], total };
  const rows = c.prepare(`${IMPORTS_CTE} SELECT ${ENTRY_COLUMNS} FROM (${arms.details}) ${order}`).all({
    eventIds: JSON.stringify(keys.filter((k) => k.src === 0).map((k) => k.n)),
    recordIds: JSON.stringify(keys.filter((k) => k.src === 1).map((k) => k.n)),
  }) as AuditEntry[];
  return { rows: withSignatures(database, rows), total };
}

/** Keys of both arms in one number: record changes above, events below. */
const RECORD_KEY_BASE = 2 ** 40;

/**
 * The whole trail under the filter in time order, `chunk` entries at a time, for an export: the
 * order of every entry in one pass, then the details chunk by chunk (paging by offset would sort
 * the trail again for every page). Answers how many entries there were.
 */
export function forEachAuditChunk(
  database: StudyDatabase,
  filter: AuditFilter,
  chunk: number,
  onRows: (rows: AuditEntry[]) => void,
): number {
  const params = filterParams(filter);
  const arms = trailArms(database, filter, params, 'asc');
  if (!arms) return 0;
  const c = connectionOf(database);
  const keys = c
    .prepare(
      `${IMPORTS_CTE} SELECT src * ${RECORD_KEY_BASE} + n FROM (${arms.keys}) ORDER BY at, anchor, src, n`,
    )
    .pluck()
    .all(params) as number[];
  const details = c.prepare(`${IMPORTS_CTE} SELECT ${ENTRY_COLUMNS}, src, n FROM (${arms.details})`);
  for (let start = 0; start < keys.length; start += chunk) {
    const part = keys.slice(start, start + chunk);
    const eventIds: number[] = [];
    const recordIds: number[] = [];
    for (const key of part) {
      if (key >= RECORD_KEY_BASE) recordIds.push(key - RECORD_KEY_BASE);
      else eventIds.push(key);
    }
    const byKey = new Map<number, AuditEntry>();
    for (const row of details.iterate({
      eventIds: JSON.stringify(eventIds),
      recordIds: JSON.stringify(recordIds),
    }) as IterableIterator<AuditEntry & { src: number; n: number }>) {
      const { src, n, ...entry } = row;
      byKey.set(src * RECORD_KEY_BASE + n, entry);
    }
    onRows(
      withSignatures(
        database,
        part.map((key) => byKey.get(key)!),
      ),
    );
  }
  return keys.length;
}
