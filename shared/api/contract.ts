import { z } from 'zod';
import { dataPageSchema, dataRequestSchema, recordDetailSchema, recordRequestSchema } from './data';
import {
  batchItemSchema,
  batchRequestSchema,
  importHistoryItemSchema,
  importPreviewSchema,
  importReportSchema,
  importRequestSchema,
} from './imports';
import { studyInfoSchema } from './study';

const none = z.object({}).strict();

/**
 * The whole API between a door (window, browser, command line) and the study core: one entry a
 * method, each with the zod schemas of its request and response. Every door validates with these.
 */
export const apiContract = {
  'study.info': { input: none, output: studyInfoSchema },

  'imports.preview': { input: importRequestSchema, output: importPreviewSchema },
  'imports.commit': { input: z.object({ previewId: z.string() }).strict(), output: importReportSchema },
  'imports.discard': { input: z.object({ previewId: z.string() }).strict(), output: z.object({ discarded: z.boolean() }) },
  'imports.run': { input: importRequestSchema.extend({ dryRun: z.boolean().default(false) }), output: importReportSchema },
  'imports.batch': { input: batchRequestSchema, output: z.array(batchItemSchema) },
  'imports.list': { input: none, output: z.array(importHistoryItemSchema) },

  'data.list': { input: dataRequestSchema, output: dataPageSchema },
  'data.record': { input: recordRequestSchema, output: recordDetailSchema },
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
