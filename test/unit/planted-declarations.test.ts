import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../electron/core/checks/catalog';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { CHECK_READS, zonesApart } from '../../tools/generator/inject/check-reads';
import { PLANTERS, plantErrors } from '../../tools/generator/inject/plant-errors';
import { simulateStudy } from '../../tools/generator/simulate-study';

/**
 * The injector's declarations (the integration test planted-errors.test.ts holds them against the
 * engine): every check they name exists, zones read together keep plants apart, and every
 * secondary hit of an answer key is of a check its planter declares.
 */

const ids = new Set(CATALOG.map((c) => c.id));

describe('planted errors, as declared', () => {
  it('names only checks of the catalog', () => {
    for (const check of Object.keys(CHECK_READS)) expect(ids.has(check), check).toBe(true);
    for (const planter of PLANTERS)
      for (const check of [planter.check, ...(planter.secondary ?? [])])
        expect(ids.has(check), check).toBe(true);
  });

  it('keeps two plants of a subject apart when a check reads both their zones', () => {
    expect(zonesApart([], ['POM'])).toBe(true);
    expect(zonesApart(['POM'], ['POM'])).toBe(false);
    expect(zonesApart(['DM'], ['POM'])).toBe(false); // DOSE-02, ELIG-04
    expect(zonesApart(['AE'], ['DS'])).toBe(false); // AEDT-03
    expect(zonesApart(['RS'], ['LB'])).toBe(false); // RESP-04
    expect(zonesApart(['AE'], ['RS'])).toBe(true);
    expect(zonesApart(['DM', 'CM'], ['LB'])).toBe(true);
  });

  it('writes secondary hits only of the checks a planter declares, beside a plant of the same subject', () => {
    const study = simulateStudy(loadStudyDefinition(), { seed: 11, subjects: 120, sites: 8, rounds: 3 });
    const { answerKey } = plantErrors(study, 2, { checks: 'all', perCheck: 3 });
    const declared = new Map(PLANTERS.map((p) => [p.check, p.secondary ?? []]));
    const planted = new Map(answerKey.filter((e) => e.kind === 'planted').map((e) => [e.plant, e]));
    const secondaries = answerKey.filter((e) => e.kind === 'secondary');
    expect(secondaries.length).toBeGreaterThan(0);
    for (const e of secondaries) {
      const plant = planted.get(e.plant)!;
      expect(declared.get(plant.check), `${e.plant} -> ${e.check}`).toContain(e.check);
      expect(e.subject).toBe(plant.subject);
    }
  });
});
