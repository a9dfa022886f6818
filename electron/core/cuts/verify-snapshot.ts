import fs from 'node:fs';
import path from 'node:path';
import type { VerifyResult } from '../../../shared/api/cuts';
import { sha256File } from '../common/file-hash';
import { MANIFEST, readManifest } from './snapshot-manifest';

function filesUnder(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, base);
    return [path.relative(base, full).split(path.sep).join('/')];
  });
}

/**
 * Checks a snapshot (or an export) folder against its manifest: every file present, unchanged, and
 * nothing added.
 */
export async function verifySnapshot(dir: string): Promise<VerifyResult> {
  const manifest = readManifest(dir);
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
