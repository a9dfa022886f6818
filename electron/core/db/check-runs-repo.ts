import type { CheckRunCounts } from '../../../shared/api/checks';
import { OPEN_STATUSES } from '../../../shared/api/discrepancies';
import { appendAuditEventsSelected } from './audit-repo';
import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';
import { connectionOf, dialectOf } from './connection';
import type { DbConnection } from './engine';
import { insertReturningId } from './statement-cache';

/**
 * The SQL side of a check run: hits collected in a temporary table, then reconciled with the
 * stored discrepancies in a few set-based statements (workflow.md: new ones OPEN, gone ones
 * RESOLVED, found-again ones reopened, ACCEPTED/CLOSED ones silent while what they looked at is
 * unchanged). The caller holds the transaction.
 */

export type SqlParams = Record<string, string | number | bigint | null>;

export interface CheckRunStart {
  user: string;
  at: string;
  checkIds: string[];
  scope: 'full' | 'sites';
  scopeSites: string[] | null;
  catalogHash: string;
}

export function startCheckRun(database: StudyDatabase, run: CheckRunStart): number {
  const c = connectionOf(database);
  const lastImportId = (c.prepare('SELECT coalesce(max(id), 0) AS id FROM imports').get() as { id: number })
    .id;
  const runId = insertReturningId(
    c,
    'INSERT INTO check_runs (started_at, user_name, check_ids, scope, scope_sites, last_import_id, catalog_hash) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
    run.at,
    run.user,
    JSON.stringify(run.checkIds),
    run.scope,
    run.scopeSites && JSON.stringify(run.scopeSites),
    lastImportId,
    run.catalogHash,
  );
  c.prepare(
    "UPDATE check_runs SET last_coding_event_id = (SELECT coalesce(max(id), 0) FROM audit_events WHERE entity = 'coding') WHERE id = ?",
  ).run(runId);
  return runId;
}

export function finishCheckRun(
  database: StudyDatabase,
  runId: number,
  at: string,
  complete: boolean,
  summary: unknown,
): void {
  connectionOf(database)
    .prepare('UPDATE check_runs SET finished_at = ?, complete = ?, summary = ? WHERE id = ?')
    .run(at, complete ? 1 : 0, JSON.stringify(summary), runId);
}

/** The newest run of every enabled check that finished without error. */
export function lastCompleteRun(
  database: StudyDatabase,
): { id: number; lastImportId: number; lastCodingEventId: number; catalogHash: string | null } | undefined {
  return connectionOf(database)
    .prepare(
      'SELECT id, last_import_id AS lastImportId, last_coding_event_id AS lastCodingEventId, catalog_hash AS catalogHash FROM check_runs WHERE complete = 1 ORDER BY id DESC LIMIT 1',
    )
    .get() as
    { id: number; lastImportId: number; lastCodingEventId: number; catalogHash: string | null } | undefined;
}

export function runStatements(
  database: StudyDatabase,
  statements: readonly string[],
  params: SqlParams,
): void {
  for (const sql of statements) {
    const statement = connectionOf(database).prepare(sql);
    // DDL takes no parameters; better-sqlite3 refuses an object for a statement without any.
    if (sql.includes('@')) statement.run(params);
    else statement.run();
  }
}

export function createHitTable(database: StudyDatabase): void {
  connectionOf(database).exec(`
    DROP TABLE IF EXISTS temp.check_hits;
    CREATE TEMP TABLE check_hits (
      hit_id ${dialectOf(database).autoIncrementKey},
      check_id TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL,
      site_id TEXT, subject_id TEXT NOT NULL, form TEXT NOT NULL, record_id INTEGER, record_key TEXT,
      field TEXT NOT NULL, value TEXT, message TEXT, message_args TEXT, related TEXT,
      CHECK (message IS NOT NULL OR message_args IS NOT NULL)
    );
    CREATE TEMP TABLE IF NOT EXISTS scope_subjects (subject_id TEXT PRIMARY KEY) WITHOUT ROWID;
    DROP TABLE IF EXISTS temp.field_index;
    CREATE TEMP TABLE field_index (form TEXT NOT NULL, field TEXT NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (form, field));
  `);
  const insert = connectionOf(database).prepare(
    'INSERT INTO field_index (form, field, idx) VALUES (?, ?, ?)',
  );
  for (const form of database.model.forms)
    for (const c of form.columns) insert.run(form.code, c.name, c.index);
}

/**
 * Runs one catalog check's query and keeps its hits; their message is its named values (JSON),
 * rendered later. Returns the number of rows it gave. A savepoint of its own: a check that fails
 * is reported and the run goes on (PostgreSQL would otherwise abort the whole transaction).
 */
export function collectHits(
  database: StudyDatabase,
  check: { id: string; category: string; severity: string },
  sql: string,
  params: SqlParams,
): number {
  const c = connectionOf(database);
  return c.transaction(() => collectHitsNow(c, check, sql, params))();
}

function collectHitsNow(
  c: DbConnection,
  check: { id: string; category: string; severity: string },
  sql: string,
  params: SqlParams,
): number {
  const statement = c.prepare(
    `INSERT INTO check_hits (check_id, category, severity, subject_id, form, record_id, record_key, field, message_args, related)
     SELECT @__checkId, @__category, @__severity, coalesce(h.subject_id, ''), h.form, CAST(h.record_id AS INTEGER), h.record_key, h.field, h.message, h.related
     FROM (${sql}) AS h`,
  );
  return statement.run({
    ...params,
    __checkId: check.id,
    __category: check.category,
    __severity: check.severity,
  }).changes;
}

export interface ExternalHit {
  subject_id: string;
  form: string;
  record_id: number | null;
  record_key: string | null;
  field: string;
  message: string;
}

/** Hits of a custom check (found on a read-only connection) join the others here. */
export function addHits(
  database: StudyDatabase,
  check: { id: string; category: string; severity: string },
  hits: ExternalHit[],
): void {
  const insert = connectionOf(database).prepare(
    `INSERT INTO check_hits (check_id, category, severity, subject_id, form, record_id, record_key, field, message, related)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  );
  for (const h of hits)
    insert.run(
      check.id,
      check.category,
      check.severity,
      h.subject_id,
      h.form,
      h.record_id,
      h.record_key,
      h.field,
      h.message,
    );
}

/** Completes the hits from the records they point at: record key, site, the value as written. */
export function completeHits(database: StudyDatabase): void {
  const c = connectionOf(database);
  for (const form of database.model.forms) {
    const table = formTable(form.code);
    c.prepare(
      `UPDATE check_hits SET
         site_id = r.site_id,
         record_key = coalesce(check_hits.record_key, CASE WHEN r.occurrence > 1 THEN r.record_key || '#' || r.occurrence ELSE r.record_key END),
         value = (SELECT json_extract(r.raw, '$[' || fi.idx || ']') FROM field_index fi WHERE fi.form = check_hits.form AND fi.field = check_hits.field)
       FROM ${table} r
       WHERE check_hits.form = ? AND check_hits.record_id = r.record_id`,
    ).run(form.code);
    // Hits that name a record by key (custom checks): find it among the subject's records.
    c.prepare(
      `UPDATE check_hits SET record_id = r.record_id, site_id = r.site_id,
         value = (SELECT json_extract(r.raw, '$[' || fi.idx || ']') FROM field_index fi WHERE fi.form = check_hits.form AND fi.field = check_hits.field)
       FROM ${table} r
       WHERE check_hits.form = ? AND check_hits.record_id IS NULL AND r.deleted_import_id IS NULL
         AND r.subject_id = check_hits.subject_id
         AND check_hits.record_key = CASE WHEN r.occurrence > 1 THEN r.record_key || '#' || r.occurrence ELSE r.record_key END`,
    ).run(form.code);
  }
  const dm = formTable(database.model.siteForm.code);
  c.exec(`
    UPDATE check_hits SET site_id = (SELECT d.site_id FROM ${dm} d WHERE d.subject_id = check_hits.subject_id ORDER BY d.deleted_import_id IS NOT NULL LIMIT 1)
    WHERE site_id IS NULL;
    UPDATE check_hits SET site_id = '' WHERE site_id IS NULL;
    UPDATE check_hits SET record_key = subject_id WHERE record_key IS NULL;
  `);
}

export interface ReconcileContext {
  runId: number;
  at: string;
  user: string;
  /** Checks that ran without error: only their discrepancies can be resolved by this run. */
  completedCheckIds: string[];
  /** Catalog checks saw only the subjects in temp.scope_subjects: resolve only theirs. */
  scoped: boolean;
  customCheckIds: string[];
  /** Which statuses each of a run's moves takes (workflow/status-moves.ts CHECK_RUN_MOVES). */
  moves: { resolve: string[]; reopenResolved: string[]; reopenDecided: string[] };
  /** A catalog check's message (its named values, JSON) in English: the text stored with the discrepancy. */
  englishText: (checkId: string, messageArgs: string) => string;
  /** The templates may have changed: render every hit's English text, not only new or changed ones. */
  renderAllText: boolean;
}

/**
 * Every discrepancy keeps its message in English beside its named values (for search, sorting and
 * old readers). Rendered only for hits whose values are new or changed; the others keep theirs.
 */
function writeEnglishText(
  database: StudyDatabase,
  englishText: ReconcileContext['englishText'],
  renderAll: boolean,
): void {
  const c = connectionOf(database);
  if (!renderAll)
    c.exec(`
      UPDATE run_hits SET message = d.message
      FROM discrepancies d WHERE d.identity = run_hits.identity AND d.message_args = run_hits.message_args`);
  if (c.function) {
    // One statement over all pending hits, the rendering called from SQL (no row travels to JavaScript and back).
    c.function('cdm_english_text', { deterministic: true }, (checkId, args) =>
      englishText(String(checkId), String(args)),
    );
    c.exec('UPDATE run_hits SET message = cdm_english_text(check_id, message_args) WHERE message IS NULL');
    return;
  }
  // A server cannot call back into JavaScript: the pending hits are rendered here and written back in batches.
  const pending = c
    .prepare(
      'SELECT identity, check_id AS "checkId", message_args AS "args" FROM run_hits WHERE message IS NULL',
    )
    .all() as { identity: string; checkId: string; args: string }[];
  const BATCH = 500;
  for (let i = 0; i < pending.length; i += BATCH) {
    const rows = pending.slice(i, i + BATCH);
    c.prepare(
      `UPDATE run_hits SET message = v.column2 FROM (VALUES ${rows.map(() => '(?, ?)').join(', ')}) AS v WHERE run_hits.identity = v.column1`,
    ).run(...rows.flatMap((r) => [r.identity, englishText(r.checkId, r.args)]));
  }
}

/**
 * A discrepancy found before messages had named values was silenced (ACCEPTED, CLOSED) on its
 * English text: while the check finds the same text and value, it stays silent, now on the values.
 */
function keepLegacySilence(database: StudyDatabase): void {
  connectionOf(database).exec(`
    UPDATE discrepancies SET silenced_fingerprint = h.fingerprint
    FROM run_hits h
    WHERE h.identity = discrepancies.identity AND discrepancies.status IN ('CLOSED', 'ACCEPTED')
      AND discrepancies.message_args IS NULL AND h.message_args IS NOT NULL
      AND discrepancies.silenced_fingerprint = h.message || char(1) || coalesce(h.value, '')`);
}

/** Turns this run's hits into discrepancy moves; returns the counts per check. */
export function reconcileHits(database: StudyDatabase, r: ReconcileContext): Map<string, CheckRunCounts> {
  const c = connectionOf(database);
  // What a hit found is its named values (a custom check's: its text), and the value as written.
  c.exec(`
    DROP TABLE IF EXISTS temp.run_hits;
    CREATE TEMP TABLE run_hits AS
      SELECT check_id || '|' || form || '|' || record_key || '|' || field AS identity, *,
             coalesce(message_args, message) || char(1) || coalesce(value, '') AS fingerprint
      FROM check_hits WHERE hit_id IN (
        SELECT min(hit_id) FROM check_hits GROUP BY check_id || '|' || form || '|' || record_key || '|' || field);
    CREATE UNIQUE INDEX temp.run_hits_identity ON run_hits (identity);
    DROP TABLE IF EXISTS temp.completed_checks;
    CREATE TEMP TABLE completed_checks (check_id TEXT PRIMARY KEY, scoped INTEGER NOT NULL);
    DROP TABLE IF EXISTS temp.transitions;
    CREATE TEMP TABLE transitions (discrepancy_id INTEGER PRIMARY KEY, check_id TEXT, from_status TEXT, to_status TEXT, kind TEXT, reason TEXT);
  `);
  const addCompleted = c.prepare('INSERT INTO completed_checks (check_id, scoped) VALUES (?, ?)');
  for (const id of r.completedCheckIds)
    addCompleted.run(id, r.scoped && !r.customCheckIds.includes(id) ? 1 : 0);
  const p = {
    run: BigInt(r.runId),
    at: r.at,
    resolve: JSON.stringify(r.moves.resolve),
    reopenResolved: JSON.stringify(r.moves.reopenResolved),
    reopenDecided: JSON.stringify(r.moves.reopenDecided),
  };
  // A discrepancy this run looked for and did not find: its check completed, and saw its subject.
  const notFound = `d.manual = 0
       AND EXISTS (SELECT 1 FROM completed_checks k WHERE k.check_id = d.check_id
                   AND (k.scoped = 0 OR d.subject_id IN (SELECT subject_id FROM temp.scope_subjects)))
       AND NOT EXISTS (SELECT 1 FROM run_hits h WHERE h.identity = d.identity)`;
  writeEnglishText(database, r.englishText, r.renderAllText);
  keepLegacySilence(database);

  // Found again after it was resolved; or decided on (closed, accepted) and now found on other
  // values, or back after the data had once made it go away (the decision was forgotten then).
  c.prepare(
    `INSERT INTO transitions (discrepancy_id, check_id, from_status, to_status, kind, reason)
     SELECT d.id, d.check_id, d.status, 'OPEN', 'reopened',
            CASE WHEN d.status IN (SELECT value FROM json_each(@reopenResolved)) THEN 'found again by check run #' || @run
                 WHEN d.silenced_fingerprint IS NULL THEN 'found again by check run #' || @run || ' after the data had corrected it'
                 ELSE 'found again with other data by check run #' || @run END
     FROM discrepancies d JOIN run_hits h ON h.identity = d.identity
     WHERE d.status IN (SELECT value FROM json_each(@reopenResolved))
        OR (d.status IN (SELECT value FROM json_each(@reopenDecided)) AND d.silenced_fingerprint IS NOT h.fingerprint)`,
  ).run(p);
  // No longer found: the data changed.
  c.prepare(
    `INSERT INTO transitions (discrepancy_id, check_id, from_status, to_status, kind, reason)
     SELECT d.id, d.check_id, d.status, 'RESOLVED', 'resolved', 'not found by check run #' || @run || ': the data changed'
     FROM discrepancies d
     WHERE d.status IN (SELECT value FROM json_each(@resolve)) AND ${notFound}`,
  ).run(p);
  // A decision (closed, accepted) whose discrepancy is gone: the data changed since, so the decision
  // is forgotten, and the discrepancy reopens if it comes back (workflow.md).
  c.prepare(
    `UPDATE discrepancies AS d SET silenced_fingerprint = NULL
     WHERE d.status IN (SELECT value FROM json_each(@reopenDecided)) AND d.silenced_fingerprint IS NOT NULL AND ${notFound}`,
  ).run({ reopenDecided: p.reopenDecided });

  c.prepare(
    `UPDATE discrepancies SET status = t.to_status, status_changed_at = @at,
       silenced_fingerprint = CASE WHEN t.to_status = 'OPEN' THEN NULL ELSE discrepancies.silenced_fingerprint END
     FROM transitions t WHERE t.discrepancy_id = discrepancies.id`,
  ).run({ at: r.at });
  // Everything found: refresh what it says now.
  c.prepare(
    `UPDATE discrepancies SET last_run_id = @run, last_found = @at, message = h.message, message_args = h.message_args, value = h.value,
       fingerprint = h.fingerprint, related = h.related, record_id = h.record_id, site_id = h.site_id
     FROM run_hits h WHERE h.identity = discrepancies.identity`,
  ).run({ run: p.run, at: p.at });
  const inserted = c
    .prepare(
      `INSERT INTO discrepancies (identity, check_id, category, severity, site_id, subject_id, form, record_id, record_key, field, value,
         message, message_args, fingerprint, related, status, manual, first_run_id, last_run_id, first_found, last_found, status_changed_at)
       SELECT h.identity, h.check_id, h.category, h.severity, h.site_id, h.subject_id, h.form, h.record_id, h.record_key, h.field, h.value,
         h.message, h.message_args, h.fingerprint, h.related, 'OPEN', 0, @run, @run, @at, @at, @at
       FROM run_hits h WHERE NOT EXISTS (SELECT 1 FROM discrepancies d WHERE d.identity = h.identity)`,
    )
    .run({ run: p.run, at: p.at }).changes;
  if (inserted > 0) {
    c.prepare(
      `INSERT INTO transitions (discrepancy_id, check_id, from_status, to_status, kind, reason)
       SELECT id, check_id, NULL, 'OPEN', 'new', 'found by check run #' || @run FROM discrepancies WHERE first_run_id = @run`,
    ).run({ run: p.run });
  }
  appendAuditEventsSelected(
    database,
    `SELECT @at, @user, 'STATUS', 'discrepancy', CAST(t.discrepancy_id AS TEXT), 'status', t.from_status, t.to_status, t.reason, NULL
     FROM temp.transitions t ORDER BY t.discrepancy_id`,
    { at: r.at, user: r.user },
  );

  const counts = new Map<string, CheckRunCounts>();
  const get = (id: string) => {
    let entry = counts.get(id);
    if (!entry) counts.set(id, (entry = { found: 0, new: 0, stillOpen: 0, resolved: 0, reopened: 0 }));
    return entry;
  };
  for (const row of c.prepare('SELECT check_id, count(*) AS n FROM run_hits GROUP BY check_id').all() as {
    check_id: string;
    n: number;
  }[]) {
    get(row.check_id).found = row.n;
  }
  for (const row of c
    .prepare('SELECT check_id, kind, count(*) AS n FROM transitions GROUP BY check_id, kind')
    .all() as {
    check_id: string;
    kind: 'new' | 'resolved' | 'reopened';
    n: number;
  }[]) {
    get(row.check_id)[row.kind] = row.n;
  }
  for (const row of c
    .prepare(
      `SELECT d.check_id, count(*) AS n FROM discrepancies d JOIN run_hits h ON h.identity = d.identity
       WHERE d.status IN (SELECT value FROM json_each(@open)) AND d.id NOT IN (SELECT discrepancy_id FROM transitions)
       GROUP BY d.check_id`,
    )
    .all({ open: JSON.stringify(OPEN_STATUSES) }) as { check_id: string; n: number }[]) {
    get(row.check_id).stillOpen = row.n;
  }
  return counts;
}
