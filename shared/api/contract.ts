import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { languageSchema } from '../messages/language';
import { dataPageSchema, dataRequestSchema, recordDetailSchema, recordRequestSchema } from './data';
import {
  batchItemSchema,
  batchRequestSchema,
  deliverySchema,
  importHistoryItemSchema,
  importPreviewSchema,
  importReportSchema,
  importRequestSchema,
  warningsLanguage,
  namedDateSchema,
} from './imports';
import { studyInfoSchema } from './study';
import {
  auditExportRequestSchema,
  auditExportResultSchema,
  auditPageSchema,
  auditRequestSchema,
} from './audit';
import { checkInfoSchema, checkRunRequestSchema, checkRunResultSchema } from './checks';
import {
  codingQueuePageSchema,
  codingQueueRequestSchema,
  codingSearchRequestSchema,
  codingSearchResultSchema,
  codingSetRequestSchema,
  codingSetResultSchema,
  codingStatusSchema,
  codingUpgradeRequestSchema,
  codingUpgradeResultSchema,
  dictionaryLoadRequestSchema,
  dictionaryLoadResultSchema,
  dictionarySchema,
} from './coding';
import {
  blockersRequestSchema,
  blockersSchema,
  cutDiffRequestSchema,
  cutDiffSchema,
  cutSchema,
  lockRequestSchema,
  lockResultSchema,
  unlockRequestSchema,
  verifyRequestSchema,
  verifyResultSchema,
} from './cuts';
import { dashboardSchema } from './dashboard';
import { cutFilesRequestSchema, cutFilesSchema, exportRequestSchema, exportResultSchema } from './exports';
import {
  discrepancyDetailSchema,
  discrepancyFacetsSchema,
  discrepancyFilterSchema,
  discrepancyListRequestSchema,
  discrepancyPageSchema,
  discrepancySchema,
  setStatusRequestSchema,
  setStatusResultSchema,
} from './discrepancies';
import {
  exportQueriesRequestSchema,
  exportQueriesResultSchema,
  importAnswersRequestSchema,
  importAnswersResultSchema,
  queryListEventSchema,
  raiseQueryRequestSchema,
} from './queries';
import {
  metricsExportRequestSchema,
  metricsExportResultSchema,
  metricsRequestSchema,
  metricsSchema,
} from './metrics';
import {
  reviewMarkResultSchema,
  reviewRecordRequestSchema,
  reviewRecordSchema,
  reviewScopeSchema,
  reviewStatusRequestSchema,
  reviewStatusSchema,
  reviewUnmarkResultSchema,
} from './review';
import { setSiteLanguageRequestSchema, siteSchema } from './sites';
import { subjectListRequestSchema, subjectPageSchema, subjectProfileSchema } from './subjects';
import {
  createWorkspaceRequestSchema,
  openWorkspaceRequestSchema,
  recentStudySchema,
  workspaceChangeSchema,
  workspaceStateSchema,
} from './workspace';

const none = lazySchema(() => z.object({}).strict());

/**
 * The whole API between a door (window, browser, command line) and the study core: one entry a
 * method, each with the zod schemas of its request and response. Every door validates with these.
 */
export const apiContract = {
  'study.info': { input: none, output: studyInfoSchema },

  'imports.preview': {
    input: lazySchema(() => importRequestSchema.extend(warningsLanguage)),
    output: importPreviewSchema,
  },
  'imports.commit': {
    input: lazySchema(() =>
      z.object({ previewId: z.string(), language: languageSchema.default('en') }).strict(),
    ),
    output: importReportSchema,
  },
  'imports.discard': {
    input: lazySchema(() => z.object({ previewId: z.string() }).strict()),
    output: lazySchema(() => z.object({ discarded: z.boolean() })),
  },
  'imports.run': {
    input: lazySchema(() =>
      importRequestSchema.extend({ dryRun: z.boolean().default(false), ...warningsLanguage }),
    ),
    output: importReportSchema,
  },
  'imports.delivery': {
    input: lazySchema(() => importRequestSchema.pick({ paths: true })),
    output: deliverySchema,
  },
  'imports.namedDate': {
    input: lazySchema(() => importRequestSchema.pick({ paths: true })),
    output: namedDateSchema,
  },
  'imports.batch': { input: batchRequestSchema, output: lazySchema(() => z.array(batchItemSchema)) },
  'imports.list': {
    input: lazySchema(() => z.object({ language: languageSchema.default('en') }).strict()),
    output: lazySchema(() => z.array(importHistoryItemSchema)),
  },

  'data.list': { input: dataRequestSchema, output: dataPageSchema },
  'data.record': { input: recordRequestSchema, output: recordDetailSchema },
  'data.export': { input: exportRequestSchema, output: exportResultSchema },

  'checks.catalog': { input: none, output: lazySchema(() => z.array(checkInfoSchema)) },
  'checks.run': { input: checkRunRequestSchema, output: checkRunResultSchema },

  'discrepancies.list': { input: discrepancyListRequestSchema, output: discrepancyPageSchema },
  'discrepancies.facets': { input: discrepancyFilterSchema, output: discrepancyFacetsSchema },
  'discrepancies.get': {
    input: lazySchema(() =>
      z.object({ id: z.number().int(), language: languageSchema.default('en') }).strict(),
    ),
    output: discrepancyDetailSchema,
  },
  'discrepancies.setStatus': { input: setStatusRequestSchema, output: setStatusResultSchema },

  'queries.raise': { input: raiseQueryRequestSchema, output: discrepancySchema },
  'queries.export': { input: exportQueriesRequestSchema, output: exportQueriesResultSchema },
  'queries.import': { input: importAnswersRequestSchema, output: importAnswersResultSchema },
  'queries.history': { input: none, output: lazySchema(() => z.array(queryListEventSchema)) },

  'sites.list': { input: none, output: lazySchema(() => z.array(siteSchema)) },
  'sites.setLanguage': { input: setSiteLanguageRequestSchema, output: lazySchema(() => z.array(siteSchema)) },

  'cuts.blockers': { input: blockersRequestSchema, output: blockersSchema },
  'cuts.lock': { input: lockRequestSchema, output: lockResultSchema },
  'cuts.unlock': { input: unlockRequestSchema, output: cutSchema },
  'cuts.list': { input: none, output: lazySchema(() => z.array(cutSchema)) },
  'cuts.verify': { input: verifyRequestSchema, output: verifyResultSchema },
  'cuts.diff': { input: cutDiffRequestSchema, output: cutDiffSchema },
  'cuts.files': { input: cutFilesRequestSchema, output: cutFilesSchema },

  'audit.list': { input: auditRequestSchema, output: auditPageSchema },
  'audit.export': { input: auditExportRequestSchema, output: auditExportResultSchema },

  'dictionaries.load': { input: dictionaryLoadRequestSchema, output: dictionaryLoadResultSchema },
  'dictionaries.list': { input: none, output: lazySchema(() => z.array(dictionarySchema)) },
  'coding.status': { input: none, output: codingStatusSchema },
  'coding.queue': { input: codingQueueRequestSchema, output: codingQueuePageSchema },
  'coding.search': { input: codingSearchRequestSchema, output: codingSearchResultSchema },
  'coding.set': { input: codingSetRequestSchema, output: codingSetResultSchema },
  'coding.upgrade': { input: codingUpgradeRequestSchema, output: codingUpgradeResultSchema },

  'dashboard.summary': { input: none, output: dashboardSchema },
  'subjects.list': { input: subjectListRequestSchema, output: subjectPageSchema },
  'subjects.profile': {
    input: lazySchema(() =>
      z.object({ subjectId: z.string().min(1), language: languageSchema.default('en') }).strict(),
    ),
    output: subjectProfileSchema,
  },

  'review.mark': { input: reviewScopeSchema, output: reviewMarkResultSchema },
  'review.unmark': { input: reviewScopeSchema, output: reviewUnmarkResultSchema },
  'review.status': { input: reviewStatusRequestSchema, output: reviewStatusSchema },
  'review.record': { input: reviewRecordRequestSchema, output: reviewRecordSchema },

  'metrics.summary': { input: metricsRequestSchema, output: metricsSchema },
  'metrics.export': { input: metricsExportRequestSchema, output: metricsExportResultSchema },

  // Answered by the door (window or browser-mode server), not the core: which study is open.
  'workspace.current': { input: none, output: workspaceStateSchema },
  'workspace.open': { input: openWorkspaceRequestSchema, output: workspaceChangeSchema },
  'workspace.create': { input: createWorkspaceRequestSchema, output: workspaceChangeSchema },
  'workspace.recent': { input: none, output: lazySchema(() => z.array(recentStudySchema)) },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>;
export type ApiParsedInput<M extends ApiMethod> = z.output<ApiContract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<ApiContract[M]['output']>;

export const apiMethods = Object.keys(apiContract) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiContract, name);
}

/** Methods the door answers itself (which study is open); every other method goes to the study's core. */
export type WorkspaceMethod = Extract<ApiMethod, `workspace.${string}`>;
export type StudyMethod = Exclude<ApiMethod, WorkspaceMethod>;

export function isWorkspaceMethod(name: string): name is WorkspaceMethod {
  return isApiMethod(name) && name.startsWith('workspace.');
}

export function isStudyMethod(name: string): name is StudyMethod {
  return isApiMethod(name) && !name.startsWith('workspace.');
}
