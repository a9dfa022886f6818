import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';
import { readXpt } from '../helpers/xpt-reader';

const ctx = testContext();

describe('analysis files at the limits of SAS V5', () => {
  it('text longer than 200 bytes is cut at a character boundary in XPT only, with a warning naming it', async () => {
    const { api, dir } = newStudy();
    const long = '호중구 감소증과 발열을 동반한 중증 감염, 입원 치료 후 회복됨. '.repeat(5); // > 200 bytes of UTF-8
    expect(Buffer.byteLength(long)).toBeGreaterThan(200);
    loadRows(api, {
      site: 'S01',
      exportDate: '2019-01-15',
      forms: {
        DM: [dmRow('S01-001', 'S01'), dmRow('S01-002', 'S01', { RFICDAT: 'UNK-MAR-2018' })],
        AE: [
          { SUBJID: 'S01-001', AESEQ: '1', AETERM: long, AESTDAT: '2018-02', AETOXGR: '3', AESER: 'Y' },
          { SUBJID: 'S01-002', AESEQ: '1', AETERM: '빈혈', AESTDAT: '2018-04-01', AETOXGR: '1', AESER: 'N' },
        ],
      },
    });
    const out = path.join(dir, 'export');
    const result = await api.call(
      'data.export',
      { outDir: out, formats: ['xpt', 'dataset-json'], forms: ['AE', 'DM'] },
      ctx,
    );
    expect(result.warnings).toEqual([
      'xpt/ae.xpt: 1 value(s) of AETERM longer than 200 bytes were cut to fit SAS V5; the whole text is in datasets/AE.json',
    ]);
    const { variables, rows } = await readXpt(path.join(out, 'xpt/ae.xpt'));
    expect(variables.find((v) => v.name === 'AETERM')!.length).toBe(200);
    const cut = rows[0]![variables.findIndex((v) => v.name === 'AETERM')] as string;
    expect(long.startsWith(cut.trimEnd())).toBe(true);
    expect(Buffer.byteLength(cut)).toBeGreaterThan(195);
    expect(cut).not.toContain('\uFFFD');
    const json = JSON.parse(fs.readFileSync(path.join(out, 'datasets/AE.json'), 'utf8'));
    expect(json.rows[0][json.columns.findIndex((c: { name: string }) => c.name === 'AETERM')]).toBe(
      long.trim(),
    );
    // A partial required date leaves the SAS date empty and keeps its text.
    const dm = await readXpt(path.join(out, 'xpt/dm.xpt'));
    const at = (name: string) => dm.variables.findIndex((v) => v.name === name);
    expect(dm.rows[1]![at('RFICDAT')]).toBeNull();
    expect(dm.rows[1]![at('RFICDTC')]).toBe('2018-03');
  });

  it('an export of a study without records writes empty datasets that still read back', async () => {
    const { api, dir } = newStudy();
    const out = path.join(dir, 'empty');
    const result = await api.call('data.export', { outDir: out, formats: ['xpt', 'dataset-json'] }, ctx);
    expect(Object.values(result.rowCounts).every((n) => n === 0)).toBe(true);
    const { rows, variables } = await readXpt(path.join(out, 'xpt/cm.xpt'));
    expect(rows).toEqual([]);
    expect(variables.map((v) => v.name)).toContain('CMSTDTC');
    const json = JSON.parse(fs.readFileSync(path.join(out, 'datasets/CM.json'), 'utf8'));
    expect(json).toMatchObject({ records: 0, rows: [] });
  });
});
