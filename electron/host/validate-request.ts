import { apiContract, isApiMethod, type ApiMethod, type ApiParsedInput } from '../../shared/api/contract';
import { StudyError } from '../core/api';

/**
 * The door's own check of a request against the contract, before anything else sees it (the core
 * checks again). Refusals read like the core's: one line naming the method and the field.
 */
export function parseRequest<M extends ApiMethod>(method: M, input: unknown): ApiParsedInput<M>;
export function parseRequest(method: string, input: unknown): unknown;
export function parseRequest(method: string, input: unknown): unknown {
  if (!isApiMethod(method)) throw new StudyError('NOT_FOUND', `unknown API method ${method}`);
  const parsed = apiContract[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StudyError(
      'BAD_INPUT',
      `${method}: invalid request${issue.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue.message}`,
    );
  }
  return parsed.data;
}
