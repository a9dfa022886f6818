import type { IssueWithArgs } from '../common/issue-with-args';
import type { NumberDates } from '../../../shared/api/imports';
import type { SourceTable } from './source-table';
import type { FiguresOrderNote } from './standardise-table';

/**
 * One form's table of a prepared site export, as the thread that writes the study needs it: where
 * it came from, and per record only what planning needs (key, occurrence, hash, subject, line, and
 * the site named by each record of the site form). The records themselves are in the stage file
 * (db/staged-records-repo.ts). Every part is a string or a typed array: handed from the thread
 * that prepared it to the one that writes, it is copied as a few blocks of memory, not rebuilt
 * object by object.
 */
export interface PreparedTable {
  source: Omit<SourceTable, 'rows' | 'header' | 'headerLine'>;
  /** Index of the table in the export (and of its records in the stage). */
  index: number;
  count: number;
  keys: PackedStrings;
  subjects: PackedStrings;
  occurrences: Int32Array;
  hashes: Float64Array;
  lines: Int32Array;
  /** The site form only: the standardised SITEID of each record (null where none). */
  siteIds: (string | null)[] | null;
  unknownColumns: string[];
  /** Date cells read from a bare number. */
  numberDates: NumberDates;
  /** Dates whose day and month could be either way round, read as the file's other dates show. */
  figuresOrder: FiguresOrderNote | undefined;
  issueCount: number;
  /** The first value problems (as many as a report lists); all of them are in the stage. */
  firstIssues: IssueWithArgs[];
}

/** Strings laid end to end in one text: string i is text.slice(ends[i - 1] ?? 0, ends[i]). */
export interface PackedStrings {
  text: string;
  ends: Uint32Array;
}

export function stringAt(packed: PackedStrings, i: number): string {
  return packed.text.slice(i === 0 ? 0 : packed.ends[i - 1]!, packed.ends[i]!);
}

export class PackedStringsBuilder {
  private readonly parts: string[] = [];
  private readonly ends: Uint32Array;
  private length = 0;

  constructor(capacity: number) {
    this.ends = new Uint32Array(capacity);
  }

  add(text: string): void {
    this.length += text.length;
    this.ends[this.parts.length] = this.length;
    this.parts.push(text);
  }

  build(): PackedStrings {
    return { text: this.parts.join(''), ends: this.ends.subarray(0, this.parts.length) };
  }
}

/** The buffers a prepared table hands over without copying (transfer list of postMessage). */
export function transferablesOf(table: PreparedTable): ArrayBuffer[] {
  return [table.keys.ends, table.subjects.ends, table.occurrences, table.hashes, table.lines].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
