import { queryListHistory } from '../db/queries-repo';
import { exportQueryLists } from '../queries/export-query-lists';
import { raiseQuery } from '../queries/raise-query';
import type { HandlerScope, Handlers } from './handler-types';

export function queryHandlers({
  database,
}: HandlerScope): Handlers<'queries.raise' | 'queries.export' | 'queries.import' | 'queries.history'> {
  return {
    'queries.raise': (input, context) => raiseQuery(database, input, context),
    'queries.export': (input, context) => exportQueryLists(database, input, context),
    // Loaded on first use: the reader of answered lists pulls in the xlsx library.
    'queries.import': async (input, context) =>
      (await import('../queries/import-answers')).importAnswers(database, input, context),
    'queries.history': () => queryListHistory(database),
  };
}
