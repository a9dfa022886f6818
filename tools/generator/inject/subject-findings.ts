import type { TruthRow } from '../subject-records';
import type { CheckRules } from './check-rules';
import { dayOf, numberOf, spanOfCell, textOf, unreadable, type Span, type SubjectRows } from './subject-rows';

/**
 * The injector's own reading of the edit checks that look at one subject's records together
 * (edit-checks.md: DOSE, RESP-01..07, AEDT, AECON, ELIG, SAFE-01, DATA-06), written from the
 * spec, not from the catalog SQL. A planter changes a subject, and the difference between what
 * this reading finds before and after is what the plant makes the engine raise: its own check,
 * and any other the change unavoidably triggers (an expected secondary hit in the answer key).
 * Identities are the engine's: check, form, record key (or a virtual record of a missing-something
 * check, such as `S01-001|cycle 3`), field. Checks of single values (DATA-01..05, DATA-07,
 * RESP-08) are left out: their plants raise them by construction.
 */

export interface Hit {
  check: string;
  subject: string;
  form: string;
  recordKey: string;
  field: string;
}

export function hitId(hit: Pick<Hit, 'check' | 'form' | 'recordKey' | 'field'>): string {
  return `${hit.check}|${hit.form}|${hit.recordKey}|${hit.field}`;
}

export interface FindingContext {
  rules: CheckRules;
  studyDrug: string;
  comedication: string;
  /** The subject's cut-off (its site's latest export date), as a day number. */
  cutoff: number;
}

const SERIOUSNESS = ['AESDTH', 'AESLIFE', 'AESHOSP', 'AESDISAB', 'AESCONG', 'AESMIE'];
const PRIOR_TREATMENTS = ['PRIORLEN', 'PRIORBOR'];
const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

/** a is certainly before b, whatever full dates partial ones stand for. */
const before = (a: Span | null, b: Span | null) => a !== null && b !== null && a.hi < b.lo;
/** The date may lie in [from, to]; a missing or unreadable date may lie anywhere. */
const mayLieWithin = (s: Span | null, from: number, to: number) => s === null || (s.hi >= from && s.lo <= to);
const isRepeat = (row: TruthRow) => row.key.includes('#');

interface Period {
  row: TruthRow;
  cycle: number | null;
  dose: number | null;
  st: Span;
  /** The start date is missing or unreadable: the period may be any period of the subject. */
  anywhere: boolean;
  en: Span | null;
}

interface Step extends Period {
  isFirst: boolean;
  /** The readable period that certainly comes just before. */
  prev: Period | undefined;
  /** Doses of the periods that may lie anywhere, so also just before this one. */
  maybePrevDoses: (number | null)[];
}

const ANYWHERE: Span = { lo: -Infinity, hi: Infinity };

function periodsOf(s: SubjectRows, drug: string): Period[] {
  const periods: Period[] = [];
  for (const row of s.rows('EX')) {
    if (textOf(row, 'EXTRT') !== drug) continue;
    const st = spanOfCell(row, 'EXSTDAT');
    periods.push({
      row,
      cycle: numberOf(row, 'CYCLE'),
      dose: numberOf(row, 'EXDOSE'),
      st: st ?? ANYWHERE,
      anywhere: st === null,
      en: spanOfCell(row, 'EXENDAT'),
    });
  }
  return periods;
}

/**
 * Each period with the readable one that certainly comes just before it (none when the order is
 * uncertain). A period whose start cannot be read may be any period (edit-checks.md terms): no
 * other period is certainly first beside it, and it may come just before any period.
 */
function stepsOf(periods: Period[]): Step[] {
  const once = periods.filter((p) => !isRepeat(p.row));
  const readable = once.filter((p) => !p.anywhere);
  return once.map((p) => {
    const others = once.filter((r) => r !== p);
    const prev = readable.find(
      (q) =>
        q !== p &&
        q.st.hi < p.st.lo &&
        !readable.some((r) => r !== q && r !== p && r.st.lo <= p.st.hi && r.st.hi >= q.st.lo),
    );
    const maybePrevDoses = others.filter((r) => r.anywhere).map((r) => r.dose);
    return { ...p, isFirst: !others.some((r) => r.st.lo <= p.st.hi), prev, maybePrevDoses };
  });
}

interface CycleStart {
  lo: number;
  hi: number;
  row: TruthRow;
}

/** CnD1 of each cycle, as the row of its earliest readable period (a cycle of unreadable starts only: one of them). */
function cycleStarts(periods: Period[]): Map<number, CycleStart> {
  const starts = new Map<number, CycleStart>();
  const order = [...periods].sort(
    (a, b) =>
      Number(a.anywhere) - Number(b.anywhere) ||
      a.st.lo - b.st.lo ||
      Number(a.row.values.EXSEQ) - Number(b.row.values.EXSEQ),
  );
  for (const p of order) {
    if (p.cycle === null) continue;
    const c = starts.get(p.cycle);
    if (!c) starts.set(p.cycle, { lo: p.st.lo, hi: p.st.hi, row: p.row });
    else {
      c.lo = Math.min(c.lo, p.st.lo);
      c.hi = Math.min(c.hi, p.st.hi);
    }
  }
  return starts;
}

export function subjectFindings(s: SubjectRows, ctx: FindingContext): Map<string, Hit> {
  const hits = new Map<string, Hit>();
  const dm = s.dm();
  if (!dm) return hits; // an orphan: only DATA-03 (by construction)
  const { rules, cutoff } = ctx;
  const fire = (check: string, form: string, recordKey: string, field: string) => {
    const hit = { check, subject: s.subjectId, form, recordKey, field };
    hits.set(hitId(hit), hit);
  };
  const id = s.subjectId;
  const ds = s.ds();
  const eot = ds ? spanOfCell(ds, 'EOTDAT') : null;
  const death = ds ? spanOfCell(ds, 'DTHDAT') : null;
  const consent = spanOfCell(dm, 'RFICDAT');
  const age = numberOf(dm, 'AGE');
  const ex = s.rows('EX');
  const ae = s.rows('AE');
  const rs = s.rows('RS');
  const lb = s.rows('LB');
  const pom = periodsOf(s, ctx.studyDrug);
  const steps = stepsOf(pom);
  const cycles = cycleStarts(pom);
  const c1 = cycles.get(1) ?? null;
  const reductionAe = (from: number, to: number) =>
    ae.some((a) => {
      const action = textOf(a, 'AEACN');
      const st = spanOfCell(a, 'AESTDAT');
      return (
        action !== null &&
        rules.reductionActions.includes(action) &&
        (st === null || (st.hi >= from && st.lo <= to))
      );
    });

  // DOSE
  for (const e of ex) {
    const dose = numberOf(e, 'EXDOSE');
    if (textOf(e, 'EXTRT') === ctx.studyDrug && dose !== null && !rules.doseLevels.includes(dose))
      fire('DOSE-01', 'EX', e.key, 'EXDOSE');
  }
  for (const p of steps) {
    if (p.isFirst && p.dose !== null && p.dose !== rules.startDose) {
      const allowed = rules.labelStartDoses.some(
        (rule) =>
          rule.dose === p.dose &&
          Object.entries(rule.when).every(([column, values]) =>
            values.includes(textOf(dm, column) ?? '\u0000'),
          ),
      );
      if (!allowed) fire('DOSE-02', 'EX', p.row.key, 'EXDOSE');
    }
    const prevDose = p.prev?.dose ?? null;
    if (p.dose === null || prevDose === null) continue;
    const dose = p.dose;
    // Wherever a period of unreadable start lies, it may be the previous one: the finding must hold against it too.
    if (dose > prevDose && p.maybePrevDoses.every((d) => d !== null && dose > d))
      fire('DOSE-05', 'EX', p.row.key, 'EXDOSE');
    if (
      dose < prevDose &&
      p.maybePrevDoses.every((d) => d !== null && dose < d) &&
      textOf(p.row, 'EXADJ') !== 'OTHER' &&
      !unreadable(p.row, 'EXADJ') &&
      !reductionAe(p.st.lo - rules.aeLookbackDays, p.st.hi)
    ) {
      fire('DOSE-06', 'EX', p.row.key, 'EXADJ');
    }
  }
  for (const p of pom) {
    const c = p.cycle === null ? undefined : cycles.get(p.cycle);
    if (c && p.en && p.en.lo > c.hi + rules.dosingDays - 1) fire('DOSE-03', 'EX', p.row.key, 'EXENDAT');
  }
  for (const [n, c] of cycles) {
    const b = cycles.get(n - 1);
    if (b && c.hi - b.lo < rules.cycleLength) fire('DOSE-04', 'EX', c.row.key, 'EXSTDAT');
  }
  const unreadableStart = ex.some(
    (e) => textOf(e, 'EXTRT') === ctx.studyDrug && spanOfCell(e, 'EXSTDAT') === null,
  );
  for (const a of ae) {
    const st = spanOfCell(a, 'AESTDAT');
    if (
      textOf(a, 'AEACN') !== 'DOSE REDUCED' ||
      st === null ||
      st.hi + rules.reductionWithinDays > cutoff ||
      unreadableStart
    )
      continue;
    const reduced = steps.some(
      (p) =>
        p.st.hi >= st.lo &&
        p.st.lo <= st.hi + rules.reductionWithinDays &&
        !p.isFirst &&
        !(p.dose !== null && p.prev?.dose != null && p.dose >= p.prev.dose),
    );
    if (!reduced) fire('DOSE-07', 'AE', a.key, 'AEACN');
  }
  for (const e of ex) {
    const dose = numberOf(e, 'EXDOSE');
    if (textOf(e, 'EXTRT') !== ctx.comedication || dose === null) continue;
    const limit =
      age === null
        ? Math.max(rules.dexDose, rules.dexDoseElderly)
        : age > rules.elderlyAgeAbove
          ? rules.dexDoseElderly
          : rules.dexDose;
    if (dose > limit) fire('DOSE-08', 'EX', e.key, 'EXDOSE');
  }
  if (ds) {
    for (const e of ex) {
      const st = spanOfCell(e, 'EXSTDAT');
      const en = spanOfCell(e, 'EXENDAT');
      const startAfterDeath = before(death, st);
      if ((textOf(e, 'EXTRT') === ctx.studyDrug && before(eot, en)) || startAfterDeath || before(death, en)) {
        fire('DOSE-09', 'EX', e.key, startAfterDeath ? 'EXSTDAT' : 'EXENDAT');
      }
    }
  }
  for (const l of lb) {
    const test = textOf(l, 'LBTESTCD');
    const value = numberOf(l, 'LBORRES');
    const limit = test === 'ANC' ? rules.ancBelow : test === 'PLAT' ? rules.platBelow : undefined;
    const day = spanOfCell(l, 'LBDAT');
    if (limit === undefined || value === null || value >= limit || day === null) continue;
    if (pom.some((p) => p.en !== null && p.st.hi <= day.lo + 1 && p.en.lo >= day.hi + 1))
      fire('DOSE-10', 'LB', l.key, 'LBORRES');
  }

  // RESP
  const rsDates = rs.map((r) => spanOfCell(r, 'RSDAT'));
  const assessedWithin = (from: number, to: number) => rsDates.some((d) => mayLieWithin(d, from, to));
  const w = rules.cycleWindow;
  for (const [n, c] of cycles) {
    if (n < w.firstCycle || n > w.lastCycle || c.hi + w.days > cutoff) continue;
    if (!assessedWithin(c.lo - w.days, c.hi + w.days)) fire('RESP-01', 'RS', `${id}|cycle ${n}`, 'RSDAT');
  }
  if (
    eot &&
    eot.hi + rules.eotWindow.after <= cutoff &&
    (death === null || death.lo > eot.hi + rules.eotWindow.after)
  ) {
    if (!assessedWithin(eot.lo - rules.eotWindow.before, eot.hi + rules.eotWindow.after))
      fire('RESP-02', 'RS', `${id}|end of treatment`, 'RSDAT');
  }
  if (c1 && c1.hi + rules.assessedWithinDays <= cutoff && !rsDates.some((d) => d === null || d.hi > c1.lo))
    fire('RESP-03', 'RS', `${id}|after first dose`, 'RSDAT');
  const mp = rules.mProtein;
  for (const r of rs) {
    const response = textOf(r, 'RSORRES');
    const d = spanOfCell(r, 'RSDAT');
    if (before(d, c1)) fire('RESP-07', 'RS', r.key, 'RSDAT');
    if (response === null || d === null) continue;
    if (mp.responses.includes(response) && d.hi + mp.windowDays <= cutoff) {
      const measured = lb.some(
        (l) =>
          mp.tests.includes(textOf(l, 'LBTESTCD') ?? '') &&
          textOf(l, 'LBORRES') !== null &&
          mayLieWithin(spanOfCell(l, 'LBDAT'), d.lo - mp.windowDays, d.hi + mp.windowDays),
      );
      if (!measured) fire('RESP-04', 'RS', r.key, 'RSORRES');
    }
    if ((response === 'CR' || response === 'sCR') && d.hi + rules.sifeWindowDays <= cutoff) {
      const negative = lb.some(
        (l) =>
          textOf(l, 'LBTESTCD') === 'SIFE' &&
          textOf(l, 'LBORRES') === 'NEGATIVE' &&
          mayLieWithin(spanOfCell(l, 'LBDAT'), d.lo - rules.sifeWindowDays, d.hi + rules.sifeWindowDays),
      );
      if (!negative) fire('RESP-06', 'RS', r.key, 'RSORRES');
    }
  }
  for (const key of responseDisagreements(s, ctx, c1)) fire('RESP-05', 'RS', key, 'RSORRES');

  // AEDT, AECON
  const cutoffSpan = { lo: cutoff, hi: cutoff };
  for (const a of ae) {
    const st = spanOfCell(a, 'AESTDAT');
    const en = spanOfCell(a, 'AEENDAT');
    if (before(en, st)) fire('AEDT-01', 'AE', a.key, 'AEENDAT');
    if (before(st, consent)) fire('AEDT-02', 'AE', a.key, 'AESTDAT');
    if (eot && st && st.lo > eot.hi + rules.safetyWindowDays) fire('AEDT-03', 'AE', a.key, 'AESTDAT');
    if (ds && (before(death, st) || before(death, en)))
      fire('AEDT-04', 'AE', a.key, before(death, st) ? 'AESTDAT' : 'AEENDAT');
    const endGiven = en !== null || unreadable(a, 'AEENDAT');
    const ongoing = textOf(a, 'AEONGO');
    if (!unreadable(a, 'AEONGO') && ((ongoing === 'Y' && endGiven) || (ongoing !== 'Y' && !endGiven)))
      fire('AEDT-05', 'AE', a.key, 'AEONGO');
    if (textOf(a, 'AEOUT') === 'FATAL') {
      const noDeath = death === null && !(ds && unreadable(ds, 'DTHDAT'));
      if (noDeath || before(en, death) || before(death, en))
        fire('AEDT-06', 'AE', a.key, death === null ? 'AEOUT' : 'AEENDAT');
    }
    if (before(cutoffSpan, st) || before(cutoffSpan, en))
      fire('AEDT-07', 'AE', a.key, before(cutoffSpan, st) ? 'AESTDAT' : 'AEENDAT');
    if (st && st.lo < st.hi) fire('AEDT-08', 'AE', a.key, 'AESTDAT');
    const serious = textOf(a, 'AESER');
    const criterion = SERIOUSNESS.some((c) => textOf(a, c) === 'Y');
    if ((serious === 'Y' && !criterion) || (serious === 'N' && criterion))
      fire('AECON-01', 'AE', a.key, 'AESER');
    const grade = numberOf(a, 'AETOXGR');
    const outcome = textOf(a, 'AEOUT');
    if (grade === 5 && outcome !== 'FATAL' && !unreadable(a, 'AEOUT')) fire('AECON-02', 'AE', a.key, 'AEOUT');
    else if (outcome === 'FATAL' && grade !== null && grade < 5) fire('AECON-02', 'AE', a.key, 'AETOXGR');
  }
  for (const key of overlappingDuplicates(ae, cutoff)) fire('AEDT-09', 'AE', key, 'AETERM');

  // ELIG, SAFE
  if (age !== null && age < rules.minAge) fire('ELIG-01', 'DM', dm.key, 'AGE');
  const prior = numberOf(dm, 'PRIORREG');
  if (prior !== null && prior < rules.minPriorRegimens) fire('ELIG-02', 'DM', dm.key, 'PRIORREG');
  const lacking = PRIOR_TREATMENTS.find((c) => textOf(dm, c) === 'N');
  if (lacking) fire('ELIG-03', 'DM', dm.key, lacking);
  if (before(spanOfCell(dm, 'ENRLDAT'), consent) || before(c1, consent))
    fire('ELIG-04', 'DM', dm.key, 'RFICDAT');
  if (c1 && c1.hi + rules.prophylaxis.startWithinDays <= cutoff) {
    const covered = s.rows('CM').some((m) => {
      const name = (textOf(m, 'CMTRT') ?? '').toLowerCase();
      const st = spanOfCell(m, 'CMSTDAT');
      const en = spanOfCell(m, 'CMENDAT');
      return (
        rules.prophylaxis.names.some((n) => name.includes(n)) &&
        (st === null || st.lo <= c1.hi + rules.prophylaxis.startWithinDays) &&
        (en === null || en.hi >= c1.lo)
      );
    });
    if (!covered) fire('SAFE-01', 'CM', `${id}|VTE-PROPHYLAXIS`, 'CMTRT');
  }

  // DATA-06
  for (const e of ex)
    if (before(spanOfCell(e, 'EXENDAT'), spanOfCell(e, 'EXSTDAT'))) fire('DATA-06', 'EX', e.key, 'EXENDAT');
  for (const m of s.rows('CM'))
    if (before(spanOfCell(m, 'CMENDAT'), spanOfCell(m, 'CMSTDAT'))) fire('DATA-06', 'CM', m.key, 'CMENDAT');
  return hits;
}

/** AEDT-09: keys of the AEs that overlap an earlier-numbered AE of the same event. */
function overlappingDuplicates(ae: readonly TruthRow[], cutoff: number): string[] {
  const name = (v: string | null) => (v ?? '').replace(/[ \t\u3000]/g, '').toLowerCase();
  const keys: string[] = [];
  for (const a of ae) {
    const aSeq = numberOf(a, 'AESEQ');
    const aSt = spanOfCell(a, 'AESTDAT');
    if (aSeq === null || aSt === null || unreadable(a, 'AEENDAT')) continue;
    const aEnd = spanOfCell(a, 'AEENDAT')?.lo ?? cutoff;
    const overlaps = ae.some((b) => {
      const bSeq = numberOf(b, 'AESEQ');
      const bSt = spanOfCell(b, 'AESTDAT');
      if (bSeq === null || bSeq >= aSeq || bSt === null || unreadable(b, 'AEENDAT')) return false;
      const aDecod = textOf(a, 'AEDECOD');
      const bDecod = textOf(b, 'AEDECOD');
      const same =
        aDecod !== null && bDecod !== null
          ? name(aDecod) === name(bDecod)
          : name(textOf(a, 'AETERM')) === name(textOf(b, 'AETERM'));
      return same && aSt.hi <= (spanOfCell(b, 'AEENDAT')?.lo ?? cutoff) && bSt.hi <= aEnd;
    });
    if (overlaps) keys.push(a.key);
  }
  return keys;
}

/** RESP-05 (study.md IMWG on serum M-protein): keys of the assessments whose response the M-protein contradicts. */
function responseDisagreements(s: SubjectRows, ctx: FindingContext, c1: CycleStart | null): string[] {
  if (!c1) return [];
  const p = ctx.rules.imwg;
  const spepRows = s.rows('LB').filter((l) => textOf(l, 'LBTESTCD') === 'SPEP');
  const spep = spepRows
    .map((l) => ({ day: dayOf(l, 'LBDAT'), value: numberOf(l, 'LBORRES') }))
    .filter((x): x is { day: number; value: number } => x.day !== null && x.value !== null);
  const baseline = spep
    .filter((x) => x.day <= c1.lo && x.day >= c1.hi - p.baselineMaxAgeDays)
    .sort((a, b) => b.day - a.day)[0];
  if (!baseline || baseline.value < p.measurableBaseline) return [];
  const keys: string[] = [];
  for (const r of s.rows('RS')) {
    const response = textOf(r, 'RSORRES');
    const day = dayOf(r, 'RSDAT');
    if (response === null || day === null || day < c1.hi) continue;
    const partialInWay = spepRows.some((l) => {
      const span = spanOfCell(l, 'LBDAT');
      return span !== null && span.lo < span.hi && span.hi >= baseline.day && span.lo <= day + p.windowDays;
    });
    if (partialInWay) continue;
    const current = spep
      .filter((x) => x.day >= baseline.day && Math.abs(x.day - day) <= p.windowDays)
      .sort((a, b) => Math.abs(a.day - day) - Math.abs(b.day - day) || a.day - b.day)[0];
    if (!current) continue;
    const earlier = spep
      .filter((x) => x.day >= baseline.day && x.day < current.day)
      .sort((a, b) => a.value - b.value || a.day - b.day)[0];
    const reduction = round9((baseline.value - current.value) / baseline.value);
    const progression =
      earlier !== undefined &&
      round9(current.value - earlier.value) >= p.pdAbsoluteIncrease &&
      round9(current.value) >= round9(p.pdRelativeIncrease * earlier.value);
    const disagrees =
      (progression && response !== 'PD') ||
      (response === 'PD' && !progression) ||
      (['sCR', 'CR', 'VGPR'].includes(response) && reduction < p.vgprReduction) ||
      (response === 'PR' && reduction < p.prReduction) ||
      (response === 'MR' && reduction < p.mrReduction);
    if (disagrees) keys.push(r.key);
  }
  return keys;
}
