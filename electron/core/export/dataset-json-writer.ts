import fs from 'node:fs';

/**
 * CDISC Dataset-JSON 1.1: one dataset per file, the top-level attributes in the order the standard
 * recommends (so streaming readers find the columns before the rows), then `rows`, one JSON array a
 * record, written a page at a time.
 */

export const DATASET_JSON_VERSION = '1.1.0';

export type DatasetJsonDataType = 'string' | 'integer' | 'double' | 'date';

export interface DatasetJsonColumn {
  itemOID: string;
  name: string;
  label: string;
  dataType: DatasetJsonDataType;
  /** Dates as SAS numbers when the file is turned into a SAS dataset or an R data frame. */
  targetDataType?: 'integer';
  length?: number;
  displayFormat?: string;
  keySequence?: number;
}

export interface DatasetJsonHeader {
  datasetJSONCreationDateTime: string;
  fileOID: string;
  dbLastModifiedDateTime?: string;
  originator?: string;
  sourceSystem: { name: string; version: string };
  studyOID: string;
  metaDataVersionOID: string;
  metaDataRef?: string;
  itemGroupOID: string;
  records: number;
  name: string;
  label: string;
  columns: readonly DatasetJsonColumn[];
}

export type DatasetJsonValue = string | number | null;

/** The metadata part, attributes in the standard's order, without its closing brace. */
export function datasetJsonOpening(header: DatasetJsonHeader): string {
  const ordered = {
    datasetJSONCreationDateTime: header.datasetJSONCreationDateTime,
    datasetJSONVersion: DATASET_JSON_VERSION,
    fileOID: header.fileOID,
    dbLastModifiedDateTime: header.dbLastModifiedDateTime,
    originator: header.originator,
    sourceSystem: header.sourceSystem,
    studyOID: header.studyOID,
    metaDataVersionOID: header.metaDataVersionOID,
    metaDataRef: header.metaDataRef,
    itemGroupOID: header.itemGroupOID,
    records: header.records,
    name: header.name,
    label: header.label,
    columns: header.columns.map((c) => ({
      itemOID: c.itemOID,
      name: c.name,
      label: c.label,
      dataType: c.dataType,
      targetDataType: c.targetDataType,
      length: c.length,
      displayFormat: c.displayFormat,
      keySequence: c.keySequence,
    })),
  };
  const json = JSON.stringify(ordered);
  return `${json.slice(0, -1)},"rows":[`;
}

/** One record as a JSON array; a value that is not what its column says is refused, naming it. */
export function datasetJsonRow(header: DatasetJsonHeader, values: readonly DatasetJsonValue[]): string {
  if (values.length !== header.columns.length)
    throw new Error(`${header.name}: a row of ${values.length} values for ${header.columns.length} columns`);
  header.columns.forEach((c, i) => {
    const v = values[i];
    if (v === null) return;
    const ok =
      c.dataType === 'integer'
        ? Number.isInteger(v)
        : c.dataType === 'double'
          ? typeof v === 'number' && Number.isFinite(v)
          : typeof v === 'string';
    if (!ok) throw new Error(`${header.name}.${c.name}: ${JSON.stringify(v)} is not of type ${c.dataType}`);
  });
  return JSON.stringify(values);
}

/** A Dataset-JSON file written a page at a time. */
export class DatasetJsonFileWriter {
  private readonly fd: number;
  private written = 0;

  constructor(
    readonly file: string,
    readonly header: DatasetJsonHeader,
  ) {
    this.fd = fs.openSync(file, 'w');
    fs.writeSync(this.fd, datasetJsonOpening(header));
  }

  add(rows: readonly (readonly DatasetJsonValue[])[]): void {
    if (rows.length === 0) return;
    const text = rows
      .map((row, i) => `${this.written + i === 0 ? '\n' : ',\n'}${datasetJsonRow(this.header, row)}`)
      .join('');
    fs.writeSync(this.fd, text);
    this.written += rows.length;
  }

  finish(): void {
    try {
      if (this.written !== this.header.records)
        throw new Error(
          `${this.header.name}: ${this.written} rows written, ${this.header.records} announced`,
        );
      fs.writeSync(this.fd, this.written ? '\n]}\n' : ']}\n');
    } finally {
      fs.closeSync(this.fd);
    }
  }
}
