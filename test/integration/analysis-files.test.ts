import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifySnapshot } from '../../electron/core/cuts/verify-snapshot';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import type { StudyDefinition } from '../../shared/study/definition-schema';
import { defineXmlProblems, parseXml, type XmlNode } from '../helpers/define-xml-check';
import { REPOSITORY, runCli } from '../helpers/run-cli';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';
import { readXpt } from '../helpers/xpt-reader';

type Value = string | number | null;
type Json = Record<string, Value>;

const definition: StudyDefinition = loadStudyDefinition();
const ctx = testContext('dm.kim', '2026-02-01T09:30:00.000Z');
const COMPLETE = /^\d{4}-\d{2}-\d{2}$/;
/** Days since 1960-01-01, computed here independently of the writer. */
const sasDays = (iso: string) =>
  Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse('1960-01-01T00:00:00Z')) / 86_400_000);

let snapshot: string;
let dbFile: string;
const expected = new Map<string, Json[]>();

beforeAll(async () => {
  const generated = tempDir('cdm-cdisc-gen-');
  const manifest = await generateStudy({
    outDir: generated,
    seed: 13,
    subjects: 36,
    sites: 3,
    rounds: 3,
    definition,
  });
  const { api, dir, file } = newStudy();
  dbFile = file;
  // The synthetic dictionaries first: the imports code what they can, so the files carry coded columns.
  const releases = manifest.dictionaries!;
  for (const m of releases.meddra.filter((m) => m.version === '90.0'))
    await api.call('dictionaries.load', { path: path.join(generated, m.path), type: 'meddra' }, ctx);
  await api.call(
    'dictionaries.load',
    { path: path.join(generated, releases.whodrug[0]!.path), type: 'whodrug' },
    ctx,
  );
  for (const round of manifest.rounds)
    for (const e of round.exports)
      await api.call('imports.run', { paths: [path.join(generated, e.path)] }, ctx);
  await api.call('checks.run', {}, ctx);
  snapshot = path.join(dir, 'cut1');
  await api.call(
    'cuts.lock',
    { name: 'interim 1', reason: 'safety report', snapshotDir: snapshot, force: true },
    ctx,
  );
  api.database.close();
  // What the command line says the cut holds: the reference every file is compared with.
  for (const form of definition.forms) {
    const run = await runCli(['data', dbFile, '--form', form.code, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expected.set(form.code, JSON.parse(run.stdout) as Json[]);
  }
}, 240_000);

type Form = StudyDefinition['forms'][number];

/** The label of a column in the files: a coded column's where coding takes its place (AEDECOD). */
const labelOf = (form: Form, column: Form['columns'][number]) =>
  form.coding?.columns.find((c) => c.name === column.name)?.label ?? column.label;

/** Coded columns that are not columns of the form (AEPTCD, AESOC, ..., CMATC): after the form's. */
const addedCoded = (form: Form) =>
  (form.coding?.columns ?? []).filter((c) => !form.columns.some((f) => f.name === c.name));

/** MedDRA's codes are numbers; every other coded value is text. */
const codedIsNumber = (field: string) => /^(llt|pt|hlt|hlgt|soc)Code$/.test(field);

/** What each variable of a form must hold for one record of `data --format json`. */
function expectedCells(form: Form, record: Json, as: 'json' | 'xpt'): [string, Value][] {
  const blank = (v: Value) => (as === 'xpt' && v === null ? '' : v);
  const coded = addedCoded(form).map((c): [string, Value] => {
    const v = record[c.name] ?? null;
    return [c.name, codedIsNumber(c.field) ? v : blank(v)];
  });
  return form.columns
    .flatMap((c): [string, Value][] => {
      const v = record[c.name] ?? null;
      if (c.type === 'date') {
        const complete = typeof v === 'string' && COMPLETE.test(v);
        const date = complete ? (as === 'xpt' ? sasDays(v) : v) : null;
        return [
          [c.name, date],
          [c.companion!.name, blank(v)],
        ];
      }
      if (c.type === 'labresult')
        return [
          [c.name, blank(v === null ? null : String(v))],
          [c.companion!.name, typeof v === 'number' ? v : null],
        ];
      if (['integer', 'number'].includes(c.type)) return [[c.name, v]];
      return [[c.name, blank(v)]];
    })
    .concat(coded);
}

describe('CDISC files of a locked data cut', () => {
  it('the generated cut has records of every form, partial dates, lab codes and Korean text to carry', () => {
    for (const form of definition.forms)
      expect(expected.get(form.code)!.length, form.code).toBeGreaterThan(0);
    const all = [...expected.values()].flat();
    expect(
      all.some((r) => Object.values(r).some((v) => typeof v === 'string' && /^\d{4}(-\d{2})?$/.test(v))),
    ).toBe(true);
    expect(expected.get('LB')!.some((r) => typeof r.LBORRES === 'string')).toBe(true);
    expect(expected.get('AE')!.some((r) => /[가-힣]/.test(String(r.AETERM)))).toBe(true);
    // Coded and waiting records both: coded columns with values, and empty ones.
    for (const code of ['AE', 'CM']) {
      const codeColumn = code === 'AE' ? 'AEPTCD' : 'CMDRGCD';
      expect(expected.get(code)!.some((r) => r[codeColumn] !== null)).toBe(true);
      expect(expected.get(code)!.some((r) => r[codeColumn] === null)).toBe(true);
    }
    expect(expected.get('AE')!.some((r) => typeof r.AEPTCD === 'number')).toBe(true);
  });

  it('every Dataset-JSON file passes the Dataset-JSON 1.1 schema and holds exactly the values of `data`', () => {
    const ajv = new Ajv2019({ allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    const schema = JSON.parse(
      fs.readFileSync(path.join(REPOSITORY, 'resources/cdisc/dataset-json-1.1.schema.json'), 'utf8'),
    );
    const validate = ajv.compile(schema);
    for (const form of definition.forms) {
      const file = JSON.parse(fs.readFileSync(path.join(snapshot, 'datasets', `${form.code}.json`), 'utf8'));
      expect(validate(file), `${form.code}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      const records = expected.get(form.code)!;
      expect(file).toMatchObject({
        datasetJSONVersion: '1.1.0',
        itemGroupOID: `IG.${form.code}`,
        name: form.code,
        label: form.name,
        records: records.length,
        studyOID: definition.study.code,
        metaDataRef: 'define.xml',
        sourceSystem: { name: 'cdm-workstation' },
      });
      expect(file.rows).toHaveLength(records.length);
      const names = (file.columns as { name: string }[]).map((c) => c.name);
      const columns = new Map((file.columns as { name: string }[]).map((c) => [c.name, c]));
      // Keys in the form's key order; types as the standard names them.
      form.key.forEach((k, i) => expect(columns.get(k)).toMatchObject({ keySequence: i + 1 }));
      for (const c of addedCoded(form))
        expect(columns.get(c.name), c.name).toMatchObject({
          label: c.label,
          dataType: codedIsNumber(c.field) ? 'integer' : 'string',
        });
      for (const c of form.columns) {
        const column = columns.get(c.name)!;
        expect(column, c.name).toMatchObject({
          label: labelOf(form, c),
          itemOID: `IT.${form.code}.${c.name}`,
        });
        const type = { date: 'date', integer: 'integer', number: 'double' }[c.type as string] ?? 'string';
        expect(column, c.name).toMatchObject({ dataType: type });
        if (c.type === 'date')
          expect(column).toMatchObject({ targetDataType: 'integer', displayFormat: 'DATE9.' });
      }
      records.forEach((record, i) => {
        const row = file.rows[i] as Value[];
        expect(row).toHaveLength(names.length);
        for (const [name, value] of expectedCells(form, record, 'json'))
          expect(row[names.indexOf(name)], `${form.code} row ${i + 1} ${name}`).toStrictEqual(value);
      });
    }
  });

  it('every transport file reads back with xport-js to exactly the values of `data`, within SAS V5 limits', async () => {
    for (const form of definition.forms) {
      const { variables, rows } = await readXpt(path.join(snapshot, 'xpt', `${form.code.toLowerCase()}.xpt`));
      const records = expected.get(form.code)!;
      expect(rows, form.code).toHaveLength(records.length);
      for (const v of variables) {
        expect(v.name.length).toBeLessThanOrEqual(8);
        expect(Buffer.byteLength(v.label)).toBeLessThanOrEqual(40);
        expect(v.length).toBeLessThanOrEqual(v.type === 'Num' ? 8 : 200);
      }
      for (const c of addedCoded(form))
        expect(variables.find((x) => x.name === c.name)).toMatchObject({
          label: c.label,
          type: codedIsNumber(c.field) ? 'Num' : 'Char',
        });
      for (const c of form.columns) {
        const v = variables.find((x) => x.name === c.name)!;
        expect(v.label).toBe(labelOf(form, c));
        if (c.type === 'date') expect(v).toMatchObject({ type: 'Num', format: 'DATE9.' });
      }
      // Text lengths are what the longest value needs (in bytes of UTF-8), not a fixed width.
      const subject = variables.find((x) => x.name === 'SUBJID')!;
      expect(subject.length).toBe(Math.max(...records.map((r) => Buffer.byteLength(String(r.SUBJID)))));
      const names = variables.map((v) => v.name);
      records.forEach((record, i) => {
        for (const [name, value] of expectedCells(form, record, 'xpt'))
          expect(rows[i]![names.indexOf(name)], `${form.code} row ${i + 1} ${name}`).toStrictEqual(value);
      });
    }
  });

  it('define.xml is Define-XML 2.1 element by element, and describes every dataset, variable and code list', () => {
    const xml = fs.readFileSync(path.join(snapshot, 'define.xml'), 'utf8');
    expect(defineXmlProblems(xml, snapshot)).toEqual([]);
    const mdv = parseXml(xml).children[0]!.children[1]!;
    const byOid = (name: string) =>
      new Map(mdv.children.filter((c) => c.name === name).map((c) => [c.attrs.OID!, c]));
    const groups = byOid('ItemGroupDef');
    const items = byOid('ItemDef');
    const lists = byOid('CodeList');
    const description = (n: XmlNode) => n.children.find((c) => c.name === 'Description')!.children[0]!.text;
    for (const form of definition.forms) {
      const group = groups.get(`IG.${form.code}`)!;
      expect(description(group)).toBe(form.name);
      expect(group.children.find((c) => c.name === 'def:leaf')!.attrs['xlink:href']).toBe(
        `xpt/${form.code.toLowerCase()}.xpt`,
      );
      const keys = group.children.filter((c) => c.attrs.KeySequence).map((c) => c.attrs.ItemOID);
      expect(keys.sort()).toEqual(form.key.map((k) => `IT.${form.code}.${k}`).sort());
      for (const c of form.columns) {
        const item = items.get(`IT.${form.code}.${c.name}`)!;
        expect(description(item)).toBe(labelOf(form, c));
        const coded = form.coding?.columns.some((x) => x.name === c.name);
        expect(item.children.find((x) => x.name === 'def:Origin')!.attrs).toMatchObject(
          coded ? { Type: 'Assigned', Source: 'Sponsor' } : { Type: 'Collected' },
        );
        const list = c.codeList ?? (c.type === 'yesno' ? 'NY' : undefined);
        expect(item.children.find((x) => x.name === 'CodeListRef')?.attrs.CodeListOID).toBe(
          list && `CL.${list}`,
        );
        if (c.type === 'date')
          expect(items.get(`IT.${form.code}.${c.companion!.name}`)!.attrs.DataType).toBe('partialDate');
      }
    }
    for (const form of definition.forms)
      for (const c of addedCoded(form)) {
        const item = items.get(`IT.${form.code}.${c.name}`)!;
        expect(description(item)).toBe(c.label);
        expect(item.children.find((x) => x.name === 'def:Origin')!.attrs).toMatchObject({
          Type: 'Assigned',
          Source: 'Sponsor',
        });
      }
    for (const [name, list] of Object.entries(definition.codeLists)) {
      const element = lists.get(`CL.${name}`);
      if (element)
        expect(element.children.map((c) => c.attrs.CodedValue)).toEqual(list.values.map((v) => v.code));
    }
    expect(lists.get('CL.RESPONSE')!.children.map((c) => c.attrs.CodedValue)).toContain('sCR');
  });

  it('the element-by-element check fails on a broken define.xml', () => {
    const xml = fs.readFileSync(path.join(snapshot, 'define.xml'), 'utf8');
    const broken = [
      xml.replace(' def:Context="Other"', ''),
      xml.replace(/<def:Class Name="EVENTS"\/>/, '<def:Class Name="ADVERSE"/>'),
      xml.replace('Purpose="Tabulation"', 'Purpose="Collection"'),
      xml.replace('xpt/ae.xpt', 'xpt/missing.xpt'),
      xml.replace('<CodeListRef CodeListOID="CL.SEX"/>', '<CodeListRef CodeListOID="CL.GENDER"/>'),
      xml.replace(
        /(<ItemDef OID="IT.DM.AGE"[^>]*>)([\s\S]*?)(<\/ItemDef>)/,
        '$1<def:Origin Type="Collected" Source="Investigator"/>$2$3',
      ),
    ];
    for (const b of broken) {
      expect(b).not.toBe(xml);
      expect(defineXmlProblems(b, snapshot).length).toBeGreaterThan(0);
    }
  });

  it('the manifest lists every CDISC file, and verify reports a changed byte in any of them', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(snapshot, 'manifest.json'), 'utf8'));
    const cdisc = (manifest.files as { path: string; format: string }[]).filter((f) =>
      ['dataset-json', 'xpt', 'define-xml'].includes(f.format),
    );
    expect(cdisc.map((f) => f.path).sort()).toEqual(
      [
        'define.xml',
        ...definition.forms.map((f) => `datasets/${f.code}.json`),
        ...definition.forms.map((f) => `xpt/${f.code.toLowerCase()}.xpt`),
      ].sort(),
    );
    expect((await verifySnapshot(snapshot)).ok).toBe(true);
    for (const { path: file } of cdisc) {
      const full = path.join(snapshot, file);
      const original = fs.readFileSync(full);
      const tampered = Buffer.from(original);
      const at = Math.floor(tampered.length / 2);
      tampered[at] = tampered[at]! ^ 0x01;
      fs.writeFileSync(full, tampered);
      const result = await verifySnapshot(snapshot);
      fs.writeFileSync(full, original);
      expect(result, file).toMatchObject({ ok: false, changed: [file], missing: [], added: [] });
    }
    const run = await runCli(['verify', snapshot]);
    expect(run.code, run.stderr).toBe(0);
  });

  it('export writes the current data the same way without a lock, for the chosen formats and forms', async () => {
    const out = path.join(tempDir('cdm-export-'), 'look');
    const run = await runCli([
      'export',
      dbFile,
      '--out',
      out,
      '--format',
      'xpt,dataset-json',
      '--form',
      'ae,DM',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Exported \d+ records of DM, AE/);
    const files = fs.readdirSync(out, { recursive: true }).map(String).sort();
    expect(files).toEqual([
      'datasets',
      'datasets/AE.json',
      'datasets/DM.json',
      'define.xml',
      'manifest.json',
      'xpt',
      'xpt/ae.xpt',
      'xpt/dm.xpt',
    ]);
    // The same bytes of data as the cut's (the study is still locked: nothing changed since).
    const rows = (dir: string) =>
      JSON.parse(fs.readFileSync(path.join(dir, 'datasets/AE.json'), 'utf8')).rows;
    expect(rows(out)).toEqual(rows(snapshot));
    expect(defineXmlProblems(fs.readFileSync(path.join(out, 'define.xml'), 'utf8'), out)).toEqual([]);
    const verified = await runCli(['verify', out]);
    expect(verified.stdout).toContain('Export is intact (5 files)');

    const csvOnly = path.join(path.dirname(out), 'csv');
    expect((await runCli(['export', dbFile, '--out', csvOnly, '--format', 'csv', '--form', 'DS'])).code).toBe(
      0,
    );
    expect(fs.readdirSync(csvOnly, { recursive: true }).map(String).sort()).toEqual([
      'forms',
      'forms/DS.csv',
      'manifest.json',
    ]);

    const exportTo = (folder: string, ...options: string[]) =>
      runCli(['export', dbFile, '--out', path.join(path.dirname(out), folder), ...options]);
    const wrongFormat = await exportTo('x', '--format', 'sas7bdat');
    expect(wrongFormat.code).toBe(2);
    expect(wrongFormat.stderr).toMatch(/^error: --format sas7bdat: use dataset-json, xpt, csv, xlsx/);
    const wrongForm = await exportTo('y', '--form', 'VS');
    expect(wrongForm.code).toBe(1);
    expect(wrongForm.stderr).toMatch(/^error: --form VS: not a form of this study \(DM, /);
    expect(fs.existsSync(path.join(path.dirname(out), 'y'))).toBe(false);
    const notEmpty = await runCli(['export', dbFile, '--out', out]);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.stderr).toMatch(/the export folder must be new or empty/);
  });
});
