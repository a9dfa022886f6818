/** The generator as the command line's `generate` loads it: a test and demo tool beside the product. */
export { generateStudy } from './generate-study';
export { GeneratorRefusal } from './generator-refusal';
export type { GeneratedStudyManifest } from './generated-study-manifest';
export { DEFAULT_PLANTS_PER_CHECK, PLANTABLE_CHECKS } from './inject/plant-errors';
