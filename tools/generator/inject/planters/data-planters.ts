import type { TruthRow } from '../../subject-records';
import type { Candidate, Planter, PlantContext, Zone } from './planter';
import { dayOf, numberOf, textOf, type SubjectRows } from './subject-rows';
import { each, impossibleDayOf, iso, isAntithrombotic, plant, rotated, siteDateText } from './plant-helpers';

/**
 * Data quality (edit-checks.md, DATA), as sites make the errors: an impossible date (2019-02-30),
 * a required value left blank, a record entered under a mistyped subject ID, a record exported
 * twice, a value outside its code list, a period that ends before it starts, a lab result that is
 * no number, has no unit, a unit not accepted, or a stray minus sign. Values the importer cannot
 * read are written as given text (TruthRow.written), and expected/ holds what it reads: null.
 */

const ZONE_OF: Record<string, Zone> = { DM: 'DM', AE: 'AE', RS: 'RS', LB: 'LB', DS: 'DS', CM: 'CM' };

/** A candidate for one kind of error: the records it fits, and how to plant it in one. */
interface Variant {
  form: string;
  zone: Zone;
  fits(row: TruthRow, s: SubjectRows, ctx: PlantContext): boolean;
  /** `draw` is a number in [0, 1) drawn for the candidate (applying it again makes the same change). */
  apply(row: TruthRow, s: SubjectRows, ctx: PlantContext, draw: number): ReturnType<Candidate>;
}

/** Candidates of the variants in turn (the plant's ordinal picks which comes first). */
function variantCandidates(variants: readonly Variant[], s: SubjectRows, ctx: PlantContext): Candidate[] {
  return rotated(variants, ctx.ordinal).flatMap((v) =>
    each(ctx.random, s.rows(v.form), (row) => {
      if (!v.fits(row, s, ctx)) return undefined;
      const draw = ctx.random.next();
      return () => ({ ...v.apply(row, s, ctx, draw), zones: [v.zone] });
    }),
  );
}

const quietEvent = (row: TruthRow) =>
  textOf(row, 'AEOUT') !== 'FATAL' &&
  ['DOSE NOT CHANGED', 'NOT APPLICABLE'].includes(textOf(row, 'AEACN') ?? '');
const notProphylaxis = (row: TruthRow, ctx: PlantContext) =>
  !isAntithrombotic(ctx.rules.prophylaxis.names, row);
const routineLab = (row: TruthRow) =>
  ['HGB', 'CREAT'].includes(textOf(row, 'LBTESTCD') ?? '') && numberOf(row, 'LBORRES') !== null;

function impossibleDate(
  form: string,
  column: string,
  fits: (row: TruthRow, ctx: PlantContext, s: SubjectRows) => boolean = () => true,
  zone: Zone = ZONE_OF[form]!,
): Variant {
  return {
    form,
    zone,
    fits: (row, s, ctx) => {
      const value = row.values[column];
      return (
        typeof value === 'string' &&
        value.length === 10 &&
        impossibleDayOf(value) !== undefined &&
        fits(row, ctx, s)
      );
    },
    apply: (row, s, ctx) => {
      const was = String(row.values[column]);
      const text = siteDateText(ctx.style, impossibleDayOf(was)!);
      s.write(row, column, { text, value: null });
      return plant(form, row.key, column, `${column} written "${text}" (an impossible date; meant ${was})`);
    },
  };
}

function blank(
  form: string,
  columns: readonly string[],
  fits: (row: TruthRow, ctx: PlantContext) => boolean = () => true,
): Variant {
  return {
    form,
    zone: ZONE_OF[form] ?? (form === 'EX' ? 'DEX' : 'DM'),
    fits: (row, _s, ctx) => row.values[columns[0]!] !== null && fits(row, ctx),
    apply: (row, s) => {
      for (const c of columns) s.set(row, c, null);
      return plant(form, row.key, columns[0]!, `${columns.join(' and ')} left blank`);
    },
  };
}

function outsideList(
  form: string,
  column: string,
  text: string,
  fits: (row: TruthRow, ctx: PlantContext) => boolean = () => true,
): Variant {
  return {
    form,
    zone: ZONE_OF[form]!,
    fits: (row, _s, ctx) =>
      row.values[column] !== null && !ctx.style.omitColumns.has(column) && fits(row, ctx),
    apply: (row, s) => {
      const was = row.values[column];
      s.write(row, column, { text, value: null });
      return plant(form, row.key, column, `${column} written "${text}" (meant ${was})`);
    },
  };
}

function unusableLab(kind: 'unit' | 'text' | 'no unit' | 'negative'): Variant {
  return {
    form: 'LB',
    zone: 'LB',
    fits: (row) => routineLab(row) && (kind !== 'unit' || textOf(row, 'LBTESTCD') === 'HGB'),
    apply: (row, s) => {
      const value = numberOf(row, 'LBORRES')!;
      const unit = String(row.values.LBORRESU);
      const [result, writtenUnit] =
        kind === 'unit'
          ? [(value * 0.6206).toFixed(1), 'mmol/L']
          : kind === 'text'
            ? ['검체 용혈', unit]
            : kind === 'no unit'
              ? [String(value), '']
              : [`-${value}`, unit];
      s.write(row, 'LBORRES', { text: result, value: null });
      s.write(row, 'LBORRESU', { text: writtenUnit, value: null });
      const what = {
        unit: `unit ${writtenUnit}, not accepted`,
        text: 'a remark instead of a number',
        'no unit': 'no unit',
        negative: 'a stray minus sign',
      }[kind];
      return plant(
        'LB',
        row.key,
        'LBORRES',
        `${row.values.LBTESTCD} result written "${result}" ${writtenUnit ? `"${writtenUnit}"` : ''} (${what}; meant ${value} ${unit})`,
      );
    },
  };
}

/** A subject ID a finger slip makes of another: digits swapped, or one digit off; never an enrolled subject. */
function mistypedId(id: string, known: ReadonlySet<string>): string | undefined {
  const [site, number] = id.split('-') as [string, string | undefined];
  if (!number) return undefined;
  const positions = [...Array(number.length).keys()];
  const swaps = positions
    .slice(0, -1)
    .reverse()
    .map((i) => `${number.slice(0, i)}${number[i + 1]}${number[i]}${number.slice(i + 2)}`);
  const offByOne = [...positions]
    .reverse()
    .map((i) => `${number.slice(0, i)}${(Number(number[i]) + 1) % 10}${number.slice(i + 1)}`);
  return [...swaps, ...offByOne]
    .map((n) => `${site}-${n}`)
    .find((candidate) => candidate !== id && !known.has(candidate));
}

function orphan(form: 'LB' | 'CM', fits: (row: TruthRow, ctx: PlantContext) => boolean): Variant {
  return {
    form,
    zone: ZONE_OF[form]!,
    fits: (row, _s, ctx) => fits(row, ctx),
    apply: (row, s, ctx) => {
      const typo = mistypedId(s.subjectId, ctx.subjectIds)!;
      const other = ctx.newSubject(typo);
      s.remove(row);
      const moved = other.add(form, { ...row.values, SUBJID: typo }, { decimals: row.decimals });
      return {
        ...plant(
          form,
          moved.key,
          'SUBJID',
          `${form} record of ${s.subjectId} entered under ${typo}, a subject never enrolled`,
        ),
        newSubject: other,
        target: { form, recordKey: moved.key, field: 'SUBJID', subject: typo },
      };
    },
  };
}

function duplicate(form: 'LB' | 'CM' | 'AE', fits: (row: TruthRow, ctx: PlantContext) => boolean): Variant {
  return {
    form,
    zone: ZONE_OF[form]!,
    fits: (row, _s, ctx) => fits(row, ctx),
    apply: (row, s) => {
      const key = `${row.key}#2`;
      s.add(form, { ...row.values }, { after: row, decimals: row.decimals, key });
      const field = { LB: 'LBDAT', CM: 'CMSEQ', AE: 'AESEQ' }[form];
      return plant(form, key, field, `${form} record ${row.key} exported twice`);
    },
  };
}

function endsBeforeStart(form: 'CM' | 'EX', fits: (row: TruthRow, ctx: PlantContext) => boolean): Variant {
  const [startColumn, endColumn] = form === 'CM' ? ['CMSTDAT', 'CMENDAT'] : ['EXSTDAT', 'EXENDAT'];
  return {
    form,
    zone: form === 'CM' ? 'CM' : 'DEX',
    fits: (row, _s, ctx) =>
      dayOf(row, startColumn) !== null && dayOf(row, endColumn) !== null && fits(row, ctx),
    apply: (row, s, _ctx, draw) => {
      const start = dayOf(row, startColumn)!;
      const end = iso(start - (form === 'EX' ? 1 : 1 + Math.floor(draw * 30)));
      s.set(row, endColumn, end);
      return plant(
        form,
        row.key,
        endColumn,
        `${endColumn} written ${end}, before ${startColumn} ${iso(start)}`,
      );
    },
  };
}

/**
 * A study-drug period that is its cycle's only one: with its start unreadable, the cycle's day 1
 * may be any day, so the checks that read it hold nowhere (and no other period's day 1 moves).
 */
function aloneInItsCycle(row: TruthRow, ctx: PlantContext, s: SubjectRows): boolean {
  const periods = s.periods(ctx.studyDrug);
  return periods.includes(row) && periods.filter((p) => p.values.CYCLE === row.values.CYCLE).length === 1;
}

const dex = (row: TruthRow, ctx: PlantContext) => textOf(row, 'EXTRT') === ctx.comedication;

export const dataPlanters: readonly Planter[] = [
  {
    check: 'DATA-01',
    zones: ['DM', 'DS', 'CM', 'AE', 'POM'],
    candidates: (s, ctx) =>
      variantCandidates(
        [
          impossibleDate('DM', 'DIAGDAT'),
          impossibleDate('DS', 'LSTCNDAT'),
          // A pomalidomide period whose start cannot be read may be any period of the subject
          // (edit-checks.md terms): alone in its cycle, that only keeps checks from firing.
          impossibleDate('EX', 'EXSTDAT', aloneInItsCycle, 'POM'),
          impossibleDate('CM', 'CMSTDAT', notProphylaxis),
          impossibleDate('AE', 'AEENDAT', quietEvent),
          impossibleDate('CM', 'CMENDAT', notProphylaxis),
          impossibleDate('EX', 'EXENDAT', (row, ctx) => textOf(row, 'EXTRT') === ctx.studyDrug, 'POM'),
          impossibleDate('DM', 'RFICDAT'),
        ],
        s,
        ctx,
      ),
  },
  {
    check: 'DATA-02',
    zones: ['DM', 'AE', 'RS', 'DEX', 'CM'],
    candidates: (s, ctx) =>
      variantCandidates(
        [
          blank('AE', ['AETOXGR'], quietEvent),
          blank('RS', ['RSORRES', 'RSNDREAS']),
          blank('DM', ['SEX']),
          blank('EX', ['EXDOSE'], dex),
          blank('AE', ['AESER'], (row) => quietEvent(row) && textOf(row, 'AESER') === 'N'),
          blank('CM', ['CMTRT'], notProphylaxis),
        ],
        s,
        ctx,
      ),
  },
  {
    check: 'DATA-03',
    zones: ['LB', 'CM'],
    candidates: (s, ctx) =>
      mistypedId(s.subjectId, ctx.subjectIds)
        ? variantCandidates([orphan('LB', routineLab), orphan('CM', notProphylaxis)], s, ctx)
        : [],
  },
  {
    check: 'DATA-04',
    zones: ['LB', 'CM', 'AE'],
    candidates: (s, ctx) =>
      variantCandidates(
        [duplicate('LB', routineLab), duplicate('CM', notProphylaxis), duplicate('AE', quietEvent)],
        s,
        ctx,
      ),
  },
  {
    check: 'DATA-05',
    zones: ['DM', 'AE', 'LB', 'CM'],
    candidates: (s, ctx) =>
      variantCandidates(
        [
          outsideList('DM', 'ISS', 'IV'),
          outsideList('AE', 'AEREL', 'RELATED'),
          outsideList(
            'LB',
            'LBORRES',
            'WEAKLY POSITIVE',
            (row) => textOf(row, 'LBTESTCD') === 'SIFE' && textOf(row, 'LBORRES') === 'POSITIVE',
          ),
          outsideList('DM', 'ECOG', '5'),
          outsideList('CM', 'CMONGO', '계속'),
          outsideList('DM', 'SEX', 'U'),
          outsideList('AE', 'AEONGO', 'CONTINUING', quietEvent),
        ],
        s,
        ctx,
      ),
  },
  {
    check: 'DATA-06',
    zones: ['CM', 'DEX'],
    candidates: (s, ctx) =>
      variantCandidates([endsBeforeStart('CM', notProphylaxis), endsBeforeStart('EX', dex)], s, ctx),
  },
  {
    check: 'DATA-07',
    zones: ['LB'],
    candidates: (s, ctx) =>
      variantCandidates(
        [unusableLab('unit'), unusableLab('text'), unusableLab('no unit'), unusableLab('negative')],
        s,
        ctx,
      ),
  },
];
