import { hashText, type Random } from './random';
import type { StudyTimeline } from './study-timeline';
import type { SubjectSeed } from './course-types';

/**
 * Sites and who enrols where and when: a few big hospitals recruit most patients (weights fall
 * off with rank), sites open over the first year, and enrolment runs from the first patient
 * (2017-12-28, a subject of the first site) to the end of enrolment.
 */

export interface SitePlan {
  siteIds: string[];
  subjects: SubjectSeed[];
}

export function siteIdOf(index: number, sites: number): string {
  return `S${String(index + 1).padStart(sites > 99 ? 3 : 2, '0')}`;
}

function allocate(random: Random, sites: number, subjects: number): number[] {
  const weights = Array.from(
    { length: sites },
    (_, i) => Math.pow(1 / (i + 1), 0.7) * Math.exp(random.normal(0, 0.25)),
  );
  // Rank order is not site order beyond the first site (which enrols the first patient).
  for (let i = weights.length - 1; i > 1; i--) {
    const j = random.int(1, i);
    [weights[i], weights[j]] = [weights[j]!, weights[i]!];
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const spare = subjects - sites;
  const exact = weights.map((w) => (w / total) * spare);
  const counts = exact.map((x) => 1 + Math.floor(x));
  let left = subjects - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % sites, left--) counts[byRemainder[k]!.i]!++;
  return counts;
}

export function planSites(
  random: Random,
  options: { seed: number; sites: number; subjects: number; timeline: StudyTimeline },
): SitePlan {
  const { sites, subjects, timeline, seed } = options;
  const counts = allocate(random, sites, subjects);
  const siteIds = Array.from({ length: sites }, (_, i) => siteIdOf(i, sites));
  const span = timeline.enrolmentEnd - timeline.firstPatient;
  const seeds: SubjectSeed[] = [];
  siteIds.forEach((siteId, s) => {
    const opening = s === 0 ? 0 : Math.min(Math.floor(span / 2), random.int(0, 90 + 20 * Math.min(s, 15)));
    const from = timeline.firstPatient + opening;
    const days = Array.from(
      { length: counts[s]! },
      () => from + Math.floor(Math.pow(random.next(), 0.9) * (timeline.enrolmentEnd - from)),
    );
    days.sort((a, b) => a - b);
    if (s === 0) days[0] = timeline.firstPatient;
    const width = Math.max(3, String(days.length).length);
    const visitStyle = random.int(0, 3);
    const english = random.next() * 0.6;
    days.forEach((enrolment, k) => {
      const subjectId = `${siteId}-${String(k + 1).padStart(width, '0')}`;
      seeds.push({ subjectId, siteId, enrolment, hash: hashText(subjectId, seed), visitStyle, english });
    });
  });
  return { siteIds, subjects: seeds };
}
