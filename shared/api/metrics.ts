import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * Cleaning metrics (issue 12): how sites answer queries and how each check performs.
 *
 * Per site: queries sent (every round of a query sent in a list counts), answered (the answer
 * loaded), days from sending to the answer being loaded (elapsed time, in days to two decimals)
 * as the median and the 90th percentile (linear interpolation between the closest ranks:
 * Hyndman-Fan type 7, as Excel's PERCENTILE.INC), open queries older than 30 days at `today`
 * (sent, still awaiting their answer), the re-query rate (answers queried again / answers), and
 * discrepancies (every status) per live subject.
 * Per check, by where each of its discrepancies stands now: hits (discrepancies found), queried
 * (sent to the site at least once), resolved because the data changed (RESOLVED, or CLOSED from
 * RESOLVED), accepted as not an error, closed on the answer alone (CLOSED from ANSWERED); yield =
 * resolved by data / hits, accept rate = accepted / hits. A rate or day figure with nothing to
 * measure is null.
 */
export const metricsRequestSchema = lazySchema(() =>
  z
    .object({
      /** When "open older than 30 days" is measured (ISO date = its midnight UTC, or date-time); default now. */
      today: z.string().min(1).optional(),
    })
    .strict(),
);
export type MetricsRequest = z.input<typeof metricsRequestSchema>;

const rate = lazySchema(() => z.number().nullable());

export const siteMetricsSchema = lazySchema(() =>
  z.object({
    siteId: z.string(),
    subjects: z.number().int(),
    discrepancies: z.number().int(),
    queriesSent: z.number().int(),
    queriesAnswered: z.number().int(),
    medianDaysToAnswer: rate,
    p90DaysToAnswer: rate,
    openOver30Days: z.number().int(),
    requeryRate: rate,
    discrepanciesPerSubject: rate,
  }),
);
export type SiteMetrics = z.infer<typeof siteMetricsSchema>;

export const checkMetricsSchema = lazySchema(() =>
  z.object({
    checkId: z.string(),
    category: z.string(),
    hits: z.number().int(),
    queried: z.number().int(),
    resolvedByData: z.number().int(),
    accepted: z.number().int(),
    closedOnAnswer: z.number().int(),
    /** Not settled yet: OPEN, QUERIED or ANSWERED. */
    open: z.number().int(),
    yield: rate,
    acceptRate: rate,
  }),
);
export type CheckMetrics = z.infer<typeof checkMetricsSchema>;

export const metricsSchema = lazySchema(() =>
  z.object({
    today: z.string(),
    sites: z.array(siteMetricsSchema),
    checks: z.array(checkMetricsSchema),
  }),
);
export type Metrics = z.infer<typeof metricsSchema>;

export const metricsExportRequestSchema = lazySchema(() =>
  metricsRequestSchema.extend({ out: z.string().min(1) }).strict(),
);
export const metricsExportResultSchema = lazySchema(() =>
  z.object({ files: z.array(z.string()), today: z.string() }),
);

/** The CSV columns (header = JSON keys), sites then checks. */
export const SITE_METRICS_FIELDS = lazySchema(() => siteMetricsSchema.keyof().options);
export const CHECK_METRICS_FIELDS = lazySchema(() => checkMetricsSchema.keyof().options);
