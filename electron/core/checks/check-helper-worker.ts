/**
 * A thread that runs some of a check run's catalog checks on a read-only connection of its own,
 * beside the thread that runs the others (check-helper.ts). It starts reading when told to: the
 * thread that asks holds the study's write lock by then, so both see the same data.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { collectedHits, readBegin, readEnd } from '../db/check-hits-repo';
import { createHitTable } from '../db/check-runs-repo';
import { scopeTo } from '../db/check-scope-repo';
import { openStudyDatabase } from '../db/opening/open-study-database';
import { CATALOG } from './catalog';
import { buildFactsFor, collectCatalogHits } from './collect-catalog-hits';
import type { HelperReply, HelperRequest } from './check-helper';

const { file, port, flags } = workerData as { file: string; port: MessagePort; flags: Int32Array };

const reply = (message: HelperReply) => {
  port.postMessage(message);
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 0);
};

let database: ReturnType<typeof openStudyDatabase> | undefined;
try {
  database = openStudyDatabase(file, { readonly: true });
  Atomics.store(flags, 1, 1);
} catch (error) {
  reply({ failure: (error as Error).message });
}

port.on('message', (request: HelperRequest) => {
  if (!database) return;
  try {
    readBegin(database);
    try {
      if (request.scope) scopeTo(database, request.scope);
      createHitTable(database);
      const checks = CATALOG.filter((c) => request.checkIds.includes(c.id));
      buildFactsFor(database, checks);
      const outcomes = collectCatalogHits(database, checks);
      reply({ outcomes, hits: collectedHits(database) });
    } finally {
      readEnd(database);
    }
  } catch (error) {
    reply({ failure: (error as Error).message });
  }
  database.close();
  port.close();
});
