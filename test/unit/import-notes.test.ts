import { describe, expect, it } from 'vitest';
import { importNote, importNoteTemplates, noteArgs, noteText } from '../../electron/core/import/import-notes';
import { placeholders, templateOf } from '../../shared/messages/render-message';

const HANGUL = /[\uac00-\ud7a3]/;

describe("the import's notes about files", () => {
  it('have both languages, with the same named values in each', () => {
    const { group, templates, keys } = importNoteTemplates;
    expect(keys.length).toBeGreaterThan(20);
    for (const key of keys) {
      const template = templateOf(templates, group, key);
      expect(placeholders(template.ko).sort(), key).toEqual(placeholders(template.en).sort());
      expect(template.en, key).not.toMatch(HANGUL);
      expect(template.ko, key).toMatch(HANGUL);
    }
  });

  it('keep their English text beside their key and values, and render nested notes in either language', () => {
    const note = importNote('dateOrder', {
      read: noteArgs('dates', { count: '12' }),
      order: noteArgs('dayFirst'),
      basis: noteArgs('fileOtherDates', { count: '1,040' }),
    });
    expect(note.message).toBe(
      "12 dates with day and month either way round read day first (dd/mm/yyyy), as the file's 1,040 other dates in figures can be read only so",
    );
    expect(noteText(note.args, 'ko')).toBe(
      '일과 월을 어느 쪽으로도 읽을 수 있는 날짜 12개를 일이 먼저(dd/mm/yyyy)로 읽음: 숫자로 쓴 이 파일의 다른 날짜 1,040개가 그렇게만 읽힘',
    );
    // A note survives the trip through JSON text, as the study stores it.
    expect(noteText(JSON.parse(JSON.stringify(note.args)), 'en')).toBe(note.message);
  });

  it('name lists item by item', () => {
    const note = importNote('sheetNotAForm', { forms: ['DM', 'AE'] });
    expect(note.message).toBe('not named by a form of the study (DM, AE); skipped');
    expect(noteText(note.args, 'ko')).toBe('시험의 양식(DM, AE) 이름이 아님: 건너뜀');
  });
});
