import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { StudyError } from '../../electron/core/common/errors';
import { decodeText } from '../../electron/core/import/read-text';
import { binaryNoise, cp949, utf8 } from '../fixtures/hostile/hostile-files';

const KOREAN = 'SUBJID,AETERM\r\nS01-001,호중구 감소증\r\nS01-002,"오심, 구토"\r\nS01-003,똠방각하 뷁 햏\r\n';

function refusal(bytes: Uint8Array, file = 'ae.csv'): StudyError {
  try {
    decodeText(bytes, file);
  } catch (error) {
    expect(error).toBeInstanceOf(StudyError);
    const e = error as StudyError;
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message.startsWith(`${file}: `)).toBe(true);
    expect(e.message).not.toContain('\n');
    return e;
  }
  throw new Error('expected a refusal');
}

describe('decodeText', () => {
  it('reads UTF-8 without a byte order mark', () => {
    expect(decodeText(utf8(KOREAN), 'ae.csv')).toEqual({ text: KOREAN, encoding: 'utf-8' });
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(KOREAN)]), 'ae.csv')).toEqual({
      text: KOREAN,
      encoding: 'utf-8-bom',
    });
  });

  it('reads CP949 (what Korean Excel writes for CSV), including UHC syllables outside EUC-KR', () => {
    expect(decodeText(cp949(KOREAN), 'ae.csv')).toEqual({ text: KOREAN, encoding: 'cp949' });
  });

  it('reads UTF-16LE and UTF-16BE with their byte order marks', () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(KOREAN, 'utf16le')]);
    expect(decodeText(le, 'ae.txt')).toEqual({ text: KOREAN, encoding: 'utf-16le' });
    const be = Buffer.from(KOREAN, 'utf16le').swap16();
    expect(decodeText(new Uint8Array([0xfe, 0xff, ...be]), 'ae.txt')).toEqual({
      text: KOREAN,
      encoding: 'utf-16be',
    });
  });

  it('reads a CP949 file whose only Korean syllables happen to be valid UTF-8 as CP949', () => {
    // 치 (C4 A1) and 혤 (C8 A1) are also the UTF-8 bytes of U+0121 and U+0221.
    const text = 'SUBJID,AETERM\r\nS01,치\r\nS02,혤\r\n';
    const bytes = cp949(text);
    expect(Buffer.from(bytes).toString('utf8')).not.toContain('\ufffd');
    expect(decodeText(bytes, 'ae.csv')).toEqual({ text, encoding: 'cp949' });
  });

  it('keeps UTF-8 that holds only Latin-1 symbols (µ, °) as UTF-8', () => {
    const text = 'LBTESTCD,LBORRESU\nCREAT,µmol/L\nTEMP,°C\n';
    expect(decodeText(utf8(text), 'lb.csv')).toEqual({ text, encoding: 'utf-8' });
  });

  it('keeps a few control characters as text', () => {
    const text = 'SUBJID,AETERM\nS01,a\u000bb\n';
    expect(decodeText(utf8(text), 'ae.csv').text).toBe(text);
  });

  it('reads CR-only line ends and empty files', () => {
    expect(decodeText(cp949('A,B\r가,나\r'), 'x.csv').text).toBe('A,B\r가,나\r');
    expect(decodeText(new Uint8Array(0), 'x.csv')).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('refuses NUL bytes, naming the line', () => {
    const e = refusal(utf8('SUBJID,AESEQ\nS01,1\nS02\u0000,2\n'));
    expect(e.message).toBe(
      'ae.csv: line 3: NUL bytes: not a text file (or UTF-16 text without a byte order mark)',
    );
  });

  it('refuses UTF-16 without a byte order mark (it is full of NUL bytes)', () => {
    expect(refusal(new Uint8Array(Buffer.from('SUBJID\tAESEQ\r\n', 'utf16le'))).message).toContain(
      'NUL bytes',
    );
  });

  it('refuses binary noise', () => {
    expect(refusal(binaryNoise(65_536)).message).toMatch(
      /^ae\.csv: not a text file \(\d+% of its bytes are control codes or neither UTF-8 nor CP949\)$/,
    );
  });

  it('refuses a PDF, a zip and an xls named .csv', () => {
    expect(refusal(utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n')).message).toBe('ae.csv: a PDF document, not CSV text');
    expect(refusal(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2])).message).toContain(
      'a zip archive (an xlsx workbook?)',
    );
    expect(refusal(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])).message).toContain('Excel 97-2003');
  });

  it('refuses a file mixing UTF-8 and CP949 lines, naming the first line that differs', () => {
    const bytes = new Uint8Array([
      ...utf8('SUBJID,AETERM\r\nS01,오심\r\nS02,Fatigue\r\n'),
      ...cp949('S03,구토\r\nS04,발열\r\n'),
    ]);
    expect(refusal(bytes).message).toBe(
      'ae.csv: line 4: CP949 text, but line 2 is UTF-8 (mixed encodings); save the file again in one encoding',
    );
    const reversed = new Uint8Array([...cp949('SUBJID,AETERM\r\nS01,오심\r\n'), ...utf8('S02,구토\r\n')]);
    expect(refusal(reversed).message).toBe(
      'ae.csv: line 3: UTF-8 text, but line 2 is CP949 (mixed encodings); save the file again in one encoding',
    );
  });

  it('refuses CP949 lines after a UTF-8 byte order mark, even on the first line', () => {
    const first = new Uint8Array([0xef, 0xbb, 0xbf, ...cp949('SUBJID,이상반응\r\nS01,오심\r\n')]);
    expect(refusal(first).message).toBe(
      'ae.csv: line 1: CP949 text, but the file starts with a UTF-8 byte order mark (mixed encodings); save the file again in one encoding',
    );
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...cp949('SUBJID,AETERM\r\nS01,오심\r\n')]);
    expect(refusal(bytes).message).toBe(
      'ae.csv: line 2: CP949 text, but the file starts with a UTF-8 byte order mark (mixed encodings); save the file again in one encoding',
    );
  });

  it('refuses a byte that is neither UTF-8 nor CP949, naming its line', () => {
    const bytes = new Uint8Array([...cp949('SUBJID,AETERM\r\nS01,오심\r\nS02,'), 0xff, 0x0d, 0x0a]);
    expect(refusal(bytes).message).toBe(
      'ae.csv: line 3: bytes that are neither UTF-8 nor CP949 (EUC-KR) text',
    );
  });

  it('refuses truncated or broken UTF-16', () => {
    expect(refusal(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]), 'ae.txt').message).toBe(
      'ae.txt: UTF-16 text with an odd number of bytes (truncated?)',
    );
    expect(
      refusal(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8, 0x41, 0x00]), 'ae.txt').message,
    ).toContain('not valid UTF-16LE text');
  });

  it('decodes CP949 exactly as iconv-lite does', () => {
    const sample = Buffer.alloc(4096);
    let x = 7;
    for (let i = 0; i < sample.length; i += 2) {
      x = (x * 1103515245 + 12345) >>> 0;
      sample[i] = 0xb0 + (x % 0x19);
      sample[i + 1] = 0xa1 + ((x >>> 8) % 0x5e);
    }
    expect(decodeText(sample, 'x.csv').text).toBe(iconv.decode(sample, 'cp949'));
  });
});
