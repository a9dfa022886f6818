import type { SqlDialect } from '../db/sql-dialect';
import { ANYWHERE_DAYS } from './catalog/sql-fragments';

/**
 * Facts many checks need, computed once per check run as temporary tables (edit-checks.md "Terms"):
 *   site_cutoff   the cut-off of each site: its latest export date
 *   pom_period    study-drug periods of each subject, with their start and end
 *   cycle_start   CnD1: the earliest study-drug EXSTDAT with CYCLE = n
 *   subject_fact  one row an enrolled subject: site, cut-off, age, consent, C1D1, EOT (last dose), death
 *   spep          every serum M-protein result (day span, value, whether it is a number)
 *   baseline_spep the last serum M-protein on or before C1D1, no older than @baselineMaxAgeDays
 * All dates are day-number pairs (_lo, _hi): a partial date keeps its whole span. A study-drug
 * period whose EXSTDAT is missing or cannot be read stays a period that may lie anywhere
 * (`anywhere` = 1, its start spans -ANYWHERE_DAYS..ANYWHERE_DAYS, sql-fragments.ts): so it is never
 * certainly before or after another period, the CnD1 of its cycle may be any day up to the
 * earliest readable start, and C1D1 too when it is of cycle 1.
 * Named parameters come from the study definition (treatment, and RESP-05 for the baseline).
 */
export const derivedFactsSql = (d: SqlDialect): readonly string[] => [
  `DROP TABLE IF EXISTS temp.site_cutoff`,
  `CREATE TEMP TABLE site_cutoff AS SELECT site_id, max(export_day) AS cutoff FROM imports GROUP BY site_id`,

  `DROP TABLE IF EXISTS temp.pom_period`,
  `CREATE TEMP TABLE pom_period AS
   SELECT e.record_id, e.site_id, e.subject_id, e.CYCLE AS cycle, e.EXSEQ AS seq, e.EXDOSE AS dose, e.EXADJ AS adj,
          coalesce(e.EXSTDAT_lo, -${ANYWHERE_DAYS}) AS st_lo, coalesce(e.EXSTDAT_hi, ${ANYWHERE_DAYS}) AS st_hi,
          CASE WHEN e.EXSTDAT_lo IS NULL THEN 1 ELSE 0 END AS anywhere,
          e.EXENDAT_lo AS en_lo, e.EXENDAT_hi AS en_hi, e.occurrence
   FROM ex e
   WHERE e.EXTRT = @studyDrug`,
  `CREATE INDEX temp.pom_period_by_subject ON pom_period (subject_id, st_lo)`,
  `CREATE INDEX temp.pom_period_by_record ON pom_period (record_id)`,

  `DROP TABLE IF EXISTS temp.cycle_start`,
  `CREATE TEMP TABLE cycle_start AS
   SELECT subject_id, cycle, min(st_lo) AS d1_lo, min(st_hi) AS d1_hi,
          (SELECT p2.record_id FROM pom_period p2 WHERE p2.subject_id = p.subject_id AND p2.cycle = p.cycle
           ORDER BY p2.anywhere, p2.st_lo, p2.seq LIMIT 1) AS record_id
   FROM pom_period p WHERE cycle IS NOT NULL GROUP BY subject_id, cycle`,
  `CREATE UNIQUE INDEX temp.cycle_start_key ON cycle_start (subject_id, cycle)`,

  `DROP TABLE IF EXISTS temp.subject_fact`,
  `CREATE TEMP TABLE subject_fact AS
   SELECT d.subject_id, d.site_id, d.record_id AS dm_record_id, d.AGE AS age,
          d.RFICDAT_lo AS consent_lo, d.RFICDAT_hi AS consent_hi, d.ENRLDAT_lo AS enrolled_lo, d.ENRLDAT_hi AS enrolled_hi,
          sc.cutoff,
          c1.d1_lo AS c1d1_lo, c1.d1_hi AS c1d1_hi, c1.record_id AS c1d1_record_id,
          s.record_id AS ds_record_id, s.EOTDAT_lo AS eot_lo, s.EOTDAT_hi AS eot_hi, s.DTHDAT_lo AS death_lo, s.DTHDAT_hi AS death_hi
   FROM dm d
   JOIN site_cutoff sc ON sc.site_id = d.site_id
   LEFT JOIN cycle_start c1 ON c1.subject_id = d.subject_id AND c1.cycle = 1
   LEFT JOIN ds s ON s.subject_id = d.subject_id AND s.occurrence = 1
   WHERE d.occurrence = 1`,
  `CREATE UNIQUE INDEX temp.subject_fact_key ON subject_fact (subject_id)`,

  // Every serum M-protein result, read from the lab table once (RESP-05 looks up each subject's many times).
  `DROP TABLE IF EXISTS temp.spep`,
  `CREATE TEMP TABLE spep (record_id INTEGER PRIMARY KEY, subject_id ${d.scratchType('text')}, occurrence ${d.scratchType('integer')},
     lo ${d.scratchType('integer')}, hi ${d.scratchType('integer')}, value ${d.scratchType('number')}, numeric ${d.scratchType('boolean')})`,
  `INSERT INTO spep
   SELECT l.record_id, l.subject_id, l.occurrence, l.LBDAT_lo, l.LBDAT_hi, ${d.numberOf('l.LBORRES')},
          ${d.isNumber('l.LBORRES')}
   FROM lb l WHERE l.LBTESTCD = @spepTest`,
  `CREATE INDEX temp.spep_by_subject ON spep (subject_id, lo)`,

  `DROP TABLE IF EXISTS temp.baseline_spep`,
  `CREATE TEMP TABLE baseline_spep AS
   SELECT subject_id, record_id, value, day FROM (
     SELECT sf.subject_id, l.record_id, l.value, l.lo AS day,
            row_number() OVER (PARTITION BY sf.subject_id ORDER BY l.lo DESC, l.record_id DESC) AS k
     FROM subject_fact sf
     JOIN spep l ON l.subject_id = sf.subject_id AND l.numeric
     WHERE sf.c1d1_lo IS NOT NULL AND l.lo = l.hi
       AND l.hi <= sf.c1d1_lo AND l.lo >= sf.c1d1_hi - @baselineMaxAgeDays
   ) AS ranked WHERE k = 1`,
  `CREATE UNIQUE INDEX temp.baseline_spep_key ON baseline_spep (subject_id)`,

  // -------------------------------------------------------------------------------------------
  // Added for the DOSE checks (dose-checks.ts: DOSE-02, 05, 06, 07).
  //   pom_step  each study-drug period (the first occurrence of its record key; repeats are DATA-04's)
  //             with the readable period that CERTAINLY comes just before it, whatever full dates
  //             partial EXSTDATs stand for: prev_record_id / prev_dose are NULL when there is none or
  //             when the order is uncertain; is_first = 1 when every other period certainly starts
  //             later (never while a period that may lie anywhere exists, unless it is that one alone).
  //   Q is certainly P's previous readable period when Q certainly starts before P and every other
  //   readable period certainly starts before Q or certainly after P.
  //   pom_anywhere  per subject, the periods that may lie anywhere: how many, their lowest and highest
  //             dose, and how many have no dose. Any of them may lie between Q and P and be P's
  //             previous period: a finding about P and its previous period holds wherever they lie
  //             only if it holds against each of them too.
  // -------------------------------------------------------------------------------------------
  `DROP TABLE IF EXISTS temp.pom_once`,
  `CREATE TEMP TABLE pom_once AS
   SELECT p.record_id, p.subject_id, p.dose, p.st_lo, p.st_hi, p.anywhere
   FROM pom_period p
   WHERE p.occurrence = 1`,
  `CREATE INDEX temp.pom_once_by_subject ON pom_once (subject_id, st_lo)`,

  `DROP TABLE IF EXISTS temp.pom_anywhere`,
  `CREATE TEMP TABLE pom_anywhere AS
   SELECT subject_id, count(*) AS periods, min(dose) AS min_dose, max(dose) AS max_dose,
          sum(CASE WHEN dose IS NULL THEN 1 ELSE 0 END) AS without_dose
   FROM pom_once WHERE anywhere = 1 GROUP BY subject_id`,
  `CREATE UNIQUE INDEX temp.pom_anywhere_key ON pom_anywhere (subject_id)`,

  // Only the period certainly before P that starts last can be P's previous one (any other
  // period certainly before P that starts later is neither certainly before it nor certainly after
  // P): it is, unless another readable period may lie between them (or starts the same day: a tie).
  `DROP TABLE IF EXISTS temp.pom_step`,
  `CREATE TEMP TABLE pom_step AS
   SELECT p.record_id, p.subject_id, p.dose, p.st_lo, p.st_hi, p.anywhere,
          q.record_id AS prev_record_id, q.dose AS prev_dose,
          CASE WHEN NOT EXISTS (SELECT 1 FROM pom_once r
                      WHERE r.subject_id = p.subject_id AND r.st_lo <= p.st_hi AND r.record_id <> p.record_id) THEN 1 ELSE 0 END AS is_first
   FROM pom_once p
   LEFT JOIN pom_once q ON q.record_id = (
       SELECT c.record_id FROM pom_once c
       WHERE c.subject_id = p.subject_id AND c.st_lo < p.st_lo AND c.st_hi < p.st_lo
       ORDER BY c.st_lo DESC LIMIT 1)
     AND NOT EXISTS (SELECT 1 FROM pom_once r
                     WHERE r.subject_id = p.subject_id AND r.anywhere = 0 AND r.st_lo <= p.st_hi AND r.st_hi >= q.st_lo
                       AND r.record_id <> p.record_id AND r.record_id <> q.record_id)`,
  `CREATE UNIQUE INDEX temp.pom_step_by_record ON pom_step (record_id)`,
  `CREATE INDEX temp.pom_step_by_subject ON pom_step (subject_id, st_lo)`,
];
