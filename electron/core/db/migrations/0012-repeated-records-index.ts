import type { Connection } from '../open-database';

/**
 * An index of each form table's repeated records (a key a site's export holds more than once:
 * occurrence 2, 3, ...), which are few: DATA-04 finds them there instead of reading every record.
 * The form tables are those of the study definition stored in the database (migration 6).
 */
export function migration0012(db: Connection): void {
  const study = db.prepare('SELECT definition FROM study WHERE id = 1').get() as
    { definition: string } | undefined;
  if (study === undefined) return;
  const forms = (JSON.parse(study.definition) as { forms: { code: string }[] }).forms;
  for (const { code } of forms) {
    const table = `form_${code.toLowerCase()}`;
    db.exec(`CREATE INDEX IF NOT EXISTS ${table}_repeats ON ${table} (site_id, record_key, occurrence) WHERE occurrence > 1`);
  }
}
