import type { TestProject } from 'vitest/node';
import { postgresBinariesPresent, startTestPostgres, PG_BIN } from './postgres-server';

/**
 * vitest's global setup: one throw-away PostgreSQL server for the whole run (team-mode tests make
 * one database each on it). CDM_TEST_PG_URL (a superuser URL without a database) uses a server
 * that is already running instead. Without the binaries, team-mode tests skip and say why.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgBaseUrl: string | null;
    pgMissing: string | null;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.CDM_TEST_PG_URL) {
    project.provide('pgBaseUrl', process.env.CDM_TEST_PG_URL);
    project.provide('pgMissing', null);
    return;
  }
  if (!postgresBinariesPresent()) {
    project.provide('pgBaseUrl', null);
    project.provide(
      'pgMissing',
      `PostgreSQL 15 binaries not found in ${PG_BIN} (apt-get install -y postgresql)`,
    );
    return;
  }
  const server = await startTestPostgres();
  project.provide('pgBaseUrl', server.baseUrl);
  project.provide('pgMissing', null);
  return () => server.stop();
}
