import type { TruthRow } from '../../subject-records';
import type { Candidate, Planter } from './planter';
import { dayOf, textOf, type SubjectRows } from './subject-rows';
import { emptiesOnly, windowsEmptied } from './assessment-windows';
import { onlyItsMProtein, spepReadingOn } from './m-protein';
import { cycleStarts, each, iso, plant, rotated, shuffled } from './plant-helpers';

/**
 * Response assessments (edit-checks.md, RESP), as sites make the errors: an assessment record
 * missing (deleted before the export), the M-protein of a visit not entered, a response better
 * than the M-protein shows, CR reported while the immunofixation is still positive, a baseline
 * visit entered on the response form, a response written in words of the site's own.
 */

function assessmentsWithin(s: SubjectRows, from: number, to: number): TruthRow[] {
  return s.rows('RS').filter((r) => {
    const d = dayOf(r, 'RSDAT');
    return d !== null && d >= from && d <= to;
  });
}

function removeAll(s: SubjectRows, rows: readonly TruthRow[]): void {
  for (const r of rows) s.remove(r);
}

/** Better responses a site may report than the M-protein shows (never CR/sCR: RESP-06 would also fire). */
const UPGRADE: Record<string, string> = { SD: 'PR', MR: 'PR', PR: 'VGPR', PD: 'SD' };

const UNKNOWN_RESPONSES = ['Partial', 'nCR', '호전', 'STABLE', 'Good response', 'uCR'];

export const responsePlanters: readonly Planter[] = [
  {
    check: 'RESP-01',
    zones: ['RS'],
    candidates(s, ctx) {
      const w = ctx.rules.cycleWindow;
      const starts = [...cycleStarts(s, ctx.studyDrug)].filter(
        ([n, c]) => n >= w.firstCycle && n <= w.lastCycle && c.day + w.days <= ctx.cutoff,
      );
      // Later cycles first: the first assessment after C1D1 also counts for RESP-03.
      return shuffled(ctx.random, starts)
        .sort(([a], [b]) => Number(a === w.firstCycle) - Number(b === w.firstCycle))
        .flatMap(([n, c]) => {
          const missing = assessmentsWithin(s, c.day - w.days, c.day + w.days);
          if (missing.length === 0 || !emptiesOnly(s, ctx, missing, `${s.subjectId}|cycle ${n}`)) return [];
          return [
            () => {
              removeAll(s, missing);
              return plant(
                'RS',
                `${s.subjectId}|cycle ${n}`,
                'RSDAT',
                `the cycle ${n} day 1 assessment (${missing.map((r) => r.values.RSDAT).join(', ')}) deleted`,
              );
            },
          ];
        });
    },
  },
  {
    check: 'RESP-02',
    zones: ['RS'],
    candidates(s, ctx) {
      const ds = s.ds();
      const eot = ds ? dayOf(ds, 'EOTDAT') : null;
      const w = ctx.rules.eotWindow;
      if (eot === null || eot + w.after > ctx.cutoff) return [];
      const missing = assessmentsWithin(s, eot - w.before, eot + w.after);
      if (missing.length === 0 || !emptiesOnly(s, ctx, missing, `${s.subjectId}|end of treatment`)) return [];
      return [
        () => {
          removeAll(s, missing);
          return plant(
            'RS',
            `${s.subjectId}|end of treatment`,
            'RSDAT',
            `the end-of-treatment assessment (${missing.map((r) => r.values.RSDAT).join(', ')}) deleted`,
          );
        },
      ];
    },
  },
  {
    check: 'RESP-03',
    zones: ['RS'],
    // Every later window is left without an assessment too: its cycles' and the end of treatment's.
    secondary: ['RESP-01', 'RESP-02'],
    candidates(s, ctx) {
      const c1 = cycleStarts(s, ctx.studyDrug).get(1);
      if (!c1 || c1.day + ctx.rules.assessedWithinDays > ctx.cutoff) return [];
      const after = s.rows('RS').filter((r) => (dayOf(r, 'RSDAT') ?? -Infinity) > c1.day);
      const key = `${s.subjectId}|after first dose`;
      const emptied = windowsEmptied(s, ctx, after);
      if (after.length === 0 || !emptied.some((h) => h.recordKey === key)) return [];
      return [
        () => {
          removeAll(s, after);
          return {
            ...plant(
              'RS',
              key,
              'RSDAT',
              `no response assessment entered after the first dose (${after.length} deleted)`,
            ),
            secondary: emptied.filter((h) => h.recordKey !== key),
          };
        },
      ];
    },
  },
  {
    check: 'RESP-04',
    zones: ['RS', 'LB'],
    candidates(s, ctx) {
      const mp = ctx.rules.mProtein;
      const mProteinNear = (d: number) =>
        s.rows('LB').filter((l) => {
          const ld = dayOf(l, 'LBDAT');
          return (
            mp.tests.includes(textOf(l, 'LBTESTCD') ?? '') && ld !== null && Math.abs(ld - d) <= mp.windowDays
          );
        });
      const rows = s.rows('RS').filter((r) => (dayOf(r, 'RSDAT') ?? Infinity) + mp.windowDays <= ctx.cutoff);
      // A response reported at a visit where no M-protein was measured (an assessment not done) ...
      const reported = each(ctx.random, rows, (r) => {
        const response = textOf(r, 'RSORRES');
        if ((response !== null && response !== 'NE') || mProteinNear(dayOf(r, 'RSDAT')!).length > 0)
          return undefined;
        return () => {
          s.set(r, 'RSORRES', 'PR');
          s.set(r, 'RSNDREAS', null);
          return plant(
            'RS',
            r.key,
            'RSORRES',
            `response PR reported on ${r.values.RSDAT}, a visit without M-protein results`,
          );
        };
      });
      // ... or the M-protein results of the visit not entered.
      const unentered = each(ctx.random, rows, (r) => {
        const response = textOf(r, 'RSORRES');
        const labs = mProteinNear(dayOf(r, 'RSDAT')!);
        if (response === null || !mp.responses.includes(response) || labs.length === 0) return undefined;
        if (!onlyItsMProtein(s, ctx, r, labs)) return undefined;
        return () => {
          removeAll(s, labs);
          return plant(
            'RS',
            r.key,
            'RSORRES',
            `M-protein results around the ${response} assessment of ${r.values.RSDAT} not entered (${labs.map((l) => l.values.LBTESTCD).join(', ')})`,
          );
        };
      });
      return rotated([reported, unentered], ctx.ordinal).flat();
    },
  },
  {
    check: 'RESP-05',
    zones: ['RS'],
    candidates(s, ctx) {
      return each(ctx.random, s.rows('RS'), (r) => {
        const response = textOf(r, 'RSORRES');
        const better = response === null ? undefined : UPGRADE[response];
        const day = dayOf(r, 'RSDAT');
        // Only where RESP-05 reads the M-protein, and the response reported is what it shows.
        if (better === undefined || day === null || spepReadingOn(s, ctx, day) !== response) return undefined;
        return () => {
          s.set(r, 'RSORRES', better);
          return plant(
            'RS',
            r.key,
            'RSORRES',
            `response ${better} reported on ${r.values.RSDAT} where the M-protein shows ${response}`,
          );
        };
      });
    },
  },
  {
    check: 'RESP-06',
    zones: ['RS', 'LB'],
    candidates(s, ctx) {
      const window = ctx.rules.sifeWindowDays;
      const sifeNear = (d: number, result: string) =>
        s
          .rows('LB')
          .filter(
            (l) =>
              textOf(l, 'LBTESTCD') === 'SIFE' &&
              textOf(l, 'LBORRES') === result &&
              Math.abs((dayOf(l, 'LBDAT') ?? Infinity) - d) <= window,
          );
      const rows = s.rows('RS').filter((r) => (dayOf(r, 'RSDAT') ?? Infinity) + window <= ctx.cutoff);
      // CR reported where the M-protein reads VGPR, while the immunofixation is positive or was not done ...
      const reported: Candidate[] = each(ctx.random, rows, (r) => {
        const d = dayOf(r, 'RSDAT')!;
        if (textOf(r, 'RSORRES') !== 'VGPR' || sifeNear(d, 'NEGATIVE').length > 0) return undefined;
        const why = sifeNear(d, 'POSITIVE').length > 0 ? 'is positive' : 'was not done';
        return () => {
          s.set(r, 'RSORRES', 'CR');
          return plant(
            'RS',
            r.key,
            'RSORRES',
            `CR reported on ${r.values.RSDAT} (VGPR by M-protein) while the serum immunofixation ${why}`,
          );
        };
      });
      // ... or the negative immunofixation of a CR not entered.
      const unentered: Candidate[] = each(ctx.random, rows, (r) => {
        const response = textOf(r, 'RSORRES');
        const labs = sifeNear(dayOf(r, 'RSDAT')!, 'NEGATIVE');
        if ((response !== 'CR' && response !== 'sCR') || labs.length === 0) return undefined;
        // Every other CR keeps a negative immunofixation of its own.
        const othersKeepOne = rows.every(
          (x) =>
            x === r ||
            !['CR', 'sCR'].includes(textOf(x, 'RSORRES') ?? '') ||
            sifeNear(dayOf(x, 'RSDAT')!, 'NEGATIVE').some((l) => !labs.includes(l)),
        );
        if (!othersKeepOne) return undefined;
        return () => {
          removeAll(s, labs);
          return plant(
            'RS',
            r.key,
            'RSORRES',
            `the negative serum immunofixation of the ${response} on ${r.values.RSDAT} not entered`,
          );
        };
      });
      return rotated([reported, unentered], ctx.ordinal).flat();
    },
  },
  {
    check: 'RESP-07',
    zones: ['RS'],
    candidates(s, ctx) {
      const c1 = cycleStarts(s, ctx.studyDrug).get(1);
      const dm = s.dm();
      if (!c1 || !dm) return [];
      const visit = ctx.random.int(1, 10);
      const date = iso(c1.day - visit);
      if (s.rows('RS').some((r) => r.values.RSDAT === date)) return [];
      const korean = /[가-힣]/.test(String(s.rows('RS')[0]?.values.VISIT ?? ''));
      return [
        () => {
          const values = {
            SUBJID: s.subjectId,
            RSDAT: date,
            VISIT: korean ? '스크리닝' : 'SCREENING',
            RSORRES: null,
            RSNDREAS: korean ? '기저 평가' : 'Baseline assessment',
          };
          const row = s.add('RS', values, { before: s.rows('RS')[0] });
          return plant(
            'RS',
            row.key,
            'RSDAT',
            `a screening visit of ${date} (before the first dose, ${iso(c1.day)}) entered on the response form`,
          );
        },
      ];
    },
  },
  {
    check: 'RESP-08',
    zones: ['RS'],
    candidates(s, ctx) {
      const text = rotated(UNKNOWN_RESPONSES, ctx.ordinal)[0]!;
      return each(ctx.random, s.rows('RS'), (r) => {
        const response = textOf(r, 'RSORRES');
        if (response === null) return undefined;
        return () => {
          s.write(r, 'RSORRES', { text, value: null });
          return plant('RS', r.key, 'RSORRES', `response written "${text}" (meant ${response})`);
        };
      });
    },
  },
];
