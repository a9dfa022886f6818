/**
 * The demo study `npm start` opens when no study is given: generated site exports, imported round by
 * round through the API (imports.batch) and checked (checks.run), so the app opens on a study that
 * already has discrepancies. Kept in the user's cache folder; rebuilt when missing or unreadable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStudy, openStudy } from '../electron/core/api/open-study';
import { StudyError } from '../electron/core/common/errors';
import { generateStudy } from '../tools/generator/compose/generate-study';
import { DEFAULT_STUDY_FILE, loadStudyDefinition } from '../electron/core/study/load-definition';

/** Bump to rebuild every cached demo (e.g. when the generator changes what it writes). */
const DEMO_VERSION = 3;
export const DEMO_SIZE = { seed: 20260101, subjects: 150, sites: 6, rounds: 3 };

/** The per-user cache folder of the workstation. */
export function userCacheDir(): string {
  if (process.env.CDM_CACHE_DIR) return process.env.CDM_CACHE_DIR;
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(
      process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'),
      'cdm-workstation',
      'Cache',
    );
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'cdm-workstation');
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'cdm-workstation');
}

function usable(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  try {
    openStudy(file).close();
    return true;
  } catch (error) {
    if (error instanceof StudyError) return false;
    throw error;
  }
}

export async function ensureDemoStudy(
  options: { cacheDir?: string; log?: (message: string) => void } = {},
): Promise<string> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dir = path.join(options.cacheDir ?? userCacheDir(), `demo-v${DEMO_VERSION}`);
  const file = path.join(dir, 'demo-study.db');
  if (usable(file)) return file;

  log(`building the demo study in ${dir} (once; about a minute)`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const exportsDir = path.join(dir, 'site-exports');
  const definition = loadStudyDefinition(DEFAULT_STUDY_FILE);
  // Errors of every check planted in the last round, so the screens have something to clean.
  const manifest = await generateStudy({
    outDir: exportsDir,
    ...DEMO_SIZE,
    definition,
    inject: { checks: 'all', perCheck: 3 },
  });
  const building = path.join(dir, `demo-study.building-${process.pid}.db`);
  const study = createStudy(building, definition, 'demo', new Date());
  const context = { user: 'demo', now: () => new Date() };
  try {
    // The synthetic dictionaries the generator wrote: MedDRA 90.0 (English, Korean) and WHODrug
    // before the imports, so they auto-code; 90.1 loaded too, for the Coding screen's upgrade.
    const dictionaries = manifest.dictionaries!;
    for (const m of [...dictionaries.meddra].sort((a, b) => a.version.localeCompare(b.version)))
      await study.call('dictionaries.load', { path: path.join(exportsDir, m.path), type: 'meddra' }, context);
    for (const w of dictionaries.whodrug)
      await study.call(
        'dictionaries.load',
        { path: path.join(exportsDir, w.path), type: 'whodrug' },
        context,
      );
    for (const round of manifest.rounds) {
      const items = await study.call('imports.batch', { dir: path.join(exportsDir, round.name) }, context);
      const failed = items.filter((item) => 'error' in item);
      log(
        `  ${round.name}: ${items.length - failed.length} site exports imported${failed.length ? `, ${failed.length} refused` : ''}`,
      );
    }
    const run = await study.call('checks.run', { full: true }, context);
    log(`  checks: ${run.totals.found} found, ${run.totals.new} new`);
  } finally {
    study.close();
  }
  fs.renameSync(building, file);
  return file;
}

// `npx tsx scripts/demo-study.ts`: builds (if needed) and prints the path.
if (
  process.argv[1] &&
  path.resolve(process.argv[1]).replace(/\.ts$/, '') ===
    path.resolve(new URL(import.meta.url).pathname).replace(/\.ts$/, '')
) {
  ensureDemoStudy().then(
    (file) => process.stdout.write(`${file}\n`),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
