import type { Planter } from './planter';
import { dayOf, numberOf, spanOfCell, textOf } from './subject-rows';
import { cycleStarts, days, isAntithrombotic, iso, plant } from './plant-helpers';

/**
 * Eligibility and safety (edit-checks.md, ELIG and SAFE-01), as sites make the errors: an age with
 * its digits swapped, one prior regimen, a prior treatment ticked N, an enrollment dated before
 * the consent, the thromboprophylaxis not entered.
 */

export const eligibilitySafetyPlanters: readonly Planter[] = [
  {
    check: 'ELIG-01',
    zones: ['DM'],
    candidates(s, ctx) {
      const dm = s.dm();
      const age = dm ? numberOf(dm, 'AGE') : null;
      if (!dm || age === null) return [];
      const swapped = Number(String(age).split('').reverse().join(''));
      const young = swapped < ctx.rules.minAge && swapped >= 10 ? swapped : ctx.rules.minAge - 1;
      return [
        () => {
          s.set(dm, 'AGE', young);
          return plant(
            'DM',
            dm.key,
            'AGE',
            swapped === young
              ? `age typed ${young} for ${age} (digits swapped)`
              : `age typed ${young} for ${age}`,
          );
        },
      ];
    },
  },
  {
    check: 'ELIG-02',
    zones: ['DM'],
    candidates(s, ctx) {
      const dm = s.dm();
      const prior = dm ? numberOf(dm, 'PRIORREG') : null;
      if (!dm || prior === null) return [];
      const fewer = ctx.rules.minPriorRegimens - 1;
      return [
        () => {
          s.set(dm, 'PRIORREG', fewer);
          return plant('DM', dm.key, 'PRIORREG', `${fewer} prior regimen written for ${prior}`);
        },
      ];
    },
  },
  {
    check: 'ELIG-03',
    zones: ['DM'],
    candidates(s, ctx) {
      const dm = s.dm();
      if (!dm) return [];
      const column = ctx.ordinal % 2 === 0 ? 'PRIORBOR' : 'PRIORLEN';
      if (textOf(dm, column) !== 'Y') return [];
      return [
        () => {
          s.set(dm, column, 'N');
          return plant('DM', dm.key, column, `${column} ticked N`);
        },
      ];
    },
  },
  {
    check: 'ELIG-04',
    zones: ['DM'],
    candidates(s, ctx) {
      const dm = s.dm();
      const consent = dm ? dayOf(dm, 'RFICDAT') : null;
      if (!dm || consent === null) return [];
      const early = ctx.random.int(1, 5);
      return [
        () => {
          s.set(dm, 'ENRLDAT', iso(consent - early));
          return plant(
            'DM',
            dm.key,
            'RFICDAT',
            `enrollment dated ${iso(consent - early)}, ${days(early)} before the informed consent`,
          );
        },
      ];
    },
  },
  {
    check: 'SAFE-01',
    zones: ['CM'],
    candidates(s, ctx) {
      const c1 = cycleStarts(s, ctx.studyDrug).get(1);
      if (!c1 || c1.day + ctx.rules.prophylaxis.startWithinDays > ctx.cutoff) return [];
      // The prophylaxis records (an antithrombotic taken from the first dose), not a later treatment of a thrombosis.
      const lastStart = c1.day + ctx.rules.prophylaxis.startWithinDays;
      const prophylaxis = s.rows('CM').filter((m) => {
        const start = spanOfCell(m, 'CMSTDAT');
        const end = spanOfCell(m, 'CMENDAT');
        return (
          isAntithrombotic(ctx.rules.prophylaxis.names, m) &&
          (start === null || start.lo <= lastStart) &&
          (end === null || end.hi >= c1.day)
        );
      });
      if (prophylaxis.length === 0) return [];
      return [
        () => {
          for (const m of prophylaxis) s.remove(m);
          const names = prophylaxis.map((m) => m.values.CMTRT).join(', ');
          return plant(
            'CM',
            `${s.subjectId}|VTE-PROPHYLAXIS`,
            'CMTRT',
            `thromboprophylaxis not entered (CM ${names} deleted)`,
          );
        },
      ];
    },
  },
];
