import type { StudyDefinition } from '../../shared/study/definition-schema';
import { buildStudyModel, type StudyModel } from '../../electron/core/study/study-model';
import type { SubjectCourse } from './course-types';
import { createRandom } from './random';
import { applyCorrections, planCorrections, type SubjectCorrections } from './record-corrections';
import { chooseSiteStyle, type SiteStyle } from './site-formats';
import { planSites } from './site-plan';
import { simulationRules, type SimulationRules } from './simulation-rules';
import { studyTimeline, type StudyTimeline } from './study-timeline';
import { simulateSubject } from './subject-course';
import { RowSink, subjectRecordsAt, type FormKeys, type TruthRow } from './subject-records';

/**
 * The whole simulated study in memory, before anything is written: sites and their styles, every
 * subject's course and planned corrections. Deterministic for a seed; each subject draws from its
 * own stream, so one subject's course does not depend on how many others there are before it.
 */

export interface StudySize {
  seed: number;
  subjects: number;
  sites: number;
  rounds: number;
}

export interface SimulatedStudy extends StudySize {
  definition: StudyDefinition;
  model: StudyModel;
  rules: SimulationRules;
  timeline: StudyTimeline;
  siteIds: string[];
  styles: Map<string, SiteStyle>;
  coursesBySite: Map<string, SubjectCourse[]>;
  corrections: Map<string, SubjectCorrections>;
  formKeys: FormKeys;
  firstUnits: ReadonlyMap<string, string | undefined>;
}

export function simulateStudy(definition: StudyDefinition, size: StudySize): SimulatedStudy {
  const { seed, subjects, sites, rounds } = size;
  for (const [name, value] of Object.entries({ subjects, sites, rounds })) {
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`generator: ${name} must be a positive whole number, not ${value}`);
  }
  if (sites > subjects)
    throw new Error(`generator: ${sites} sites need at least as many subjects (got ${subjects})`);
  if (sites > 999) throw new Error('generator: at most 999 sites');
  const model = buildStudyModel(definition);
  const rules = simulationRules(definition);
  const timeline = studyTimeline(definition, rounds);
  const root = createRandom(seed);
  const plan = planSites(root.fork('sites'), { seed, sites, subjects, timeline });
  const styleRandom = root.fork('styles');
  const styles = new Map(
    plan.siteIds.map((id, i) => [id, chooseSiteStyle(styleRandom.fork(id), id, i, seed)]),
  );
  const coursesBySite = new Map<string, SubjectCourse[]>(plan.siteIds.map((id) => [id, []]));
  const corrections = new Map<string, SubjectCorrections>();
  for (const subject of plan.subjects) {
    const course = simulateSubject(root.fork(`subject:${subject.subjectId}`), rules, timeline, subject);
    coursesBySite.get(subject.siteId)!.push(course);
    corrections.set(
      subject.subjectId,
      planCorrections(
        root.fork(`corrections:${subject.subjectId}`),
        course,
        timeline.exportDays,
        rules.safetyWindowDays,
      ),
    );
  }
  return {
    ...size,
    definition,
    model,
    rules,
    timeline,
    siteIds: plan.siteIds,
    styles,
    coursesBySite,
    corrections,
    formKeys: new Map(model.forms.map((f) => [f.code, f.key])),
    firstUnits: new Map([...model.labTests.values()].map((t) => [t.code, t.standardUnit])),
  };
}

/** Standardised rows of a site's export in a round (0-based), by form, subjects in ID order. */
export function siteRowsAt(study: SimulatedStudy, siteId: string, round: number): Map<string, TruthRow[]> {
  const cutoff = study.timeline.exportDays[round]!;
  const byForm = new Map<string, TruthRow[]>(study.model.forms.map((f) => [f.code, []]));
  for (const course of study.coursesBySite.get(siteId) ?? []) {
    if (course.enrolment > cutoff) continue;
    const sink = new RowSink(study.formKeys);
    subjectRecordsAt(course, cutoff, sink, study.firstUnits);
    const corrections = study.corrections.get(course.subjectId);
    if (corrections) applyCorrections(sink, corrections, round, cutoff);
    for (const [form, rows] of sink.rows) {
      const list = byForm.get(form);
      if (list) for (const row of rows) list.push(row);
    }
  }
  return byForm;
}
