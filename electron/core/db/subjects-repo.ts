import type { SubjectProfile } from '../../../shared/api/subjects';
import type { Language } from '../../../shared/messages/language';
import { storedMessageText } from '../study/message-text';
import { formTable, formView } from './form-tables';
import type { StudyDatabase } from './study-database';
import { connectionOf, dialectOf } from './connection';

type Summary = SubjectProfile['subject'];

/**
 * One row a subject for lists and profiles. Reads the spec's forms by their column names (DM, EX,
 * DS): the subject screens show this study's course; other studies fall back to what exists.
 */
function summarySql(database: StudyDatabase, where: string): string {
  const drug = database.model.definition.treatment.studyDrug.replace(/'/g, "''");
  return `
    SELECT d.subject_id AS subjectId, d.site_id AS siteId, d.AGE AS age, d.SEX AS sex, d.ENRLDAT AS enrolled,
           (SELECT min(e.EXSTDAT) FROM ${formTable('EX')} e WHERE e.subject_id = d.subject_id AND e.deleted_import_id IS NULL AND e.EXTRT = '${drug}') AS firstDose,
           s.EOTDAT AS lastDose, s.DTHDAT AS death,
           (SELECT count(*) FROM discrepancies x WHERE x.subject_id = d.subject_id AND x.status IN ('OPEN', 'QUERIED', 'ANSWERED')) AS openDiscrepancies
    FROM ${formTable('DM')} d
    LEFT JOIN ${formTable('DS')} s ON s.subject_id = d.subject_id AND s.deleted_import_id IS NULL AND s.occurrence = 1
    WHERE d.deleted_import_id IS NULL AND d.occurrence = 1 ${where}`;
}

export function listSubjects(
  database: StudyDatabase,
  filter: {
    site?: string;
    search?: string;
    /** Only these subjects, or all but these (a review state's). */
    selection?: { only: readonly string[] } | { except: readonly string[] };
    offset: number;
    limit: number;
  },
): { rows: Summary[]; total: number } {
  const conditions: string[] = [];
  const params: string[] = [];
  const selection = filter.selection;
  if (selection) {
    const only = 'only' in selection;
    conditions.push(`AND d.subject_id ${only ? 'IN' : 'NOT IN'} (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(only ? selection.only : selection.except));
  }
  if (filter.site) {
    conditions.push('AND d.site_id = ?');
    params.push(filter.site);
  }
  if (filter.search) {
    conditions.push("AND d.subject_id LIKE ? ESCAPE '\\'");
    params.push(`%${filter.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  }
  const where = conditions.join(' ');
  const c = connectionOf(database);
  const total = (
    c.prepare(`SELECT count(*) AS n FROM (${summarySql(database, where)})`).get(...params) as { n: number }
  ).n;
  const rows = c
    .prepare(`${summarySql(database, where)} ORDER BY d.site_id, d.subject_id LIMIT ? OFFSET ?`)
    .all(...params, filter.limit, filter.offset) as Summary[];
  return { rows, total };
}

export function subjectProfile(
  database: StudyDatabase,
  subjectId: string,
  language: Language = 'en',
): Omit<SubjectProfile, 'review'> | undefined {
  const c = connectionOf(database);
  const subject = c.prepare(`${summarySql(database, 'AND d.subject_id = ?')}`).get(subjectId) as
    Summary | undefined;
  if (!subject) return undefined;
  const live = 'subject_id = ? AND deleted_import_id IS NULL';
  const dosing = c
    .prepare(
      `SELECT record_id AS recordId, EXTRT AS treatment, CYCLE AS cycle, EXSTDAT AS start, EXENDAT AS "end", EXDOSE AS dose FROM ${formTable('EX')} WHERE ${live} ORDER BY EXSTDAT_lo, EXSEQ`,
    )
    .all(subjectId) as SubjectProfile['dosing'];
  const d = dialectOf(database);
  const labRows = c
    .prepare(
      `SELECT LBTESTCD AS test, LBDAT AS date, ${d.numberOf('LBORRES')} AS value, record_id AS recordId FROM ${formTable('LB')}
       WHERE ${live} AND ${d.isNumber('LBORRES')} AND LBDAT_lo = LBDAT_hi ORDER BY LBDAT_lo`,
    )
    .all(subjectId) as { test: string; date: string; value: number; recordId: number }[];
  const labs: SubjectProfile['labs'] = {};
  for (const r of labRows) (labs[r.test] ??= []).push({ date: r.date, value: r.value, recordId: r.recordId });
  const responses = c
    .prepare(
      `SELECT record_id AS recordId, RSDAT AS date, RSORRES AS response FROM ${formTable('RS')} WHERE ${live} ORDER BY RSDAT_lo`,
    )
    .all(subjectId) as SubjectProfile['responses'];
  const adverseEvents = c
    .prepare(
      `SELECT record_id AS recordId, AETERM AS term, AEDECOD AS decod, AESTDAT AS start, AEENDAT AS "end", AETOXGR AS grade, AESER AS serious
       FROM ${formView('AE')} WHERE subject_id = ? ORDER BY AESTDAT_lo, AESEQ`,
    )
    .all(subjectId) as SubjectProfile['adverseEvents'];
  // Where a discrepancy sits on the timeline: the first date of the record it points at.
  const discrepancies = c
    .prepare(
      `SELECT id, check_id AS checkId, form, record_id AS recordId, field, message, message_args AS messageArgs, status
       FROM discrepancies WHERE subject_id = ? ORDER BY id`,
    )
    .all(subjectId) as (Omit<SubjectProfile['discrepancies'][number], 'date'> & {
    messageArgs: string | null;
  })[];
  const dateOf = (form: string, recordId: number | null): string | null => {
    const model = database.model.formByCode.get(form);
    const dateColumn = model?.dateColumns[0];
    if (!model || !dateColumn || recordId === null) return null;
    const row = c
      .prepare(`SELECT "${dateColumn.name}" AS d FROM ${formTable(form)} WHERE record_id = ?`)
      .get(recordId) as { d: string | null } | undefined;
    return row?.d ?? null;
  };
  return {
    subject,
    dosing,
    labs,
    responses,
    adverseEvents,
    endOfTreatment: subject.lastDose,
    death: subject.death,
    discrepancies: discrepancies.map(({ messageArgs, ...d }) => ({
      ...d,
      message: storedMessageText(database.model, { ...d, messageArgs }, language),
      date: dateOf(d.form, d.recordId),
    })),
  };
}
