import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/** A hash of every row of every table: "the database is exactly as before" when it is unchanged. */
export function databaseHash(file: string, options: { exclude?: string[] } = {}): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string }[]
    )
      .map((t) => t.name)
      .filter((t) => !(options.exclude ?? []).includes(t));
    const hash = createHash('sha256');
    for (const table of tables) {
      hash.update(`\u0000${table}\u0000`);
      for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY 1`).raw().iterate())
        hash.update(JSON.stringify(row));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

export function tableNames(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
  } finally {
    db.close();
  }
}
