import type { Random } from './random';

/**
 * The myeloma of one subject: how its paraprotein falls on treatment and rises again at progression.
 * Measurable disease (serum M-protein >= 0.5 g/dL at baseline) follows the serum M-protein;
 * light-chain disease (baseline below that) follows the involved free light chain.
 * Depth classes are tuned to pomalidomide + low-dose dexamethasone (MM-003: ORR about 30 %).
 */

export type DepthClass = 'refractory' | 'stable' | 'minimal' | 'partial' | 'vgpr' | 'complete';

export interface DiseaseCourse {
  measurable: boolean;
  depth: DepthClass;
  /** Serum M-protein at baseline, g/dL (hundredths). */
  baselineSpep: number;
  involvedChain: 'KAPPA' | 'LAMBDA';
  /** Involved free light chain at baseline, mg/L (tenths). */
  baselineFlc: number;
  /** Relative tumour burden (1 at C1D1) on a day counted from C1D1. */
  burden(daysOnStudy: number): number;
}

const DEPTHS: readonly (readonly [DepthClass, number])[] = [
  ['refractory', 22],
  ['stable', 30],
  ['minimal', 11],
  ['partial', 25],
  ['vgpr', 8],
  ['complete', 4],
];

/** [lowest remaining fraction, highest], [earliest progression day, mean extra days]. */
const SHAPE: Record<DepthClass, { remaining: [number, number]; progression: [number, number] }> = {
  refractory: { remaining: [0.92, 1.05], progression: [15, 40] },
  stable: { remaining: [0.58, 0.9], progression: [60, 150] },
  minimal: { remaining: [0.5, 0.7], progression: [90, 170] },
  partial: { remaining: [0.12, 0.45], progression: [140, 260] },
  vgpr: { remaining: [0.02, 0.08], progression: [200, 380] },
  complete: { remaining: [0, 0], progression: [260, 520] },
};

export const round2 = (v: number) => Math.round(v * 100) / 100;
export const round1 = (v: number) => Math.round(v * 10) / 10;

export function simulateDisease(random: Random): DiseaseCourse {
  const measurable = random.chance(0.82);
  const depth = random.weighted(DEPTHS);
  const shape = SHAPE[depth];
  const remaining = shape.remaining[0] + random.next() * (shape.remaining[1] - shape.remaining[0]);
  const tau = 18 + random.next() * 30;
  const progressionDay =
    shape.progression[0] + Math.round(-Math.log(1 - random.next()) * shape.progression[1]);
  const growth = 0.012 + random.next() * 0.02;
  const decline = (t: number) => remaining + (1 - remaining) * Math.exp(-Math.max(0, t) / tau);
  const atProgression = Math.max(decline(progressionDay), 0.2);
  const burden = (t: number) =>
    t <= progressionDay
      ? decline(t)
      : decline(t) + atProgression * (Math.exp(growth * (t - progressionDay)) - 1);

  const baselineSpep = measurable
    ? round2(Math.min(7.5, Math.max(0.6, Math.exp(random.normal(Math.log(2.3), 0.55)))))
    : random.chance(0.5)
      ? 0
      : round2(0.05 + random.next() * 0.33);
  const baselineFlc = measurable ? round1(20 + random.next() * 400) : round1(180 + random.next() * 2500);
  return {
    measurable,
    depth,
    baselineSpep,
    involvedChain: random.chance(0.65) ? 'KAPPA' : 'LAMBDA',
    baselineFlc,
    burden,
  };
}

/** Serum M-protein measured on a day: the burden with assay noise; below 0.03 g/dL is "not detected" (0). */
export function measureSpep(random: Random, disease: DiseaseCourse, daysOnStudy: number): number {
  if (!disease.measurable)
    return Math.min(0.45, round2(disease.baselineSpep * Math.min(1.2, disease.burden(daysOnStudy))));
  const value = round2(disease.baselineSpep * disease.burden(daysOnStudy) * (1 + random.normal(0, 0.025)));
  return value < 0.03 ? 0 : value;
}

export function measureInvolvedFlc(random: Random, disease: DiseaseCourse, daysOnStudy: number): number {
  const value = round1(disease.baselineFlc * disease.burden(daysOnStudy) * (1 + random.normal(0, 0.03)));
  return Math.max(value, round1(5 + random.next() * 10));
}

export function measureUninvolvedFlc(random: Random): number {
  return round1(3 + random.next() * 12);
}
