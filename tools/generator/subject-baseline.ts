import { dayToIso } from './calendar';
import type { Baseline, HepaticImpairment } from './course-types';
import type { Random } from './random';
import type { SimulationRules } from './simulation-rules';
import type { Day } from './study-timeline';

/**
 * Enrolment characteristics of one subject (DM).
 * - ELIG-01..03: adults of at least `minAge`, at least `minPriorRegimens` prior regimens, prior
 *   lenalidomide and bortezomib always Y (the population of study.md).
 * - DOSE-02: a starting dose below the standard one only with its label reason (dialysis, hepatic
 *   impairment) recorded in DM.
 * - DOSE-08: dexamethasone at the elderly dose above `elderlyAgeAbove`; younger subjects at the
 *   standard dose or, sometimes, the lower one by the physician's choice.
 */

function partialOrFull(random: Random, day: Day): string {
  const iso = dayToIso(day);
  const roll = random.next();
  if (roll < 0.25) return iso.slice(0, 7);
  if (roll < 0.35) return iso.slice(0, 4);
  return iso;
}

function startDoseFor(rules: SimulationRules, dialysis: string | null, hepatic: string | null): number {
  const dm: Record<string, string | null> = { DIALYSIS: dialysis, HEPIMP: hepatic };
  let dose = rules.startDose;
  for (const rule of rules.labelStartDoses) {
    const applies = Object.entries(rule.when).every(([column, values]) => {
      const value = dm[column];
      return value != null && values.includes(value);
    });
    if (applies && rule.dose < dose) dose = rule.dose;
  }
  return dose;
}

export function simulateBaseline(random: Random, rules: SimulationRules, enrolment: Day): Baseline {
  const age = Math.max(rules.minAge + 16, Math.min(90, Math.round(random.normal(67, 9))));
  const sex = random.chance(0.56) ? 'M' : 'F';
  const ecog = random.chance(0.04)
    ? null
    : random.weighted([
        [0, 25],
        [1, 52],
        [2, 19],
        [3, 4],
      ] as const);
  const iss = random.chance(0.08)
    ? null
    : random.weighted([
        ['I', 24],
        ['II', 40],
        ['III', 36],
      ] as const);
  const yearsSinceDiagnosis = 1.5 + random.next() * random.next() * 12;
  const diagnosis = random.chance(0.03)
    ? null
    : partialOrFull(random, enrolment - Math.round(yearsSinceDiagnosis * 365.25));
  const priorRegimens = Math.max(
    rules.minPriorRegimens,
    random.weighted([
      [2, 30],
      [3, 30],
      [4, 20],
      [5, 11],
      [6, 6],
      [7, 2],
      [8, 1],
    ] as const),
  );

  const onDialysis = random.chance(0.03);
  const dialysis = onDialysis ? 'Y' : random.chance(0.15) ? null : 'N';
  const hepaticRoll = random.weighted<HepaticImpairment>([
    ['NONE', 92],
    ['MILD', 5],
    ['MODERATE', 2],
    ['SEVERE', 1],
  ]);
  const hepaticImpairment = hepaticRoll === 'NONE' && random.chance(0.15) ? null : hepaticRoll;
  const labelDose = startDoseFor(rules, dialysis, hepaticImpairment);
  // A few physicians start at the full dose even where the label allows less.
  const startDose = labelDose < rules.startDose && random.chance(0.1) ? rules.startDose : labelDose;

  const elderly = age > rules.elderlyAgeAbove;
  const dexDose = elderly ? rules.dexDoseElderly : random.chance(0.1) ? rules.dexDoseElderly : rules.dexDose;
  return { age, sex, ecog, iss, diagnosis, priorRegimens, dialysis, hepaticImpairment, startDose, dexDose };
}
