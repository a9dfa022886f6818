import { describe, expect, it } from 'vitest';
import { auditCsv } from '../../renderer/src/screens/audit/audit-csv';
import { csvField, formulaSafe, toCsv } from '../../renderer/src/lib/csv';
import type { AuditEntry } from '../../shared/api/audit';

describe('formula-safe CSV', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+82-10', '-3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")'])
      expect(formulaSafe(text)).toBe(`'${text}`);
    for (const text of ['1+1', 'a=b', ' =x', '아스피린', '', "'quoted"]) expect(formulaSafe(text)).toBe(text);
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField('\r=x')).toBe(`"'\r=x"`);
  });

  it('writes numbers and empties as they are', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('builds a file with a BOM, a header and CRLF lines', () => {
    const csv = toCsv([{ header: 'name', value: (r: { n: string }) => r.n }], [{ n: '와파린' }, { n: '-x' }]);
    expect(csv).toBe("\uFEFFname\r\n와파린\r\n'-x\r\n");
  });

  it('exports the audit trail with every column, formula-safe', () => {
    const entry: AuditEntry = {
      id: '1',
      at: '2026-01-01T00:00:00.000Z',
      user: 'kim',
      action: 'STATUS',
      entity: 'discrepancy',
      entityId: '7',
      siteId: 'S01',
      subjectId: 'S01-001',
      form: 'AE',
      recordKey: 'S01-001|3',
      field: 'AETERM',
      oldValue: '=cmd|calc',
      newValue: '@x',
      reason: '+checked, with "quotes"',
      importId: 3,
    };
    const [header, line] = auditCsv([entry]).slice(1).split('\r\n');
    expect(header).toBe(
      'id,at,user,action,entity,entity_id,site,subject,form,record,field,old_value,new_value,reason,import_id',
    );
    expect(line).toBe(
      `1,2026-01-01T00:00:00.000Z,kim,STATUS,discrepancy,7,S01,S01-001,AE,S01-001|3,AETERM,'=cmd|calc,'@x,"'+checked, with ""quotes""",3`,
    );
  });
});
