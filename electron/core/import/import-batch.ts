import type { BatchItem } from '../../../shared/api/imports';
import type { StudyDatabase } from '../db/study-database';
import { StudyError } from '../common/errors';
import type { CallContext } from '../common/call-context';
import { commitPrepared, previewPrepared } from './import-site-export';
import { createPreparePool } from './prepare-pool';
import { releasePrepared, type PreparedSiteExport } from './prepare-site-export';

/**
 * Exports asked for ahead of the one being written, at most: enough that the preparing thread does
 * not stand idle while a large export is written (what it prepares waits in stage files on disk).
 */
const AHEAD = 8;

/**
 * A delivery of many site exports: each subfolder or workbook of `dir` is one export, loaded in
 * order of export date, each all or nothing; one that fails is reported and the others still load.
 * The next exports are prepared on other threads while this one writes the current one (preparing
 * needs nothing that writing changes). A password given opens those of its zips and workbooks that
 * have one (sites of a study often share one); an export it does not open fails by itself.
 */
export async function importBatch(
  database: StudyDatabase,
  dir: string,
  dryRun: boolean,
  context: CallContext,
  filePassword?: string,
): Promise<BatchItem[]> {
  const { listBatchExports } = await import('./batch-exports');
  const exports = listBatchExports(dir);
  const pool = createPreparePool(database.model);
  const prepared: Promise<PreparedSiteExport>[] = [];
  const prepareUpTo = (last: number) => {
    for (let i = prepared.length; i <= Math.min(last, exports.length - 1); i++) {
      const promise = pool.prepare({ paths: [exports[i]!.path], ...(filePassword ? { filePassword } : {}) });
      // A failure is reported when its export's turn comes, not as an unhandled rejection before.
      promise.catch(() => undefined);
      prepared.push(promise);
    }
  };
  const items: BatchItem[] = [];
  let index = 0;
  try {
    for (; index < exports.length; index++) {
      const siteExport = exports[index]!;
      prepareUpTo(index + AHEAD);
      context.progress?.(`[${index + 1}/${exports.length}] ${siteExport.path}`, {
        key: 'siteExport',
        values: { n: index + 1, of: exports.length, path: siteExport.path },
      });
      let ready: PreparedSiteExport | undefined;
      try {
        ready = await prepared[index]!;
        const report = dryRun ? previewPrepared(database, ready) : commitPrepared(database, ready, context);
        items.push({ path: siteExport.path, ...report });
      } catch (error) {
        if (!(error instanceof StudyError) || error.code === 'LOCKED') throw error;
        items.push({
          path: siteExport.path,
          error: error.message,
          ...(error.kind ? { kind: error.kind } : {}),
        });
      } finally {
        if (ready) releasePrepared(ready);
      }
    }
  } finally {
    // Exports prepared ahead of a batch that stopped: their stages are let go.
    for (const rest of prepared.slice(index + 1)) {
      const left = await rest.catch(() => undefined);
      if (left) releasePrepared(left);
    }
    await pool.close();
  }
  return items;
}
