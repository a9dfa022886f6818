import type { TruthRow } from '../../subject-records';
import type { Candidate, PlantContext, Planter, SecondaryHit } from './planter';
import { dayOf, numberOf, spanOfCell, textOf, type SubjectRows } from './subject-rows';
import {
  countsWithin,
  cycleStarts,
  each,
  isReduction,
  iso,
  levelAbove,
  levelBelow,
  nextStaysLower,
  plant,
} from './plant-helpers';

/**
 * Dose deviations (edit-checks.md, DOSE), as sites make them: a dose typed wrong, a lower start
 * dose without its label reason in DM, dosing into the rest days, a cycle started a few days early,
 * a dose put back up, a reduction with no reason, an AE action that did not happen, the adult
 * dexamethasone dose for an elderly patient, dosing after the recorded end of treatment, and
 * dosing on through a severe count.
 */

/** An AE whose action is a dose reduction or interruption starts (or may start) within [from, to]. */
function reductionEventWithin(s: SubjectRows, ctx: PlantContext, from: number, to: number): boolean {
  return s.rows('AE').some((a) => {
    const start = spanOfCell(a, 'AESTDAT');
    return (
      ctx.rules.reductionActions.includes(textOf(a, 'AEACN') ?? '') &&
      (start === null || (start.hi >= from && start.lo <= to))
    );
  });
}

/** The label allows this start dose for the subject's DM values (DOSE-02's exceptions, from the study definition). */
function labelReason(ctx: PlantContext, dose: number, value: (column: string) => string): boolean {
  return ctx.rules.labelStartDoses.some(
    (rule) =>
      rule.dose === dose &&
      Object.entries(rule.when).every(([column, values]) => values.includes(value(column))),
  );
}

export const dosePlanters: readonly Planter[] = [
  {
    check: 'DOSE-01',
    zones: ['POM'],
    secondary: ['DOSE-05'],
    candidates(s, ctx) {
      const periods = s.periods(ctx.studyDrug);
      const slip = (dose: number) => (dose === ctx.rules.startDose ? dose + 1 : dose + 0.5);
      const written = (p: TruthRow, dose: number, to: number, secondary: SecondaryHit[]) => () => {
        s.set(p, 'EXDOSE', to);
        return {
          ...plant(
            'EX',
            p.key,
            'EXDOSE',
            `${ctx.studyDrug} dose written ${to} mg instead of ${dose} mg (cycle ${p.values.CYCLE})`,
          ),
          secondary,
        };
      };
      // A decimal slip on a reduced dose (2.5 for 2 mg) stays below the dose before it, and the
      // next period is lower still (or none): no step of the dose history turns into another.
      const reduced = each(ctx.random, periods.slice(1), (p) => {
        const dose = numberOf(p, 'EXDOSE');
        const previous = numberOf(periods[periods.indexOf(p) - 1]!, 'EXDOSE');
        if (dose === null || previous === null || dose >= previous) return undefined;
        const to = slip(dose);
        if (to >= previous || !nextStaysLower(periods, p, dose, to)) return undefined;
        return written(p, dose, to, []);
      });
      // Any other slip (5 mg for 4) reads as a re-escalation too: only on the last period, where
      // that is all it does.
      const last = periods.at(-1);
      const dose = last ? numberOf(last, 'EXDOSE') : null;
      const before = periods.length > 1 ? numberOf(periods.at(-2)!, 'EXDOSE') : null;
      const raised: Candidate[] =
        last && dose !== null && dose === before
          ? [
              written(last, dose, slip(dose), [
                { check: 'DOSE-05', form: 'EX', recordKey: last.key, field: 'EXDOSE' },
              ]),
            ]
          : [];
      return [...reduced, ...raised];
    },
  },
  {
    check: 'DOSE-02',
    zones: ['DM', 'POM'],
    candidates(s, ctx) {
      const dm = s.dm();
      const first = s.periods(ctx.studyDrug)[0];
      if (!dm || !first) return [];
      const dose = numberOf(first, 'EXDOSE');
      const candidates: Candidate[] = [];
      // The label reason for a lower start dose left out of DM (and no other reason left).
      for (const [column, clean] of [
        ['DIALYSIS', 'N'],
        ['HEPIMP', 'NONE'],
      ] as const) {
        const value = (c: string) => (c === column ? clean : (textOf(dm, c) ?? ''));
        if (
          dose === null ||
          dose === ctx.rules.startDose ||
          !labelReason(ctx, dose, (c) => textOf(dm, c) ?? '')
        )
          continue;
        if (labelReason(ctx, dose, value) || textOf(dm, column) === clean) continue;
        candidates.push(() => {
          const was = textOf(dm, column);
          s.set(dm, column, clean);
          return plant(
            'EX',
            first.key,
            'EXDOSE',
            `started at ${dose} mg, but DM says ${column} ${clean} (the label reason, ${column} ${was}, left out)`,
          );
        });
      }
      // Started (and stayed) one level lower, with no label reason.
      const periods = s.periods(ctx.studyDrug);
      const lower = levelBelow(ctx.rules.doseLevels, ctx.rules.startDose);
      if (
        lower !== undefined &&
        !labelReason(ctx, lower, (c) => textOf(dm, c) ?? '') &&
        periods.every((p) => numberOf(p, 'EXDOSE') === ctx.rules.startDose)
      ) {
        candidates.push(() => {
          for (const p of periods) s.set(p, 'EXDOSE', lower);
          return plant(
            'EX',
            first.key,
            'EXDOSE',
            `every ${ctx.studyDrug} period at ${lower} mg from the start, with no label reason in DM`,
          );
        });
      }
      return candidates;
    },
  },
  {
    check: 'DOSE-03',
    zones: ['POM'],
    candidates(s, ctx) {
      const periods = s.periods(ctx.studyDrug);
      const starts = cycleStarts(s, ctx.studyDrug);
      const lastDosingDay = (cycle: number) => starts.get(cycle)!.day + ctx.rules.dosingDays - 1;
      return each(ctx.random, periods.slice(0, -1), (p) => {
        const cycle = Number(p.values.CYCLE);
        const end = dayOf(p, 'EXENDAT');
        const next = periods[periods.indexOf(p) + 1]!;
        const nextStart = dayOf(next, 'EXSTDAT');
        if (
          end === null ||
          nextStart === null ||
          end !== lastDosingDay(cycle) ||
          Number(next.values.CYCLE) === cycle
        )
          return undefined;
        const late = 2 + ctx.random.int(0, 3);
        if (end + late >= nextStart - 1 || countsWithin(s, end - 1, end + late)) return undefined;
        return () => {
          s.set(p, 'EXENDAT', iso(end + late));
          return plant(
            'EX',
            p.key,
            'EXENDAT',
            `cycle ${cycle} dosing recorded until cycle day ${ctx.rules.dosingDays + late} (EXENDAT ${late} days late)`,
          );
        };
      });
    },
  },
  {
    check: 'DOSE-04',
    zones: ['POM'],
    candidates(s, ctx) {
      const periods = s.periods(ctx.studyDrug);
      const starts = cycleStarts(s, ctx.studyDrug);
      const early = 3;
      return each(ctx.random, periods.slice(1), (p) => {
        const cycle = Number(p.values.CYCLE);
        const previous = starts.get(cycle - 1);
        const start = dayOf(p, 'EXSTDAT');
        const end = dayOf(p, 'EXENDAT');
        const alone = periods.filter((q) => Number(q.values.CYCLE) === cycle).length === 1;
        const before = periods[periods.indexOf(p) - 1]!;
        if (
          !previous ||
          start === null ||
          end === null ||
          !alone ||
          start - previous.day !== ctx.rules.cycleLength
        )
          return undefined;
        if (numberOf(p, 'EXDOSE') !== numberOf(before, 'EXDOSE')) return undefined;
        // No count the earlier dosing now covers (DOSE-10), and the cycle's assessment still
        // within the window around its new day 1 (RESP-01).
        if (countsWithin(s, start - early - 1, start - 1)) return undefined;
        const w = ctx.rules.cycleWindow;
        const assessed = s.rows('RS').some((r) => {
          const d = dayOf(r, 'RSDAT');
          return d !== null && Math.abs(d - (start - early)) <= w.days;
        });
        const windowChecked =
          cycle >= w.firstCycle && cycle <= w.lastCycle && start - early + w.days <= ctx.cutoff;
        if (windowChecked && !assessed) return undefined;
        return () => {
          s.set(p, 'EXSTDAT', iso(start - early));
          s.set(p, 'EXENDAT', iso(end - early));
          return plant(
            'EX',
            p.key,
            'EXSTDAT',
            `cycle ${cycle} started on day ${ctx.rules.cycleLength - early + 1} of cycle ${cycle - 1} (${early} days early)`,
          );
        };
      });
    },
  },
  {
    check: 'DOSE-05',
    zones: ['POM'],
    candidates(s, ctx) {
      const periods = s.periods(ctx.studyDrug);
      // A later period at the old dose would read as a reduction: the last period, or one before a reduction.
      return [...periods.keys()]
        .slice(1)
        .reverse()
        .flatMap((i) => {
          const p = periods[i]!;
          const dose = numberOf(p, 'EXDOSE');
          const previous = numberOf(periods[i - 1]!, 'EXDOSE');
          const up = dose === null ? undefined : levelAbove(ctx.rules.doseLevels, dose);
          if (dose === null || dose !== previous || up === undefined || !nextStaysLower(periods, p, dose, up))
            return [];
          return [
            () => {
              s.set(p, 'EXDOSE', up);
              return plant(
                'EX',
                p.key,
                'EXDOSE',
                `dose put back up from ${dose} to ${up} mg in cycle ${p.values.CYCLE}`,
              );
            },
          ];
        });
    },
  },
  {
    check: 'DOSE-06',
    zones: ['POM'],
    candidates(s, ctx) {
      const periods = s.periods(ctx.studyDrug);
      return [...periods.keys()]
        .slice(1)
        .reverse()
        .flatMap((i) => {
          const p = periods[i]!;
          const dose = numberOf(p, 'EXDOSE');
          const down = dose === null ? undefined : levelBelow(ctx.rules.doseLevels, dose);
          const start = dayOf(p, 'EXSTDAT');
          if (
            dose === null ||
            start === null ||
            dose !== numberOf(periods[i - 1]!, 'EXDOSE') ||
            down === undefined ||
            textOf(p, 'EXADJ') === 'OTHER' ||
            !nextStaysLower(periods, p, dose, down) ||
            reductionEventWithin(s, ctx, start - ctx.rules.aeLookbackDays, start)
          )
            return [];
          return [
            () => {
              s.set(p, 'EXDOSE', down);
              s.set(p, 'EXADJ', null);
              return plant(
                'EX',
                p.key,
                'EXADJ',
                `dose reduced from ${dose} to ${down} mg in cycle ${p.values.CYCLE} with no reason (EXADJ blank, no AE)`,
              );
            },
          ];
        });
    },
  },
  {
    check: 'DOSE-07',
    zones: ['AE'],
    candidates(s, ctx) {
      const periods = s.periods(ctx.studyDrug);
      // No reduction of the dose in the days after the event that the action could stand for.
      const reducedWithin = (from: number, to: number) =>
        periods.some((p) => {
          const start = dayOf(p, 'EXSTDAT');
          return start !== null && start >= from && start <= to && isReduction(periods, p);
        });
      const events = s.rows('AE').filter((a) => {
        const start = dayOf(a, 'AESTDAT');
        return (
          textOf(a, 'AEACN') === 'DOSE NOT CHANGED' &&
          start !== null &&
          start + ctx.rules.reductionWithinDays <= ctx.cutoff &&
          !reducedWithin(start, start + ctx.rules.reductionWithinDays)
        );
      });
      return each(ctx.random, events, (a) => () => {
        s.set(a, 'AEACN', 'DOSE REDUCED');
        return plant(
          'AE',
          a.key,
          'AEACN',
          `AE ${a.values.AESEQ} action written DOSE REDUCED, but the dose stayed`,
        );
      });
    },
  },
  {
    check: 'DOSE-08',
    zones: ['DEX'],
    candidates(s, ctx) {
      const age = s.dm() ? numberOf(s.dm()!, 'AGE') : null;
      if (age === null) return [];
      const elderly = age > ctx.rules.elderlyAgeAbove;
      const doses = s
        .rows('EX')
        .filter(
          (e) =>
            textOf(e, 'EXTRT') === ctx.comedication &&
            numberOf(e, 'EXDOSE') === (elderly ? ctx.rules.dexDoseElderly : ctx.rules.dexDose),
        );
      return each(ctx.random, doses, (e) => () => {
        const dose = elderly ? ctx.rules.dexDose : ctx.rules.dexDose * 10;
        s.set(e, 'EXDOSE', dose);
        const why = elderly
          ? `the dose for patients up to ${ctx.rules.elderlyAgeAbove}, at age ${age}`
          : `an extra zero, at age ${age}`;
        return plant('EX', e.key, 'EXDOSE', `${ctx.comedication} ${dose} mg (${why})`);
      });
    },
  },
  {
    check: 'DOSE-09',
    zones: ['POM'],
    candidates(s, ctx) {
      const ds = s.ds();
      const last = s.periods(ctx.studyDrug).at(-1);
      const eot = ds ? dayOf(ds, 'EOTDAT') : null;
      if (!last || eot === null || dayOf(last, 'EXENDAT') !== eot) return [];
      const cycleStart = cycleStarts(s, ctx.studyDrug).get(Number(last.values.CYCLE))!.day;
      const late = 2 + ctx.random.int(0, 3);
      // Within the dosing days if the period stopped early; otherwise also into the rest days (DOSE-03).
      const inDosingDays = eot + late <= cycleStart + ctx.rules.dosingDays - 1;
      if (countsWithin(s, eot - 1, eot + late)) return [];
      const candidate: Candidate = () => {
        s.set(last, 'EXENDAT', iso(eot + late));
        return plant(
          'EX',
          last.key,
          'EXENDAT',
          `last ${ctx.studyDrug} period recorded until ${late} days after the end of treatment (DS.EOTDAT ${iso(eot)})`,
        );
      };
      return inDosingDays ? [candidate] : [];
    },
  },
  {
    check: 'DOSE-10',
    zones: ['LB'],
    candidates(s, ctx) {
      const periods = s
        .periods(ctx.studyDrug)
        .map((p) => ({ start: dayOf(p, 'EXSTDAT')!, end: dayOf(p, 'EXENDAT')! }));
      const labs = s.rows('LB').filter((l) => {
        const test = textOf(l, 'LBTESTCD');
        const d = dayOf(l, 'LBDAT');
        return (
          (test === 'ANC' || test === 'PLAT') &&
          d !== null &&
          periods.some((p) => p.start <= d && p.end >= d + 1)
        );
      });
      const anc = ctx.ordinal % 3 !== 2;
      return each(
        ctx.random,
        labs.filter((l) => textOf(l, 'LBTESTCD') === (anc ? 'ANC' : 'PLAT')),
        (l) => {
          const value = anc
            ? Math.round((0.1 + ctx.random.next() * 0.3) * 100) / 100
            : 8 + ctx.random.int(0, 12);
          return () => {
            s.set(l, 'LBORRES', value);
            return plant(
              'LB',
              l.key,
              'LBORRES',
              `${l.values.LBTESTCD} ${value} on ${l.values.LBDAT}, and dosing went on the next day`,
            );
          };
        },
      );
    },
  },
];
