import { checkCatalog } from '../checks/run-checks';
import { exportMetrics } from '../export/export-metrics';
import { cleaningMetrics } from '../review/metrics';
import type { HandlerScope, Handlers } from './handler-types';

export function metricsHandlers({ database }: HandlerScope): Handlers<'metrics.summary' | 'metrics.export'> {
  const metrics = (today: string | undefined, now: Date) =>
    cleaningMetrics(database, checkCatalog(database.model), { today }, now);
  return {
    'metrics.summary': (input, context) => metrics(input.today, context.now()),
    'metrics.export': (input, context) => {
      const computed = metrics(input.today, context.now());
      return { files: exportMetrics(computed, input.out), today: computed.today };
    },
  };
}
