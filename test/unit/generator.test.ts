import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { formTokensOf } from '../../tools/generator/file-names';
import { generateStudy, type GeneratedStudyManifest } from '../../tools/generator/compose/generate-study';
import { runEditChecks, type Forms, type Rec } from './generator-edit-checks';
import { readBackSiteExport, recordObject, unzipExport } from './generator-read-back';
import { definition, model, FORMS, temporaryFolders } from './generator-study';

const tempDir = temporaryFolders();

interface ExpectedFile {
  siteId: string;
  exportDate: string;
  forms: Forms;
}

function readExpected(out: string, relative: string): ExpectedFile {
  return JSON.parse(fs.readFileSync(path.join(out, relative), 'utf8')) as ExpectedFile;
}

/** Every export of a round merged into one set of forms (all sites share the round's export date). */
function roundForms(out: string, manifest: GeneratedStudyManifest, round: number): Forms {
  const merged: Forms = Object.fromEntries(FORMS.map((f) => [f, [] as Rec[]]));
  for (const e of manifest.rounds[round]!.exports) {
    const expected = readExpected(out, e.expected);
    for (const f of FORMS) merged[f]!.push(...expected.forms[f]!);
  }
  return merged;
}

describe('generateStudy: the default study (600 subjects, 12 sites, 3 rounds)', () => {
  let out: string;
  let manifest: GeneratedStudyManifest;

  beforeAll(async () => {
    out = tempDir('default');
    manifest = await generateStudy({ outDir: out, definition });
  });

  it('writes the documented layout', () => {
    expect(manifest).toMatchObject({ seed: 1, subjects: 600, sites: 12 });
    expect(manifest.rounds.map((r) => r.name)).toEqual(['round-1', 'round-2', 'round-3']);
    expect(Object.keys(manifest.siteFormats)).toEqual(
      Array.from({ length: 12 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`),
    );
    const dates = manifest.rounds.map((r) => r.exportDate);
    expect([...dates].sort()).toEqual(dates);
    expect(dates.at(-1)! > definition.study.surveillanceEnd!).toBe(true);
    for (const round of manifest.rounds) {
      expect(fs.existsSync(path.join(out, round.name))).toBe(true);
      for (const e of round.exports) {
        const format = manifest.siteFormats[e.siteId]!;
        const compact = round.exportDate.replace(/-/g, '');
        const name = `${e.siteId}_${compact}`;
        expect(path.basename(e.path)).toBe(
          format.zipped ? `${name}.zip` : `${name}${format.container === 'xlsx' ? '.xlsx' : ''}`,
        );
        expect(fs.existsSync(path.join(out, e.expected))).toBe(true);
        // A zipped export: its workbook, or its CSV files in a folder under a Korean name.
        const entries = format.zipped ? unzipExport(path.join(out, e.path)).map((x) => x.name) : [];
        if (format.zipped && format.container === 'xlsx') expect(entries).toEqual([`${name}.xlsx`]);
        if (format.zipped && format.container === 'csv')
          for (const entry of entries) expect(path.dirname(entry)).toBe(`${name}_자료추출`);
        if (format.container === 'csv') {
          const files = format.zipped
            ? entries.map((x) => path.basename(x))
            : fs.readdirSync(path.join(out, e.path));
          expect(files).toHaveLength(FORMS.length);
          const named = files.map((f) => {
            expect(f.endsWith(format.extension!)).toBe(true);
            const tokens = formTokensOf(f, FORMS);
            expect(tokens, f).toHaveLength(1);
            return tokens[0]!.toUpperCase();
          });
          expect(named.sort()).toEqual([...FORMS].sort());
        }
      }
    }
    // The sites of index 9 and 10 mail their exports zipped (here a workbook and a folder), names in
    // CP949 without the UTF-8 flag, as Korean Windows writes them.
    const zipped = Object.entries(manifest.siteFormats).filter(([, f]) => f.zipped);
    expect(zipped.map(([site, f]) => `${site} ${f.container}`)).toEqual(['S10 xlsx', 'S11 csv']);
    const s11 = fs.readFileSync(
      path.join(out, manifest.rounds[0]!.exports.find((x) => x.siteId === 'S11')!.path),
    );
    expect(s11.readUInt16LE(6) & 0x800).toBe(0);
    expect(s11.includes(Buffer.from('자료추출', 'utf8'))).toBe(false);
    const containers = new Set(Object.values(manifest.siteFormats).map((f) => f.encoding ?? f.container));
    expect([...containers].sort()).toEqual(['cp949', 'utf16le', 'utf8', 'utf8-bom', 'xlsx']);
    expect(
      new Set(
        Object.values(manifest.siteFormats)
          .map((f) => f.delimiter)
          .filter(Boolean),
      ).size,
    ).toBe(2);
  });

  it('holds every subject in the last round, with site-prefixed unique IDs', () => {
    const last = roundForms(out, manifest, 2);
    const ids = last.DM!.map((r) => String(r.SUBJID));
    expect(new Set(ids).size).toBe(600);
    for (const r of last.DM!) expect(String(r.SUBJID).startsWith(`${r.SITEID}-`)).toBe(true);
    expect(ids.every((id) => /^S\d{2}-\d{3}$/.test(id))).toBe(true);
    // Rounds are cumulative: nobody disappears from DM.
    for (let k = 1; k < 3; k++) {
      const before = new Set(roundForms(out, manifest, k - 1).DM!.map((r) => r.SUBJID));
      const after = new Set(roundForms(out, manifest, k).DM!.map((r) => r.SUBJID));
      for (const id of before) expect(after.has(id)).toBe(true);
    }
    const sizes = manifest.rounds[2]!.exports.map((e) => e.subjects);
    expect(Math.max(...sizes)).toBeGreaterThan(3 * Math.min(...sizes));
  });

  it('reads back, through the project standardisation, exactly as expected/ says', () => {
    for (const round of manifest.rounds) {
      for (const e of round.exports) {
        const expected = readExpected(out, e.expected);
        expect(expected).toMatchObject({ siteId: e.siteId, exportDate: round.exportDate });
        const tables = readBackSiteExport(model, path.join(out, e.path), manifest.siteFormats[e.siteId]!);
        expect(tables.map((t) => t.form.code).sort()).toEqual([...FORMS].sort());
        for (const table of tables) {
          const where = `${e.path} ${table.form.code}`;
          expect(table.issues, where).toEqual([]);
          expect(table.unknownColumns.length, where).toBeLessThanOrEqual(1);
          const got = table.records.map((r) => recordObject(table, r.values));
          expect(got, where).toEqual(expected.forms[table.form.code]);
        }
      }
    }
  });

  it('raises no edit check in any round', () => {
    for (let k = 0; k < manifest.rounds.length; k++) {
      const findings = runEditChecks(
        definition,
        roundForms(out, manifest, k),
        manifest.rounds[k]!.exportDate,
      );
      expect(findings.slice(0, 10), `round ${k + 1}`).toEqual([]);
    }
  });

  it('writes expected values valid per the definition', () => {
    const last = roundForms(out, manifest, 2);
    const invalid: string[] = [];
    const fail = (what: string) => invalid.length < 20 && invalid.push(what);
    for (const form of model.forms) {
      const names = form.columns.map((c) => c.name).join(',');
      for (const record of last[form.code]!) {
        if (Object.keys(record).join(',') !== names)
          fail(`${form.code} columns ${Object.keys(record).join(',')}`);
        for (const column of form.columns) {
          const v = record[column.name]!;
          if (v === null) continue;
          const where = `${form.code}.${column.name} ${JSON.stringify(v)}`;
          if (column.type === 'date' && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(String(v))) fail(where);
          if (column.type === 'yesno' && v !== 'Y' && v !== 'N') fail(where);
          if (column.type === 'integer' && !Number.isInteger(v)) fail(where);
          if (column.type === 'number' && typeof v !== 'number') fail(where);
          if (column.codes && column.codes.get(String(v).toUpperCase()) !== String(v)) fail(where);
          if (column.type === 'text' && String(v) !== String(v).trim()) fail(where);
        }
        if (form.code === 'LB') {
          const test = model.labTests.get(String(record.LBTESTCD))!;
          const ok =
            test.kind === 'coded'
              ? (record.LBORRES === 'POSITIVE' || record.LBORRES === 'NEGATIVE') && record.LBORRESU === null
              : typeof record.LBORRES === 'number' &&
                record.LBORRES >= 0 &&
                record.LBORRESU === test.standardUnit;
          if (!ok) fail(`LB ${JSON.stringify(record)}`);
        }
      }
    }
    expect(invalid).toEqual([]);
  });

  it('has a reference checker that does notice planted errors', () => {
    const forms = roundForms(out, manifest, 2);
    const cutoff = manifest.rounds[2]!.exportDate;
    const treated = forms.EX!.find((x) => x.EXTRT === 'POMALIDOMIDE')!;
    const subject = treated.SUBJID;
    const event = forms.AE!.find((a) => a.SUBJID === subject) ?? forms.AE![0]!;
    event.AESTDAT = '2030-01-01';
    const dex = forms.EX!.find((x) => x.EXTRT === 'DEXAMETHASONE')!;
    dex.EXDOSE = 80;
    forms.CM = forms.CM!.filter((c) => c.SUBJID !== subject);
    const assessment = forms.RS!.find((r) => r.RSORRES === 'SD')!;
    assessment.RSORRES = 'VGPR';
    const checks = new Set(runEditChecks(definition, forms, cutoff).map((f) => f.check));
    for (const check of ['AEDT-07', 'DOSE-08', 'SAFE-01', 'RESP-05'])
      expect(checks.has(check), check).toBe(true);
  });

  it('tallies new, changed and deleted records as a re-import would show them', () => {
    let changed = 0;
    let deleted = 0;
    const previous = new Map<string, ExpectedFile>();
    for (const round of manifest.rounds) {
      for (const e of round.exports) {
        const now = readExpected(out, e.expected);
        const before = previous.get(e.siteId);
        for (const form of model.forms) {
          const keyOf = (r: Rec) => form.key.map((k) => String(r[k])).join('|');
          const old = new Map((before?.forms[form.code] ?? []).map((r) => [keyOf(r), JSON.stringify(r)]));
          const cur = now.forms[form.code]!;
          const counts = { rows: cur.length, new: 0, changed: 0, deleted: 0 };
          const keys = new Set<string>();
          for (const r of cur) {
            const k = keyOf(r);
            keys.add(k);
            if (!old.has(k)) counts.new++;
            else if (old.get(k) !== JSON.stringify(r)) counts.changed++;
          }
          for (const k of old.keys()) if (!keys.has(k)) counts.deleted++;
          expect(e.forms[form.code], `${e.path} ${form.code}`).toEqual(counts);
          if (round.name !== 'round-1') {
            changed += counts.changed;
            deleted += counts.deleted;
          }
        }
        previous.set(e.siteId, now);
      }
      for (const form of FORMS)
        expect(round.counts[form]).toBe(round.exports.reduce((n, e) => n + e.forms[form]!.rows, 0));
    }
    expect(changed).toBeGreaterThan(100);
    expect(deleted).toBeGreaterThan(5);
    const deletedForms = new Set(
      manifest.rounds.flatMap((r) => r.exports.flatMap((e) => FORMS.filter((f) => e.forms[f]!.deleted > 0))),
    );
    expect([...deletedForms].sort()).toEqual(expect.arrayContaining(['AE', 'CM', 'LB']));
  });

  it('looks like the study: doses, responses, safety and medications', () => {
    const last = roundForms(out, manifest, 2);
    const age = new Map(last.DM!.map((r) => [r.SUBJID, r.AGE as number]));
    const elderly = [...age.values()].filter((a) => a > 75).length / age.size;
    expect(elderly).toBeGreaterThan(0.08);
    expect(elderly).toBeLessThan(0.35);
    for (const r of last.EX!.filter((x) => x.EXTRT === 'DEXAMETHASONE')) {
      expect(r.EXDOSE).toBeLessThanOrEqual(age.get(r.SUBJID)! > 75 ? 20 : 40);
    }
    const pom = last.EX!.filter((x) => x.EXTRT === 'POMALIDOMIDE');
    expect(pom.filter((p) => p.EXADJ === 'ADVERSE EVENT').length).toBeGreaterThan(30);
    expect(new Set(pom.map((p) => p.EXDOSE))).toEqual(new Set([4, 3, 2, 1]));
    const responses = new Set(last.RS!.map((r) => r.RSORRES));
    for (const code of ['sCR', 'CR', 'VGPR', 'PR', 'MR', 'SD', 'PD', 'NE'])
      expect(responses.has(code), code).toBe(true);
    const best = new Map<string, string>();
    const rank = ['sCR', 'CR', 'VGPR', 'PR'];
    for (const r of last.RS!)
      if (rank.includes(String(r.RSORRES))) best.set(String(r.SUBJID), String(r.RSORRES));
    const orr = best.size / age.size;
    expect(orr).toBeGreaterThan(0.2);
    expect(orr).toBeLessThan(0.55);
    expect(last.AE!.some((a) => /[가-힣]/.test(String(a.AETERM)))).toBe(true);
    expect(last.AE!.some((a) => String(a.AETERM).includes(','))).toBe(true);
    expect(last.AE!.some((a) => a.AEOUT === 'FATAL')).toBe(true);
    expect(last.AE!.some((a) => a.AEACN === 'DOSE REDUCED')).toBe(true);
    expect(last.DS!.filter((d) => d.DTHDAT !== null).length).toBeGreaterThan(30);
    expect(last.CM!.some((c) => /[가-힣]/.test(String(c.CMTRT)))).toBe(true);
    expect(last.DM!.some((d) => String(d.DIAGDAT ?? '').length === 7)).toBe(true);
    const units = new Set(last.LB!.map((l) => l.LBTESTCD));
    for (const test of ['ANC', 'PLAT', 'HGB', 'CREAT', 'SPEP', 'UPEP', 'KAPPA', 'LAMBDA', 'SIFE', 'BMPC'])
      expect(units.has(test), test).toBe(true);
  });

  it('writes messy representations: encodings, units, dates, quoting', () => {
    const all = [...Object.entries(manifest.siteFormats)];
    const cp949Site = all.find(([, f]) => f.encoding === 'cp949')![0];
    const e = manifest.rounds[2]!.exports.find((x) => x.siteId === cp949Site)!;
    const dmFile = fs
      .readdirSync(path.join(out, e.path))
      .find((f) => formTokensOf(f, FORMS)[0]?.toUpperCase() === 'AE')!;
    const bytes = fs.readFileSync(path.join(out, e.path, dmFile));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    // That site (the third) prints lab units with the unit symbols of Korean fonts.
    const lbFile = fs
      .readdirSync(path.join(out, e.path))
      .find((f) => formTokensOf(f, FORMS)[0]?.toUpperCase() === 'LB')!;
    const lbText = new TextDecoder('euc-kr').decode(fs.readFileSync(path.join(out, e.path, lbFile)));
    expect(lbText).toMatch(/g\/㎗|\/㎕/);
    const csvText = Object.entries(manifest.siteFormats)
      .filter(
        ([, f]) => f.container === 'csv' && !f.zipped && f.encoding !== 'cp949' && f.encoding !== 'utf16le',
      )
      .map(([site]) => manifest.rounds[2]!.exports.find((x) => x.siteId === site)!)
      .map((x) =>
        fs
          .readdirSync(path.join(out, x.path))
          .map((f) => fs.readFileSync(path.join(out, x.path, f), 'utf8'))
          .join('\n'),
      )
      .join('\n');
    expect(csvText).toMatch(/"[^"\n]*,[^"\n]*"/);
    expect(csvText).toMatch(/""/);
    expect(csvText).toMatch(/\d{2}-?(MAR|Mar)-?\d{4}|\d{4}\. \d{1,2}\. \d{1,2}\.|\d{4}\.\d{2}\.\d{2}/);
    expect(csvText).toMatch(/umol\/L|µmol\/L|g\/L|\/uL|cells\/mm3|mg\/dL/);
    // A site whose CSV a script wrote (pandas): integers as decimals, checkboxes as True/False.
    expect(csvText).toMatch(/[\t,]\d\.0[\t,\r\n]/);
    expect(csvText).toMatch(/[\t,](True|False)[\t,\r\n]/);

    const xlsxSite = Object.entries(manifest.siteFormats).find(([, f]) => f.container === 'xlsx')![0];
    const workbook = XLSX.read(
      fs.readFileSync(path.join(out, manifest.rounds[2]!.exports.find((x) => x.siteId === xlsxSite)!.path)),
      { cellNF: true },
    );
    const cells = workbook.SheetNames.flatMap((name) =>
      Object.entries(workbook.Sheets[name]!)
        .filter(([a]) => !a.startsWith('!'))
        .map(([, c]) => c as XLSX.CellObject),
    );
    expect(cells.some((c) => c.t === 'n' && typeof c.z === 'string' && XLSX.SSF.is_date(c.z))).toBe(true);
    expect(cells.some((c) => c.t === 'n' && !(typeof c.z === 'string' && XLSX.SSF.is_date(c.z)))).toBe(true);
    expect(
      cells.some(
        (c) => c.t === 's' && /^\d{4}\D?\d{2}\D?\d{2}|\d{2}-?[A-Za-z]{3}-?\d{4}|\d{4}\. \d/.test(String(c.v)),
      ),
    ).toBe(true);
  });
});
