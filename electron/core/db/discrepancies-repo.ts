import type {
  Discrepancy,
  DiscrepancyFacets,
  DiscrepancyFilter,
  DiscrepancyListRequest,
  Query,
} from '../../../shared/api/discrepancies';
import type { Language } from '../../../shared/messages/language';
import { storedMessageText } from '../study/message-text';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

const COLUMN_OF: Record<string, string> = {
  id: 'd.id',
  checkId: 'd.check_id',
  category: 'd.category',
  severity: "CASE d.severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 ELSE 2 END",
  subjectId: 'd.subject_id',
  siteId: 'd.site_id',
  form: 'd.form',
  recordKey: 'd.record_key',
  field: 'd.field',
  value: 'd.value',
  message: 'd.message',
  status: 'd.status',
  firstFound: 'd.first_found',
  lastFound: 'd.last_found',
  statusChangedAt: 'd.status_changed_at',
  queryId: 'd.query_id',
};

export const DISCREPANCY_COLUMNS = `d.id, d.check_id AS checkId, d.category, d.severity, d.subject_id AS subjectId, d.site_id AS siteId,
  d.form, d.record_key AS recordKey, d.record_id AS recordId, d.field, d.value, d.message, d.message_args AS messageArgs,
  d.status, d.manual, d.first_found AS firstFound, d.last_found AS lastFound, d.status_changed_at AS statusChangedAt,
  d.query_id AS queryId`;

type Row = Omit<Discrepancy, 'manual'> & { manual: number; messageArgs: string | null };

/** A stored discrepancy as the API gives it, its message in the language asked for. */
function toDiscrepancy(database: StudyDatabase, language: Language): (r: Row) => Discrepancy {
  return ({ messageArgs, ...r }) => ({
    ...r,
    message: storedMessageText(
      database.model,
      { checkId: r.checkId, message: r.message, messageArgs },
      language,
    ),
    manual: r.manual === 1,
  });
}

function inList(
  column: string,
  values: readonly (string | number)[] | undefined,
  where: string[],
  params: (string | number)[],
): void {
  if (values === undefined) return;
  if (values.length === 0) {
    where.push('1 = 0');
    return;
  }
  const value = typeof values[0] === 'number' ? 'CAST(value AS INTEGER)' : 'value';
  where.push(`${column} IN (SELECT ${value} FROM json_each(?))`);
  params.push(JSON.stringify(values));
}

export function filterSql(
  filter: DiscrepancyFilter,
  skip?: keyof DiscrepancyFilter,
): { where: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const f = (key: keyof DiscrepancyFilter) => (key === skip ? undefined : filter[key]);
  inList('d.status', f('status') as string[] | undefined, where, params);
  inList('d.check_id', f('checkId') as string[] | undefined, where, params);
  inList('d.category', f('category') as string[] | undefined, where, params);
  inList('d.severity', f('severity') as string[] | undefined, where, params);
  inList('d.site_id', f('site') as string[] | undefined, where, params);
  inList('d.subject_id', f('subject') as string[] | undefined, where, params);
  inList('d.form', f('form') as string[] | undefined, where, params);
  inList('d.id', f('ids') as number[] | undefined, where, params);
  const search = f('search') as string | undefined;
  if (search && search.trim()) {
    const like = `%${search.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(
      `(d.subject_id LIKE ? ESCAPE '\\' OR d.record_key LIKE ? ESCAPE '\\' OR d.field LIKE ? ESCAPE '\\' OR d.value LIKE ? ESCAPE '\\'
        OR d.message LIKE ? ESCAPE '\\' OR d.query_id LIKE ? ESCAPE '\\' OR d.check_id LIKE ? ESCAPE '\\')`,
    );
    params.push(like, like, like, like, like, like, like);
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export function listDiscrepancies(
  database: StudyDatabase,
  request: Required<Pick<DiscrepancyListRequest, 'offset' | 'limit'>> & DiscrepancyListRequest,
): { rows: Discrepancy[]; total: number } {
  const { language, ...filter } = request;
  const { where, params } = filterSql(filter);
  const order = [
    ...(request.sort ?? []).map((s) => `${COLUMN_OF[s.field]} ${s.dir === 'desc' ? 'DESC' : 'ASC'}`),
    'd.id ASC',
  ].join(', ');
  const c = connectionOf(database);
  const total = (
    c.prepare(`SELECT count(*) AS n FROM discrepancies d ${where}`).get(...params) as { n: number }
  ).n;
  const rows = c
    .prepare(`SELECT ${DISCREPANCY_COLUMNS} FROM discrepancies d ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...params, request.limit, request.offset) as Row[];
  return { rows: rows.map(toDiscrepancy(database, language ?? 'en')), total };
}

/** Counts by status, check, ... under the filter (each facet ignores its own filter, as a grid's filter menu does). */
export function discrepancyFacets(database: StudyDatabase, filter: DiscrepancyFilter): DiscrepancyFacets {
  const facet = (key: keyof DiscrepancyFilter, column: string) => {
    const { where, params } = filterSql(filter, key);
    return connectionOf(database)
      .prepare(
        `SELECT ${column} AS key, count(*) AS count FROM discrepancies d ${where} GROUP BY 1 ORDER BY 1`,
      )
      .all(...params) as { key: string; count: number }[];
  };
  return {
    status: facet('status', 'd.status'),
    checkId: facet('checkId', 'd.check_id'),
    category: facet('category', 'd.category'),
    severity: facet('severity', 'd.severity'),
    site: facet('site', 'd.site_id'),
    form: facet('form', 'd.form'),
  };
}

export function discrepanciesByIds(
  database: StudyDatabase,
  ids: readonly number[],
  language: Language = 'en',
): Discrepancy[] {
  const rows = connectionOf(database)
    .prepare(
      `SELECT ${DISCREPANCY_COLUMNS} FROM discrepancies d WHERE d.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) ORDER BY d.id`,
    )
    .all(JSON.stringify(ids)) as Row[];
  return rows.map(toDiscrepancy(database, language));
}

export function discrepancyRelated(
  database: StudyDatabase,
  id: number,
): { form: string; recordId: number }[] {
  const row = connectionOf(database).prepare('SELECT related FROM discrepancies WHERE id = ?').get(id) as
    { related: string | null } | undefined;
  if (!row?.related) return [];
  const entries = JSON.parse(row.related) as ({ form: string; recordId: number | null } | null)[];
  return entries.filter((e): e is { form: string; recordId: number } => e !== null && e.recordId !== null);
}

export function discrepancyHistory(database: StudyDatabase, id: number) {
  return connectionOf(database)
    .prepare(
      `SELECT at, user_name AS user, action, old_value AS "from", new_value AS "to", reason,
              json_extract(CASE WHEN json_valid(field) THEN field END, '$.message') AS message,
              NULL AS value
       FROM audit_events WHERE entity = 'discrepancy' AND entity_id = ? ORDER BY id`,
    )
    .all(String(id)) as {
    at: string;
    user: string;
    action: string;
    from: string | null;
    to: string | null;
    reason: string | null;
    message: string | null;
    value: string | null;
  }[];
}

export function queriesOfDiscrepancy(database: StudyDatabase, id: number): Query[] {
  return connectionOf(database)
    .prepare(
      `SELECT id AS queryId, discrepancy_id AS discrepancyId, round, message, created_at AS createdAt, created_by AS createdBy,
              sent_at AS sentAt, sent_file AS sentFile, answer, answered_at AS answeredAt, answer_file AS answerFile
       FROM queries WHERE discrepancy_id = ? ORDER BY round`,
    )
    .all(id) as Query[];
}
