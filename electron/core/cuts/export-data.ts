import fs from 'node:fs';
import path from 'node:path';
import type { DataFileFormat, ExportResult } from '../../../shared/api/exports';
import type { CallContext } from '../common/call-context';
import type { StudyDatabase } from '../db/study-database';
import { writeFormFiles } from '../export/write-form-files';
import { unknownForm } from '../study/require-form';
import type { FormModel } from '../study/study-model';
import { checkNewFolder } from './new-folder';
import { describeFiles, writeManifest } from './snapshot-manifest';

export interface ExportDataRequest {
  outDir: string;
  formats: DataFileFormat[];
  forms?: string[];
}

function chosenForms(database: StudyDatabase, codes: string[] | undefined): FormModel[] {
  const { model } = database;
  if (!codes) return model.forms;
  const unknown = codes.filter((c) => !model.formByCode.has(c.toUpperCase()));
  if (unknown.length)
    throw unknownForm(
      unknown.join(', '),
      model.forms.map((f) => f.code),
    );
  // In the study's order, each once.
  const wanted = new Set(codes.map((c) => c.toUpperCase()));
  return model.forms.filter((f) => wanted.has(f.code));
}

/**
 * The current data (live records) of the chosen forms in the chosen formats, as a snapshot holds
 * them but without a lock: for a look before the cut. A manifest makes the folder verifiable too.
 * A failure leaves no half-written folder behind.
 */
export async function exportData(
  database: StudyDatabase,
  request: ExportDataRequest,
  context: CallContext,
): Promise<ExportResult> {
  const forms = chosenForms(database, request.forms);
  const dir = checkNewFolder(request.outDir, 'export');
  const existed = fs.existsSync(dir);
  const now = context.now();
  try {
    fs.mkdirSync(dir, { recursive: true });
    const written = await writeFormFiles(database, dir, {
      forms,
      formats: new Set(request.formats),
      createdAt: now,
      progress: context.progress,
    });
    const files = await describeFiles(dir, written.files);
    const { study } = database.model.definition;
    await writeManifest(dir, {
      format: 'cdm-export/1',
      cut: null,
      study: { code: study.code, name: study.name },
      exportedBy: context.user,
      exportedAt: now.toISOString(),
      rowCounts: written.rowCounts,
      files,
    });
    return { dir, files, rowCounts: written.rowCounts, warnings: written.warnings };
  } catch (error) {
    if (existed)
      for (const entry of fs.readdirSync(dir))
        fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    else fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
