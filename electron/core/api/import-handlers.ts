import { randomUUID } from 'node:crypto';
import { notFound } from '../common/errors';
import { deliveryExportCount, listBatchExports } from '../import/batch-exports';
import { discoverSources } from '../import/discover-sources';
import { importBatch } from '../import/import-batch';
import { commitPrepared, importSiteExport, previewPrepared } from '../import/import-site-export';
import { prepareSiteExport, releasePrepared, type PreparedSiteExport } from '../import/prepare-site-export';
import { importHistory, latestImportId } from '../db/imports-repo';
import type { HandlerScope, Handlers } from './handler-types';

/** Previews kept for the window until committed or discarded (newest few only). */
const MAX_PREVIEWS = 8;

export function importHandlers({
  database,
  onClose,
}: HandlerScope): Handlers<
  | 'imports.preview'
  | 'imports.commit'
  | 'imports.discard'
  | 'imports.run'
  | 'imports.delivery'
  | 'imports.namedDate'
  | 'imports.batch'
  | 'imports.list'
> {
  const previews = new Map<string, { prepared: PreparedSiteExport; baseImportId: number }>();
  const discard = (previewId: string): boolean => {
    const preview = previews.get(previewId);
    if (preview) releasePrepared(preview.prepared);
    return previews.delete(previewId);
  };
  onClose(() => {
    for (const previewId of [...previews.keys()]) discard(previewId);
  });
  return {
    'imports.preview': async (input, context) => {
      const prepared = await prepareSiteExport(database.model, input, context.progress);
      let preview;
      try {
        preview = previewPrepared(database, prepared);
      } catch (error) {
        releasePrepared(prepared);
        throw error;
      }
      const previewId = randomUUID();
      previews.set(previewId, { prepared, baseImportId: latestImportId(database) });
      while (previews.size > MAX_PREVIEWS) discard(previews.keys().next().value!);
      return { ...preview, previewId };
    },
    'imports.commit': (input, context) => {
      const preview = previews.get(input.previewId);
      if (!preview)
        throw notFound(
          'this import preview is gone (committed, discarded or expired); preview the export again',
        );
      const report = commitPrepared(database, preview.prepared, context, preview.baseImportId);
      discard(input.previewId);
      return report;
    },
    'imports.discard': (input) => ({ discarded: discard(input.previewId) }),
    'imports.run': (input, context) => {
      const { dryRun, ...request } = input;
      return importSiteExport(database, request, { dryRun }, context);
    },
    'imports.delivery': ({ paths }) => {
      if (deliveryExportCount(paths) === undefined) return null;
      const dir = paths[0]!;
      return {
        dir,
        exports: listBatchExports(dir).map((e) => ({
          path: e.path,
          name: e.name,
          exportDate: e.exportDateFromName ?? null,
        })),
      };
    },
    // What the window asks before a preview: the export date the names carry (none: it asks the user).
    'imports.namedDate': ({ paths }) =>
      discoverSources(paths, { forms: database.model.forms.map((f) => f.code) }).namedDate ?? null,
    'imports.batch': (input, context) => importBatch(database, input.dir, input.dryRun, context),
    'imports.list': () => importHistory(database, 200),
  };
}
