import { dayNumber, dayToIso } from './calendar';
import type { ConcomitantMedication } from './course-types';
import type { EventTreatment } from './course-state';
import { CHRONIC, SUPPORTIVE, THROMBOPROPHYLAXIS, TREATMENTS } from './medication-catalog';
import type { Random } from './random';
import type { Day } from './study-timeline';

/**
 * Concomitant medications (CM).
 * - SAFE-01: every treated subject takes a listed antithrombotic with a full start date on or
 *   before C1D1 + 7 that does not end before C1D1.
 * - DATA-06: no medication ends before it starts (a partial start is always years before any end).
 * - Partial start dates only for chronic medications started years before consent, where no
 *   check compares them with anything.
 */

export interface MedicationInput {
  consent: Day;
  firstDose: Day | null;
  eot: Day | null;
  death: Day | null;
  sex: 'M' | 'F';
  treatments: EventTreatment[];
  thromboses: Day[];
}

function partialStart(random: Random, day: Day): { start: string; knownFrom: Day } {
  const iso = dayToIso(day);
  const roll = random.next();
  if (roll < 0.35) return { start: iso.slice(0, 4), knownFrom: dayNumber(Number(iso.slice(0, 4)), 1, 1) };
  if (roll < 0.65)
    return {
      start: iso.slice(0, 7),
      knownFrom: dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), 1),
    };
  return { start: iso, knownFrom: day };
}

function fullStart(day: Day): { start: string; knownFrom: Day } {
  return { start: dayToIso(day), knownFrom: day };
}

export function simulateMedications(random: Random, input: MedicationInput): ConcomitantMedication[] {
  const meds: ConcomitantMedication[] = [];
  const lastDay = input.death ?? Infinity;
  const endOf = (start: Day, end: Day | null): Day | null => {
    const capped = end === null ? (input.death ?? null) : Math.min(end, lastDay);
    return capped === null ? null : Math.max(capped, start);
  };

  for (const chronic of CHRONIC) {
    if (chronic.name === '탐스로신' && input.sex === 'F') continue;
    if (!random.chance(chronic.chance)) continue;
    const { start, knownFrom } = partialStart(random, input.consent - random.int(200, 4000));
    const stopped = random.chance(0.08) ? input.consent + random.int(10, 200) : null;
    meds.push({
      name: chronic.name,
      indication: random.pick(chronic.indications),
      start,
      knownFrom,
      end: endOf(input.consent, stopped),
    });
  }

  if (input.firstDose !== null) {
    const c1d1 = input.firstDose;
    const eot = input.eot ?? c1d1;
    const prophylaxis = random.pick(THROMBOPROPHYLAXIS);
    const longTerm = /aspirin|아스피린/i.test(prophylaxis.name) && random.chance(0.2);
    const startDay = longTerm
      ? input.consent - random.int(100, 2000)
      : Math.min(c1d1 + random.int(-5, 1), lastDay);
    let end: Day | null = random.chance(0.2) ? null : eot + random.int(0, 30);
    const thrombosis = input.thromboses.find((d) => d >= c1d1);
    if (thrombosis !== undefined) end = Math.max(c1d1, thrombosis);
    meds.push({
      name: prophylaxis.name,
      indication: random.pick(prophylaxis.indications),
      ...fullStart(startDay),
      end: endOf(startDay, end),
    });

    for (const support of SUPPORTIVE) {
      if (!random.chance(support.chance)) continue;
      const day = Math.min(c1d1 + random.int(-3, 7), lastDay);
      const stop = random.chance(0.3) ? null : eot + random.int(0, 60);
      meds.push({
        name: support.name,
        indication: random.pick(support.indications),
        ...fullStart(day),
        end: endOf(day, stop),
      });
    }
  }

  for (const treatment of input.treatments) {
    const names = TREATMENTS[treatment.kind];
    if (!names) continue;
    const day = Math.min(treatment.start, lastDay);
    const eventEnd = treatment.event.end;
    const stop =
      eventEnd !== null
        ? Math.max(day, eventEnd) + random.int(0, 3)
        : random.chance(0.5)
          ? day + random.int(5, 20)
          : null;
    const english = random.chance(0.3);
    const indication = english
      ? treatment.event.decod
      : random.chance(0.15)
        ? `${treatment.event.term} (G${treatment.event.grade})`
        : treatment.event.term;
    meds.push({ name: random.pick(names), indication, ...fullStart(day), end: endOf(day, stop) });
  }

  return meds
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.knownFrom - b.m.knownFrom || a.i - b.i)
    .map(({ m }) => m);
}
