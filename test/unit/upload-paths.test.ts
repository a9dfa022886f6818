import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uploadPathHider } from '../../electron/server/upload-paths';

describe('browser mode never shows its temporary upload paths', () => {
  const root = path.join(os.tmpdir(), 'cdm-uploads-Ab12Cd');
  const hide = uploadPathHider(root);
  const upload = path.join(root, '9f8e7d6c5b4a3f2e1d');

  it('shows a path inside an upload as what was dropped, and the upload itself as "the uploaded files"', () => {
    expect(hide(path.join(upload, 'S01_20190111', 'DM.csv'))).toBe(path.join('S01_20190111', 'DM.csv'));
    expect(hide(`${upload}: no export date: give it`)).toBe('the uploaded files: no export date: give it');
    expect(hide(`reading ${path.join(upload, 'AE.csv')}, ${path.join(upload, 'DM.csv')}`)).toBe(
      'reading AE.csv, DM.csv',
    );
  });

  it('rewrites every string of a result, however deep, and leaves everything else', () => {
    const result = {
      siteId: 'S01',
      rows: 3,
      files: [{ path: path.join(upload, 'EX.csv'), sheet: null }],
      warnings: [{ message: `${path.join(upload, 'EX.csv')}: a warning`, line: 4 }],
      other: '/data/exports/S01_20190111/EX.csv',
    };
    expect(hide(result)).toEqual({
      siteId: 'S01',
      rows: 3,
      files: [{ path: 'EX.csv', sheet: null }],
      warnings: [{ message: 'EX.csv: a warning', line: 4 }],
      other: '/data/exports/S01_20190111/EX.csv',
    });
  });

  it("recognises an earlier run's uploads (kept in the import history), and a folder given to the server", () => {
    const earlier = path.join(os.tmpdir(), 'cdm-uploads-XyZ987', '0a1b2c', 'S02.xlsx');
    expect(hide(`source ${earlier}`)).toBe('source S02.xlsx');
    const custom = uploadPathHider('/srv/cdm/uploads');
    expect(custom('/srv/cdm/uploads/0a1b2c/S02.xlsx: not a workbook')).toBe('S02.xlsx: not a workbook');
  });
});
