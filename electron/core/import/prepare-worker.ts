/**
 * A thread that prepares site exports (reads, standardises and stages them) for the thread that
 * writes the study: see prepare-pool.ts. Knows the study model, never the database.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportRequest } from '../../../shared/api/imports';
import type { StudyDefinition } from '../../../shared/study/definition-schema';
import { buildStudyModel } from '../study/study-model';
import { prepareSiteExport } from './prepare-site-export';
import { transferablesOf } from './prepared-table';
import { failureOf, type PrepareReply } from './prepare-protocol';

const port = parentPort;
if (!port) throw new Error('prepare-worker runs as a worker thread');
const model = buildStudyModel((workerData as { definition: StudyDefinition }).definition);

port.on('message', (message: { id: number; request: ImportRequest }) => {
  prepareSiteExport(model, message.request).then(
    (prepared) =>
      port.postMessage(
        { id: message.id, prepared } satisfies PrepareReply,
        prepared.tables.flatMap(transferablesOf),
      ),
    (error: unknown) =>
      port.postMessage({ id: message.id, failure: failureOf(error) } satisfies PrepareReply),
  );
});
