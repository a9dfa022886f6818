import { createRandom, type Random } from '../random';
import { siteRowsAt, type SimulatedStudy } from '../simulate-study';
import type { TruthRow } from '../subject-records';
import type { AnswerKeyEntry } from './answer-key';
import { checkRules, type CheckRules } from './planters/check-rules';
import { zonesApart } from './check-reads';
import type { Plant, PlantContext, Planter, Target, Zone } from './planters/planter';
import { adverseEventPlanters } from './planters/adverse-event-planters';
import { dataPlanters } from './planters/data-planters';
import { dosePlanters } from './planters/dose-planters';
import { eligibilitySafetyPlanters } from './planters/eligibility-safety-planters';
import { responsePlanters } from './planters/response-planters';
import { shuffled } from './planters/plant-helpers';
import { SubjectRows } from './planters/subject-rows';
import { DEFAULT_PLANTS_PER_CHECK } from './plant-defaults';

/**
 * Planted errors (`generate --inject`): errors of chosen edit checks made in the otherwise clean
 * records of one delivery, `perCheck` of each, spread over sites and subjects, the same for the
 * same seed. Each plant changes only what its error needs and declares the hits it makes (its
 * check's, and any other its change raises with certainty: deleting every assessment after the
 * first dose also leaves the cycle assessments missing); the answer key is those declarations.
 * A part of a subject's data (a zone) is changed by one plant at most, and two plants in a subject
 * change parts that no check reads together (check-reads.ts).
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

interface Placed {
  subject: SubjectRows;
  plant: Plant;
  zones: readonly Zone[];
}

class Injector {
  private readonly sites: Site[] = [];
  private readonly zonesUsed = new Map<SubjectRows, Set<Zone>>();
  private readonly subjectIds: Set<string>;
  private readonly rules: CheckRules;
  private readonly cutoff: number;
  private readonly answerKey: AnswerKeyEntry[] = [];
  private readonly roundName: string;

  constructor(
    private readonly study: SimulatedStudy,
    round: number,
  ) {
    this.cutoff = study.timeline.exportDays[round]!;
    this.rules = checkRules(study.definition);
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
    let progress = true;
    while (count < perCheck && progress) {
      progress = false;
      for (const site of sites) {
        if (count >= perCheck) break;
        const placed = this.place(planter, site, done, firstKind + count, random);
        if (!placed) continue;
        this.accept(planter, site, placed, count);
        done.add(placed.subject);
        count++;
        progress = true;
      }
    }
    return count;
  }

  /** The first candidate, in one of the site's subjects, whose zones are free there; it stays applied. */
  private place(
    planter: Planter,
    site: Site,
    done: Set<SubjectRows>,
    ordinal: number,
    random: Random,
  ): Placed | undefined {
    for (const subject of shuffled(random, site.subjects)) {
      if (done.has(subject) || !subject.dm()) continue;
      const used = this.zonesUsed.get(subject) ?? new Set<Zone>();
      if (planter.zones.every((z) => !zonesApart(used, [z]))) continue;
      const ctx = this.context(site, subject, random, ordinal);
      for (const candidate of planter.candidates(subject, ctx)) {
        const snapshot = subject.snapshot();
        const plant = candidate();
        const zones = plant.zones ?? planter.zones;
        if (zonesApart(used, zones)) return { subject, plant, zones };
        subject.restore(snapshot);
      }
    }
    return undefined;
  }

  private accept(planter: Planter, site: Site, placed: Placed, ordinal: number): void {
    const { subject, plant } = placed;
    let used = this.zonesUsed.get(subject);
    if (!used) this.zonesUsed.set(subject, (used = new Set()));
    for (const zone of placed.zones) used.add(zone);
    if (plant.newSubject) {
      site.subjects.splice(site.subjects.indexOf(subject) + 1, 0, plant.newSubject);
      this.subjectIds.add(plant.newSubject.subjectId);
    }
    const name = `${planter.check}#${ordinal + 1}`;
    const entry = (check: string, target: Target, kind: AnswerKeyEntry['kind']): AnswerKeyEntry => ({
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
    for (const hit of plant.secondary ?? []) {
      if (!planter.secondary?.includes(hit.check))
        throw new Error(`generator: the ${planter.check} planter declares no ${hit.check} hits`);
      this.answerKey.push(entry(hit.check, hit, 'secondary'));
    }
  }

  private context(site: Site, subject: SubjectRows, random: Random, ordinal: number): PlantContext {
    const study = this.study;
    const treatment = study.definition.treatment;
    return {
      random,
      rules: this.rules,
      model: study.model,
      studyDrug: treatment.studyDrug,
      comedication: treatment.comedication,
      cutoff: this.cutoff,
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
