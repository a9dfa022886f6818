import { recordDetail } from '../db/data-repo';
import {
  discrepanciesByIds,
  discrepancyFacets,
  discrepancyHistory,
  discrepancyRelated,
  listDiscrepancies,
  queriesOfDiscrepancy,
} from '../db/discrepancies-repo';
import { notFound } from '../common/errors';
import { setStatus } from '../workflow/set-status';
import { manualTargets } from '../workflow/status-moves';
import type { HandlerScope, Handlers } from './handler-types';

export function discrepancyHandlers({
  database,
}: HandlerScope): Handlers<
  'discrepancies.list' | 'discrepancies.facets' | 'discrepancies.get' | 'discrepancies.setStatus'
> {
  return {
    'discrepancies.list': (input) => {
      const { rows, total } = listDiscrepancies(database, input);
      return { rows, total, offset: input.offset, truncated: input.offset + rows.length < total };
    },
    'discrepancies.facets': (input) => discrepancyFacets(database, input),
    'discrepancies.get': (input) => {
      const [discrepancy] = discrepanciesByIds(database, [input.id], input.language);
      if (!discrepancy) throw notFound(`no discrepancy ${input.id}`);
      const form = database.model.formByCode.get(discrepancy.form);
      const record =
        form && discrepancy.recordId !== null
          ? (recordDetail(database, form, discrepancy.recordId, input.language) ?? null)
          : null;
      const related = discrepancyRelated(database, input.id).flatMap(({ form: code, recordId }) => {
        const relatedForm = database.model.formByCode.get(code);
        const detail = relatedForm
          ? recordDetail(database, relatedForm, recordId, input.language)
          : undefined;
        if (!detail) return [];
        const summary = detail.fields
          .filter((f) => f.value !== null && f.name !== 'SUBJID')
          .slice(0, 6)
          .map((f) => `${f.name}=${f.value}`)
          .join(', ');
        return [{ form: code, recordId, recordKey: detail.recordKey, summary }];
      });
      return {
        discrepancy,
        record,
        related,
        history: discrepancyHistory(database, input.id),
        queries: queriesOfDiscrepancy(database, input.id),
        moves: manualTargets(discrepancy.status),
      };
    },
    'discrepancies.setStatus': (input, context) => setStatus(database, input, context),
  };
}
