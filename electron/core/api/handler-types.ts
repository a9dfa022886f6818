import type { ApiMethod, ApiOutput, ApiParsedInput, StudyMethod } from '../../../shared/api/contract';
import type { StudyDatabase } from '../db/study-database';
import type { CallContext } from '../common/call-context';

export type { CallContext };

export type Handler<M extends ApiMethod> = (
  input: ApiParsedInput<M>,
  context: CallContext,
) => ApiOutput<M> | Promise<ApiOutput<M>>;

/** The core answers every method of the contract except the workspace ones (the doors answer those). */
export type Handlers<M extends ApiMethod = StudyMethod> = { [K in M]: Handler<K> };

/** What every group of handlers is made from: the open study. */
export interface HandlerScope {
  database: StudyDatabase;
  /** Work to do when the study closes (letting go of what handlers keep outside memory). */
  onClose(work: () => void): void;
}
