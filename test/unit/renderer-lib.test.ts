import { describe, expect, it } from 'vitest';
import {
  loadColumns,
  mergeColumns,
  saveColumns,
  type KeyValueStore,
} from '../../renderer/src/lib/column-state';
import { axisDateLabel, formatDate, formatDateTime, formatNumber } from '../../renderer/src/lib/format';
import { baseName, joinPath, safeFolderName, stampFolder } from '../../renderer/src/lib/paths';
import { isTyping, matchShortcut } from '../../renderer/src/lib/shortcuts';
import { targetOf, toTime } from '../../renderer/src/screens/subjects/timeline-option';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('dates and numbers per language', () => {
  it('formats full dates for Korean and English readers, in UTC (no day shift)', () => {
    expect(formatDate('2018-03-05', 'ko')).toMatch(/2018.*3.*05/);
    expect(formatDate('2018-03-05', 'en')).toBe('05 Mar 2018');
  });

  it('shows partial and unreadable dates as they are', () => {
    expect(formatDate('2018-03', 'en')).toBe('2018-03');
    expect(formatDate('2018', 'ko')).toBe('2018');
    expect(formatDate('2019-02-30x', 'en')).toBe('2019-02-30x');
    expect(formatDate(null, 'en')).toBe('');
  });

  it('labels time-axis ticks in the chosen language', () => {
    expect(axisDateLabel(Date.UTC(2019, 0, 1), 'ko')).toBe('2019');
    expect(axisDateLabel(Date.UTC(2019, 3, 1), 'en')).toBe('Apr');
    expect(axisDateLabel(Date.UTC(2019, 3, 1), 'ko')).toBe('4월');
    expect(axisDateLabel(Date.UTC(2019, 3, 5), 'ko')).toBe('4월 5일');
  });

  it('formats timestamps and numbers with the locale', () => {
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
    expect(formatDateTime('2026-01-01T12:34:00Z', 'ko')).toMatch(/2026/);
    expect(formatNumber(100000, 'en')).toBe('100,000');
    expect(formatNumber(100000, 'ko')).toBe('100,000');
    expect(formatNumber(1.2345, 'en', 1)).toBe('1.2');
  });
});

describe('remembered grid columns', () => {
  it('saves widths and hidden columns, and reads them back', () => {
    const store = memoryStore();
    saveColumns(store, 'k', [
      { colId: 'status', width: 120.6 },
      { colId: 'message', width: 400, hide: false },
      { colId: 'category', hide: true },
    ]);
    expect(loadColumns(store, 'k')).toEqual([
      { colId: 'status', width: 121 },
      { colId: 'message', width: 400 },
      { colId: 'category', hide: true },
    ]);
  });

  it('ignores what it cannot trust', () => {
    const store = memoryStore();
    store.setItem('k', '{not json');
    expect(loadColumns(store, 'k')).toBeNull();
    store.setItem('k', JSON.stringify({ v: 1, columns: [{ colId: 3 }, { colId: 'x', width: 99999 }] }));
    expect(loadColumns(store, 'k')).toEqual([{ colId: 'x' }]);
  });

  it('keeps the saved order of known columns and adds new ones at the end', () => {
    expect(
      mergeColumns(['a', 'b', 'c'], [{ colId: 'c', width: 50 }, { colId: 'gone' }, { colId: 'a' }]),
    ).toEqual([{ colId: 'c', width: 50 }, { colId: 'a' }, { colId: 'b' }]);
    expect(mergeColumns(['a'], null)).toEqual([{ colId: 'a' }]);
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, extra: Partial<Parameters<typeof matchShortcut>[0]> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    targetTag: 'DIV',
    targetEditable: false,
    ...extra,
  });
  const bindings = { s: 'send', a: 'accept', '/': 'search', Escape: 'escape' } as const;

  it('binds single keys, either case', () => {
    expect(matchShortcut(key('s'), bindings)).toBe('send');
    expect(matchShortcut(key('A'), bindings)).toBe('accept');
    expect(matchShortcut(key('x'), bindings)).toBeNull();
  });

  it('never fires while typing or with Ctrl/Alt/Cmd, except Escape', () => {
    expect(matchShortcut(key('s', { targetTag: 'INPUT' }), bindings)).toBeNull();
    expect(matchShortcut(key('s', { targetEditable: true }), bindings)).toBeNull();
    expect(matchShortcut(key('s', { ctrlKey: true }), bindings)).toBeNull();
    expect(matchShortcut(key('Escape', { targetTag: 'TEXTAREA' }), bindings)).toBe('escape');
    expect(isTyping({ targetTag: 'select', targetEditable: false })).toBe(true);
  });
});

describe('paths handed to the core', () => {
  it('joins with the separator of the folder it starts from', () => {
    expect(joinPath('/tmp/out/', 'query-lists', '2026')).toBe('/tmp/out/query-lists/2026');
    expect(joinPath('C:\\Users\\kim', 'snapshots')).toBe('C:\\Users\\kim\\snapshots');
    expect(baseName('/a/b/S01_queries.xlsx')).toBe('S01_queries.xlsx');
  });

  it('makes safe folder names from cut names, Hangul kept', () => {
    expect(safeFolderName('6개월 보고서 2/3')).toBe('6개월 보고서 2_3');
    expect(safeFolderName('  ')).toBe('cut');
    expect(stampFolder(new Date(2026, 2, 5, 14, 3, 9))).toBe('2026-03-05_140309');
  });
});

describe('subject timeline', () => {
  it('places full and partial dates on the time axis, and leaves out what is not a date', () => {
    expect(toTime('2018-03-05')).toBe(Date.UTC(2018, 2, 5));
    expect(toTime('2018-03')).toBe(Date.UTC(2018, 2, 1));
    expect(toTime('2018')).toBe(Date.UTC(2018, 0, 1));
    expect(toTime('UNK')).toBeNull();
    expect(toTime(null)).toBeNull();
  });

  it('knows what a click points at', () => {
    expect(targetOf({ discrepancyId: 7, value: [0, 0] })).toEqual({ kind: 'discrepancy', id: 7 });
    expect(targetOf({ recordId: 3, form: 'AE' })).toEqual({ kind: 'record', form: 'AE', recordId: 3 });
    expect(targetOf({ value: 1 })).toBeNull();
  });
});
