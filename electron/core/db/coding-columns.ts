import type { CodedField } from '../../../shared/study/definition-schema';
import type { DataColumnModel, FormModel } from '../study/study-model';

/** Where each coded value is kept in the coding table. */
export const CODED_FIELD_COLUMNS: Record<CodedField, string> = {
  lltCode: 'llt_code',
  lltName: 'llt_name',
  ptCode: 'pt_code',
  ptName: 'pt_name',
  hltCode: 'hlt_code',
  hltName: 'hlt_name',
  hlgtCode: 'hlgt_code',
  hlgtName: 'hlgt_name',
  socCode: 'soc_code',
  socName: 'soc_name',
  drugCode: 'drug_code',
  drugName: 'drug_name',
  atcCode: 'atc_code',
  atcText: 'atc_text',
  ingredients: 'ingredients',
};

const q = (name: string) => `"${name}"`;

/**
 * A column of the standardised data as SQL over the form's table (alias r) and its coding (alias
 * c): a coded column that takes a form column's place holds the coded value once the record is
 * coded and the site's value until then (AEDECOD: the coder's PT, else the PT the site wrote).
 */
export function dataColumnSql(column: DataColumnModel, r = 'r', c = 'c'): string {
  if (!column.coded) return `${r}.${q(column.name)}`;
  const coded = `${c}.${CODED_FIELD_COLUMNS[column.coded.field]}`;
  return column.form ? `coalesce(${coded}, ${r}.${q(column.name)})` : coded;
}

/** The join that brings a record's coded values (nothing for a form that is not coded). */
export function codingJoin(form: FormModel, r = 'r', c = 'c'): string {
  if (!form.coding) return '';
  return `LEFT JOIN coding ${c} ON ${c}.form = '${form.code}' AND ${c}.record_id = ${r}.record_id AND ${c}.status = 'CODED'`;
}

/** Every standardised column of the form, aliased by its name. */
export function dataColumnsSql(form: FormModel, r = 'r', c = 'c'): string[] {
  return form.dataColumns.map((d) => `${dataColumnSql(d, r, c)} AS ${q(d.name)}`);
}
