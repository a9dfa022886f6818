import {
  apiContract,
  isApiMethod,
  isStudyMethod,
  type ApiMethod,
  type ApiOutput,
} from '../../../shared/api/contract';
import { lockTriggerRefusal, type StudyDatabase } from '../db/study-database';
import { badInput } from '../common/errors';
import { auditHandlers } from './audit-handlers';
import { checkHandlers } from './check-handlers';
import { codingHandlers } from './coding-handlers';
import { cutHandlers } from './cut-handlers';
import { dataHandlers } from './data-handlers';
import { discrepancyHandlers } from './discrepancy-handlers';
import { metricsHandlers } from './metrics-handlers';
import { queryHandlers } from './query-handlers';
import { reviewHandlers } from './review-handlers';
import type { CallContext, Handlers } from './handler-types';
import { importHandlers } from './import-handlers';
import { overviewHandlers } from './overview-handlers';
import { siteHandlers } from './site-handlers';
import { studyHandlers } from './study-handlers';

export interface StudyApi {
  readonly database: StudyDatabase;
  close(): void;
  /** Validates the request with the contract, runs it, and validates the response. */
  call<M extends ApiMethod>(method: M, input: unknown, context: CallContext): Promise<ApiOutput<M>>;
}

export function createStudyApi(
  database: StudyDatabase,
  options: { validateOutputs?: boolean } = {},
): StudyApi {
  const closing: (() => void)[] = [];
  const scope = { database, onClose: (work: () => void) => closing.push(work) };
  const handlers: Handlers = {
    ...studyHandlers(scope),
    ...importHandlers(scope),
    ...dataHandlers(scope),
    ...checkHandlers(scope),
    ...discrepancyHandlers(scope),
    ...cutHandlers(scope),
    ...queryHandlers(scope),
    ...siteHandlers(scope),
    ...auditHandlers(scope),
    ...overviewHandlers(scope),
    ...codingHandlers(scope),
    ...reviewHandlers(scope),
    ...metricsHandlers(scope),
  };
  return {
    database,
    close: () => {
      for (const work of closing) work();
      database.close();
    },
    async call(method, input, context) {
      if (!isApiMethod(method)) throw badInput(`unknown API method ${String(method)}`);
      // workspace.* (which study is open) is answered by the door, never by a study.
      if (!isStudyMethod(method))
        throw badInput(`${method} is answered by the window or the server, not by a study`);
      const schema = apiContract[method];
      const parsed = schema.input.safeParse(input ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw badInput(
          `${method}: invalid request${issue.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue.message}`,
        );
      }
      const handler = handlers[method] as (input: unknown, context: CallContext) => unknown;
      let output: unknown;
      try {
        // In team mode the database says who is working, not the door (an identity from a flag is no identity).
        const who = database.sessionUser === undefined ? context : { ...context, user: database.sessionUser };
        output = await handler(parsed.data, who);
      } catch (error) {
        // The lock triggers are the last line of defence; say it in the same words as the API.
        throw lockTriggerRefusal(error) ?? error;
      }
      if (options.validateOutputs) schema.output.parse(output);
      return output as ApiOutput<typeof method>;
    },
  };
}
