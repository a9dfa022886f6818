import fs from 'node:fs';
import path from 'node:path';
import { AUDIT_EXPORT_FIELDS, type AuditEntry, type AuditExportResult } from '../../../shared/api/audit';
import { forEachAuditChunk, type AuditFilter } from '../db/audit-trail-repo';
import type { StudyDatabase } from '../db/study-database';
import { badInput } from '../common/errors';
import { UTF8_BOM, toCsv } from './csv-writer';

const CHUNK = 20_000;

/**
 * Writes the audit trail under the filter to one file, in time order: CSV (UTF-8 with the BOM
 * Excel needs for Korean text, every text cell formula-safe) or a JSON array. Written beside the
 * target and renamed at the end, so the file is whole or absent.
 */
export function exportAuditTrail(
  database: StudyDatabase,
  filter: AuditFilter,
  target: { out: string; format: 'csv' | 'json' },
): AuditExportResult {
  const out = path.resolve(target.out);
  const folder = path.dirname(out);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw badInput(`${target.out}: the folder ${folder} does not exist`);
  const temporary = `${out}.writing-${process.pid}`;
  const fd = fs.openSync(temporary, 'w');
  let bytes = 0;
  const write = (text: string) => {
    bytes += fs.writeSync(fd, text);
  };
  let done = false;
  try {
    let first = true;
    if (target.format === 'csv') write(`${UTF8_BOM}${toCsv(AUDIT_EXPORT_FIELDS, [])}\r\n`);
    else write('[');
    const rows = forEachAuditChunk(database, filter, CHUNK, (entries: AuditEntry[]) => {
      if (target.format === 'csv') {
        write(
          `${toCsv(
            AUDIT_EXPORT_FIELDS,
            entries.map((e) => AUDIT_EXPORT_FIELDS.map((f) => e[f])),
            { header: false },
          )}\r\n`,
        );
      } else {
        let text = '';
        for (const entry of entries) {
          text += `${first ? '\n' : ',\n'}${JSON.stringify(entry)}`;
          first = false;
        }
        write(text);
      }
    });
    if (target.format === 'json') write(rows === 0 ? ']\n' : '\n]\n');
    fs.closeSync(fd);
    fs.renameSync(temporary, out);
    done = true;
    return { path: out, rows, bytes };
  } finally {
    if (!done) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
      fs.rmSync(temporary, { force: true });
    }
  }
}
