import { LOCKED_MESSAGE } from '../lock-triggers';

/**
 * The lock on PostgreSQL (lock-triggers.ts on SQLite): while a data cut is locked, every statement
 * that writes a data, discrepancy or query table is refused by a statement trigger, whoever runs
 * it (psql included). Used by the PostgreSQL migrations: never change the text they produce.
 */
export const PG_LOCK_FUNCTION = /* sql */ `
CREATE FUNCTION cdm_refuse_while_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM data_cuts WHERE unlocked_at IS NULL) THEN
    RAISE EXCEPTION '${LOCKED_MESSAGE}' USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN NULL;
END
$$;
`;

export function pgLockTriggerSql(table: string): string {
  return `CREATE TRIGGER ${table}_locked BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION cdm_refuse_while_locked();`;
}
