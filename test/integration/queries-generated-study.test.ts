import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { answerQueryList, expectNoFormulaInXlsx, queryListRows } from '../helpers/query-list-files';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';
import { connectionOf } from '../../electron/core/db/connection';

describe('query lists on a generated study', () => {
  it('sends every site its list, loads the answers, and keeps them through the next delivery', async () => {
    const generated = tempDir('cdm-generated-');
    const manifest = await generateStudy({
      outDir: generated,
      seed: 11,
      subjects: 30,
      sites: 2,
      rounds: 2,
      definition: loadStudyDefinition(),
    });
    const { api, dir } = newStudy();
    const ctx = testContext('dm.kim', '2026-01-05T01:00:00.000Z');
    for (const e of manifest.rounds[0]!.exports)
      await api.call('imports.run', { paths: [path.join(generated, e.path)] }, ctx);
    await api.call('checks.run', {}, ctx);
    // One manual query a site, so that every site has something to answer whatever the checks found.
    for (const siteId of manifest.rounds[0]!.exports.map((e) => e.siteId)) {
      const subject = (await api.call('data.list', { form: 'DM', site: siteId, limit: 1 }, ctx)).records[0]!
        .SUBJID as string;
      await api.call(
        'queries.raise',
        {
          subjectId: subject,
          form: 'DM',
          recordKey: subject,
          field: 'ECOG',
          message: 'ECOG 점수를 원자료와 대조해 주십시오',
        },
        ctx,
      );
    }
    const open = (await api.call('discrepancies.list', { status: ['OPEN'] }, ctx)).total;

    const sent = await api.call('queries.export', { outDir: path.join(dir, 'lists') }, ctx);
    expect(sent.newlyQueried).toBe(open);
    expect(sent.files.map((f) => f.siteId).sort()).toEqual(
      manifest.rounds[0]!.exports.map((e) => e.siteId).sort(),
    );
    const answeredIds: string[] = [];
    for (const file of sent.files) {
      await expectNoFormulaInXlsx(file.path);
      const ids = [...(await queryListRows(file.path)).keys()];
      expect(ids).toHaveLength(file.queries);
      await answerQueryList(file.path, Object.fromEntries(ids.map((id) => [id, `확인함 (${id})`])));
      answeredIds.push(...ids);
    }
    const loaded = await api.call(
      'queries.import',
      { files: sent.files.map((f) => f.path) },
      testContext('dm.lee', '2026-01-12T01:00:00.000Z'),
    );
    expect(loaded.rejected).toEqual([]);
    expect(loaded.applied.map((a) => a.queryId).sort()).toEqual(answeredIds.sort());
    expect((await api.call('discrepancies.list', { status: ['QUERIED', 'OPEN'] }, ctx)).total).toBe(0);

    // The next delivery: whatever the sites corrected is RESOLVED, the rest stays ANSWERED; answers stay.
    for (const e of manifest.rounds[1]!.exports)
      await api.call('imports.run', { paths: [path.join(generated, e.path)] }, ctx);
    await api.call('checks.run', {}, testContext('dm.kim', '2026-02-01T01:00:00.000Z'));
    const after = (await api.call('discrepancies.list', { limit: 10_000 }, ctx)).rows.filter(
      (d) => d.queryId !== null,
    );
    expect(after).toHaveLength(answeredIds.length);
    for (const d of after) expect(['ANSWERED', 'RESOLVED']).toContain(d.status);
    const answers = connectionOf(api.database)
      .prepare('SELECT count(*) FROM queries WHERE answer IS NOT NULL')
      .pluck()
      .get();
    expect(answers).toBe(answeredIds.length);
    fs.rmSync(generated, { recursive: true, force: true });
  });
});
