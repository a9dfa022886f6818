import type { StudyDefinition } from '../../shared/study/definition-schema';
import { isoToDay, parseDate } from '../../electron/core/standardise/dates';

/**
 * A test-side reading of edit-checks.md over standardised records (as expected/ files hold them),
 * used to prove the generator's data are clean. It is deliberately plain and independent of the
 * generator's own code. `cutoff` is the export date (ISO).
 */

type Value = string | number | null | undefined;
export type Rec = Record<string, Value>;
export type Forms = Record<string, Rec[]>;

export interface Finding {
  check: string;
  subject: string;
  detail: string;
}

interface Span {
  lo: number;
  hi: number;
  partial: boolean;
}

function span(v: Value): Span | undefined {
  if (typeof v !== 'string') return undefined;
  const p = parseDate(v);
  return p.kind === 'date' ? { lo: p.lo, hi: p.hi, partial: p.partial } : undefined;
}
/** Full-date day (throws on partial: the checks that use it need full dates). */
function day(v: Value): number | undefined {
  const s = span(v);
  return s ? s.lo : undefined;
}
/** a certainly before b */
const before = (a: Span, b: Span) => a.hi < b.lo;

function groupBy(rows: Rec[] | undefined): Map<string, Rec[]> {
  const m = new Map<string, Rec[]>();
  for (const r of rows ?? []) {
    const s = String(r.SUBJID);
    let l = m.get(s);
    if (!l) m.set(s, (l = []));
    l.push(r);
  }
  return m;
}

export function runEditChecks(definition: StudyDefinition, forms: Forms, cutoffIso: string): Finding[] {
  const out: Finding[] = [];
  const cutoff = isoToDay(cutoffIso);
  const fire = (check: string, subject: string, detail: string) => out.push({ check, subject, detail });
  const dm = groupBy(forms.DM);
  const ex = groupBy(forms.EX);
  const ae = groupBy(forms.AE);
  const rs = groupBy(forms.RS);
  const lb = groupBy(forms.LB);
  const ds = groupBy(forms.DS);
  const cm = groupBy(forms.CM);
  const antithrombotics = (definition.checks['SAFE-01']?.params.antithrombotics as string[]).map((a) =>
    a.toLowerCase(),
  );
  const t = definition.treatment;

  // DATA-02, DATA-03, DATA-04, DATA-06
  for (const form of definition.forms) {
    const seen = new Set<string>();
    for (const r of forms[form.code] ?? []) {
      for (const c of form.columns)
        if (c.required && r[c.name] === null) fire('DATA-02', String(r.SUBJID), `${form.code}.${c.name}`);
      for (const group of form.requiredOneOf)
        if (group.every((c) => r[c] === null))
          fire('DATA-02', String(r.SUBJID), `${form.code} ${group.join('/')}`);
      if (!dm.has(String(r.SUBJID))) fire('DATA-03', String(r.SUBJID), form.code);
      const key = form.key.map((k) => String(r[k])).join('|');
      if (seen.has(key)) fire('DATA-04', String(r.SUBJID), `${form.code} ${key}`);
      seen.add(key);
      for (const c of form.columns)
        if (c.type === 'date' && r[c.name] !== null && !span(r[c.name]))
          fire('DATA-01', String(r.SUBJID), `${form.code}.${c.name}`);
    }
  }
  for (const r of forms.EX ?? []) {
    const s = span(r.EXSTDAT)!;
    const e = span(r.EXENDAT)!;
    if (before(e, s)) fire('DATA-06', String(r.SUBJID), 'EX');
  }
  for (const r of forms.CM ?? []) {
    const s = span(r.CMSTDAT);
    const e = span(r.CMENDAT);
    if (s && e && before(e, s)) fire('DATA-06', String(r.SUBJID), `CM ${r.CMSEQ}`);
  }

  for (const [subject, [d]] of dm) {
    const consent = day(d!.RFICDAT)!;
    const age = d!.AGE as number;
    if (age < 19) fire('ELIG-01', subject, String(age));
    if ((d!.PRIORREG as number) < 2) fire('ELIG-02', subject, '');
    if (d!.PRIORLEN === 'N' || d!.PRIORBOR === 'N') fire('ELIG-03', subject, '');
    if (day(d!.ENRLDAT)! < consent) fire('ELIG-04', subject, 'enrolment');

    const pom = (ex.get(subject) ?? [])
      .filter((r) => r.EXTRT === 'POMALIDOMIDE')
      .sort((a, b) => day(a.EXSTDAT)! - day(b.EXSTDAT)!);
    const dex = (ex.get(subject) ?? []).filter((r) => r.EXTRT === 'DEXAMETHASONE');
    const events = ae.get(subject) ?? [];
    const assessments = rs.get(subject) ?? [];
    const labs = lb.get(subject) ?? [];
    const status = ds.get(subject)?.[0];
    const meds = cm.get(subject) ?? [];
    const eot = status ? day(status.EOTDAT) : undefined;
    const death = status ? day(status.DTHDAT) : undefined;

    const cycleStart = new Map<number, number>();
    for (const p of pom) {
      const n = p.CYCLE as number;
      const s = day(p.EXSTDAT)!;
      if (!cycleStart.has(n) || s < cycleStart.get(n)!) cycleStart.set(n, s);
    }
    const c1d1 = cycleStart.get(1);
    if (c1d1 !== undefined && c1d1 < consent) fire('ELIG-04', subject, 'first dose');

    // DOSE
    pom.forEach((p, i) => {
      const dose = p.EXDOSE as number;
      const start = day(p.EXSTDAT)!;
      const end = day(p.EXENDAT)!;
      if (!t.doseLevels.includes(dose)) fire('DOSE-01', subject, String(dose));
      const cnd1 = cycleStart.get(p.CYCLE as number)!;
      if (end > cnd1 + t.dosingDays - 1) fire('DOSE-03', subject, `cycle ${p.CYCLE}`);
      if (i === 0) {
        const ok =
          dose === 4 ||
          (dose === 3 && (d!.DIALYSIS === 'Y' || d!.HEPIMP === 'MILD' || d!.HEPIMP === 'MODERATE')) ||
          (dose === 2 && d!.HEPIMP === 'SEVERE');
        if (!ok) fire('DOSE-02', subject, String(dose));
        return;
      }
      const previous = pom[i - 1]!.EXDOSE as number;
      if (dose > previous) fire('DOSE-05', subject, `${previous}->${dose}`);
      if (dose < previous && p.EXADJ !== 'OTHER') {
        const reason = events.some(
          (e) =>
            (e.AEACN === 'DOSE REDUCED' || e.AEACN === 'DRUG INTERRUPTED') &&
            day(e.AESTDAT)! >= start - 56 &&
            day(e.AESTDAT)! <= start,
        );
        if (!reason) fire('DOSE-06', subject, `period ${p.EXSEQ}`);
      }
      if (eot !== undefined && end > eot) fire('DOSE-09', subject, `period ${p.EXSEQ} after EOT`);
    });
    if (eot !== undefined && pom.length && day(pom[0]!.EXENDAT)! > eot)
      fire('DOSE-09', subject, 'first period after EOT');
    for (const [n, s] of cycleStart) {
      const prev = cycleStart.get(n - 1);
      if (prev !== undefined && s - prev < t.cycleLengthDays) fire('DOSE-04', subject, `cycle ${n}`);
    }
    for (const e of events) {
      if (e.AEACN !== 'DOSE REDUCED') continue;
      const s = day(e.AESTDAT)!;
      if (s + 56 > cutoff) continue;
      const reduced = pom.some(
        (p, i) =>
          i > 0 &&
          (p.EXDOSE as number) < (pom[i - 1]!.EXDOSE as number) &&
          day(p.EXSTDAT)! >= s &&
          day(p.EXSTDAT)! <= s + 56,
      );
      if (!reduced) fire('DOSE-07', subject, `AE ${e.AESEQ}`);
    }
    const maxDex = age > t.elderlyAgeAbove ? t.comedicationDoseElderly : t.comedicationDose;
    for (const x of dex)
      if ((x.EXDOSE as number) > maxDex) fire('DOSE-08', subject, `${x.EXDOSE} mg at age ${age}`);
    if (death !== undefined) {
      for (const x of ex.get(subject) ?? [])
        if (day(x.EXENDAT)! > death || day(x.EXSTDAT)! > death) fire('DOSE-09', subject, 'after death');
    }
    for (const l of labs) {
      const v = l.LBORRES;
      if (typeof v !== 'number') continue;
      if (!((l.LBTESTCD === 'ANC' && v < 0.5) || (l.LBTESTCD === 'PLAT' && v < 25))) continue;
      const next = day(l.LBDAT)! + 1;
      if (pom.some((p) => day(p.EXSTDAT)! <= next && day(p.EXENDAT)! >= next))
        fire('DOSE-10', subject, `${l.LBTESTCD} ${v} on ${l.LBDAT}`);
    }

    // RESP
    const rsDays = assessments.map((a) => day(a.RSDAT)!);
    for (const [n, s] of cycleStart) {
      if (n < 2 || n > 7 || s + 7 > cutoff) continue;
      if (!rsDays.some((r) => Math.abs(r - s) <= 7)) fire('RESP-01', subject, `cycle ${n}`);
    }
    if (
      eot !== undefined &&
      eot + 35 <= cutoff &&
      !rsDays.some((r) => r >= eot - 7 && r <= eot + 35) &&
      !(death !== undefined && death <= eot + 35)
    ) {
      fire('RESP-02', subject, status!.EOTDAT as string);
    }
    if (c1d1 !== undefined && c1d1 <= cutoff - 35 && !rsDays.some((r) => r > c1d1))
      fire('RESP-03', subject, '');
    const mprotein = labs.filter((l) => ['SPEP', 'UPEP', 'KAPPA', 'LAMBDA'].includes(String(l.LBTESTCD)));
    const spep = labs
      .filter((l) => l.LBTESTCD === 'SPEP')
      .map((l) => ({ day: day(l.LBDAT)!, value: l.LBORRES as number }))
      .sort((a, b) => a.day - b.day);
    const baseline =
      c1d1 === undefined ? undefined : spep.filter((s) => s.day <= c1d1 && s.day >= c1d1 - 30).at(-1);
    const responses = new Set(definition.codeLists.RESPONSE!.values.map((v) => v.code));
    for (const a of assessments) {
      const r = day(a.RSDAT)!;
      const res = a.RSORRES as string | null;
      if (res !== null && !responses.has(res)) fire('RESP-08', subject, res);
      if (c1d1 !== undefined && r < c1d1) fire('RESP-07', subject, a.RSDAT as string);
      if (res !== null && ['sCR', 'CR', 'VGPR', 'PR', 'MR', 'PD'].includes(res) && r + 14 <= cutoff) {
        if (!mprotein.some((l) => Math.abs(day(l.LBDAT)! - r) <= 14))
          fire('RESP-04', subject, a.RSDAT as string);
      }
      if ((res === 'CR' || res === 'sCR') && r + 30 <= cutoff) {
        if (
          !labs.some(
            (l) => l.LBTESTCD === 'SIFE' && l.LBORRES === 'NEGATIVE' && Math.abs(day(l.LBDAT)! - r) <= 30,
          )
        )
          fire('RESP-06', subject, a.RSDAT as string);
      }
      if (baseline && baseline.value >= 0.5 && c1d1 !== undefined && r >= c1d1) {
        let closest: { day: number; value: number } | undefined;
        for (const s of spep) {
          if (s.day < baseline.day || Math.abs(s.day - r) > 14) continue;
          if (!closest || Math.abs(s.day - r) < Math.abs(closest.day - r)) closest = s;
        }
        if (!closest) continue;
        const earlier = spep.filter((s) => s.day >= baseline.day && s.day < closest.day).map((s) => s.value);
        const nadir = earlier.length ? Math.min(...earlier) : undefined;
        const progression =
          nadir !== undefined && closest.value - nadir >= 0.5 && closest.value >= 1.25 * nadir;
        const reduction = (baseline.value - closest.value) / baseline.value;
        const disagrees =
          (progression && res !== 'PD') ||
          (res === 'PD' && !progression) ||
          ((res === 'sCR' || res === 'CR' || res === 'VGPR') && reduction < 0.9) ||
          (res === 'PR' && reduction < 0.5) ||
          (res === 'MR' && reduction < 0.25);
        if (disagrees)
          fire(
            'RESP-05',
            subject,
            `${a.RSDAT} ${res} baseline ${baseline.value} current ${closest.value} nadir ${nadir}`,
          );
      }
    }

    // AE
    for (const e of events) {
      const s = span(e.AESTDAT)!;
      const en = span(e.AEENDAT);
      if (en && before(en, s)) fire('AEDT-01', subject, `AE ${e.AESEQ}`);
      if (s.hi < consent) fire('AEDT-02', subject, `AE ${e.AESEQ}`);
      if (eot !== undefined && s.lo > eot + 28) fire('AEDT-03', subject, `AE ${e.AESEQ}`);
      if (death !== undefined && (s.lo > death || (en && en.lo > death)))
        fire('AEDT-04', subject, `AE ${e.AESEQ}`);
      if ((e.AEONGO === 'Y' && e.AEENDAT !== null) || (e.AEONGO !== 'Y' && e.AEENDAT === null))
        fire('AEDT-05', subject, `AE ${e.AESEQ}`);
      if (e.AEOUT === 'FATAL' && (death === undefined || (e.AEENDAT !== null && day(e.AEENDAT) !== death)))
        fire('AEDT-06', subject, `AE ${e.AESEQ}`);
      if (s.lo > cutoff || (en && en.lo > cutoff)) fire('AEDT-07', subject, `AE ${e.AESEQ}`);
      if (s.partial) fire('AEDT-08', subject, `AE ${e.AESEQ}`);
      const criteria = ['AESDTH', 'AESLIFE', 'AESHOSP', 'AESDISAB', 'AESCONG', 'AESMIE'].some(
        (c) => e[c] === 'Y',
      );
      if ((e.AESER === 'Y' && !criteria) || (e.AESER === 'N' && criteria))
        fire('AECON-01', subject, `AE ${e.AESEQ}`);
      if ((e.AETOXGR === 5 && e.AEOUT !== 'FATAL') || (e.AEOUT === 'FATAL' && (e.AETOXGR as number) < 5))
        fire('AECON-02', subject, `AE ${e.AESEQ}`);
    }
    const norm = (x: Value) =>
      String(x ?? '')
        .replace(/\s+/g, '')
        .toUpperCase();
    for (let i = 0; i < events.length; i++) {
      for (let j = i + 1; j < events.length; j++) {
        const a = events[i]!;
        const b = events[j]!;
        const same =
          a.AEDECOD !== null && b.AEDECOD !== null
            ? a.AEDECOD === b.AEDECOD
            : norm(a.AETERM) === norm(b.AETERM);
        if (!same) continue;
        const aEnd = day(a.AEENDAT) ?? cutoff;
        const bEnd = day(b.AEENDAT) ?? cutoff;
        if (day(a.AESTDAT)! <= bEnd && day(b.AESTDAT)! <= aEnd)
          fire('AEDT-09', subject, `AE ${a.AESEQ}/${b.AESEQ} ${a.AEDECOD}`);
      }
    }

    // SAFE-01
    if (c1d1 !== undefined) {
      const protectedBy = meds.some((m) => {
        const name = String(m.CMTRT).toLowerCase();
        if (!antithrombotics.some((a) => name.includes(a))) return false;
        const s = span(m.CMSTDAT);
        const e = span(m.CMENDAT);
        return s !== undefined && s.hi <= c1d1 + 7 && !(e && e.hi < c1d1);
      });
      if (!protectedBy) fire('SAFE-01', subject, '');
    }
  }
  return out;
}
