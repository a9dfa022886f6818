import { describe, expect, it } from 'vitest';
import {
  analysisCodeLists,
  analysisDataset,
  analysisRowOf,
  sasDate,
} from '../../electron/core/export/analysis-dataset';
import { loadStudyDefinition, parseStudyDefinition } from '../../electron/core/study/load-definition';
import { buildStudyModel } from '../../electron/core/study/study-model';
import type { StudyDefinition } from '../../shared/study/definition-schema';

/** Every name over 8 characters and every label over 40 bytes, anywhere the analysis files use one. */
function sasLimitProblems(definition: StudyDefinition): string[] {
  const model = buildStudyModel(definition);
  const problems: string[] = [];
  for (const form of model.forms) {
    const dataset = analysisDataset(model, form);
    if (dataset.name.length > 8) problems.push(`dataset name ${dataset.name}`);
    if (Buffer.byteLength(dataset.label) > 40) problems.push(`label of ${form.code}: ${dataset.label}`);
    const names = new Set<string>();
    for (const v of dataset.variables) {
      if (v.name.length > 8) problems.push(`${form.code}.${v.name}: name over 8 characters`);
      if (Buffer.byteLength(v.label) > 40) problems.push(`${form.code}.${v.name}: label over 40 bytes`);
      if (names.has(v.name)) problems.push(`${form.code}.${v.name}: twice`);
      names.add(v.name);
    }
  }
  return problems;
}

const shipped = loadStudyDefinition();
const changed = (change: (d: StudyDefinition) => void): StudyDefinition => {
  const copy = structuredClone(shipped);
  change(copy);
  return parseStudyDefinition(copy, 'test');
};

describe('analysis datasets from the study definition', () => {
  it('every name, label and companion of the study fits SAS V5 (8-character names, 40-byte labels)', () => {
    expect(sasLimitProblems(shipped)).toEqual([]);
    for (const form of shipped.forms)
      for (const c of form.columns)
        if (c.type === 'date' || c.type === 'labresult')
          expect(c.companion, `${form.code}.${c.name}`).toBeDefined();
  });

  it('the check finds a 9-character name or a 41-character label anywhere in the definition', () => {
    // (AETERM is the coded verbatim: another AE column is renamed.)
    expect(sasLimitProblems(changed((d) => (d.forms[2]!.columns[6]!.name = 'AEONGOXYZ')))).toEqual([
      'AE.AEONGOXYZ: name over 8 characters',
    ]);
    expect(
      sasLimitProblems(changed((d) => (d.forms[2]!.coding!.columns[1]!.label = 'x'.repeat(41)))),
    ).toEqual(['AE.AEPTCD: label over 40 bytes']);
    expect(sasLimitProblems(changed((d) => (d.forms[0]!.columns[1]!.label = 'x'.repeat(41))))).toEqual([
      'DM.SUBJID: label over 40 bytes',
    ]);
    expect(
      sasLimitProblems(
        changed((d) => (d.forms[5]!.columns[1]!.companion = { name: 'EOTDATETC', label: 'x' })),
      ),
    ).toEqual(['DS.EOTDATETC: name over 8 characters']);
    expect(
      sasLimitProblems(changed((d) => (d.forms[6]!.name = 'Concomitant medication and other therapy'))),
    ).toEqual([]);
    expect(
      sasLimitProblems(changed((d) => (d.forms[6]!.name = 'Concomitant medications and other therapy'))),
    ).toEqual(['label of CM: Concomitant medications and other therapy']);
  });

  it('dates give a date and its ISO text; lab results their text and their number', () => {
    const model = buildStudyModel(shipped);
    const lb = analysisDataset(model, model.formByCode.get('LB')!);
    expect(lb.variables.map((v) => [v.name, v.type, v.keySequence ?? null])).toEqual([
      ['SUBJID', 'text', 1],
      ['LBDAT', 'date', 3],
      ['LBDTC', 'text', null],
      ['LBTESTCD', 'text', 2],
      ['LBORRES', 'text', null],
      ['LBSTRESN', 'float', null],
      ['LBORRESU', 'text', null],
    ]);
    const row = (r: Record<string, string | number | null>) =>
      analysisRowOf(lb, model.formByCode.get('LB')!, r);
    const base = { SUBJID: 'S01-001', LBTESTCD: 'ANC', LBORRESU: '10^9/L' };
    expect(row({ ...base, LBDAT: '2019-03-05', LBORRES: 1.5 })).toEqual([
      'S01-001',
      '2019-03-05',
      '2019-03-05',
      'ANC',
      '1.5',
      1.5,
      '10^9/L',
    ]);
    expect(row({ ...base, LBDAT: '2019-03', LBORRES: 'POSITIVE', LBTESTCD: 'SIFE', LBORRESU: null })).toEqual(
      ['S01-001', null, '2019-03', 'SIFE', 'POSITIVE', null, null],
    );
    expect(lb.variables[1]!.displayFormat).toBe('DATE9.');
    expect(lb.variables[2]!.partialDate).toBe(true);
  });

  it('coded columns are variables assigned by coding: AEDECOD in its place, the others after; MedDRA codes are integers', () => {
    const model = buildStudyModel(shipped);
    const form = model.formByCode.get('AE')!;
    const ae = analysisDataset(model, form);
    const variable = (name: string) => ae.variables.find((v) => v.name === name)!;
    expect(ae.variables.map((v) => v.name).slice(0, 5)).toEqual([
      'SUBJID',
      'AESEQ',
      'AETERM',
      'AEDECOD',
      'AESTDAT',
    ]);
    expect(ae.variables.slice(-9).map((v) => [v.name, v.type, v.coded])).toEqual([
      ['AEPTCD', 'integer', true],
      ['AELLT', 'text', true],
      ['AELLTCD', 'integer', true],
      ['AEHLT', 'text', true],
      ['AEHLTCD', 'integer', true],
      ['AEHLGT', 'text', true],
      ['AEHLGTCD', 'integer', true],
      ['AESOC', 'text', true],
      ['AESOCCD', 'integer', true],
    ]);
    expect(variable('AEDECOD')).toMatchObject({
      type: 'text',
      coded: true,
      label: 'Dictionary-derived term (MedDRA PT)',
    });
    expect(variable('AETERM').coded).toBeUndefined();
    const row = analysisRowOf(ae, form, {
      SUBJID: 'S01-001',
      AESEQ: 1,
      AETERM: '호중구감소증',
      AEDECOD: 'Neutropenia',
      AEPTCD: 94000001,
      AESOC: 'Blood and lymphatic system disorders',
    });
    expect(row[ae.variables.indexOf(variable('AEDECOD'))]).toBe('Neutropenia');
    expect(row[ae.variables.indexOf(variable('AEPTCD'))]).toBe(94000001);
    expect(row[ae.variables.indexOf(variable('AESOC'))]).toBe('Blood and lymphatic system disorders');
    expect(row[ae.variables.indexOf(variable('AELLT'))]).toBeNull();
    const cm = analysisDataset(model, model.formByCode.get('CM')!);
    expect(cm.variables.filter((v) => v.coded).map((v) => [v.name, v.type])).toEqual([
      ['CMDECOD', 'text'],
      ['CMDRGCD', 'text'],
      ['CMATC', 'text'],
      ['CMCLAS', 'text'],
      ['CMINGRD', 'text'],
    ]);
  });

  it('the date format and code lists come from the definition', () => {
    const model = buildStudyModel(changed((d) => (d.analysisFiles.dateFormat = 'YYMMDD10.')));
    const dm = analysisDataset(model, model.formByCode.get('DM')!);
    expect(dm.variables.find((v) => v.name === 'RFICDAT')!.displayFormat).toBe('YYMMDD10.');
    const lists = analysisCodeLists(model, [dm]);
    expect(lists.map((l) => [l.name, l.dataType])).toEqual([
      ['SEX', 'text'],
      ['ECOG', 'integer'],
      ['ISS', 'text'],
      ['NY', 'text'],
      ['HEPIMP', 'text'],
    ]);
    expect(lists.find((l) => l.name === 'NY')!.values.map((v) => v.code)).toEqual(['Y', 'N']);
  });

  it('a definition stored before companions existed still gets 8-character companion names', () => {
    const old = changed((d) => {
      for (const f of d.forms) for (const c of f.columns) delete c.companion;
    });
    expect(sasLimitProblems(old)).toEqual([]);
    const model = buildStudyModel(old);
    const names = (code: string) =>
      analysisDataset(model, model.formByCode.get(code)!).variables.map((v) => v.name);
    expect(names('DS')).toContain('LSTCNDTC');
    expect(names('LB')).toContain('LBORRESN');
  });

  it('SAS dates count days from 1960-01-01', () => {
    expect(sasDate('1960-01-01')).toBe(0);
    expect(sasDate('1959-12-31')).toBe(-1);
    expect(sasDate('2017-12-22')).toBe(21175);
    expect(sasDate('2000-02-29')).toBe(14669);
  });
});
