import type { StudyModel } from '../../study/study-model';
import type { CatalogCheck } from './check-definition';
import { isoOf, jsonValue, listOf, message, related, sqlText } from '../../db/sql-dialect';
import { before, dayText, mayLieWithin, unboundedBefore } from './sql-fragments';
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

/** RESP-01's values; the window's first day only when it has one (a cycle day 1 that may be any earlier day has none). */
const missingAssessment = {
  windowDays: '@windowDays',
  cycle: 'c.cycle',
  d1: dayText('c.d1_lo', 'c.d1_hi'),
  to: isoOf('c.d1_hi + @windowDays'),
};

/** The unit of the serum M-protein test's results (its first unit, which standardisation converts to). */
function mProteinUnit(model: StudyModel): string {
  const test = model.definition.checks['RESP-05']?.params?.spepTest;
  return (typeof test === 'string' ? model.labTests.get(test)?.standardUnit : undefined) ?? '';
}

/**
 * RESP-05, IMWG on serum M-protein (study.md): the assessment (on or after C1D1, full RSDAT) is
 * compared with the SPEP closest to RSDAT within ±@windowDays (on a tie the earlier) and dated on
 * or after the baseline (derived facts spep and baseline_spep); r = (baseline - current) / baseline; nadir =
 * the lowest SPEP from the baseline (included) to before the current one. Evaluated only where the
 * baseline is measurable. Only full-dated, numeric SPEP results are used; an assessment is skipped
 * when a partial-dated SPEP may lie between the baseline and its window's end (the closest value or
 * the nadir would then be uncertain). Comparisons are rounded to 9 decimals so that 1.7 - 1.2 is
 * 0.5, as a person computes it.
 */
function responseVsMProteinSql(model: StudyModel): string {
  const unit = sqlText(mProteinUnit(model));
  const isResult = (alias: string) => `${alias}.numeric AND ${alias}.lo = ${alias}.hi`;
  const percent = (fraction: string) => `round(100.0 * (${fraction}), 1)`;
  const progressionRule = { pdAbsolute: '@pdAbsoluteIncrease', pdRelative: '@pdRelativeIncrease', unit };
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
            SELECT 1 FROM spep p
            WHERE p.subject_id = r.subject_id AND p.lo < p.hi
              AND p.hi >= b.day AND p.lo <= r.RSDAT_lo + @windowDays)
      ),
      matched AS MATERIALIZED (
        SELECT a.*,
               (SELECT c.record_id FROM spep c
                WHERE c.subject_id = a.subject_id AND ${isResult('c')}
                  AND c.lo >= a.base_day AND c.lo BETWEEN a.day - @windowDays AND a.day + @windowDays
                ORDER BY abs(c.lo - a.day), c.lo, c.occurrence, c.record_id LIMIT 1) AS current_record_id
        FROM assessment a
      ),
      measured AS MATERIALIZED (
        SELECT m.*, c.value AS current, c.lo AS current_day,
               (SELECT n.record_id FROM spep n
                WHERE n.subject_id = m.subject_id AND ${isResult('n')}
                  AND n.lo >= m.base_day AND n.lo < c.lo
                ORDER BY n.value, n.lo, n.record_id LIMIT 1) AS nadir_record_id
        FROM matched m JOIN spep c ON c.record_id = m.current_record_id
      ),
      judged AS (
        SELECT m.*, n.value AS nadir, n.lo AS nadir_day,
               round((m.base - m.current) * 1.0 / m.base, 9) AS reduction,
               coalesce(round(m.current - n.value, 9) >= @pdAbsoluteIncrease
                        AND round(m.current, 9) >= round(@pdRelativeIncrease * n.value, 9), FALSE) AS progression
        FROM measured m LEFT JOIN spep n ON n.record_id = m.nadir_record_id
      ),
      disagreement AS (
        SELECT j.*,
               CASE
                 WHEN j.progression AND j.response <> @progression THEN
                   ${message('progressionNotReported', { ...progressionRule, rise: 'round(j.current - j.nadir, 9)', progression: '@progression' })}
                 WHEN j.response = @progression AND NOT j.progression THEN
                   ${message('progressionNotShown', { ...progressionRule, progression: '@progression' })}
                 WHEN j.response IN (SELECT value FROM json_each(@vgprOrBetter)) AND j.reduction < @vgprReduction THEN
                   ${message('reductionTooSmall', { response: 'j.response', percent: percent('@vgprReduction') })}
                 WHEN j.response = @partial AND j.reduction < @prReduction THEN
                   ${message('reductionTooSmall', { response: 'j.response', percent: percent('@prReduction') })}
                 WHEN j.response = @minimal AND j.reduction < @mrReduction THEN
                   ${message('reductionTooSmall', { response: 'j.response', percent: percent('@mrReduction') })}
               END AS reason
        FROM judged j
      )
      SELECT d.subject_id, 'RS' AS form, d.record_id, NULL AS record_key, 'RSORRES' AS field,
             ${message('default', {
               response: 'd.response',
               date: 'd.rsdat',
               reason: 'json(d.reason)',
               base: 'd.base',
               unit,
               baseDate: isoOf('d.base_day'),
               current: 'd.current',
               currentDate: isoOf('d.current_day'),
               change: `CASE WHEN d.reduction < 0 THEN ${message('increase', { percent: percent('-d.reduction') })}
                        ELSE ${message('reduction', { percent: percent('d.reduction') })} END`,
               nadir: `CASE WHEN d.nadir IS NULL THEN ${message('noNadir')}
                       ELSE ${message('nadir', { nadir: 'd.nadir', unit, nadirDate: isoOf('d.nadir_day') })} END`,
             })} AS message,
             ${related([
               ['LB', 'd.base_record_id'],
               ['LB', 'd.current_record_id'],
               ['LB', 'd.nadir_record_id'],
             ])} AS related
      FROM disagreement d
      WHERE d.reason IS NOT NULL`;
}

/** RESP-08: what the import found (the issue's message), with the categories the site may use. */
function unknownResponseSql(model: StudyModel): string {
  const categories = model.forms.flatMap((f) =>
    f.columns
      .filter((c) => c.unknownCodeCheck === 'RESP-08')
      .map((c) => {
        const values = model.definition.codeLists[c.codeList ?? '']?.values ?? [];
        const synonym = values.flatMap((v) => v.synonyms)[0];
        const codes = jsonValue(values.map((v) => v.code));
        const synonymSql = synonym === undefined ? 'NULL' : sqlText(synonym);
        const hint = `CASE WHEN ${synonymSql} IS NULL THEN ${message('default', { problem: 'json(h.message)', codes })}
          ELSE ${message('withSynonym', { problem: 'json(h.message)', codes, synonym: synonymSql })} END`;
        return `WHEN h.form = ${sqlText(f.code)} AND h.field = ${sqlText(c.name)} THEN ${hint}`;
      }),
  );
  const withHint = categories.length ? `CASE ${categories.join(' ')} ELSE h.message END` : 'h.message';
  return `
      SELECT h.subject_id, h.form, h.record_id, h.record_key, h.field, ${withHint} AS message, h.related
      FROM (${issueHitsSql(model, 'RESP-08')}) AS h`;
}

/** RESP-06: a SIFE record of the assessment's subject may lie within ±@windowDays of RSDAT. */
const sifeInWindow = mayLieWithin('l.LBDAT', 'r.RSDAT_lo - @windowDays', 'r.RSDAT_hi + @windowDays');

/** RESP-06: the SIFE results that may lie in the window (dated ones), NULL when there is none. */
const sifeFound = `(
                    SELECT json_group_array(CASE WHEN l.LBORRES IS NULL THEN ${message('unusableResult', { date: 'l.LBDAT' })}
                                                 ELSE ${message('result', { result: 'l.LBORRES', date: 'l.LBDAT' })} END)
                    FROM lb l WHERE l.subject_id = r.subject_id AND l.LBTESTCD = @sifeTest AND l.LBDAT IS NOT NULL AND ${sifeInWindow}
                    HAVING count(*) > 0)`;

const sifeValues = {
  response: 'r.RSORRES',
  date: 'r.RSDAT',
  test: '@sifeTest',
  negative: '@negativeResult',
  from: isoOf('r.RSDAT_lo - @windowDays'),
  to: isoOf('r.RSDAT_hi + @windowDays'),
};

/** RESP-02: the end of treatment and the window without an assessment. */
const eotValues = {
  eot: dayText('sf.eot_lo', 'sf.eot_hi'),
  from: isoOf('sf.eot_lo - @daysBefore'),
  to: isoOf('sf.eot_hi + @daysAfter'),
};

export const responseChecks: readonly CatalogCheck[] = [
  {
    id: 'RESP-01',
    category: 'RESP',
    severity: 'major',
    title: 'Missing cycle assessment',
    params: ['firstCycle', 'lastCycle', 'windowDays'],
    sql: `
      SELECT c.subject_id, 'RS' AS form, NULL AS record_id, c.subject_id || '|cycle ' || c.cycle AS record_key, 'RSDAT' AS field,
             CASE WHEN ${unboundedBefore('c.d1_lo - @windowDays')} THEN ${message('untilDay', missingAssessment)}
                  ELSE ${message('default', { ...missingAssessment, from: isoOf('c.d1_lo - @windowDays') })} END AS message,
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
             CASE WHEN sf.death_lo IS NULL THEN ${message('noDeath', eotValues)}
                  ELSE ${message('deathLater', { ...eotValues, death: dayText('sf.death_lo', 'sf.death_hi') })} END AS message,
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
             ${message('default', { d1: dayText('sf.c1d1_lo', 'sf.c1d1_hi'), cutoff: isoOf('sf.cutoff') })} AS message,
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
             ${message('default', {
               response: 'r.RSORRES',
               date: 'r.RSDAT',
               tests: listOf('@tests'),
               from: isoOf('r.RSDAT_lo - @windowDays'),
               to: isoOf('r.RSDAT_hi + @windowDays'),
             })} AS message,
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
             CASE WHEN ${sifeFound} IS NULL THEN ${message('none', sifeValues)}
                  ELSE ${message('found', { ...sifeValues, results: sifeFound })} END AS message,
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
             ${message('default', { date: 'r.RSDAT', d1: dayText('sf.c1d1_lo', 'sf.c1d1_hi') })} AS message,
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
