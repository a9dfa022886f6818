import type { StudyDefinition } from '../../../../shared/study/definition-schema';
import { imwgParamsOf, type ImwgParams } from '../../imwg-response';
import { treatmentRules, type TreatmentRules } from '../../simulation-rules';

/**
 * The numbers of the edit checks (edit-checks.md, read from the study definition like the engine
 * reads them) that the planters need to place an error inside or outside a check's window.
 */
export interface CheckRules extends TreatmentRules {
  aeLookbackDays: number;
  reductionActions: string[];
  reductionWithinDays: number;
  ancBelow: number;
  platBelow: number;
  cycleWindow: { firstCycle: number; lastCycle: number; days: number };
  eotWindow: { before: number; after: number };
  assessedWithinDays: number;
  mProtein: { windowDays: number; tests: string[]; responses: string[] };
  imwg: ImwgParams & { windowDays: number; baselineMaxAgeDays: number };
  sifeWindowDays: number;
  safetyWindowDays: number;
  minAge: number;
  minPriorRegimens: number;
  prophylaxis: { startWithinDays: number; names: string[] };
}

export function checkRules(definition: StudyDefinition): CheckRules {
  const params = (check: string) => (definition.checks[check]?.params ?? {}) as Record<string, unknown>;
  const num = (check: string, name: string, fallback: number) => {
    const value = params(check)[name];
    return typeof value === 'number' ? value : fallback;
  };
  const list = (check: string, name: string, fallback: string[]) => {
    const value = params(check)[name];
    return Array.isArray(value) ? value.map(String) : fallback;
  };
  return {
    ...treatmentRules(definition),
    aeLookbackDays: num('DOSE-06', 'aeLookbackDays', 56),
    reductionActions: list('DOSE-06', 'reductionActions', ['DOSE REDUCED', 'DRUG INTERRUPTED']),
    reductionWithinDays: num('DOSE-07', 'reductionWithinDays', 56),
    ancBelow: num('DOSE-10', 'ancBelow', 0.5),
    platBelow: num('DOSE-10', 'platBelow', 25),
    cycleWindow: {
      firstCycle: num('RESP-01', 'firstCycle', 2),
      lastCycle: num('RESP-01', 'lastCycle', 7),
      days: num('RESP-01', 'windowDays', 7),
    },
    eotWindow: { before: num('RESP-02', 'daysBefore', 7), after: num('RESP-02', 'daysAfter', 35) },
    assessedWithinDays: num('RESP-03', 'daysAfterFirstDose', 35),
    mProtein: {
      windowDays: num('RESP-04', 'windowDays', 14),
      tests: list('RESP-04', 'tests', ['SPEP', 'UPEP', 'KAPPA', 'LAMBDA']),
      responses: list('RESP-04', 'responses', ['sCR', 'CR', 'VGPR', 'PR', 'MR', 'PD']),
    },
    imwg: {
      ...imwgParamsOf(params('RESP-05')),
      windowDays: num('RESP-05', 'windowDays', 14),
      baselineMaxAgeDays: num('RESP-05', 'baselineMaxAgeDays', 30),
    },
    sifeWindowDays: num('RESP-06', 'windowDays', 30),
    safetyWindowDays: num('AEDT-03', 'safetyWindowDays', 28),
    minAge: num('ELIG-01', 'minAge', 19),
    minPriorRegimens: num('ELIG-02', 'minPriorRegimens', 2),
    prophylaxis: {
      startWithinDays: num('SAFE-01', 'startWithinDays', 7),
      names: list('SAFE-01', 'antithrombotics', ['aspirin']).map((n) => n.toLowerCase()),
    },
  };
}
