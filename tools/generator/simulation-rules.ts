import type { StudyDefinition } from '../../shared/study/definition-schema';
import { imwgParamsOf, type ImwgParams } from './imwg-response';

/** The treatment rules of the study definition (study.md), as the simulation and the planters read them. */
export interface TreatmentRules {
  cycleLength: number;
  dosingDays: number;
  /** Highest first. */
  doseLevels: number[];
  startDose: number;
  labelStartDoses: StudyDefinition['treatment']['labelStartDoses'];
  dexDose: number;
  dexDoseElderly: number;
  elderlyAgeAbove: number;
}

export function treatmentRules(definition: StudyDefinition): TreatmentRules {
  const t = definition.treatment;
  return {
    cycleLength: t.cycleLengthDays,
    dosingDays: t.dosingDays,
    doseLevels: [...t.doseLevels].sort((a, b) => b - a),
    startDose: t.startDose,
    labelStartDoses: t.labelStartDoses,
    dexDose: t.comedicationDose,
    dexDoseElderly: t.comedicationDoseElderly,
    elderlyAgeAbove: t.elderlyAgeAbove,
  };
}

/** The numbers of the study definition that the simulation obeys (treatment rules, check parameters). */
export interface SimulationRules extends TreatmentRules {
  /** Cycle days of dexamethasone, 1-based. */
  dexDays: number[];
  imwg: ImwgParams;
  ancBelow: number;
  platBelow: number;
  safetyWindowDays: number;
  minAge: number;
  minPriorRegimens: number;
  antithrombotics: string[];
}

function params(definition: StudyDefinition, check: string): Record<string, unknown> {
  return (definition.checks[check]?.params ?? {}) as Record<string, unknown>;
}

function num(definition: StudyDefinition, check: string, name: string, fallback: number): number {
  const value = params(definition, check)[name];
  return typeof value === 'number' ? value : fallback;
}

export function simulationRules(definition: StudyDefinition): SimulationRules {
  const t = definition.treatment;
  const antithrombotics = params(definition, 'SAFE-01').antithrombotics;
  return {
    ...treatmentRules(definition),
    dexDays: t.comedicationDays,
    imwg: imwgParamsOf(params(definition, 'RESP-05')),
    ancBelow: num(definition, 'DOSE-10', 'ancBelow', 0.5),
    platBelow: num(definition, 'DOSE-10', 'platBelow', 25),
    safetyWindowDays: num(definition, 'AEDT-03', 'safetyWindowDays', 28),
    minAge: num(definition, 'ELIG-01', 'minAge', 19),
    minPriorRegimens: num(definition, 'ELIG-02', 'minPriorRegimens', 2),
    antithrombotics: Array.isArray(antithrombotics) ? (antithrombotics as string[]) : ['aspirin'],
  };
}

/** The next lower dose level, or undefined at the lowest. */
export function lowerDose(rules: SimulationRules, dose: number): number | undefined {
  return rules.doseLevels.find((level) => level < dose);
}
