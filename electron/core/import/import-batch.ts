import type { BatchItem } from '../../../shared/api/imports';
import { StudyError } from '../common/errors';
import type { CallContext } from '../common/call-context';
import { importSiteExport } from './import-site-export';

/**
 * A delivery of many site exports: each subfolder or workbook of `dir` is one export, loaded in
 * order of export date, each all or nothing; one that fails is reported and the others still load.
 */
export async function importBatch(
  database: Parameters<typeof importSiteExport>[0],
  dir: string,
  dryRun: boolean,
  context: CallContext,
): Promise<BatchItem[]> {
  const { listBatchExports } = await import('./discover-sources');
  const exports = listBatchExports(dir);
  const items: BatchItem[] = [];
  for (const [index, siteExport] of exports.entries()) {
    context.progress?.(`[${index + 1}/${exports.length}] ${siteExport.path}`);
    try {
      const report = await importSiteExport(database, { paths: [siteExport.path] }, { dryRun }, context);
      items.push({ path: siteExport.path, ...report });
    } catch (error) {
      if (!(error instanceof StudyError) || error.code === 'LOCKED') throw error;
      items.push({ path: siteExport.path, error: error.message });
    }
  }
  return items;
}
