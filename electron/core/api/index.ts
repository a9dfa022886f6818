/**
 * The core as its doors see it (the CLI, the browser-mode server, the study host, Electron's main
 * process): the API of an open study, and the few things a door needs before a study is open.
 * Nothing else of the core is theirs to import (eslint.config.js).
 */
export { createStudy, openStudy } from './open-study';
export type { StudyApi } from './study-api';
export type { CallContext } from '../common/call-context';
export { StudyError } from '../common/errors';
export { DEFAULT_STUDY_FILE, loadStudyDefinition } from '../study/load-definition';
export { verifySnapshot } from '../cuts/verify-snapshot';
export { UTF8_BOM, toCsv } from '../export/csv-writer';
