import fs from 'node:fs';
import path from 'node:path';
import type { VerifyResult } from '../../../shared/api/cuts';
import { badInput } from '../common/errors';
import { sha256File } from '../common/file-hash';
import { MANIFEST, type SnapshotManifest } from './snapshot-manifest';

function filesUnder(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, base);
    return [path.relative(base, full).split(path.sep).join('/')];
  });
}

/** Checks a snapshot folder against its manifest: every file present, unchanged, and nothing added. */
export async function verifySnapshot(dir: string): Promise<VerifyResult> {
  const manifestFile = path.join(dir, MANIFEST);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw badInput(`${dir}: no such snapshot folder`);
  if (!fs.existsSync(manifestFile))
    throw badInput(`${dir}: no ${MANIFEST}: not a snapshot, or its manifest is missing`);
  let manifest: SnapshotManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as SnapshotManifest;
    if (manifest.format !== 'cdm-snapshot/1' || !Array.isArray(manifest.files))
      throw new Error('unknown format');
  } catch (error) {
    throw badInput(`${manifestFile}: not a snapshot manifest (${(error as Error).message})`);
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const file of manifest.files) {
    const full = path.join(dir, file.path);
    if (!fs.existsSync(full)) missing.push(file.path);
    else if ((await sha256File(full)) !== file.sha256) changed.push(file.path);
  }
  const added = filesUnder(dir).filter(
    (f) => f !== MANIFEST && !listed.has(f) && !/-(wal|shm|journal)$/.test(f),
  );
  return {
    ok: changed.length === 0 && missing.length === 0 && added.length === 0,
    cut: manifest.cut ?? null,
    changed,
    missing,
    added,
    checked: manifest.files.length,
  };
}
