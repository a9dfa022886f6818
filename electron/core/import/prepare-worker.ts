/**
 * A thread that prepares site exports (reads, standardises and stages them) for the thread that
 * writes the study: see prepare-pool.ts. Knows the study model, never the database. Exports are
 * prepared one at a time, in the order sent, each only if this thread claims it first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StudyDefinition } from '../../../shared/study/definition-schema';
import { buildStudyModel } from '../study/study-model';
import { prepareSiteExport } from './prepare-site-export';
import { transferablesOf } from './prepared-table';
import { claimTask, failureOf, type PrepareReply, type PrepareTask } from './prepare-protocol';

const port = parentPort;
if (!port) throw new Error('prepare-worker runs as a worker thread');
const { definition, number } = workerData as { definition: StudyDefinition; number: number };
const model = buildStudyModel(definition);

async function prepare(task: PrepareTask): Promise<void> {
  if (!claimTask(task.claim, number)) return;
  try {
    const prepared = await prepareSiteExport(model, task.request);
    port!.postMessage(
      { id: task.id, prepared } satisfies PrepareReply,
      prepared.tables.flatMap(transferablesOf),
    );
  } catch (error) {
    port!.postMessage({ id: task.id, failure: failureOf(error) } satisfies PrepareReply);
  }
}

let queue = Promise.resolve();
port.on('message', (task: PrepareTask) => {
  queue = queue.then(() => prepare(task));
});
