import { round1, round2 } from './disease-course';
import type { Random } from './random';

/**
 * Blood counts and chemistry in the test's first unit. Counts outside a toxicity stay well clear
 * of the DOSE-10 thresholds (ANC 0.5, platelets 25), so that a unit conversion can never move a
 * value across one; counts during a toxicity are drawn from bands that are unambiguous too.
 */

export type CountLevel = 'normal' | 'grade3' | 'grade4' | 'recovered';

export function anc(random: Random, level: CountLevel): number {
  switch (level) {
    case 'grade4':
      return round2(0.05 + random.next() * 0.4);
    case 'grade3':
      return round2(0.55 + random.next() * 0.4);
    case 'recovered':
      return round2(1.05 + random.next() * 1.5);
    case 'normal':
      return round2(Math.min(7.5, Math.max(1.0, Math.exp(random.normal(Math.log(2.4), 0.4)))));
  }
}

export function platelets(random: Random, level: CountLevel): number {
  switch (level) {
    case 'grade4':
      return 5 + Math.floor(random.next() * 17);
    case 'grade3':
      return 28 + Math.floor(random.next() * 20);
    case 'recovered':
      return 55 + Math.floor(random.next() * 90);
    case 'normal':
      return Math.round(Math.min(420, Math.max(55, random.normal(165, 60))));
  }
}

export function haemoglobin(random: Random): number {
  return round1(Math.min(15.5, Math.max(7.2, random.normal(10.4, 1.4))));
}

export function creatinine(random: Random, dialysis: boolean): number {
  if (dialysis) return round2(4 + random.next() * 5);
  return round2(Math.min(2.8, Math.max(0.45, random.normal(1.0, 0.3))));
}

export function urineMProtein(random: Random): number {
  return Math.round(random.chance(0.4) ? random.next() * 60 : 80 + random.next() * 1400);
}

export function boneMarrowPlasmaCells(random: Random, remission: boolean): number {
  return remission ? round1(0.5 + random.next() * 3.5) : Math.round(12 + random.next() * 60);
}
