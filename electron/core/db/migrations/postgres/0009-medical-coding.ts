import type { DbConnection } from '../../engine';
import type { Connection } from '../../open-database';
import { pgDdlFromSqlite } from '../../postgres/pg-ddl-from-sqlite';
import { migration0009 } from '../0009-medical-coding';

/**
 * PostgreSQL's spelling of migration 9 (../0009-medical-coding.ts): the same tables, indexes and
 * coded views, its DDL made PostgreSQL's (identity keys, bigint integers, the lock's triggers).
 */
export function pgMigration0009(db: DbConnection): void {
  const onPg = {
    exec: (sql: string) => db.exec(pgDdlFromSqlite(sql)),
    prepare: (sql: string) => db.prepare(sql),
  };
  migration0009(onPg as unknown as Connection);
}
