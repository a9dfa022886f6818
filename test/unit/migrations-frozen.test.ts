import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../electron/core/db/migrations';
import { pgMigrations } from '../../electron/core/db/migrations/postgres';

/**
 * A migration is never edited once a later one exists: databases made with it must end with the
 * same schema as new ones. Each migration file, and each module of this project a migration uses
 * (what it imports for its values, not for its types), is recorded here with its SHA-256. A new
 * migration adds its line; changing a recorded file fails this test: write a new migration instead.
 * (Prettier leaves these files alone: .prettierignore.)
 */
const RECORDED: Record<string, string> = {
  'lock-triggers.ts': '421eccbc856519322f950a806446b68618954334179dc1f09b4035bb622880c1',
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
  'migrations/0013-team-mode.ts': '7b1b039b1abcc937ea7ec83324ecbd66a1714fd80c7e2cf64db64b074f0eda5c',
  'migrations/0014-import-changed-subjects.ts':
    'e472849738920fc675fb35aa3092bffa1c0b784d9c0b53036185401064905893',
  'migrations/0015-custom-check-reader.ts':
    'aab2b95b374fedef194d54e42a5a1a452596a8a49ced078480b3f4aa83f1b483',
  'migrations/0016-import-issue-args.ts': '136d1efabf34fafac7707605ebacdd3f025fe13e51ef6d8c909e2952033ae6d1',
  'migrations/postgres/0001-study-imports-records.ts':
    '004fe9a3e4bda805283618af0a91be66f0ce5e0964339183df4bb4e2d92676fc',
  'migrations/postgres/0002-discrepancies-queries.ts':
    'f414736ba60c3d423a7102a2077165c456a36fb22763ad9e9fe173d1def9e9b4',
  'migrations/postgres/0003-audit-trail.ts':
    'b6562f95b616112ecae581e08bc97168a8bf2b6fd4f0ac5b1680695a2fcf1eb3',
  'migrations/postgres/0004-data-cuts.ts': '4a0f02f1d928ea42e4e648b58a74c18207187d0e5b15c56dd40fd936aae5745c',
  'migrations/postgres/0005-repair-version-4.ts':
    'a25d7edf49a06663905a98a27ae029771504fe21167b6a4476e61e3d64662d27',
  'migrations/postgres/0006-form-tables.ts':
    '20115e304e5dab03792e67596d876a0675566b64eb69e52707d373a3b4b1592a',
  'migrations/postgres/0007-number-dates.ts':
    '76cb2337fe8be423c28e01d0c2fd65a6af1f357c4441229ad212e938ff20d11d',
  'migrations/postgres/0008-messages-site-languages.ts':
    '924345cba1b77a1aa8ce5415b04e648e68c476b2278760f1801c2746a11641c4',
  'migrations/postgres/0009-medical-coding.ts':
    '4f01f8b5bbb0627cf61431940f7243d9715ee87a15bc43fcb39a0ae66b2206c5',
  'migrations/postgres/0010-review-marks.ts':
    '3d22f07a2815ccb717728d13e959714d6f36788a69b6a30f253ede82366bf48d',
  'migrations/postgres/0011-review-form-tables.ts':
    'ee1916883bf125aff2e1545af44120041cbcef29d0f4ab756c4aa94eda7b4d44',
  'migrations/postgres/0012-repeated-records-index.ts':
    '6e3067b46d0e7d858f8ab9e406518faafb864cb48f5f1446d954e1b0a04a15d8',
  'migrations/postgres/0013-team-mode.ts': '5d9f5dc74b8aabe67f9a3506d18bd06f52bb1a579708887725607e3cc2f48c5b',
  'migrations/postgres/0014-import-changed-subjects.ts':
    'b070f60ae3ae3dae459d0a729306774be740f5670f97cb85720382f1aa92208c',
  'migrations/postgres/0015-custom-check-reader.ts':
    '7809b58c05f521d15552a82ff988aff8246e78a5ceef06875daccc7b50aa8dd2',
  'migrations/postgres/0016-import-issue-args.ts':
    '6e9ee621424e862080a4fe5508b949515888570f8085774fb43de13589c4e860',
  'postgres/pg-ddl-from-sqlite.ts': '892223694e13a7d9878868fc76a635d21dd52757a4fdcab090bd86defb924940',
  'postgres/pg-lock-triggers.ts': '09ccfc4c3c51675fc2057b333ccc242718056f5334721d082c81b2296a542b65',
  'postgres/pg-mirror-functions.ts': '5620bd8e3b73486a61f5123d96ddedd547ad31fe6064438e589f18adcf6cf688',
};

const DB = path.resolve(import.meta.dirname, '../../electron/core/db');
const sha256 = (file: string) =>
  createHash('sha256')
    .update(fs.readFileSync(path.join(DB, file)))
    .digest('hex');
const chainFiles = (folder: string) =>
  fs
    .readdirSync(path.join(DB, folder))
    .filter((f) => /^\d{4}-.+\.ts$/.test(f))
    .sort()
    .map((f) => `${folder}/${f}`);
/** Both spellings of the chain: SQLite's (migrations/) and PostgreSQL's (migrations/postgres/). */
const migrationFiles = () => [...chainFiles('migrations'), ...chainFiles('migrations/postgres')];

/** Modules of this project a file imports for their values (`import type` changes no schema). */
function valueImports(file: string): string[] {
  const source = fs.readFileSync(path.join(DB, file), 'utf8');
  return [...source.matchAll(/^import (?!type )[^;]*?from '(\.[^']+)';/gm)].map((m) =>
    path.relative(DB, path.resolve(path.dirname(path.join(DB, file)), `${m[1]}.ts`)),
  );
}

describe('schema migrations', () => {
  it('are numbered 1, 2, 3, ... with nothing missing, one file a version, in both spellings', () => {
    for (const [folder, chain] of [
      ['migrations', migrations],
      ['migrations/postgres', pgMigrations],
    ] as const) {
      const files = chainFiles(folder);
      expect(files.map((f) => Number(path.basename(f).slice(0, 4)))).toEqual(files.map((_, i) => i + 1));
      expect(files).toHaveLength(chain.length);
    }
    expect(pgMigrations).toHaveLength(migrations.length);
  });

  it('are never edited once recorded: every migration and what it uses is as recorded', () => {
    const used = [...new Set(migrationFiles().flatMap((f) => [f, ...valueImports(f)]))].sort();
    expect(used).toEqual(Object.keys(RECORDED).sort());
    for (const file of used)
      expect(sha256(file), `${file} changed: write a new migration instead`).toBe(RECORDED[file]);
  });
});
