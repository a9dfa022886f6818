import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import { runChecks } from '../../electron/core/checks/run-checks';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';

/**
 * A check run on two threads (the checks that read no derived fact, or only facts cheap to build
 * twice, on a helper thread with its own connection) finds exactly what a run on one thread finds,
 * in a full run and in a run scoped to the sites imported since. The helper is used for studies of
 * 2,000 subjects and more; here it is asked for on a small study. A check run alone (which builds
 * only the facts it reads) finds what it found in the run of all.
 */
const ctx = testContext();
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function discrepancies(api: StudyApi) {
  const page = await api.call('discrepancies.list', { limit: 50_000 }, ctx);
  return page.rows.map((d) => `${d.checkId} ${d.recordKey} ${d.field} ${d.status} ${d.message}`).sort();
}

describe('a check run on two threads', () => {
  it('finds what a run on one thread finds, full and scoped', async () => {
    const out = tempDir('cdm-helper-gen-');
    dirs.push(out);
    const manifest = await generateStudy({
      outDir: out,
      seed: 11,
      subjects: 60,
      sites: 3,
      rounds: 2,
      definition: loadStudyDefinition(),
      inject: { checks: 'all', perCheck: 2 },
    });
    const [round1, round2] = manifest.rounds.map((r) => path.join(out, r.name));
    const helped = newStudy();
    const alone = newStudy();
    dirs.push(helped.dir, alone.dir);
    const answers: boolean[] = [];
    const onHelperAnswer = (answered: boolean) => answers.push(answered);
    const both = [
      { api: helped.api, helperMinSubjects: 0 },
      { api: alone.api, helperMinSubjects: Number.POSITIVE_INFINITY },
    ];

    // Every site's first export and all but one site's second (the planted errors are in it).
    const sites = fs.readdirSync(round2!).sort();
    const last = sites.at(-1)!;
    for (const { api } of both) {
      await api.call('imports.batch', { dir: round1!, dryRun: false }, ctx);
      for (const site of sites.slice(0, -1))
        await api.call('imports.run', { paths: [path.join(round2!, site)], dryRun: false }, ctx);
    }
    const full = [];
    for (const { api, helperMinSubjects } of both)
      full.push(await runChecks(api.database, { full: true }, ctx, { helperMinSubjects, onHelperAnswer }));
    expect(full[0]!.errors).toEqual([]);
    expect(full[0]!.checks.map((c) => [c.checkId, c.found])).toEqual(
      full[1]!.checks.map((c) => [c.checkId, c.found]),
    );
    expect(full[0]!.totals.found).toBeGreaterThan(0);
    expect(await discrepancies(helped.api)).toEqual(await discrepancies(alone.api));
    for (const { checkId, found } of full[1]!.checks) {
      const one = await runChecks(alone.api.database, { checkIds: [checkId] }, ctx);
      expect([one.errors, one.checks.map((c) => [c.checkId, c.found])], checkId).toEqual([
        [],
        [[checkId, found]],
      ]);
    }

    // The last site's second export, then a run scoped to it.
    for (const { api } of both)
      await api.call('imports.run', { paths: [path.join(round2!, last)], dryRun: false }, ctx);
    const scoped = [];
    for (const { api, helperMinSubjects } of both)
      scoped.push(await runChecks(api.database, {}, ctx, { helperMinSubjects, onHelperAnswer }));
    expect(scoped[0]!.scope.kind).toBe('sites');
    expect(scoped[0]!.errors).toEqual([]);
    expect(scoped[0]!.checks.map((c) => [c.checkId, c.found, c.new, c.resolved])).toEqual(
      scoped[1]!.checks.map((c) => [c.checkId, c.found, c.new, c.resolved]),
    );
    expect(await discrepancies(helped.api)).toEqual(await discrepancies(alone.api));
    // Both runs of the first study were helped, and the helper answered.
    expect(answers).toEqual([true, true]);
  }, 120_000);
});
