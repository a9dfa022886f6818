/**
 * The study worker: owns the study's database connection off the main event loop (of the Electron
 * main process or of the browser-mode server), and serves API calls sent by message. Calls that
 * change the study run one at a time, in the order they came; reads run at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isStudyMethod, type StudyMethod } from '../../shared/api/contract';
import { errorBody } from './error-body';
import type { HostToWorker, WorkerStart, WorkerToHost } from './worker-protocol';
import { loadStudyDefinition, type StudyApi } from '../core/api';
import { createStudy, openStudy, watchChanges } from '../core/api/open-study';

/** Methods that only read: they need not wait for a running import or check run. */
const READ_ONLY: ReadonlySet<StudyMethod> = new Set<StudyMethod>([
  'study.info',
  'imports.list',
  'imports.delivery',
  'imports.namedDate',
  'data.list',
  'data.record',
  'checks.catalog',
  'discrepancies.list',
  'discrepancies.facets',
  'discrepancies.get',
  'queries.history',
  'cuts.blockers',
  'cuts.list',
  'cuts.verify',
  'cuts.diff',
  'cuts.files',
  'audit.list',
  // Writes a file, never the study: it need not wait, and it works while the study is locked.
  // (data.export waits in line: its pages must all come from the same state of the data.)
  'audit.export',
  'dashboard.summary',
  'subjects.list',
  'subjects.profile',
  'dictionaries.list',
  'coding.status',
  'coding.queue',
  'coding.search',
]);

const port = parentPort;
if (!port) throw new Error('study-worker runs as a worker thread');
const start = workerData as WorkerStart & { user: string };
const post = (message: WorkerToHost) => port.postMessage(message);

let api: StudyApi | undefined;
try {
  api = start.create
    ? createStudy(start.file, loadStudyDefinition(start.create.definitionFile), start.user, new Date())
    : openStudy(start.file, { validateOutputs: start.validateOutputs ?? false });
  post({ type: 'ready', file: start.file });
} catch (error) {
  post({ type: 'failed', error: errorBody(error, 'open') });
}

// Team mode: what others change is pushed to the window (it refreshes what it shows).
const stopWatching = api ? watchChanges(api, (by) => post({ type: 'changed', by })) : () => undefined;

/** The tail of the queue of calls that change the study. */
let writes: Promise<void> = Promise.resolve();

async function serve(study: StudyApi, message: Extract<HostToWorker, { type: 'call' }>): Promise<void> {
  const { callId, method, input, user } = message;
  try {
    const output = await study.call(method as StudyMethod, input, {
      user,
      now: () => new Date(),
      progress: (text, note) =>
        post({ type: 'progress', callId, method, message: text, ...(note ? { note } : {}) }),
    });
    post({ type: 'result', callId, output });
  } catch (error) {
    post({ type: 'error', callId, error: errorBody(error, method) });
  }
}

port.on('message', (message: HostToWorker) => {
  if (message.type === 'close') {
    void writes.finally(() => {
      try {
        stopWatching();
        api?.close();
      } finally {
        post({ type: 'closed' });
        port.close();
      }
    });
    return;
  }
  const study = api;
  if (!study) {
    post({ type: 'error', callId: message.callId, error: { code: 'INTERNAL', message: 'no study is open' } });
    return;
  }
  if (!isStudyMethod(message.method)) {
    post({
      type: 'error',
      callId: message.callId,
      error: { code: 'BAD_INPUT', message: `unknown API method ${message.method}` },
    });
    return;
  }
  if (READ_ONLY.has(message.method)) {
    void serve(study, message);
    return;
  }
  writes = writes.then(() => serve(study, message));
});
