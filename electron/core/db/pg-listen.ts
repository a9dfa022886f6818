import { createRequire } from 'node:module';
import type pg from 'pg';

/** The channel the study's audit trail notifies on every change (postgres/0013-team-mode.ts). */
export const CHANGES_CHANNEL = 'cdm_changes';

/**
 * Calls `onChange` with who changed the study whenever another session commits a change (its
 * audit events: every change writes one), through PostgreSQL's LISTEN/NOTIFY on a connection of
 * its own that waits on the event loop (the study's own connection is synchronous). The study's
 * own session (`ownPid`) is not reported. Answers the function that stops listening.
 */
export function listenForChanges(url: string, ownPid: number, onChange: (by: string) => void): () => void {
  const driver = createRequire(import.meta.url)('pg') as typeof pg;
  const client = new driver.Client({ connectionString: url });
  let stopped = false;
  client.on('error', () => undefined); // a lost listener only stops the refreshes
  client.on('notification', (n) => {
    if (stopped || n.channel !== CHANGES_CHANNEL || !n.payload) return;
    const { pid, user } = JSON.parse(n.payload) as { pid: number; user: string };
    if (pid !== ownPid) onChange(user);
  });
  void client
    .connect()
    .then(() => client.query(`LISTEN ${CHANGES_CHANNEL}`))
    .catch(() => undefined);
  return () => {
    stopped = true;
    void client.end().catch(() => undefined);
  };
}
