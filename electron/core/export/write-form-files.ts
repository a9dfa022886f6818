import type { Progress } from '../common/call-context';
import fs from 'node:fs';
import path from 'node:path';
import type { DataFileFormat, FileFormat } from '../../../shared/api/exports';
import { countRecords, iterateStandardValues } from '../db/data-repo';
import { inReadSnapshot, type StudyDatabase } from '../db/study-database';
import type { FormModel } from '../study/study-model';
import {
  analysisCodeLists,
  analysisDataset,
  analysisRow,
  sasDate,
  type AnalysisDataset,
  type Cell,
} from './analysis-dataset';
import { DatasetJsonFileWriter, type DatasetJsonColumn } from './dataset-json-writer';
import { defineXml, itemGroupOid, itemOid, type DefineDataset } from './define-xml-writer';
import { sourceSystem } from './source-system';
import { csvFileWriter, xlsxTableOpener, type TableFileWriter } from './table-files';
import {
  XPT_CHAR_LIMIT,
  XptFileWriter,
  parseSasFormat,
  widenShortObservation,
  type XptVariable,
} from './xpt-writer';

/** Where each format's files go in a snapshot or an export folder. */
export const FILE_LAYOUT = {
  datasetJson: (form: string) => `datasets/${form.toUpperCase()}.json`,
  xpt: (form: string) => `xpt/${form.toLowerCase()}.xpt`,
  csv: (form: string) => `forms/${form.toUpperCase()}.csv`,
  xlsx: (form: string) => `forms/${form.toUpperCase()}.xlsx`,
  define: 'define.xml',
} as const;

export interface FormFilesRequest {
  forms: readonly FormModel[];
  formats: ReadonlySet<DataFileFormat>;
  createdAt: Date;
  /** The data cut the files belong to (a snapshot), or none (an export of the current data). */
  cut?: { name: string; lockedAt: string };
  progress?: Progress;
}

export interface FormFilesResult {
  files: { path: string; format: FileFormat }[];
  rowCounts: Record<string, number>;
  warnings: string[];
}

const PAGE = 20_000;

type StandardValues = (string | number | null)[];

/**
 * The form's live records a page at a time, each [site, ...standardised values], from one query
 * (pages by OFFSET would sort the table again for each page). Consumed without awaiting in
 * between, so nothing else uses the connection meanwhile.
 */
function* pages(database: StudyDatabase, form: FormModel, ordered = true): Generator<StandardValues[]> {
  let page: StandardValues[] = [];
  for (const values of iterateStandardValues(database, form, { ordered })) {
    page.push(values);
    if (page.length === PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length) yield page;
}

/** Bytes of the longest value of every text variable (at least 1: SAS has no empty variables). */
function profileLengths(dataset: AnalysisDataset, records: Iterable<StandardValues[]>): Map<string, number> {
  const text = dataset.variables.filter((v) => v.type === 'text');
  const longest = text.map(() => 1);
  for (const page of records)
    for (const record of page) {
      const values = record.slice(1);
      text.forEach((v, i) => {
        const value = v.value(values);
        if (typeof value === 'string') longest[i] = Math.max(longest[i]!, Buffer.byteLength(value, 'utf8'));
      });
    }
  return new Map(text.map((v, i) => [v.name, longest[i]!]));
}

function datasetJsonColumns(
  dataset: AnalysisDataset,
  lengths: ReadonlyMap<string, number>,
): DatasetJsonColumn[] {
  return dataset.variables.map((v) => ({
    itemOID: itemOid(dataset.name, v.name),
    name: v.name,
    label: v.label,
    dataType: v.type === 'text' ? 'string' : v.type === 'float' ? 'double' : v.type,
    targetDataType: v.type === 'date' ? 'integer' : undefined,
    length: v.type === 'text' ? lengths.get(v.name) : undefined,
    displayFormat: v.displayFormat,
    keySequence: v.keySequence,
  }));
}

function xptVariables(dataset: AnalysisDataset, lengths: ReadonlyMap<string, number>): XptVariable[] {
  return widenShortObservation(
    dataset.variables.map((v) => ({
      name: v.name,
      label: v.label,
      type: v.type === 'text' ? 'char' : 'num',
      length: v.type === 'text' ? Math.min(lengths.get(v.name)!, XPT_CHAR_LIMIT) : 8,
      format: v.displayFormat ? parseSasFormat(v.displayFormat) : undefined,
    })),
  );
}

/** SAS dates in transport files: days since 1960-01-01. */
function xptRow(dataset: AnalysisDataset, row: Cell[]): Cell[] {
  return row.map((cell, i) =>
    dataset.variables[i]!.type === 'date' && typeof cell === 'string' ? sasDate(cell) : cell,
  );
}

/**
 * Writes the chosen formats of the chosen forms (live records only, in the order of `data`) into
 * `dir`, and define.xml with Dataset-JSON and XPT. Two passes over each form: the first measures
 * the longest text of each variable (transport files and Dataset-JSON state lengths before the
 * rows), the second writes every format from the same pages.
 */
export async function writeFormFiles(
  database: StudyDatabase,
  dir: string,
  request: FormFilesRequest,
): Promise<FormFilesResult> {
  const { model } = database;
  const { study } = model.definition;
  const { formats } = request;
  const analysis = formats.has('dataset-json') || formats.has('xpt');
  const files: FormFilesResult['files'] = [];
  const rowCounts: Record<string, number> = {};
  const warnings: string[] = [];
  const defined: DefineDataset[] = [];
  const created = request.createdAt.toISOString();
  const metaDataVersionOid = `MDV.${study.code}`;
  const folders = {
    datasets: formats.has('dataset-json'),
    xpt: formats.has('xpt'),
    forms: formats.has('csv') || formats.has('xlsx'),
  };
  for (const [folder, wanted] of Object.entries(folders))
    if (wanted) fs.mkdirSync(path.join(dir, folder), { recursive: true });

  const openXlsx = formats.has('xlsx') ? await xlsxTableOpener() : undefined;

  for (const form of request.forms) {
    request.progress?.(`writing ${form.code}`, { key: 'writingForm', values: { form: form.code } });
    const dataset = analysisDataset(model, form);
    // The count and both passes see one state of the study (on a server, others may be importing
    // meanwhile), which sends the records a page at a time.
    const { total, lengths, xptVars, json, xpt, tables } = inReadSnapshot(database, () => {
      const total = countRecords(database, { form, deleted: false });
      const lengths = analysis
        ? profileLengths(dataset, pages(database, form, false))
        : new Map<string, number>();
      // The transport file first: it refuses names and labels SAS V5 cannot hold before anything is open.
      const xptVars = formats.has('xpt') ? xptVariables(dataset, lengths) : undefined;
      const xpt = xptVars
        ? new XptFileWriter(path.join(dir, FILE_LAYOUT.xpt(form.code)), {
            name: form.code,
            label: form.name,
            variables: xptVars,
            created: request.createdAt,
          })
        : undefined;
      const json = formats.has('dataset-json')
        ? new DatasetJsonFileWriter(path.join(dir, FILE_LAYOUT.datasetJson(form.code)), {
            datasetJSONCreationDateTime: created,
            fileOID: `${study.code}/${request.cut?.name ?? `export ${created}`}/${form.code}`,
            dbLastModifiedDateTime: request.cut?.lockedAt,
            originator: study.sponsor,
            sourceSystem: sourceSystem(),
            studyOID: study.code,
            metaDataVersionOID: metaDataVersionOid,
            metaDataRef: FILE_LAYOUT.define,
            itemGroupOID: itemGroupOid(form.code),
            records: total,
            name: form.code,
            label: form.name,
            columns: datasetJsonColumns(dataset, lengths),
          })
        : undefined;
      const tableColumns = ['_SITE', ...form.dataColumns.map((c) => c.name)];
      const tables: TableFileWriter[] = [];
      if (formats.has('csv'))
        tables.push(csvFileWriter(path.join(dir, FILE_LAYOUT.csv(form.code)), tableColumns));
      if (openXlsx)
        tables.push(openXlsx(path.join(dir, FILE_LAYOUT.xlsx(form.code)), form.code, tableColumns));

      for (const page of pages(database, form)) {
        if (analysis) {
          const rows = page.map((record) => analysisRow(dataset, record.slice(1)));
          json?.add(rows);
          xpt?.add(rows.map((row) => xptRow(dataset, row)));
        }
        for (const table of tables) table.add(page);
      }
      return { total, lengths, xptVars, json, xpt, tables };
    });
    rowCounts[form.code] = total;
    json?.finish();
    xpt?.finish();
    for (const table of tables) await table.finish();

    if (json) files.push({ path: FILE_LAYOUT.datasetJson(form.code), format: 'dataset-json' });
    if (xpt) {
      files.push({ path: FILE_LAYOUT.xpt(form.code), format: 'xpt' });
      for (const [variable, count] of xpt.cutValues)
        warnings.push(
          `${FILE_LAYOUT.xpt(form.code)}: ${count} value(s) of ${variable} longer than ${XPT_CHAR_LIMIT} bytes were cut to fit SAS V5${json ? `; the whole text is in ${FILE_LAYOUT.datasetJson(form.code)}` : ''}`,
        );
    }
    if (formats.has('csv')) files.push({ path: FILE_LAYOUT.csv(form.code), format: 'csv' });
    if (formats.has('xlsx')) files.push({ path: FILE_LAYOUT.xlsx(form.code), format: 'xlsx' });
    if (analysis)
      defined.push({
        dataset,
        // define.xml describes the transport files where there are some.
        lengths: xptVars ? new Map(xptVars.map((v) => [v.name, v.length])) : lengths,
        onePerSubject: form.onePerSubject,
        href: xpt ? FILE_LAYOUT.xpt(form.code) : FILE_LAYOUT.datasetJson(form.code),
      });
  }

  if (analysis) {
    fs.writeFileSync(
      path.join(dir, FILE_LAYOUT.define),
      defineXml({
        fileOID: `${study.code}/${request.cut?.name ?? `export ${created}`}/define`,
        creationDateTime: created,
        sourceSystem: sourceSystem(),
        originator: study.sponsor,
        study: {
          oid: study.code,
          name: study.code,
          description: study.name,
          protocol: study.registry ?? study.code,
        },
        metaDataVersion: {
          oid: metaDataVersionOid,
          name: request.cut ? `Data cut ${request.cut.name}` : `Export of ${created}`,
          description: `${study.name}: the collected forms, standardised`,
        },
        originSource: model.definition.analysisFiles.originSource,
        datasets: defined,
        codeLists: analysisCodeLists(
          model,
          defined.map((d) => d.dataset),
        ),
      }),
    );
    files.push({ path: FILE_LAYOUT.define, format: 'define-xml' });
  }
  return { files, rowCounts, warnings };
}
