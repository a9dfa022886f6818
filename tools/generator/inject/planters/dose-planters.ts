import type { Candidate, Planter } from '../planter';
import { dayOf, numberOf, textOf } from '../subject-rows';
import { cycleStarts, each, iso, levelAbove, levelBelow, plant } from './plant-helpers';

/**
 * Dose deviations (edit-checks.md, DOSE), as sites make them: a dose typed wrong, a lower start
 * dose without its label reason in DM, dosing into the rest days, a cycle started a few days early,
 * a dose put back up, a reduction with no reason, an AE action that did not happen, the adult
 * dexamethasone dose for an elderly patient, dosing after the recorded end of treatment, and
 * dosing on through a severe count.
 */

export const dosePlanters: readonly Planter[] = [
  {
    check: 'DOSE-01',
    zones: ['POM'],
    candidates(s, ctx) {
      const periods = s.periods(ctx.studyDrug);
      // A decimal slip on a reduced dose (2.5 for 2 mg) stays below the dose before it; any other
      // slip (5 mg for 4) also reads as a re-escalation.
      const slips: Candidate[] = [];
      const others: Candidate[] = [];
      periods.slice(1).forEach((p, i) => {
        const dose = numberOf(p, 'EXDOSE');
        const previous = numberOf(periods[i]!, 'EXDOSE');
        if (dose === null || previous === null) return;
        const slip = dose === ctx.rules.doseLevels[0] ? dose + 1 : dose + 0.5;
        (dose < previous ? slips : others).push(() => {
          s.set(p, 'EXDOSE', slip);
          return plant(
            'EX',
            p.key,
            'EXDOSE',
            `${ctx.studyDrug} dose written ${slip} mg instead of ${dose} mg (cycle ${p.values.CYCLE})`,
          );
        });
      });
      return [...slips, ...others];
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
      // The label reason for a lower start dose left out of DM.
      for (const [column, clean] of [
        ['DIALYSIS', 'N'],
        ['HEPIMP', 'NONE'],
      ] as const) {
        const reasons = ctx.rules.labelStartDoses.filter(
          (r) => r.dose === dose && r.when[column]?.includes(textOf(dm, column) ?? ''),
        );
        if (dose === ctx.rules.startDose || reasons.length === 0) continue;
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
      if (lower !== undefined && periods.every((p) => numberOf(p, 'EXDOSE') === ctx.rules.startDose)) {
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
        if (end + late >= nextStart - 1) return undefined;
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
      // The last period first: a later period at the old dose would read as a reduction.
      return [...periods.keys()]
        .slice(1)
        .reverse()
        .flatMap((i) => {
          const p = periods[i]!;
          const dose = numberOf(p, 'EXDOSE');
          const previous = numberOf(periods[i - 1]!, 'EXDOSE');
          const up = dose === null ? undefined : levelAbove(ctx.rules.doseLevels, dose);
          if (dose === null || dose !== previous || up === undefined) return [];
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
          if (
            dose === null ||
            dose !== numberOf(periods[i - 1]!, 'EXDOSE') ||
            down === undefined ||
            textOf(p, 'EXADJ') === 'OTHER'
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
      const events = s.rows('AE').filter((a) => {
        const start = dayOf(a, 'AESTDAT');
        return (
          textOf(a, 'AEACN') === 'DOSE NOT CHANGED' &&
          start !== null &&
          start + ctx.rules.reductionWithinDays <= ctx.cutoff
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
