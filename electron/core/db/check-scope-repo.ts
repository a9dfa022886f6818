import { connectionOf, engineKindOf } from './connection';
import { formTable, formView } from './form-tables';
import type { StudyDatabase } from './study-database';

/**
 * What a check run after a complete one looks at: every subject of `wholeSites`, and `subjects`.
 * `sites` are the sites imported (or coded) since, as the run reports them.
 */
export interface CheckScope {
  sites: string[];
  wholeSites: string[];
  subjects: string[];
}

/**
 * The sites imported since an import, and what those imports changed: a site's every subject when
 * its cut-off moved (its latest export date is later than before: checks measure time up to it) or
 * when an import of it predates the recording of changed subjects; else the subjects its imports changed.
 */
export function importedSince(database: StudyDatabase, importId: number): CheckScope {
  const c = connectionOf(database);
  const sites = c
    .prepare(
      `SELECT i.site_id AS site,
              max(CASE WHEN i.changed_subjects IS NULL THEN 1 ELSE 0 END) = 1
              OR max(i.export_day) > coalesce((SELECT max(p.export_day) FROM imports p WHERE p.site_id = i.site_id AND p.id <= @last), -2147483648) AS whole
       FROM imports i WHERE i.id > @last GROUP BY i.site_id ORDER BY i.site_id`,
    )
    .all({ last: importId }) as { site: string; whole: number | boolean }[];
  const subjects = c
    .prepare(
      `SELECT DISTINCT j.value FROM imports i, json_each(i.changed_subjects) j
       WHERE i.id > @last AND i.changed_subjects IS NOT NULL`,
    )
    .pluck()
    .all({ last: importId }) as string[];
  return {
    sites: sites.map((s) => s.site),
    wholeSites: sites.filter((s) => s.whole).map((s) => s.site),
    subjects,
  };
}

/**
 * Narrows what the checks see to the subjects of a scope: temporary views (or tables) named like every form's
 * table and view shadow them (SQLite and PostgreSQL look in the temp schema first), so each check query runs
 * unchanged over those subjects only. Returns the number of subjects in scope.
 */
export function scopeTo(database: StudyDatabase, scope: Pick<CheckScope, 'wholeSites' | 'subjects'>): number {
  const c = connectionOf(database);
  c.exec(
    'DROP TABLE IF EXISTS temp.scope_subjects; CREATE TEMP TABLE scope_subjects (subject_id TEXT PRIMARY KEY) WITHOUT ROWID;',
  );
  const ofSites = scope.wholeSites.length
    ? database.model.forms.map(
        (f) =>
          ` UNION SELECT subject_id FROM main.${formTable(f.code)} WHERE site_id IN (SELECT value FROM json_each(@sites))`,
      )
    : [];
  c.prepare(`INSERT INTO scope_subjects SELECT value FROM json_each(@subjects)${ofSites.join('')}`).run({
    subjects: JSON.stringify(scope.subjects),
    ...(ofSites.length ? { sites: JSON.stringify(scope.wholeSites) } : {}),
  });
  const onServer = engineKindOf(database) !== 'sqlite';
  const inScope = 'WHERE subject_id IN (SELECT subject_id FROM temp.scope_subjects)';
  for (const f of database.model.forms) {
    const table = formTable(f.code);
    const view = formView(f.code);
    // PostgreSQL lets a query select columns it does not group by only when it groups by the
    // primary key of a table (AEDT-09): there the scope's form tables are temporary tables with it.
    c.exec(
      onServer
        ? `CREATE TEMP TABLE ${table} AS SELECT * FROM main.${table} ${inScope};
           ALTER TABLE temp.${table} ADD PRIMARY KEY (record_id);`
        : `CREATE TEMP VIEW ${table} AS SELECT * FROM main.${table} ${inScope};`,
    );
    c.exec(`CREATE TEMP VIEW ${view} AS SELECT * FROM main.${view} ${inScope};`);
  }
  return (c.prepare('SELECT count(*) AS n FROM scope_subjects').get() as { n: number }).n;
}

/** Removes the scope: the temporary views must never outlive the run that made them. */
export function dropScope(database: StudyDatabase): void {
  const c = connectionOf(database);
  const shadow = engineKindOf(database) !== 'sqlite' ? 'TABLE' : 'VIEW';
  for (const f of database.model.forms)
    c.exec(
      `DROP VIEW IF EXISTS temp.${formView(f.code)}; DROP ${shadow} IF EXISTS temp.${formTable(f.code)};`,
    );
}
