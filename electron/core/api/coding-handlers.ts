import { codingStatus } from '../coding/coding-status';
import { loadDictionary } from '../coding/load-dictionary';
import { searchTerms } from '../coding/search-terms';
import { codedForm, setCoding } from '../coding/set-coding';
import { upgradeDictionary } from '../coding/upgrade-dictionary';
import { codingQueue } from '../db/coding-queue-repo';
import { listDictionaries } from '../db/dictionaries-repo';
import type { HandlerScope, Handlers } from './handler-types';

type CodingMethods =
  | 'dictionaries.load'
  | 'dictionaries.list'
  | 'coding.status'
  | 'coding.queue'
  | 'coding.search'
  | 'coding.set'
  | 'coding.upgrade';

export function codingHandlers({ database }: HandlerScope): Handlers<CodingMethods> {
  return {
    'dictionaries.load': (input, context) => loadDictionary(database, input, context),
    'dictionaries.list': () => listDictionaries(database),
    'coding.status': (_input, context) => codingStatus(database, context.now()),
    'coding.queue': (input, context) => {
      const forms = input.form
        ? [codedForm(database.model, input.form)]
        : database.model.forms.filter((f) => f.coding);
      const page = codingQueue(database, forms, input, context.now());
      return { ...page, offset: input.offset, truncated: input.offset + page.rows.length < page.total };
    },
    'coding.search': (input) => searchTerms(database, database.model, input),
    'coding.set': (input, context) => setCoding(database, input, context),
    'coding.upgrade': (input, context) => upgradeDictionary(database, input, context),
  };
}
