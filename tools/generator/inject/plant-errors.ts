import { createRandom, type Random } from '../random';
import { siteRowsAt, type SimulatedStudy } from '../simulate-study';
import type { TruthRow } from '../subject-records';
import type { AnswerKeyEntry } from './answer-key';
import { checkRules } from './check-rules';
import type { Candidate, Plant, PlantContext, Planter, Zone } from './planter';
import { adverseEventPlanters } from './planters/adverse-event-planters';
import { dataPlanters } from './planters/data-planters';
import { dosePlanters } from './planters/dose-planters';
import { eligibilitySafetyPlanters } from './planters/eligibility-safety-planters';
import { responsePlanters } from './planters/response-planters';
import { shuffled } from './planters/plant-helpers';
import { hitId, subjectFindings, type FindingContext, type Hit } from './subject-findings';
import { SubjectRows } from './subject-rows';
import { DEFAULT_PLANTS_PER_CHECK } from './plant-defaults';

/**
 * Planted errors (`generate --inject`): errors of chosen edit checks made in the otherwise clean
 * records of one delivery, `perCheck` of each, spread over sites and subjects, the same for the
 * same seed. Each plant changes only what its error needs; the injector's own reading of the
 * checks (subject-findings.ts) must see the plant raise its check, and lists what else it raises:
 * a plant that raises nothing else is preferred; one that cannot avoid it (deleting every
 * assessment also leaves the end-of-treatment one missing) records the other hits as secondary
 * entries of the answer key. A part of a subject's data (a zone) is changed by one plant at most.
 */

export interface InjectOptions {
  /** Check IDs, or every check the injector can plant. */
  checks: readonly string[] | 'all';
  /** Plants per check (default 5). */
  perCheck?: number;
}

export interface PlantedRound {
  /** The planted delivery's rows, by site and form, in export order. */
  rowsBySite: Map<string, Map<string, TruthRow[]>>;
  answerKey: AnswerKeyEntry[];
  /** Plants made per check (fewer than asked where the study has too few records that fit). */
  planted: Record<string, number>;
}

export { DEFAULT_PLANTS_PER_CHECK } from './plant-defaults';

/** In edit-checks.md order. */
export const PLANTERS: readonly Planter[] = [
  ...dosePlanters,
  ...responsePlanters,
  ...adverseEventPlanters,
  ...eligibilitySafetyPlanters,
  ...dataPlanters,
];

export const PLANTABLE_CHECKS: readonly string[] = PLANTERS.map((p) => p.check);

/** Checks whose fitting records are rare go first, while every subject is still free. */
const SCARCE_FIRST = [
  'AEDT-06',
  'RESP-06',
  'RESP-04',
  'RESP-03',
  'DOSE-02',
  'DOSE-08',
  'DOSE-09',
  'DOSE-01',
  'DOSE-05',
  'DOSE-04',
  'RESP-05',
  'AEDT-07',
  'AEDT-04',
  'DOSE-03',
  'DOSE-06',
];

/** Checks of single values: their plants raise them by construction, subject-findings.ts does not read them. */
const BY_CONSTRUCTION = new Set([
  'DATA-01',
  'DATA-02',
  'DATA-03',
  'DATA-04',
  'DATA-05',
  'DATA-07',
  'RESP-08',
]);

export function selectedPlanters(checks: InjectOptions['checks']): Planter[] {
  if (checks === 'all') return [...PLANTERS];
  const wanted = checks.map((c) => c.trim().toUpperCase());
  const unknown = wanted.filter((c) => !PLANTABLE_CHECKS.includes(c));
  if (unknown.length)
    throw new Error(
      `generator: cannot plant ${unknown.join(', ')} (plantable checks: ${PLANTABLE_CHECKS.join(', ')})`,
    );
  return PLANTERS.filter((p) => wanted.includes(p.check));
}

interface Site {
  siteId: string;
  /** Subjects in export order (an orphan right after the subject it was mistyped from). */
  subjects: SubjectRows[];
}

interface Trial {
  subject: SubjectRows;
  candidate: Candidate;
  plant: Plant;
  zones: readonly Zone[];
  secondaries: Hit[];
  after: Map<string, Hit>;
}

class Injector {
  private readonly sites: Site[] = [];
  private readonly findings = new Map<SubjectRows, Map<string, Hit>>();
  private readonly zonesUsed = new Map<SubjectRows, Set<Zone>>();
  private readonly subjectIds: Set<string>;
  private readonly findingContext: FindingContext;
  private readonly answerKey: AnswerKeyEntry[] = [];
  private readonly roundName: string;

  constructor(
    private readonly study: SimulatedStudy,
    round: number,
  ) {
    const cutoff = study.timeline.exportDays[round]!;
    const treatment = study.definition.treatment;
    this.findingContext = {
      rules: checkRules(study.definition),
      studyDrug: treatment.studyDrug,
      comedication: treatment.comedication,
      cutoff,
    };
    this.subjectIds = new Set(
      [...study.coursesBySite.values()].flatMap((courses) => courses.map((c) => c.subjectId)),
    );
    this.roundName = `round-${round + 1}`;
    for (const siteId of study.siteIds) {
      const bySubject = new Map<string, SubjectRows>();
      for (const rows of siteRowsAt(study, siteId, round).values()) {
        for (const row of rows) {
          let subject = bySubject.get(row.subjectId);
          if (!subject)
            bySubject.set(row.subjectId, (subject = new SubjectRows(row.subjectId, siteId, study.formKeys)));
          subject.take(row);
        }
      }
      if (bySubject.size > 0) this.sites.push({ siteId, subjects: [...bySubject.values()] });
    }
  }

  plantAll(planters: readonly Planter[], perCheck: number, seed: number): PlantedRound {
    const root = createRandom(seed).fork('inject');
    const order = [...planters].sort((a, b) => rank(a.check) - rank(b.check));
    const planted: Record<string, number> = {};
    const keyOf = new Map<string, AnswerKeyEntry[]>();
    for (const planter of order) {
      const start = this.answerKey.length;
      planted[planter.check] = this.plantCheck(planter, perCheck, root.fork(planter.check));
      keyOf.set(planter.check, this.answerKey.slice(start));
    }
    const answerKey = planters.flatMap((p) => keyOf.get(p.check) ?? []);
    return {
      rowsBySite: this.rowsBySite(),
      answerKey,
      planted: Object.fromEntries(planters.map((p) => [p.check, planted[p.check] ?? 0])),
    };
  }

  /** Plants one check `perCheck` times, one site after another, a subject at most once. */
  private plantCheck(planter: Planter, perCheck: number, random: Random): number {
    const sites = shuffled(random, this.sites);
    const done = new Set<SubjectRows>();
    // Where the planter's kinds of error start: each seed plants another mix of them.
    const firstKind = random.int(0, 59);
    let count = 0;
    for (const strict of [true, false]) {
      let progress = true;
      while (count < perCheck && progress) {
        progress = false;
        for (const site of sites) {
          if (count >= perCheck) break;
          const trial = this.findPlant(planter, site, done, firstKind + count, random, strict);
          if (!trial) continue;
          this.accept(planter, site, trial, count);
          done.add(trial.subject);
          count++;
          progress = true;
        }
      }
    }
    return count;
  }

  /**
   * A plant in one of the site's subjects. Strict: the first that raises nothing but its check.
   * Otherwise: the one that raises the fewest other hits. The plant is applied.
   */
  private findPlant(
    planter: Planter,
    site: Site,
    done: Set<SubjectRows>,
    ordinal: number,
    random: Random,
    strict: boolean,
  ): Trial | undefined {
    let best: Trial | undefined;
    for (const subject of shuffled(random, site.subjects)) {
      if (done.has(subject) || !subject.dm()) continue;
      const used = this.zonesUsed.get(subject);
      if (used && planter.zones.every((z) => used.has(z))) continue;
      const ctx = this.context(site, subject, random, ordinal);
      for (const candidate of planter.candidates(subject, ctx)) {
        const trial = this.tryCandidate(planter, subject, candidate);
        if (!trial) continue;
        if (trial.secondaries.length === 0) return this.apply(trial);
        if (!strict && (!best || trial.secondaries.length < best.secondaries.length)) best = trial;
      }
    }
    return strict || !best ? undefined : this.apply(best);
  }

  /** Applies a candidate, reads what the checks now find, and undoes it. */
  private tryCandidate(planter: Planter, subject: SubjectRows, candidate: Candidate): Trial | undefined {
    const before = this.findingsOf(subject);
    const snapshot = subject.snapshot();
    try {
      const plant = candidate();
      const zones = plant.zones ?? planter.zones;
      const used = this.zonesUsed.get(subject);
      if (used && zones.some((z) => used.has(z))) return undefined;
      const after = subjectFindings(subject, this.findingContext);
      if ([...before.keys()].some((id) => !after.has(id))) return undefined; // it would undo an earlier plant
      const primary = hitId({ check: planter.check, ...plant.target });
      const added = [...after].filter(([id]) => !before.has(id));
      if (!BY_CONSTRUCTION.has(planter.check) && !added.some(([id]) => id === primary)) return undefined;
      return {
        subject,
        candidate,
        plant,
        zones,
        secondaries: added.filter(([id]) => id !== primary).map(([, hit]) => hit),
        after,
      };
    } finally {
      subject.restore(snapshot);
    }
  }

  /** Applies the chosen candidate for good (candidates draw no random numbers when applied: the same change again). */
  private apply(trial: Trial): Trial {
    return { ...trial, plant: trial.candidate() };
  }

  private accept(planter: Planter, site: Site, trial: Trial, ordinal: number): void {
    const { subject, plant } = trial;
    this.findings.set(subject, trial.after);
    let used = this.zonesUsed.get(subject);
    if (!used) this.zonesUsed.set(subject, (used = new Set()));
    for (const zone of trial.zones) used.add(zone);
    if (plant.newSubject) {
      site.subjects.splice(site.subjects.indexOf(subject) + 1, 0, plant.newSubject);
      this.subjectIds.add(plant.newSubject.subjectId);
    }
    const name = `${planter.check}#${ordinal + 1}`;
    const entry = (
      check: string,
      target: { form: string; recordKey: string; field: string; subject?: string },
      kind: AnswerKeyEntry['kind'],
    ): AnswerKeyEntry => ({
      check,
      site: site.siteId,
      subject: target.subject ?? subject.subjectId,
      form: target.form,
      recordKey: target.recordKey,
      field: target.field,
      round: this.roundName,
      kind,
      plant: name,
      what: plant.what,
    });
    this.answerKey.push(entry(planter.check, plant.target, 'planted'));
    for (const hit of trial.secondaries) this.answerKey.push(entry(hit.check, hit, 'secondary'));
  }

  private findingsOf(subject: SubjectRows): Map<string, Hit> {
    let found = this.findings.get(subject);
    if (!found) this.findings.set(subject, (found = subjectFindings(subject, this.findingContext)));
    return found;
  }

  private context(site: Site, subject: SubjectRows, random: Random, ordinal: number): PlantContext {
    const study = this.study;
    return {
      random,
      rules: this.findingContext.rules,
      model: study.model,
      studyDrug: this.findingContext.studyDrug,
      comedication: this.findingContext.comedication,
      cutoff: this.findingContext.cutoff,
      style: study.styles.get(site.siteId)!,
      subjectIds: this.subjectIds,
      ordinal,
      usedEarlier: (subjectId, form) => {
        const column = form === 'AE' ? 'AESEQ' : 'CMSEQ';
        return (study.corrections.get(subjectId)?.mistakes ?? [])
          .filter((m) => m.row.form === form)
          .map((m) => Number(m.row.values[column] ?? 0));
      },
      newSubject: (subjectId) => new SubjectRows(subjectId, site.siteId, study.formKeys),
    };
  }

  private rowsBySite(): Map<string, Map<string, TruthRow[]>> {
    const result = new Map<string, Map<string, TruthRow[]>>();
    for (const site of this.sites) {
      const byForm = new Map<string, TruthRow[]>(this.study.model.forms.map((f) => [f.code, []]));
      for (const subject of site.subjects)
        for (const form of this.study.model.forms) byForm.get(form.code)!.push(...subject.rows(form.code));
      result.set(site.siteId, byForm);
    }
    return result;
  }
}

function rank(check: string): number {
  const i = SCARCE_FIRST.indexOf(check);
  return i === -1 ? SCARCE_FIRST.length : i;
}

/** Plants the chosen checks' errors in delivery `round` (0-based) of the study. */
export function plantErrors(study: SimulatedStudy, round: number, options: InjectOptions): PlantedRound {
  const perCheck = options.perCheck ?? DEFAULT_PLANTS_PER_CHECK;
  if (!Number.isInteger(perCheck) || perCheck < 1)
    throw new Error(`generator: plants per check must be a positive whole number, not ${perCheck}`);
  return new Injector(study, round).plantAll(selectedPlanters(options.checks), perCheck, study.seed);
}
