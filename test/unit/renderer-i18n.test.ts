import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../renderer/src/i18n/en.json';
import ko from '../../renderer/src/i18n/ko.json';
import { progressText } from '../../renderer/src/lib/progress-text';
import { PROGRESS_KEYS } from '../../shared/api/workspace';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const enKeys = flatten(en as Tree);
const koKeys = flatten(ko as Tree);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'api' ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

describe('i18n resources', () => {
  it('English and Korean have exactly the same keys', () => {
    expect([...koKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys.keys()].filter((k) => !koKeys.has(k))).toEqual([]);
  });

  it('use the same {{placeholders}} in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const mismatched = [...enKeys].filter(
      ([key, text]) =>
        JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(koKeys.get(key) ?? '')),
    );
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('every literal key the screens ask for exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.resolve('renderer/src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/labelKey: '([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
    }
    // A key used with { count } may exist only in its plural forms.
    const missing = [...used].filter((k) => !enKeys.has(k) && !enKeys.has(`${k}_other`));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(200);
  });

  it('Korean uses the terms a Korean data manager uses', () => {
    const nav = (ko as { nav: Record<string, string> }).nav;
    expect(nav.discrepancies).toBe('불일치');
    expect(nav.queries).toBe('질의');
    expect(nav.cuts).toBe('데이터 컷');
    expect(nav.audit).toBe('감사 추적');
    expect((ko as { cuts: Record<string, string> }).cuts.lock).toBe('잠금');
    // No English left untranslated in Korean labels (codes and units aside).
    const untranslated = [...koKeys].filter(
      ([key, text]) =>
        text !== '' &&
        text === enKeys.get(key) &&
        !/^[A-Z0-9 .{}_–:#/()-]*$/.test(text) &&
        !/^\{\{/.test(text),
    );
    expect(untranslated.map(([k]) => k)).toEqual([]);
  });
});

describe('plural forms (i18next)', () => {
  it('English says "1 warning" and "2 warnings"; Korean counts without plural forms', async () => {
    const i18next = (await import('i18next')).default.createInstance();
    await i18next.init({ resources: { en: { translation: en }, ko: { translation: ko } }, lng: 'en' });
    const say = (lng: string, key: string, count: number) =>
      i18next.getFixedT(lng)(key, { count, n: String(count) });
    expect([say('en', 'import.warnings', 1), say('en', 'import.warnings', 2)]).toEqual([
      '1 warning',
      '2 warnings',
    ]);
    expect([say('en', 'import.nErrors', 1), say('en', 'import.nErrors', 0)]).toEqual(['1 error', '0 errors']);
    expect(say('en', 'audit.count', 1)).toBe('1 entry');
    expect(say('en', 'subjects.count', 1)).toBe('1 subject');
    expect([say('ko', 'import.warnings', 1), say('ko', 'import.warnings', 2)]).toEqual([
      '경고 1건',
      '경고 2건',
    ]);
  });

  it('every English text that counts something has its plural forms', () => {
    const counted = [...enKeys].filter(
      ([key, text]) => !/_(one|other)$/.test(key) && /\{\{(n|count)\}\} (\w+ )?\w+s\b/.test(text),
    );
    expect(counted.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});

describe('the steps of long calls (progress notes of the core)', () => {
  it('have words in both languages, and fall back to the English the core sent without a note', async () => {
    for (const key of PROGRESS_KEYS) expect(enKeys.get(`progress.${key}`), key).toMatch(/\S/);
    const i18next = (await import('i18next')).default.createInstance();
    await i18next.init({
      resources: { en: { translation: en }, ko: { translation: ko } },
      lng: 'ko',
      interpolation: { escapeValue: false },
    });
    const t = i18next.getFixedT('ko');
    const event = { callId: 1, method: 'imports.run', message: 'writing site S01, export of 2019-01-11' };
    expect(
      progressText(t, {
        ...event,
        note: { key: 'writingSite', values: { site: 'S01', date: '2019-01-11' } },
      }),
    ).toBe('기관 S01의 2019-01-11 추출 데이터 저장 중');
    expect(progressText(t, event)).toBe(event.message);
  });
});
