import { describe, expect, it } from 'vitest';
import { editedCells } from '../../electron/core/queries/read-only-cells';

/** What a site's spreadsheet does to the read-only cells of a query list, and what counts as an edit. */
const sent = {
  subjectId: 'S01-0001',
  form: 'AE',
  recordKey: 'S01-0001|3',
  field: 'AESTDAT',
  value: '2018-03-05',
  message: 'AE start after its end',
};
const edits = (value: string) => editedCells(sent, { ...sent, value }, new Set(), null).map((e) => e.change);

describe('read-only cells of an answered query list', () => {
  it('takes a date Excel rewrote in its own order for the date sent', () => {
    expect(edits('2018/3/5')).toEqual([]);
    expect(edits('05/03/2018')).toEqual([]); // day first (en-GB), either way round
    expect(edits('3/5/2018')).toEqual([]); // month first (en-US), either way round
    expect(edits('2018. 3. 5.')).toEqual([]);
  });

  it('reports another date, whichever way round it is read', () => {
    expect(edits('06/03/2018')).toEqual(['Value was "2018-03-05", is "06/03/2018"']);
    expect(edits('25/03/2018')).toEqual(['Value was "2018-03-05", is "25/03/2018"']);
    expect(edits('3/5/18')).toEqual(['Value was "2018-03-05", is "3/5/18"']);
  });
});
