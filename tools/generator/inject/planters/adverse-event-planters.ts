import { MILD_EVENTS } from '../../adverse-event-catalog';
import type { TruthRow, TruthValue } from '../../subject-records';
import type { Candidate, Planter } from './planter';
import { dayOf, numberOf, textOf, type SubjectRows } from './subject-rows';
import { days, each, iso, onlyOfItsEvent, plant, rotated } from './plant-helpers';

/**
 * Adverse-event dates and consistency (edit-checks.md, AEDT and AECON), as sites make the errors:
 * an end date typed before the start, an event from before consent, an event reported from a
 * follow-up contact after the safety window, an end date after death, the ongoing box left ticked,
 * a fatal event whose end date is not the day of death, a year typed wrong, a start date without
 * its day, the same event entered twice, hospitalisation without "serious", grade 5 without FATAL.
 */

const isFatal = (a: TruthRow) => textOf(a, 'AEOUT') === 'FATAL';
const startOf = (a: TruthRow) => dayOf(a, 'AESTDAT');
const endOf = (a: TruthRow) => dayOf(a, 'AEENDAT');

function deathOf(s: SubjectRows): number | null {
  const ds = s.ds();
  return ds ? dayOf(ds, 'DTHDAT') : null;
}

/** The events that change nothing a dose check reads (their action is no dose change). */
function quietEvents(s: SubjectRows): TruthRow[] {
  return s
    .rows('AE')
    .filter((a) => !isFatal(a) && ['DOSE NOT CHANGED', 'NOT APPLICABLE'].includes(textOf(a, 'AEACN') ?? ''));
}

/** Quiet events whose dates a plant may change: no other AE of the same event to overlap (AEDT-09). */
function datedEvents(s: SubjectRows): TruthRow[] {
  return quietEvents(s).filter((a) => onlyOfItsEvent(s, a));
}

/** A year typed with its tens digit one up: 2019 -> 2029. */
function yearSlip(isoDate: string): string {
  return `${isoDate.slice(0, 2)}${Number(isoDate[2]) + 1}${isoDate.slice(3)}`;
}

export const adverseEventPlanters: readonly Planter[] = [
  {
    check: 'AEDT-01',
    zones: ['AE'],
    candidates(s, ctx) {
      return each(ctx.random, datedEvents(s), (a) => {
        const start = startOf(a);
        const end = endOf(a);
        if (start === null || end === null) return undefined;
        const early = ctx.random.int(1, 20);
        return () => {
          s.set(a, 'AEENDAT', iso(start - early));
          return plant(
            'AE',
            a.key,
            'AEENDAT',
            `AE ${a.values.AESEQ} end date written ${iso(start - early)}, ${days(early)} before its start`,
          );
        };
      });
    },
  },
  {
    check: 'AEDT-02',
    zones: ['AE'],
    candidates(s, ctx) {
      const consent = s.dm() ? dayOf(s.dm()!, 'RFICDAT') : null;
      if (consent === null) return [];
      const first = datedEvents(s).sort((a, b) => (startOf(a) ?? 0) - (startOf(b) ?? 0));
      return first.slice(0, 3).map((a) => {
        const start = consent - ctx.random.int(3, 60);
        return () => {
          s.set(a, 'AESTDAT', iso(start));
          return plant(
            'AE',
            a.key,
            'AESTDAT',
            `AE ${a.values.AESEQ} starts ${iso(start)}, before informed consent (medical history entered as an AE)`,
          );
        };
      });
    },
  },
  {
    check: 'AEDT-03',
    zones: ['AE'],
    candidates(s, ctx) {
      const ds = s.ds();
      const eot = ds ? dayOf(ds, 'EOTDAT') : null;
      if (eot === null) return [];
      const latest = Math.min(ctx.cutoff, deathOf(s) ?? Infinity) - 10;
      const start = eot + ctx.rules.safetyWindowDays + ctx.random.int(7, 60);
      if (start > latest) return [];
      const had = new Set(s.rows('AE').map((a) => textOf(a, 'AEDECOD')));
      const kind = rotated(MILD_EVENTS, ctx.ordinal).find((k) => !had.has(k.decod));
      if (!kind) return [];
      const end = start + ctx.random.int(2, 8);
      // Seriousness criteria blank or N for a non-serious event, as the site writes them.
      const criteria = s.rows('AE')[0]?.values.AESDTH === null ? null : 'N';
      const values: Record<string, TruthValue> = {
        SUBJID: s.subjectId,
        AESEQ: s.nextSeq('AE', 'AESEQ', ctx.usedEarlier(s.subjectId, 'AE')),
        AETERM: kind.terms[0]!,
        AEDECOD: kind.decod,
        AESTDAT: iso(start),
        AEENDAT: iso(end),
        AEONGO: 'N',
        AETOXGR: 1,
        AESER: 'N',
        AESDTH: criteria,
        AESLIFE: criteria,
        AESHOSP: criteria,
        AESDISAB: criteria,
        AESCONG: criteria,
        AESMIE: criteria,
        AEREL: 'UNLIKELY',
        AEACN: 'NOT APPLICABLE',
        AEOUT: 'RECOVERED/RESOLVED',
      };
      return [
        () => {
          const row = s.add('AE', values);
          return plant(
            'AE',
            row.key,
            'AESTDAT',
            `a new AE reported from a follow-up contact, starting ${iso(start)}, ${days(start - eot)} after the last dose`,
          );
        },
      ];
    },
  },
  {
    check: 'AEDT-04',
    zones: ['AE'],
    candidates(s, ctx) {
      const death = deathOf(s);
      if (death === null) return [];
      return each(ctx.random, datedEvents(s), (a) => {
        const end = endOf(a);
        const late = ctx.random.int(1, 14);
        if (end === null || end >= death || death + late > ctx.cutoff) return undefined;
        return () => {
          s.set(a, 'AEENDAT', iso(death + late));
          return plant(
            'AE',
            a.key,
            'AEENDAT',
            `AE ${a.values.AESEQ} end date written ${iso(death + late)}, after the death on ${iso(death)}`,
          );
        };
      });
    },
  },
  {
    check: 'AEDT-05',
    zones: ['AE'],
    candidates(s, ctx) {
      const events = s.rows('AE').filter((a) => !isFatal(a));
      const ticked = each(ctx.random, events, (a) => {
        if (endOf(a) === null || textOf(a, 'AEONGO') === 'Y') return undefined;
        return () => {
          s.set(a, 'AEONGO', 'Y');
          return plant(
            'AE',
            a.key,
            'AEONGO',
            `AE ${a.values.AESEQ} still marked ongoing although it ended ${a.values.AEENDAT}`,
          );
        };
      });
      const unticked = each(ctx.random, events, (a) => {
        if (endOf(a) !== null || textOf(a, 'AEONGO') !== 'Y') return undefined;
        return () => {
          s.set(a, 'AEONGO', 'N');
          return plant('AE', a.key, 'AEONGO', `AE ${a.values.AESEQ} marked not ongoing but has no end date`);
        };
      });
      return rotated([ticked, unticked], ctx.ordinal).flat();
    },
  },
  {
    check: 'AEDT-06',
    zones: ['AE'],
    candidates(s, ctx) {
      const death = deathOf(s);
      if (death === null) return [];
      // The fatal event's end date a day or two before the recorded death ...
      const fatal: Candidate[] = s.rows('AE').flatMap((a) => {
        const start = startOf(a);
        if (!isFatal(a) || endOf(a) !== death || start === null || start > death - 1 || !onlyOfItsEvent(s, a))
          return [];
        const early = Math.min(death - start, ctx.random.int(1, 3));
        return [
          () => {
            s.set(a, 'AEENDAT', iso(death - early));
            return plant(
              'AE',
              a.key,
              'AEENDAT',
              `fatal AE ${a.values.AESEQ} ends ${iso(death - early)}, but the death is recorded on ${iso(death)}`,
            );
          },
        ];
      });
      // ... or an earlier, resolved event of a subject who died marked fatal.
      const wrong = each(ctx.random, quietEvents(s), (a) => {
        const end = endOf(a);
        if (end === null || end >= death) return undefined;
        return () => {
          s.set(a, 'AEOUT', 'FATAL');
          s.set(a, 'AETOXGR', 5);
          return plant(
            'AE',
            a.key,
            'AEENDAT',
            `AE ${a.values.AESEQ}, resolved ${iso(end)}, marked fatal (grade 5) instead of the event of the death on ${iso(death)}`,
          );
        };
      });
      return [...fatal, ...wrong];
    },
  },
  {
    check: 'AEDT-07',
    zones: ['AE'],
    candidates(s, ctx) {
      if (deathOf(s) !== null) return [];
      return each(ctx.random, datedEvents(s), (a) => {
        const end = a.values.AEENDAT;
        if (typeof end !== 'string' || endOf(a) === null) return undefined;
        return () => {
          s.set(a, 'AEENDAT', yearSlip(end));
          return plant(
            'AE',
            a.key,
            'AEENDAT',
            `AE ${a.values.AESEQ} end date typed ${yearSlip(end)} for ${end}, after the export`,
          );
        };
      });
    },
  },
  {
    check: 'AEDT-08',
    zones: ['AE'],
    candidates(s, ctx) {
      return each(ctx.random, datedEvents(s), (a) => {
        const start = a.values.AESTDAT;
        if (typeof start !== 'string' || start.length !== 10) return undefined;
        return () => {
          s.set(a, 'AESTDAT', start.slice(0, 7));
          return plant(
            'AE',
            a.key,
            'AESTDAT',
            `AE ${a.values.AESEQ} start date written without its day (${start.slice(0, 7)} for ${start})`,
          );
        };
      });
    },
  },
  {
    check: 'AEDT-09',
    zones: ['AE'],
    candidates(s, ctx) {
      return each(ctx.random, quietEvents(s), (a) => () => {
        const seq = s.nextSeq('AE', 'AESEQ', ctx.usedEarlier(s.subjectId, 'AE'));
        const row = s.add('AE', { ...a.values, AESEQ: seq });
        return plant(
          'AE',
          row.key,
          'AETERM',
          `AE ${a.values.AESEQ} (${a.values.AEDECOD}) entered a second time as AE ${seq}`,
        );
      });
    },
  },
  {
    check: 'AECON-01',
    zones: ['AE'],
    candidates(s, ctx) {
      const hospitalised = each(ctx.random, s.rows('AE'), (a) => {
        if (textOf(a, 'AESER') !== 'N' || ctx.style.omitColumns.has('AESHOSP')) return undefined;
        return () => {
          s.set(a, 'AESHOSP', 'Y');
          return plant(
            'AE',
            a.key,
            'AESER',
            `AE ${a.values.AESEQ}: hospitalisation ticked, but the event is not marked serious`,
          );
        };
      });
      const noCriterion = each(ctx.random, s.rows('AE'), (a) => {
        const cleared = ['AESLIFE', 'AESHOSP', 'AESMIE'];
        const kept = ['AESDTH', 'AESDISAB', 'AESCONG'];
        if (textOf(a, 'AESER') !== 'Y' || isFatal(a) || kept.some((c) => textOf(a, c) === 'Y'))
          return undefined;
        return () => {
          for (const c of cleared) if (textOf(a, c) === 'Y') s.set(a, c, 'N');
          return plant(
            'AE',
            a.key,
            'AESER',
            `AE ${a.values.AESEQ} marked serious with no seriousness criterion ticked`,
          );
        };
      });
      return rotated([hospitalised, noCriterion], ctx.ordinal).flat();
    },
  },
  {
    check: 'AECON-02',
    zones: ['AE'],
    candidates(s, ctx) {
      return each(ctx.random, quietEvents(s), (a) => {
        const grade = numberOf(a, 'AETOXGR');
        if (grade === null || grade < 3) return undefined;
        return () => {
          s.set(a, 'AETOXGR', 5);
          return plant(
            'AE',
            a.key,
            'AEOUT',
            `AE ${a.values.AESEQ} grade typed 5 for ${grade}, with outcome ${a.values.AEOUT}`,
          );
        };
      });
    },
  },
];
