import { formTable } from './form-tables';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

/** The SQL behind the cleaning metrics (core/review/metrics.ts computes the figures). */

export interface SentQuery {
  siteId: string;
  sentAt: string;
  answeredAt: string | null;
  /** Its discrepancy was queried again after this answer (a later round exists). */
  requeried: number;
  /** Still awaiting its answer: the discrepancy's current query, QUERIED, unanswered. */
  awaiting: number;
}

/** Every query sent in a list (each round is a query of its own). */
export function sentQueries(database: StudyDatabase): SentQuery[] {
  return connectionOf(database)
    .prepare(
      `SELECT d.site_id AS siteId, q.sent_at AS sentAt, q.answered_at AS answeredAt,
              EXISTS (SELECT 1 FROM queries n WHERE n.discrepancy_id = q.discrepancy_id AND n.round = q.round + 1) AS requeried,
              (d.status = 'QUERIED' AND d.query_id = q.id AND q.answer IS NULL) AS awaiting
       FROM queries q JOIN discrepancies d ON d.id = q.discrepancy_id
       WHERE q.sent_at IS NOT NULL`,
    )
    .all() as SentQuery[];
}

/** Every site that sent an export, with its live subjects and its discrepancies (every status). */
export function siteTotals(
  database: StudyDatabase,
): { siteId: string; subjects: number; discrepancies: number }[] {
  return connectionOf(database)
    .prepare(
      `SELECT s.site_id AS siteId,
              (SELECT count(DISTINCT subject_id) FROM ${formTable(database.model.siteForm.code)}
               WHERE site_id = s.site_id AND deleted_import_id IS NULL) AS subjects,
              (SELECT count(*) FROM discrepancies WHERE site_id = s.site_id) AS discrepancies
       FROM (SELECT DISTINCT site_id FROM imports) s ORDER BY s.site_id`,
    )
    .all() as { siteId: string; subjects: number; discrepancies: number }[];
}

export interface CheckOutcomes {
  checkId: string;
  category: string;
  hits: number;
  queried: number;
  resolvedByData: number;
  accepted: number;
  closedOnAnswer: number;
  open: number;
}

/**
 * Each check's discrepancies by where they stand now. A CLOSED one is closed on the corrected data
 * or on the answer, as its last move to CLOSED came from RESOLVED or from ANSWERED (the audit trail).
 */
export function checkOutcomes(database: StudyDatabase): CheckOutcomes[] {
  return connectionOf(database)
    .prepare(
      `SELECT check_id AS checkId, max(category) AS category, count(*) AS hits,
              sum(queried) AS queried,
              sum(status = 'RESOLVED' OR (status = 'CLOSED' AND closed_from = 'RESOLVED')) AS resolvedByData,
              sum(status = 'ACCEPTED') AS accepted,
              sum(status = 'CLOSED' AND closed_from IS NOT 'RESOLVED') AS closedOnAnswer,
              sum(status IN ('OPEN', 'QUERIED', 'ANSWERED')) AS open
       FROM (SELECT d.check_id, d.category, d.status,
                    EXISTS (SELECT 1 FROM queries q WHERE q.discrepancy_id = d.id AND q.sent_at IS NOT NULL) AS queried,
                    CASE WHEN d.status = 'CLOSED' THEN
                      (SELECT e.old_value FROM audit_events e
                       WHERE e.entity = 'discrepancy' AND e.entity_id = CAST(d.id AS TEXT) AND e.action = 'STATUS' AND e.new_value = 'CLOSED'
                       ORDER BY e.id DESC LIMIT 1) END AS closed_from
             FROM discrepancies d)
       GROUP BY check_id ORDER BY check_id`,
    )
    .all() as CheckOutcomes[];
}
