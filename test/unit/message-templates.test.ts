import { checkSql } from '../../electron/core/checks/catalog/check-definition';
import { SQLITE_DIALECT } from '../../electron/core/db/sql-dialect';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../electron/core/checks/catalog';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import {
  columnStandardiser,
  standardiseLabResult,
  type ValueIssue,
} from '../../electron/core/standardise/standardise-value';
import { buildStudyModel } from '../../electron/core/study/study-model';
import {
  messageProblems,
  placeholders,
  renderMessage,
  templateOf,
} from '../../shared/messages/render-message';
import { messageTemplateSchema } from '../../shared/study/definition-schema';
import { messagesInSql } from '../helpers/sql-messages';

const definition = loadStudyDefinition();
const model = buildStudyModel(definition);
const sqlOf = (check: (typeof CATALOG)[number], of = model) => checkSql(check, of, SQLITE_DIALECT);

/** The same study with a group of three columns of which one is required (DATA-02 "all blank"). */
const withGroupOfThree = buildStudyModel({
  ...definition,
  forms: definition.forms.map((f) =>
    f.code === 'RS' ? { ...f, requiredOneOf: [['RSORRES', 'RSNDREAS', 'VISIT']] } : f,
  ),
});

/** Phrases the import gives (standardise-value.ts, dates.ts) and the legacy text of old records. */
const IMPORT_PHRASES = [
  'invalidDate',
  'yearOutOfRange',
  'noSuchMonth',
  'noSuchDay',
  'notADate',
  'weekdayMismatch',
  'dayMonthAmbiguous',
  'twoDigitYear',
  'excelDayZero',
  'excelLeapDay',
  'excelSerialAfter',
  'notInCodeList',
  'notYesNo',
  'notANumber',
  'notAnInteger',
  'resultNotInCodeList',
  'labNotANumber',
  'labNegative',
  'labNoUnit',
  'labUnitNotAccepted',
  'text',
];
/** The catalog checks whose messages are what the import found (the phrases above). */
const IMPORT_CHECKS = ['DATA-01', 'DATA-05', 'DATA-07'];

describe('the message templates of the study definition', () => {
  it('give every check of the catalog its messages in English and in Korean', () => {
    for (const check of CATALOG) {
      if (IMPORT_CHECKS.includes(check.id)) continue;
      const own = model.messages.checks[check.id] ?? {};
      expect(Object.keys(own).length, check.id).toBeGreaterThan(0);
      for (const [key, template] of Object.entries(own))
        expect(template.en.trim(), `${check.id}.${key}`).not.toBe('');
      // Korean words, not the English text copied (a phrase such as `{column} {value}` has none).
      expect(
        Object.values(own).some((t) => /[가-힣]/.test(t.ko)),
        check.id,
      ).toBe(true);
    }
  });

  it('use the same named values in both languages', () => {
    const all = [
      ...Object.entries(model.messages.common).map(([key, t]) => [`messages.${key}`, t] as const),
      ...Object.entries(model.messages.checks).flatMap(([id, byKey]) =>
        Object.entries(byKey).map(([key, t]) => [`${id}.${key}`, t] as const),
      ),
    ];
    expect(all.length).toBeGreaterThan(90);
    for (const [where, t] of all) expect(placeholders(t.ko).sort(), where).toEqual(placeholders(t.en).sort());
    // The schema refuses a definition whose languages differ.
    expect(messageTemplateSchema.safeParse({ en: 'Dose {dose} mg', ko: '용량 {amount} mg' }).success).toBe(
      false,
    );
  });

  it("match every check's query: each key it may give has a template whose values are exactly the ones it gives", () => {
    for (const check of CATALOG) {
      const { built, literal } = messagesInSql(sqlOf(check) + sqlOf(check, withGroupOfThree));
      if (!IMPORT_CHECKS.includes(check.id))
        expect(built.length + literal.length, check.id).toBeGreaterThan(0);
      for (const message of built) {
        expect(message.keys.length, check.id).toBeGreaterThan(0);
        for (const key of message.keys) {
          const template = templateOf(model.messages, check.id, key);
          expect(message.names.slice().sort(), `${check.id} "${key}"`).toEqual(
            placeholders(template.en).sort(),
          );
        }
      }
      for (const args of literal)
        expect(messageProblems(model.messages, check.id, args), check.id).toEqual([]);
    }
  });

  it('has no template that no check gives', () => {
    const used = new Map<string, Set<string>>();
    for (const check of CATALOG) {
      const { built, literal } = messagesInSql(sqlOf(check) + sqlOf(check, withGroupOfThree));
      const keys = used.get(check.id) ?? new Set<string>();
      for (const m of built) m.keys.forEach((k) => keys.add(k));
      const visit = (args: { key: string; values?: Record<string, unknown> }) => {
        keys.add(args.key);
        for (const v of Object.values(args.values ?? {}))
          for (const item of Array.isArray(v) ? v : [v])
            if (item && typeof item === 'object' && 'key' in item) visit(item as typeof args);
      };
      literal.forEach(visit);
      used.set(check.id, keys);
    }
    for (const [id, byKey] of Object.entries(model.messages.checks))
      for (const key of Object.keys(byKey))
        expect(used.get(id)?.has(key), `${id}.${key} is never given`).toBe(true);
    const everyKey = new Set([...used.values()].flatMap((keys) => [...keys]));
    for (const key of Object.keys(model.messages.common))
      expect(everyKey.has(key) || IMPORT_PHRASES.includes(key), `messages.${key} is never given`).toBe(true);
  });

  it('renders the same finding in English and in Korean, numbers and dates as values', () => {
    const args = {
      key: 'default',
      values: {
        drug: 'POMALIDOMIDE',
        dose: 5.0,
        cycle: 2,
        levels: [4, 3, 2, 1],
      },
    };
    expect(renderMessage(model.messages, 'DOSE-01', args, 'en')).toBe(
      'POMALIDOMIDE dose 5 mg (cycle 2) is not a dose level of the label (4, 3, 2, 1 mg)',
    );
    expect(renderMessage(model.messages, 'DOSE-01', args, 'ko')).toBe(
      'POMALIDOMIDE 용량 5 mg(2주기): 허가사항의 용량 단계(4, 3, 2, 1 mg)가 아닙니다',
    );
  });

  it('fit what the import finds wrong with a value (DATA-01, DATA-05, DATA-07, RESP-08), in both languages', () => {
    const column = (form: string, name: string) => model.formByCode.get(form)!.columnByName.get(name)!;
    const cell = (form: string, name: string, raw: string) =>
      columnStandardiser(model, column(form, name))(raw, undefined);
    const lab = (test: string, result: string, unit: string) =>
      standardiseLabResult(model, model.labTests.get(test), result, unit, undefined).result;
    const issues: ValueIssue[] = [
      cell('AE', 'AESTDAT', '2019-02-30'),
      cell('AE', 'AESTDAT', '2018-13-01'),
      cell('AE', 'AESTDAT', '1850-01-01'),
      cell('AE', 'AESTDAT', 'after discharge'),
      cell('DM', 'SEX', 'X'),
      cell('AE', 'AESER', 'maybe'),
      cell('DM', 'AGE', '67세'),
      cell('DM', 'PRIORREG', '2.5'),
      cell('RS', 'RSORRES', 'PRR'),
      lab('SIFE', 'weak', ''),
      lab('ANC', 'many', '10^9/L'),
      lab('ANC', '-1', '10^9/L'),
      lab('ANC', '1.5', ''),
      lab('ANC', '1.5', 'mg'),
    ].map((c) => c.issue!);
    expect(issues.map((i) => i.args.key)).toEqual([
      'invalidDate',
      'invalidDate',
      'invalidDate',
      'invalidDate',
      'notInCodeList',
      'notYesNo',
      'notANumber',
      'notAnInteger',
      'notInCodeList',
      'resultNotInCodeList',
      'labNotANumber',
      'labNegative',
      'labNoUnit',
      'labUnitNotAccepted',
    ]);
    const reasons = issues.slice(0, 4).map((i) => (i.args.values!.reason as { key: string }).key);
    expect(reasons).toEqual(['noSuchDay', 'noSuchMonth', 'yearOutOfRange', 'notADate']);
    for (const issue of issues) {
      expect(messageProblems(model.messages, issue.check, issue.args)).toEqual([]);
      expect(renderMessage(model.messages, issue.check, issue.args, 'en')).toBe(issue.message);
    }
    expect(issues[0]!.message).toBe('AESTDAT "2019-02-30" is not a valid date (2019-02 has no day 30)');
    expect(renderMessage(model.messages, 'DATA-01', issues[0]!.args, 'ko')).toBe(
      'AESTDAT "2019-02-30": 올바른 날짜가 아닙니다(2019-02에는 30일이 없음)',
    );
    expect(issues[13]!.message).toBe('ANC unit "mg" is not accepted (10^9/L, /uL, cells/mm3)');
  });
});
