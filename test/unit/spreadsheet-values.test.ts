import { describe, expect, it } from 'vitest';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { buildStudyModel } from '../../electron/core/study/study-model';
import { columnStandardiser, standardiseLabResult } from '../../electron/core/standardise/standardise-value';

/** Values as spreadsheets and pandas write them, not as the spec spells them (a hospital's own export script). */
const model = buildStudyModel(loadStudyDefinition());
const cell = (form: string, name: string, raw: string) =>
  columnStandardiser(model, model.formByCode.get(form)!.columnByName.get(name)!)(raw, undefined);
const read = (form: string, name: string, raw: string) => {
  const c = cell(form, name, raw);
  return c.issue ? `issue: ${c.issue.kind}` : c.value;
};

describe('values written by spreadsheets and scripts', () => {
  it.each([
    ['AETOXGR', '3.0', 3],
    ['AETOXGR', '3.00', 3],
    ['AETOXGR', ' 5.0 ', 5],
    ['AETOXGR', '3', 3],
    ['AETOXGR', '3.5', 'issue: not_in_code_list'],
    ['AETOXGR', '6.0', 'issue: not_in_code_list'],
    ['AETOXGR', '3,0', 'issue: not_in_code_list'],
  ])('reads the grade %s %j (a whole number written as a decimal by pandas) as %j', (name, raw, expected) => {
    expect(read('AE', name, raw)).toBe(expected);
  });

  it('reads ECOG 0.0 to 4.0 as the scores 0 to 4', () => {
    expect(['0.0', '1.0', '4.0', '5.0'].map((raw) => read('DM', 'ECOG', raw))).toEqual([
      0,
      1,
      4,
      'issue: not_in_code_list',
    ]);
  });

  it('reads the booleans of a checkbox column (TRUE, False, true) as Y and N, and nothing else', () => {
    expect(['TRUE', 'False', 'true', ' FALSE '].map((raw) => read('DM', 'DIALYSIS', raw))).toEqual([
      'Y',
      'N',
      'Y',
      'N',
    ]);
    expect(read('DM', 'DIALYSIS', 'T')).toBe('issue: not_yes_no');
    expect(read('DM', 'DIALYSIS', 'TRUE-ish')).toBe('issue: not_yes_no');
  });

  it('keeps codes that are not integers as they are: ISS "1.0" is no stage', () => {
    expect(read('DM', 'ISS', 'I')).toBe('I');
    expect(read('DM', 'ISS', '1.0')).toBe('issue: not_in_code_list');
  });

  it.each([
    ['ANC', '1.5', '×10⁹/L', 1.5],
    ['ANC', '1.5', '10⁹/L', 1.5],
    ['ANC', '1.5', '10^3/㎕', 1.5],
    ['ANC', '1.5', '10³/µL', 1.5],
    ['ANC', '1.5', 'K/uL', 1.5],
    ['ANC', '1500', '/㎕', 1.5],
    ['ANC', '1500', '/mm³', 1.5],
    ['PLAT', '150', 'x10^3/uL', 150],
    ['HGB', '11.2', 'g/㎗', 11.2],
    ['HGB', '112', 'g/ℓ', 11.2],
    ['CREAT', '1.1', '㎎/㎗', 1.1],
    ['UPEP', '200', '㎎/24hrs', 200],
    ['BMPC', '20', '％', 20],
  ])('reads %s %s %s as a Korean laboratory system prints the unit', (test, result, unit, expected) => {
    const read = standardiseLabResult(model, model.labTests.get(test), result, unit, undefined).result;
    expect(read.issue).toBeUndefined();
    expect(read.value).toBeCloseTo(expected, 9);
  });

  it('keeps a power a power: 10^9/L is not 109/L, and /mm³ is not /mm^3 of another unit', () => {
    const unit = (test: string, spelling: string) =>
      standardiseLabResult(model, model.labTests.get(test), '1', spelling, undefined).result.issue?.kind;
    expect(unit('ANC', '109/L')).toBe('lab_unit_not_accepted');
    expect(unit('ANC', '10⁶/L')).toBe('lab_unit_not_accepted');
    expect(unit('ANC', 'cells/mm³')).toBeUndefined();
  });
});
