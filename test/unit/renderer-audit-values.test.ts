import { describe, expect, it } from 'vitest';
import { importChangeLines } from '../../renderer/src/lib/audit-values';
import en from '../../renderer/src/i18n/en.json';

const t = (key: string, options: Record<string, unknown> = {}) => {
  const [section, name] = key.split('.') as [keyof typeof en, string];
  const text = (en[section] as Record<string, string>)[name]!;
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(options[k]));
};
const fmt = { date: (iso: string) => `<${iso}>`, number: (n: number) => n.toLocaleString('en-GB') };

describe("the audit grid shows an import's changes as a list", () => {
  it('site and export date, then a line a form', () => {
    const value = JSON.stringify({
      siteId: 'S01',
      exportDate: '2019-01-11',
      forms: {
        DM: { rows: 40, new: 40, changed: 0, deleted: 0 },
        EX: { rows: 1708, new: 3, changed: 1, deleted: 1200 },
      },
    });
    expect(importChangeLines(value, t, fmt)).toEqual([
      'S01, export of <2019-01-11>',
      'DM: 40 new, 0 changed, 0 deleted',
      'EX: 3 new, 1 changed, 1,200 deleted',
    ]);
  });

  it('leaves every other value as it is', () => {
    expect(importChangeLines('OPEN', t, fmt)).toBeNull();
    expect(importChangeLines('{"a": 1}', t, fmt)).toBeNull();
    expect(importChangeLines('{not json', t, fmt)).toBeNull();
    expect(importChangeLines(null, t, fmt)).toBeNull();
  });
});
