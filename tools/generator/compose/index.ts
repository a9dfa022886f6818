/** The generator as the command line's `generate` loads it: a test and demo tool beside the product. */
export { GeneratorRefusal } from '../generator-refusal';
export type { GeneratedStudyManifest } from './generated-study-manifest';
export { DEFAULT_PLANTS_PER_CHECK } from '../inject/plant-defaults';

/** The generator itself and the checks it can plant, loaded when used: its writers pull in the xlsx library. */
export async function loadGenerator() {
  const [{ generateStudy }, { PLANTABLE_CHECKS }] = await Promise.all([
    import('./generate-study'),
    import('../inject/plant-errors'),
  ]);
  return { generateStudy, PLANTABLE_CHECKS };
}
