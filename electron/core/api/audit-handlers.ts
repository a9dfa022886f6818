import type { AuditExportRequest, AuditRequest } from '../../../shared/api/audit';
import { auditPage, type AuditFilter } from '../db/audit-trail-repo';
import { badInput } from '../common/errors';
import { exportAuditTrail } from '../export/export-audit-trail';
import type { HandlerScope, Handlers } from './handler-types';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A moment as stored (ISO 8601, UTC); a date alone is the start of that day on the workstation's calendar. */
function moment(text: string, name: string, nextDay: boolean): string {
  const day = DATE_ONLY.exec(text.trim());
  const date = day
    ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + (nextDay ? 1 : 0))
    : new Date(text.trim());
  if (Number.isNaN(date.getTime()))
    throw badInput(
      `${name} ${text}: not a date or time (ISO 8601, e.g. 2026-01-31 or 2026-01-31T09:00:00+09:00)`,
    );
  return new Date(date.getTime() + (!day && nextDay ? 1 : 0)).toISOString();
}

function auditFilterOf(
  input: Omit<AuditRequest, 'order' | 'offset' | 'limit'> | AuditExportRequest,
): AuditFilter {
  return {
    since: input.since === undefined ? undefined : moment(input.since, 'since', false),
    // Until is inclusive: the whole day of a date alone, up to and with the moment given.
    before: input.until === undefined ? undefined : moment(input.until, 'until', true),
    entities: input.entity,
    user: input.user?.trim() || undefined,
    search: input.search?.trim() || undefined,
  };
}

export function auditHandlers({ database }: HandlerScope): Handlers<'audit.list' | 'audit.export'> {
  return {
    'audit.list': (input) => {
      const { rows, total } = auditPage(database, auditFilterOf(input), {
        offset: input.offset,
        limit: input.limit,
        order: input.order,
      });
      return { rows, total, offset: input.offset, truncated: input.offset + rows.length < total };
    },
    'audit.export': (input) => exportAuditTrail(database, auditFilterOf(input), input),
  };
}
