import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { buildStudyModel } from '../../electron/core/study/study-model';

/** What the generator's test files share: the study, and folders of their own that go at the end. */

export const definition = loadStudyDefinition();
export const model = buildStudyModel(definition);
export const FORMS = definition.forms.map((f) => f.code);

/** A function that makes new temporary folders, all removed after the test file that calls it. */
export function temporaryFolders(): (label: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (label) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cdm-generator-${label}-`));
    made.push(dir);
    return dir;
  };
}

/** Every file of a folder (path relative to it) and its SHA-256. */
export function treeHash(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        hashes.set(
          path.relative(dir, full),
          crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'),
        );
    }
  };
  walk(dir);
  return hashes;
}
