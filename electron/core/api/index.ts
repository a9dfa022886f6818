/**
 * The core as its doors see it (the CLI, the browser-mode server, the study host, Electron's main
 * process): the types of the API of an open study, its errors, and the few things a door needs
 * before a study is open. Light on purpose: Electron's main process imports it and must not load
 * the database engine. The doors that open studies (the CLI and the study worker) also import
 * open-study.ts. Nothing else of the core is theirs to import (eslint.config.js).
 */
export type { StudyApi } from './study-api';
export type { CallContext } from '../common/call-context';
export { StudyError } from '../common/errors';
export { startWorkerThread } from '../common/worker-thread';
export { DEFAULT_STUDY_FILE, loadStudyDefinition } from '../study/load-definition';
export { verifySnapshot } from '../cuts/verify-snapshot';
export { UTF8_BOM, toCsv, type CsvValue } from '../export/csv-writer';
