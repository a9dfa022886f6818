import { queryListHistory } from '../db/queries-repo';
import { exportQueryLists } from '../queries/export-query-lists';
import { importAnswers } from '../queries/import-answers';
import { raiseQuery } from '../queries/raise-query';
import type { HandlerScope, Handlers } from './handler-types';

export function queryHandlers({
  database,
}: HandlerScope): Handlers<'queries.raise' | 'queries.export' | 'queries.import' | 'queries.history'> {
  return {
    'queries.raise': (input, context) => raiseQuery(database, input, context),
    'queries.export': (input, context) => exportQueryLists(database, input, context),
    'queries.import': (input, context) => importAnswers(database, input, context),
    'queries.history': () => queryListHistory(database),
  };
}
