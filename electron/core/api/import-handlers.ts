import { randomUUID } from 'node:crypto';
import { notFound } from '../common/errors';
import { deliveryExportCount, listBatchExports } from '../import/batch-exports';
import { discoverSources } from '../import/discover-sources';
import { importBatch } from '../import/import-batch';
import { commitPrepared, importSiteExport, previewPrepared } from '../import/import-site-export';
import { prepareSiteExport, releasePrepared, type PreparedSiteExport } from '../import/prepare-site-export';
import { importHistory, latestImportId } from '../db/imports-repo';
import type { ImportIssue } from '../../../shared/api/imports';
import type { Language } from '../../../shared/messages/language';
import { warningsInLanguage } from '../import/issue-language';
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
  const inLanguage = <T extends { warnings: readonly ImportIssue[] }>(item: T, language: Language): T =>
    warningsInLanguage(database.model, item, language);
  return {
    'imports.preview': async ({ language, ...request }, context) => {
      const prepared = await prepareSiteExport(database.model, request, context.progress);
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
      return inLanguage({ ...preview, previewId }, language);
    },
    'imports.commit': (input, context) => {
      const preview = previews.get(input.previewId);
      if (!preview)
        throw notFound(
          'this import preview is gone (committed, discarded or expired); preview the export again',
        );
      const report = commitPrepared(database, preview.prepared, context, preview.baseImportId);
      discard(input.previewId);
      return inLanguage(report, input.language);
    },
    'imports.discard': (input) => ({ discarded: discard(input.previewId) }),
    'imports.run': async (input, context) => {
      const { dryRun, language, ...request } = input;
      return inLanguage(await importSiteExport(database, request, { dryRun }, context), language);
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
    'imports.batch': async (input, context) =>
      (await importBatch(database, input.dir, input.dryRun, context, input.filePassword)).map((item) =>
        'warnings' in item ? inLanguage(item, input.language) : item,
      ),
    'imports.list': ({ language }) => importHistory(database, 200).map((item) => inLanguage(item, language)),
  };
}
