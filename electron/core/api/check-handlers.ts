import { checkCatalog, runChecks } from '../checks/run-checks';
import type { HandlerScope, Handlers } from './handler-types';

export function checkHandlers({ database }: HandlerScope): Handlers<'checks.catalog' | 'checks.run'> {
  return {
    'checks.catalog': () => checkCatalog(database.model),
    'checks.run': (input, context) => runChecks(database, input, context),
  };
}
