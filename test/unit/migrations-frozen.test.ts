import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../electron/core/db/migrations';

/**
 * A migration is never edited once a later one exists: databases made with it must end with the
 * same schema as new ones. Each migration file, and each module of this project a migration uses
 * (what it imports for its values, not for its types), is recorded here with its SHA-256. A new
 * migration adds its line; changing a recorded file fails this test: write a new migration instead.
 * (Prettier leaves these files alone: .prettierignore.)
 */
const RECORDED: Record<string, string> = {
  'migrations/0001-study-imports-records.ts':
    '6f763785ce737bf8458ebb64e0668d2e42448de61ddbaf68a868ff426326ae33',
  'migrations/0002-discrepancies-queries.ts':
    'c3cba8a95e39897f72f8f6105509e4697773a1b2d0b911c207c02fe01cc582a6',
  'migrations/0003-audit-trail.ts': '5e8baea5a65aea07405dd37ce51676f62e78595190527086fbbc11e38cd994f5',
  'migrations/0004-data-cuts.ts': 'ff5f900cc74adfc3acba965fa750e444347533c289fc3530eb3cbbab17e57540',
  'migrations/0005-repair-version-4.ts': '53aac607ecd4812a7e4ff96ea168b7330a7fec1ac34e3d5c2c7ebfccf1171479',
  'migrations/0006-form-tables.ts': 'a9d2bcf55237046e1ec010b9e84169814bb741626955c9bd0029e27b1c631f45',
  'migrations/0007-number-dates.ts': '6a53785371623760cd1ee09402e4c8869ae0783b5b3f1551a8e34af3e9638f6a',
  'migrations/0008-messages-site-languages.ts':
    '657088dbc5b227b351e0d29e3f957ed42bb124a3011cb83297677e11d2b400e1',
  'migrations/0009-medical-coding.ts': '13836042cc015d931f6297fd725c866c9a6a898e281b0bf5e6201d3a16608337',
  'migrations/0010-review-marks.ts': '4dc9d86351a0390f45fa310c4222f97fce2a5b5d9eb0c81fa2a234e66188bea6',
  'migrations/0011-review-form-tables.ts': '0aa4930103945d09d1f0d407c7a66726d00c7a1ca149105c84655ea8664f10e2',
  'migrations/0012-repeated-records-index.ts':
    '4e6655d5746334df87c2f1618f21e1a6e9875dffea53ffd0d784f3616657cf1e',
  'lock-triggers.ts': '421eccbc856519322f950a806446b68618954334179dc1f09b4035bb622880c1',
};

const DB = path.resolve(import.meta.dirname, '../../electron/core/db');
const sha256 = (file: string) =>
  createHash('sha256')
    .update(fs.readFileSync(path.join(DB, file)))
    .digest('hex');
const migrationFiles = () =>
  fs
    .readdirSync(path.join(DB, 'migrations'))
    .filter((f) => /^\d{4}-.+\.ts$/.test(f))
    .sort()
    .map((f) => `migrations/${f}`);

/** Modules of this project a file imports for their values (`import type` changes no schema). */
function valueImports(file: string): string[] {
  const source = fs.readFileSync(path.join(DB, file), 'utf8');
  return [...source.matchAll(/^import (?!type )[^;]*?from '(\.[^']+)';/gm)].map((m) =>
    path.relative(DB, path.resolve(path.dirname(path.join(DB, file)), `${m[1]}.ts`)),
  );
}

describe('schema migrations', () => {
  it('are numbered 1, 2, 3, ... with nothing missing, one file a version', () => {
    const files = migrationFiles();
    expect(files.map((f) => Number(path.basename(f).slice(0, 4)))).toEqual(files.map((_, i) => i + 1));
    expect(files).toHaveLength(migrations.length);
  });

  it('are never edited once recorded: every migration and what it uses is as recorded', () => {
    const used = [...new Set(migrationFiles().flatMap((f) => [f, ...valueImports(f)]))].sort();
    expect(used).toEqual(Object.keys(RECORDED).sort());
    for (const file of used)
      expect(sha256(file), `${file} changed: write a new migration instead`).toBe(RECORDED[file]);
  });
});
