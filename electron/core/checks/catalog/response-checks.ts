import type { StudyModel } from '../../study/study-model';
import type { CatalogCheck } from '../check-definition';
import { isoOf, num, related, type SqlDialect } from '../../db/sql-dialect';
import { before, mayLieWithin } from '../sql-fragments';
import { issueHitsSql } from './issue-checks';

/**
 * Missing or inconsistent response assessments (edit-checks.md, RESP). The efficacy endpoint of
 * the study is the overall response rate (best response sCR/CR/VGPR/PR), so a wrong or missing
 * response moves the analysis: these checks are major, RESP-05 (a reported response the serum
 * M-protein contradicts) critical.
 *
 * A missing assessment has no record to point at: its hit names a virtual RS record of the
 * subject (`S01-001|cycle 3`, `S01-001|end of treatment`, `S01-001|after first dose`), stable
 * across re-runs. Checks for something missing in a window fire only once the window has closed by
 * the subject's cut-off, and a record whose (partial) date may lie in the window counts as present.
 * So does an RS or LB record whose date is missing or could not be read: it may lie anywhere
 * (sql-fragments.ts mayLieWithin; DATA-01/02 report the date), also after C1D1 for RESP-03.
 */

/** A day-number span as people read it: one date, or `first..last` for a partial date. */
function dayText(loDay: string, hiDay: string): string {
  return `(CASE WHEN ${loDay} = ${hiDay} THEN ${isoOf(loDay)} ELSE ${isoOf(loDay)} || '..' || ${isoOf(hiDay)} END)`;
}

/** Text as an SQL string literal (for values taken from the study model, never from data). */
function sqlText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The unit of the serum M-protein test's results (its first unit, which standardisation converts to). */
function mProteinUnit(model: StudyModel): string {
  const test = model.definition.checks['RESP-05']?.params?.spepTest;
  return (typeof test === 'string' ? model.labTests.get(test)?.standardUnit : undefined) ?? '';
}

/**
 * RESP-05, IMWG on serum M-protein (study.md): the assessment (on or after C1D1, full RSDAT) is
 * compared with the SPEP closest to RSDAT within ±@windowDays (on a tie the earlier) and dated on
 * or after the baseline (derived fact baseline_spep); r = (baseline - current) / baseline; nadir =
 * the lowest SPEP from the baseline (included) to before the current one. Evaluated only where the
 * baseline is measurable. Only full-dated, numeric SPEP results are used; an assessment is skipped
 * when a partial-dated SPEP may lie between the baseline and its window's end (the closest value or
 * the nadir would then be uncertain). Comparisons are rounded to 9 decimals so that 1.7 - 1.2 is
 * 0.5, as a person computes it.
 */
function responseVsMProteinSql(model: StudyModel, d: SqlDialect): string {
  const unit = sqlText(` ${mProteinUnit(model)}`.trimEnd());
  const isResult = (alias: string) =>
    `${d.isNumber(`${alias}.LBORRES`)} AND ${alias}.LBDAT_lo = ${alias}.LBDAT_hi`;
  const result = (alias: string) => d.numberOf(`${alias}.LBORRES`);
  const pct = (fraction: string) => `${num(`round(100.0 * (${fraction}), 1)`)} || '%'`;
  return `
      WITH assessment AS (
        SELECT r.record_id, r.subject_id, r.RSORRES AS response, r.RSDAT AS rsdat, r.RSDAT_lo AS day,
               b.record_id AS base_record_id, b.value AS base, b.day AS base_day
        FROM rs r
        JOIN subject_fact sf ON sf.subject_id = r.subject_id
        JOIN baseline_spep b ON b.subject_id = r.subject_id
        WHERE r.RSORRES IS NOT NULL
          AND r.RSDAT_lo = r.RSDAT_hi AND r.RSDAT_lo >= sf.c1d1_hi
          AND b.value >= @measurableBaseline
          AND NOT EXISTS (
            SELECT 1 FROM lb p
            WHERE p.subject_id = r.subject_id AND p.LBTESTCD = @spepTest AND p.LBDAT_lo < p.LBDAT_hi
              AND p.LBDAT_hi >= b.day AND p.LBDAT_lo <= r.RSDAT_lo + @windowDays)
      ),
      matched AS MATERIALIZED (
        SELECT a.*,
               (SELECT c.record_id FROM lb c
                WHERE c.subject_id = a.subject_id AND c.LBTESTCD = @spepTest AND ${isResult('c')}
                  AND c.LBDAT_lo >= a.base_day AND c.LBDAT_lo BETWEEN a.day - @windowDays AND a.day + @windowDays
                ORDER BY abs(c.LBDAT_lo - a.day), c.LBDAT_lo, c.occurrence, c.record_id LIMIT 1) AS current_record_id
        FROM assessment a
      ),
      measured AS MATERIALIZED (
        SELECT m.*, ${result('c')} AS current, c.LBDAT_lo AS current_day,
               (SELECT n.record_id FROM lb n
                WHERE n.subject_id = m.subject_id AND n.LBTESTCD = @spepTest AND ${isResult('n')}
                  AND n.LBDAT_lo >= m.base_day AND n.LBDAT_lo < c.LBDAT_lo
                ORDER BY ${result('n')}, n.LBDAT_lo, n.record_id LIMIT 1) AS nadir_record_id
        FROM matched m JOIN lb c ON c.record_id = m.current_record_id
      ),
      judged AS (
        SELECT m.*, ${result('n')} AS nadir, n.LBDAT_lo AS nadir_day,
               round((m.base - m.current) * 1.0 / m.base, 9) AS reduction,
               coalesce(round(m.current - ${result('n')}, 9) >= @pdAbsoluteIncrease
                        AND round(m.current, 9) >= round(@pdRelativeIncrease * ${result('n')}, 9), FALSE) AS progression
        FROM measured m LEFT JOIN lb n ON n.record_id = m.nadir_record_id
      ),
      disagreement AS (
        SELECT j.*,
               CASE
                 WHEN j.progression AND j.response <> @progression THEN
                   'the M-protein shows progression (' || ${num('round(j.current - j.nadir, 9)')} || ${unit} || ' above the nadir; progression is an increase of at least '
                     || ${num('@pdAbsoluteIncrease')} || ${unit} || ' to at least ' || ${num('@pdRelativeIncrease')} || ' x the nadir) but the response is not ' || @progression
                 WHEN j.response = @progression AND NOT j.progression THEN
                   'the response is ' || @progression || ' but the M-protein does not show progression (an increase of at least '
                     || ${num('@pdAbsoluteIncrease')} || ${unit} || ' over the nadir to at least ' || ${num('@pdRelativeIncrease')} || ' x the nadir)'
                 WHEN j.response IN (SELECT value FROM json_each(@vgprOrBetter)) AND j.reduction < @vgprReduction THEN
                   j.response || ' needs a reduction of at least ' || ${pct('@vgprReduction')}
                 WHEN j.response = @partial AND j.reduction < @prReduction THEN
                   j.response || ' needs a reduction of at least ' || ${pct('@prReduction')}
                 WHEN j.response = @minimal AND j.reduction < @mrReduction THEN
                   j.response || ' needs a reduction of at least ' || ${pct('@mrReduction')}
               END AS reason
        FROM judged j
      )
      SELECT d.subject_id, 'RS' AS form, d.record_id, NULL AS record_key, 'RSORRES' AS field,
             'Response ' || d.response || ' on ' || d.rsdat || ' disagrees with serum M-protein: ' || d.reason
               || ' (baseline ' || ${num('d.base')} || ${unit} || ' on ' || ${isoOf('d.base_day')}
               || '; SPEP ' || ${num('d.current')} || ${unit} || ' on ' || ${isoOf('d.current_day')}
               || CASE WHEN d.reduction < 0 THEN ', increase ' || ${pct('-d.reduction')} ELSE ', reduction ' || ${pct('d.reduction')} END
               || coalesce('; nadir ' || ${num('d.nadir')} || ${unit} || ' on ' || ${isoOf('d.nadir_day')}, '; no earlier SPEP since the baseline')
               || ')' AS message,
             ${related([
               ['LB', 'd.base_record_id'],
               ['LB', 'd.current_record_id'],
               ['LB', 'd.nadir_record_id'],
             ])} AS related
      FROM disagreement d
      WHERE d.reason IS NOT NULL`;
}

/** RESP-08: the import's issue message, with the categories the site may use. */
function unknownResponseSql(model: StudyModel): string {
  const categories = model.forms.flatMap((f) =>
    f.columns
      .filter((c) => c.unknownCodeCheck === 'RESP-08')
      .map((c) => {
        const values = model.definition.codeLists[c.codeList ?? '']?.values ?? [];
        const synonym = values.flatMap((v) => v.synonyms)[0];
        const hint = `; use one of ${values.map((v) => v.code).join(', ')}${synonym ? ` (or a synonym such as ${synonym})` : ''}`;
        return `WHEN h.form = ${sqlText(f.code)} AND h.field = ${sqlText(c.name)} THEN ${sqlText(hint)}`;
      }),
  );
  const hint = categories.length ? `CASE ${categories.join(' ')} ELSE '' END` : `''`;
  return `
      SELECT h.subject_id, h.form, h.record_id, h.record_key, h.field, h.message || ${hint} AS message, h.related
      FROM (${issueHitsSql(model, 'RESP-08')}) AS h`;
}

/** RESP-06: a SIFE record of the assessment's subject may lie within ±@windowDays of RSDAT. */
const sifeInWindow = mayLieWithin('l.LBDAT', 'r.RSDAT_lo - @windowDays', 'r.RSDAT_hi + @windowDays');

export const responseChecks: readonly CatalogCheck[] = [
  {
    id: 'RESP-01',
    category: 'RESP',
    severity: 'major',
    title: 'Missing cycle assessment',
    params: ['firstCycle', 'lastCycle', 'windowDays'],
    sql: `
      SELECT c.subject_id, 'RS' AS form, NULL AS record_id, c.subject_id || '|cycle ' || c.cycle AS record_key, 'RSDAT' AS field,
             'No response assessment within ±' || @windowDays || ' days of cycle ' || c.cycle || ' day 1 (' || ${dayText('c.d1_lo', 'c.d1_hi')}
               || '): no RSDAT from ' || ${isoOf('c.d1_lo - @windowDays')} || ' to ' || ${isoOf('c.d1_hi + @windowDays')} AS message,
             ${related([['EX', 'c.record_id']])} AS related
      FROM cycle_start c
      JOIN subject_fact sf ON sf.subject_id = c.subject_id
      WHERE c.cycle BETWEEN @firstCycle AND @lastCycle
        AND c.d1_hi + @windowDays <= sf.cutoff
        AND NOT EXISTS (
          SELECT 1 FROM rs r
          WHERE r.subject_id = c.subject_id AND ${mayLieWithin('r.RSDAT', 'c.d1_lo - @windowDays', 'c.d1_hi + @windowDays')})`,
  },
  {
    id: 'RESP-02',
    category: 'RESP',
    severity: 'major',
    title: 'Missing end-of-treatment assessment',
    params: ['daysBefore', 'daysAfter'],
    sql: `
      SELECT sf.subject_id, 'RS' AS form, NULL AS record_id, sf.subject_id || '|end of treatment' AS record_key, 'RSDAT' AS field,
             'No end-of-treatment response assessment: last dose (DS.EOTDAT) ' || ${dayText('sf.eot_lo', 'sf.eot_hi')}
               || ', no RSDAT from ' || ${isoOf('sf.eot_lo - @daysBefore')} || ' to ' || ${isoOf('sf.eot_hi + @daysAfter')}
               || CASE WHEN sf.death_lo IS NULL THEN ' and no death recorded' ELSE ' and death (DS.DTHDAT) only on ' || ${dayText('sf.death_lo', 'sf.death_hi')} END AS message,
             ${related([['DS', 'sf.ds_record_id']])} AS related
      FROM subject_fact sf
      WHERE sf.eot_lo IS NOT NULL
        AND sf.eot_hi + @daysAfter <= sf.cutoff
        AND (sf.death_lo IS NULL OR sf.death_lo > sf.eot_hi + @daysAfter)
        AND NOT EXISTS (
          SELECT 1 FROM rs r
          WHERE r.subject_id = sf.subject_id AND ${mayLieWithin('r.RSDAT', 'sf.eot_lo - @daysBefore', 'sf.eot_hi + @daysAfter')})`,
  },
  {
    id: 'RESP-03',
    category: 'RESP',
    severity: 'major',
    title: 'Treated but never assessed',
    params: ['daysAfterFirstDose'],
    sql: `
      SELECT sf.subject_id, 'RS' AS form, NULL AS record_id, sf.subject_id || '|after first dose' AS record_key, 'RSDAT' AS field,
             'Treated since ' || ${dayText('sf.c1d1_lo', 'sf.c1d1_hi')} || ' (cycle 1 day 1) but no response assessment dated after it (cut-off '
               || ${isoOf('sf.cutoff')} || ')' AS message,
             ${related([['EX', 'sf.c1d1_record_id']])} AS related
      FROM subject_fact sf
      WHERE sf.c1d1_lo IS NOT NULL
        AND sf.c1d1_hi + @daysAfterFirstDose <= sf.cutoff
        AND NOT EXISTS (SELECT 1 FROM rs r WHERE r.subject_id = sf.subject_id AND (r.RSDAT_hi IS NULL OR r.RSDAT_hi > sf.c1d1_lo))`,
  },
  {
    id: 'RESP-04',
    category: 'RESP',
    severity: 'major',
    title: 'Response without M-protein data',
    params: ['windowDays', 'tests', 'responses'],
    sql: `
      SELECT r.subject_id, 'RS' AS form, r.record_id, NULL AS record_key, 'RSORRES' AS field,
             'Response ' || r.RSORRES || ' on ' || r.RSDAT || ' has no '
               || (SELECT group_concat(value, ', ') FROM json_each(@tests)) || ' result from '
               || ${isoOf('r.RSDAT_lo - @windowDays')} || ' to ' || ${isoOf('r.RSDAT_hi + @windowDays')} AS message,
             NULL AS related
      FROM rs r
      JOIN subject_fact sf ON sf.subject_id = r.subject_id
      WHERE r.RSORRES IN (SELECT value FROM json_each(@responses))
        AND r.RSDAT_hi + @windowDays <= sf.cutoff
        AND NOT EXISTS (
          SELECT 1 FROM lb l
          WHERE l.subject_id = r.subject_id AND l.LBTESTCD IN (SELECT value FROM json_each(@tests)) AND l.LBORRES IS NOT NULL
            AND ${mayLieWithin('l.LBDAT', 'r.RSDAT_lo - @windowDays', 'r.RSDAT_hi + @windowDays')})`,
  },
  {
    id: 'RESP-05',
    category: 'RESP',
    // critical: a response the serum M-protein contradicts changes the overall response rate directly.
    severity: 'critical',
    title: 'Reported response disagrees with serum M-protein',
    params: [
      'spepTest',
      'windowDays',
      'measurableBaseline',
      'vgprReduction',
      'prReduction',
      'mrReduction',
      'pdAbsoluteIncrease',
      'pdRelativeIncrease',
      'progression',
      'vgprOrBetter',
      'partial',
      'minimal',
    ],
    sql: responseVsMProteinSql,
  },
  {
    id: 'RESP-06',
    category: 'RESP',
    severity: 'major',
    title: 'CR or sCR without negative serum immunofixation',
    params: ['sifeTest', 'negativeResult', 'windowDays', 'completeResponses'],
    sql: (_model, d) => `
      SELECT r.subject_id, 'RS' AS form, r.record_id, NULL AS record_key, 'RSORRES' AS field,
             'Response ' || r.RSORRES || ' on ' || r.RSDAT || ' without ' || @sifeTest || ' = ' || @negativeResult || ' from '
               || ${isoOf('r.RSDAT_lo - @windowDays')} || ' to ' || ${isoOf('r.RSDAT_hi + @windowDays')}
               || coalesce(' (' || @sifeTest || ' found: ' || (
                    SELECT group_concat(coalesce(${d.textOf('l.LBORRES')}, 'no usable result') || ' on ' || l.LBDAT, ', ')
                    FROM lb l WHERE l.subject_id = r.subject_id AND l.LBTESTCD = @sifeTest AND ${sifeInWindow}) || ')', '') AS message,
             (SELECT json_group_array(json_object('form', 'LB', 'recordId', l.record_id))
              FROM lb l WHERE l.subject_id = r.subject_id AND l.LBTESTCD = @sifeTest AND ${sifeInWindow}) AS related
      FROM rs r
      JOIN subject_fact sf ON sf.subject_id = r.subject_id
      WHERE r.RSORRES IN (SELECT value FROM json_each(@completeResponses))
        AND r.RSDAT_hi + @windowDays <= sf.cutoff
        AND NOT EXISTS (
          SELECT 1 FROM lb l
          WHERE l.subject_id = r.subject_id AND l.LBTESTCD = @sifeTest AND ${d.textOf('l.LBORRES')} = @negativeResult AND ${sifeInWindow})`,
  },
  {
    id: 'RESP-07',
    category: 'RESP',
    // major: usually a date error, which moves or drops a response from the on-treatment analysis.
    severity: 'major',
    title: 'Assessment before the first dose',
    sql: `
      SELECT r.subject_id, 'RS' AS form, r.record_id, NULL AS record_key, 'RSDAT' AS field,
             'Assessment dated ' || r.RSDAT || ' is before the first dose (cycle 1 day 1, ' || ${dayText('sf.c1d1_lo', 'sf.c1d1_hi')} || ')' AS message,
             ${related([['EX', 'sf.c1d1_record_id']])} AS related
      FROM rs r
      JOIN subject_fact sf ON sf.subject_id = r.subject_id
      WHERE ${before('r.RSDAT', 'sf.c1d1')}`,
  },
  {
    id: 'RESP-08',
    category: 'RESP',
    severity: 'major',
    title: 'Unknown response value',
    sql: unknownResponseSql,
  },
];
