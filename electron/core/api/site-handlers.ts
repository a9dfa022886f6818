import { listSites, setSiteLanguage } from '../queries/site-languages';
import type { HandlerScope, Handlers } from './handler-types';

export function siteHandlers({ database }: HandlerScope): Handlers<'sites.list' | 'sites.setLanguage'> {
  return {
    'sites.list': () => listSites(database),
    'sites.setLanguage': (input, context) => setSiteLanguage(database, input, context),
  };
}
