/**
 * Team mode's roles (issue 16). On a SQLite file there is nothing to do: a study file has one
 * person at a time and `--user` names them. The PostgreSQL spelling of this step
 * (postgres/0012-team-roles.ts) makes the roles, their privileges and the audit trail's user.
 */
export const migration0012 = /* sql */ `SELECT 1`;
