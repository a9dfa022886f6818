import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../electron/core/checks/catalog';
import { checkSql, type CatalogCheck } from '../../electron/core/checks/catalog/check-definition';
import { SQLITE_DIALECT } from '../../electron/core/db/sql-dialect';
import { POSTGRES_DIALECT } from '../../electron/core/db/pg-dialect';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { buildStudyModel, type StudyModel } from '../../electron/core/study/study-model';

const definition = loadStudyDefinition();
const model = buildStudyModel(definition);

describe('checkSql: a query made once per study model and dialect', () => {
  it('writes a query once for a model and dialect, and again for another model or dialect', () => {
    let made = 0;
    const check: CatalogCheck = {
      id: 'TEST-01',
      category: 'TEST',
      severity: 'minor',
      title: 'counting',
      sql: (m: StudyModel, dialect) => {
        made += 1;
        return `SELECT ${m.forms.length} AS forms, '${dialect.engine}' AS engine`;
      },
    };
    const first = checkSql(check, model, SQLITE_DIALECT);
    expect(checkSql(check, model, SQLITE_DIALECT)).toBe(first);
    expect(made).toBe(1);
    expect(checkSql(check, model, POSTGRES_DIALECT)).toContain("'postgres'");
    const fewerForms = buildStudyModel({ ...definition, forms: definition.forms.slice(0, -1) });
    expect(checkSql(check, fewerForms, SQLITE_DIALECT)).not.toBe(first);
    expect(made).toBe(3);
  });

  it('gives what the query function gives, for every check of the catalog', () => {
    for (const check of CATALOG) {
      const fresh = typeof check.sql === 'function' ? check.sql(model, SQLITE_DIALECT) : check.sql;
      expect(checkSql(check, model, SQLITE_DIALECT), check.id).toBe(fresh);
      expect(checkSql(check, model, SQLITE_DIALECT), check.id).toBe(fresh);
    }
  });

  it('throws, every time, the error of a query that cannot be made', () => {
    const broken = structuredClone(definition);
    broken.treatment.labelStartDoses = [{ dose: 3, when: { RENALX: ['Y'] }, reason: 'x' }];
    const brokenModel = buildStudyModel(broken);
    const check = CATALOG.find((c) => c.id === 'DOSE-02')!;
    for (let i = 0; i < 2; i++)
      expect(() => checkSql(check, brokenModel, SQLITE_DIALECT)).toThrow(
        /RENALX, which is not a column of DM/,
      );
    expect(checkSql(check, model, SQLITE_DIALECT)).toContain('SELECT');
  });
});
