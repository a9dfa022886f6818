import type { DbConnection } from '../../engine';
import type { Connection } from '../../open-database';
import { migration0012 } from '../0012-repeated-records-index';

/** PostgreSQL's spelling of migration 12 (../0012-repeated-records-index.ts): the same partial indexes. */
export function pgMigration0012(db: DbConnection): void {
  migration0012(db as unknown as Connection);
}
