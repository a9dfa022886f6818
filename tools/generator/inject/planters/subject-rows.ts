import { isoSpan } from '../../calendar';
import type { FormKeys, TruthRow, TruthValue, WrittenCell } from '../../subject-records';

/**
 * One subject's records in one site export, form by form, as the planters see and change them.
 * Values are standardised (ISO dates, canonical codes); a cell the site wrote as given text
 * (`TruthRow.written`) counts with the value the importer reads from it. Every change keeps the
 * record key in step with the key columns, as the importer builds it.
 */

export interface Span {
  lo: number;
  hi: number;
}

const spans = new Map<string, Span | null>();

/** A date as the day numbers it may stand for (a partial date: its whole span); null when missing or unreadable. */
export function spanOf(value: TruthValue): Span | null {
  if (typeof value !== 'string') return null;
  let span = spans.get(value);
  if (span === undefined) {
    span = isoSpan(value);
    if (spans.size > 100_000) spans.clear();
    spans.set(value, span);
  }
  return span;
}

/** The value the importer reads from a cell. */
export function valueOf(row: TruthRow, column: string): TruthValue {
  const written = row.written?.[column];
  return written ? written.value : (row.values[column] ?? null);
}

export function textOf(row: TruthRow, column: string): string | null {
  const value = valueOf(row, column);
  return value === null ? null : String(value);
}

export function numberOf(row: TruthRow, column: string): number | null {
  const value = valueOf(row, column);
  return typeof value === 'number' ? value : null;
}

export function spanOfCell(row: TruthRow, column: string): Span | null {
  return spanOf(valueOf(row, column));
}

/** A full date's day number (null for a missing, unreadable or partial date). */
export function dayOf(row: TruthRow, column: string): number | null {
  const span = spanOfCell(row, column);
  return span && span.lo === span.hi ? span.lo : null;
}

/** The site wrote something in the cell that the importer could not read (an impossible date, a value outside its list). */
export function unreadable(row: TruthRow, column: string): boolean {
  const written = row.written?.[column];
  return written !== undefined && written.value === null && written.text.trim() !== '';
}

/** The subject's records as they were: which rows each form held, and each row's contents. */
export interface Snapshot {
  forms: Map<string, TruthRow[]>;
  contents: Map<TruthRow, Pick<TruthRow, 'key' | 'subjectId' | 'values' | 'written'>>;
}

export class SubjectRows {
  private forms = new Map<string, TruthRow[]>();

  constructor(
    readonly subjectId: string,
    readonly siteId: string,
    private readonly keys: FormKeys,
  ) {}

  /** The subject's records of a form, in export order (the live list: do not change it directly). */
  rows(form: string): readonly TruthRow[] {
    return this.forms.get(form) ?? [];
  }

  formsHeld(): string[] {
    return [...this.forms.keys()];
  }

  /** Adds a record as generated (used while grouping a site's rows by subject). */
  take(row: TruthRow): void {
    let list = this.forms.get(row.form);
    if (!list) this.forms.set(row.form, (list = []));
    list.push(row);
  }

  keyOf(form: string, values: Record<string, TruthValue>): string {
    return (this.keys.get(form) ?? ['SUBJID']).map((k) => String(values[k] ?? '')).join('|');
  }

  /** A new record of the subject, placed after `after` or before `before` (or last of its form). */
  add(
    form: string,
    values: Record<string, TruthValue>,
    options: { after?: TruthRow; before?: TruthRow; decimals?: number; key?: string } = {},
  ): TruthRow {
    let list = this.forms.get(form);
    if (!list) this.forms.set(form, (list = []));
    const row: TruthRow = {
      form,
      key: options.key ?? this.keyOf(form, values),
      subjectId: String(values.SUBJID ?? this.subjectId),
      values,
      decimals: options.decimals,
    };
    const after = options.after ? list.indexOf(options.after) : -1;
    const before = options.before ? list.indexOf(options.before) : -1;
    if (after >= 0) list.splice(after + 1, 0, row);
    else if (before >= 0) list.splice(before, 0, row);
    else list.push(row);
    return row;
  }

  remove(row: TruthRow): void {
    const list = this.forms.get(row.form);
    const at = list?.indexOf(row) ?? -1;
    if (at < 0) throw new Error(`generator: ${row.form} ${row.key} is not a record of ${this.subjectId}`);
    list!.splice(at, 1);
  }

  /** Changes a standardised value (the site's usual spelling of it is written). */
  set(row: TruthRow, column: string, value: TruthValue): void {
    row.values[column] = value;
    if (row.written?.[column]) delete row.written[column];
    if ((this.keys.get(row.form) ?? []).includes(column)) row.key = this.keyOf(row.form, row.values);
  }

  /** Writes a cell as given text, read by the importer as `value`. */
  write(row: TruthRow, column: string, cell: WrittenCell): void {
    if ((this.keys.get(row.form) ?? []).includes(column))
      throw new Error(
        `generator: a planted text in key column ${row.form}.${column} would change the record key`,
      );
    row.written = { ...row.written, [column]: cell };
  }

  /** What the records are now; `restore` brings back the same row objects with these contents. */
  snapshot(): Snapshot {
    const contents = new Map<TruthRow, Pick<TruthRow, 'key' | 'subjectId' | 'values' | 'written'>>();
    for (const rows of this.forms.values()) {
      for (const r of rows)
        contents.set(r, {
          key: r.key,
          subjectId: r.subjectId,
          values: { ...r.values },
          written: r.written ? { ...r.written } : undefined,
        });
    }
    return { forms: new Map([...this.forms].map(([form, rows]) => [form, [...rows]])), contents };
  }

  restore(snapshot: Snapshot): void {
    this.forms = new Map([...snapshot.forms].map(([form, rows]) => [form, [...rows]]));
    for (const [row, c] of snapshot.contents) {
      row.key = c.key;
      row.subjectId = c.subjectId;
      row.values = { ...c.values };
      row.written = c.written ? { ...c.written } : undefined;
    }
  }

  // Shorthands for the records planters look at most.

  dm(): TruthRow | undefined {
    return this.rows('DM')[0];
  }

  ds(): TruthRow | undefined {
    return this.rows('DS')[0];
  }

  /** Study-drug periods ordered by start date (then EXSEQ). */
  periods(studyDrug: string): TruthRow[] {
    return this.rows('EX')
      .filter((r) => valueOf(r, 'EXTRT') === studyDrug)
      .sort(
        (a, b) =>
          (dayOf(a, 'EXSTDAT') ?? 0) - (dayOf(b, 'EXSTDAT') ?? 0) ||
          Number(a.values.EXSEQ) - Number(b.values.EXSEQ),
      );
  }

  /** The next free sequence number of a form (AESEQ, CMSEQ), also past numbers used in earlier deliveries. */
  nextSeq(form: string, column: string, usedEarlier: readonly number[] = []): number {
    let max = 0;
    for (const r of this.rows(form)) max = Math.max(max, Number(r.values[column] ?? 0));
    for (const n of usedEarlier) max = Math.max(max, n);
    return max + 1;
  }
}
