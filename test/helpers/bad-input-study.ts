import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { databaseHash } from './database-hash';
import { expectDone, expectRefused } from './cli-expect';
import { runCli, type CliRun } from './run-cli';
import { tempDir } from './study-builder';

/** Options of one bad-input case: it runs the command line in child processes. */
export const CASE = { timeout: 120_000 };
/** A child still running after this is killed and reported as hung. */
export const CHILD_TIMEOUT = 30_000;

/**
 * The study the bad-input tests of the command line start from: a generated study (seed 5, 40
 * subjects, site S01 as a CSV folder and S02 as a workbook, one round) and a study database
 * holding one good import (S01). Each case works in a folder of its own on a copy of that database.
 * Made in a test file's beforeAll with `BadInputStudy.create`, removed in its afterAll.
 */
export class BadInputStudy {
  private cases = 0;

  private constructor(
    readonly root: string,
    /** A study database holding one good import: generated site S01, round 1 (a CSV folder). */
    readonly baseDb: string,
    readonly baseHash: string,
    /** Generated exports: S01 as a CSV folder, S02 as a workbook. */
    readonly s01Folder: string,
    readonly s02Workbook: string,
    /** The export date of S01's import. */
    readonly s01Latest: string,
    /** A subject enrolled at S01. */
    readonly s01Subject: string,
  ) {}

  static async create(prefix: string): Promise<BadInputStudy> {
    const root = tempDir(prefix);
    const manifest = await generateStudy({
      outDir: path.join(root, 'gen'),
      seed: 5,
      subjects: 40,
      sites: 2,
      rounds: 1,
      definition: loadStudyDefinition(),
    });
    const round = manifest.rounds[0]!;
    const s01Folder = path.join(root, 'gen', round.exports.find((e) => e.siteId === 'S01')!.path);
    const s02Workbook = path.join(root, 'gen', round.exports.find((e) => e.siteId === 'S02')!.path);
    expect(fs.statSync(s01Folder).isDirectory()).toBe(true);
    expect(s02Workbook).toMatch(/\.xlsx$/);

    const baseDb = path.join(root, 'base.db');
    expectDone(await runCli(['init', baseDb, '--user', 'dm']));
    expectDone(await runCli(['import', baseDb, s01Folder, '--user', 'dm']));
    const baseHash = databaseHash(baseDb);
    const db = new Database(baseDb, { readonly: true });
    const s01Subject = (
      db
        .prepare("SELECT subject_id FROM form_dm WHERE site_id = 'S01' ORDER BY subject_id LIMIT 1")
        .get() as {
        subject_id: string;
      }
    ).subject_id;
    db.close();
    return new BadInputStudy(root, baseDb, baseHash, s01Folder, s02Workbook, round.exportDate, s01Subject);
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  /** A fresh folder for one case, and a copy of the study database with its one good import. */
  newCase(files: Record<string, Uint8Array | string> = {}): { dir: string; db: string } {
    const dir = path.join(this.root, `case-${++this.cases}`);
    fs.mkdirSync(dir, { recursive: true });
    const db = path.join(dir, 'study.db');
    fs.copyFileSync(this.baseDb, db);
    // Dated as a site's export folder is (the export date comes from the names).
    const data = path.join(dir, 'export_20300101');
    fs.mkdirSync(data);
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(data, name)), { recursive: true });
      fs.writeFileSync(path.join(data, name), content);
    }
    return { dir: data, db };
  }

  expectUnchanged(db: string): void {
    expect(databaseHash(db), `${db} changed`).toBe(this.baseHash);
  }

  /** Runs an import that must be refused with this message, the database unchanged. */
  async importRefused(
    db: string,
    paths: string[],
    message: string | RegExp,
    extra: string[] = [],
    code = 1,
  ): Promise<CliRun> {
    const run = await runCli(['import', db, ...paths, ...extra], { timeoutMs: CHILD_TIMEOUT });
    expectRefused(run, message, code);
    this.expectUnchanged(db);
    return run;
  }
}
