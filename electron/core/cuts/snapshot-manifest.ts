import fs from 'node:fs';
import path from 'node:path';
import type { FileFormat, WrittenFile } from '../../../shared/api/exports';
import { badInput } from '../common/errors';
import { sha256File } from '../common/file-hash';

/**
 * The manifest a snapshot (or export) folder holds: what was written, with the SHA-256, size and
 * format of every file. Its own module, apart from the repositories, so that `verify` needs no
 * database (Electron's main process imports it and must not load the database engine).
 */
export const MANIFEST = 'manifest.json';
export const SNAPSHOT_DATABASE = 'study.db';

/** A locked cut's snapshot, or an export of the current data (no cut). */
export const MANIFEST_FORMATS = ['cdm-snapshot/1', 'cdm-export/1'] as const;

export interface SnapshotManifest {
  format: (typeof MANIFEST_FORMATS)[number];
  /** The data cut (null for an export of the current data). */
  cut: string | null;
  study: { code: string; name: string };
  lockedBy?: string;
  lockedAt?: string;
  reason?: string;
  forced?: boolean;
  exportedBy?: string;
  exportedAt?: string;
  rowCounts: Record<string, number>;
  discrepancies?: number;
  /** `format` was added with the CDISC files; manifests written before it name files only. */
  files: (Omit<WrittenFile, 'format'> & { format?: FileFormat })[];
}

/** The kind of a file by its name (for manifests that do not say). */
export function formatOfPath(file: string): FileFormat {
  if (file === SNAPSHOT_DATABASE) return 'database';
  if (file.endsWith('.xpt')) return 'xpt';
  if (file.endsWith('.xml')) return 'define-xml';
  if (file.endsWith('.json')) return 'dataset-json';
  return file.endsWith('.xlsx') ? 'xlsx' : 'csv';
}

/** Size and SHA-256 of each file written in `dir` (paths relative, with /). */
export async function describeFiles(
  dir: string,
  written: readonly { path: string; format: FileFormat }[],
): Promise<WrittenFile[]> {
  const files: WrittenFile[] = [];
  for (const file of written) {
    const full = path.join(dir, file.path);
    files.push({
      path: file.path,
      sha256: await sha256File(full),
      bytes: fs.statSync(full).size,
      format: file.format,
    });
  }
  return files;
}

/** Writes manifest.json; returns its own SHA-256 (kept with the cut in the database). */
export async function writeManifest(dir: string, manifest: SnapshotManifest): Promise<string> {
  const file = path.join(dir, MANIFEST);
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return sha256File(file);
}

export function readManifest(dir: string): SnapshotManifest {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw badInput(`${dir}: no such snapshot folder`);
  if (!fs.existsSync(file))
    throw badInput(`${dir}: no ${MANIFEST}: not a snapshot, or its manifest is missing`);
  try {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as SnapshotManifest;
    if (!MANIFEST_FORMATS.includes(manifest.format) || !Array.isArray(manifest.files))
      throw new Error('unknown format');
    return manifest;
  } catch (error) {
    throw badInput(`${file}: not a snapshot manifest (${(error as Error).message})`);
  }
}
