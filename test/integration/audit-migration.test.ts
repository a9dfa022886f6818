import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../electron/core/db/migrations';
import { migrate } from '../../electron/core/db/migrations/run-migrations';
import { tempDir } from '../helpers/study-builder';

describe('migration 3: query lists and the append-only query history', () => {
  it('brings a version-2 database forward, keeping its queries and lists, and guards them from then on', () => {
    const file = path.join(tempDir(), 'v2.db');
    const db = new Database(file);
    for (const step of migrations.slice(0, 2)) db.exec(step as string);
    db.pragma('user_version = 2');
    db.exec(`
      INSERT INTO discrepancies (id, identity, check_id, category, severity, site_id, subject_id, form, record_key, field, message,
        fingerprint, status, first_found, last_found, status_changed_at, query_id)
      VALUES (1, 'DOSE-01|EX|S01-001|1|EXDOSE', 'DOSE-01', 'DOSE', 'major', 'S01', 'S01-001', 'EX', 'S01-001|1', 'EXDOSE', 'm', 'f', 'QUERIED', 'a', 'a', 'a', 'Q-000001');
      INSERT INTO queries (id, discrepancy_id, round, message, created_at, created_by, sent_at, sent_file)
      VALUES ('Q-000001', 1, 1, 'm', '2019-01-01', 'dm', '2019-01-02', 'old.xlsx');
      INSERT INTO query_lists (kind, at, user_name, site_id, file, queries) VALUES ('export', '2019-01-02', 'dm', 'S01', 'old.xlsx', 1);
    `);

    migrate(db, file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare('SELECT id, sent_file FROM queries').all()).toEqual([
      { id: 'Q-000001', sent_file: 'old.xlsx' },
    ]);
    expect(db.prepare('SELECT list_id, unchanged FROM query_lists').all()).toEqual([
      { list_id: null, unchanged: 0 },
    ]);
    // The next query number is found by its index, not by reading every query.
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT max(CAST(substr(id, 3) AS INTEGER)) FROM queries WHERE id LIKE 'Q-%'",
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX queries_by_number/);

    // An unanswered query may be answered once; nothing else about it changes, and it is never deleted.
    db.prepare(
      "UPDATE queries SET answer = 'ok', answered_at = '2019-01-03', answer_file = 'a.xlsx' WHERE id = 'Q-000001'",
    ).run();
    expect(() => db.prepare("UPDATE queries SET answer = 'other' WHERE id = 'Q-000001'").run()).toThrow(
      /append-only/,
    );
    expect(() => db.prepare("UPDATE queries SET sent_file = 'new.xlsx' WHERE id = 'Q-000001'").run()).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM queries').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE query_lists SET list_id = 'L0001'").run()).toThrow(/append-only/);
    db.close();
  });
});
