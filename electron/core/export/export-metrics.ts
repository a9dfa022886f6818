import fs from 'node:fs';
import path from 'node:path';
import { CHECK_METRICS_FIELDS, SITE_METRICS_FIELDS, type Metrics } from '../../../shared/api/metrics';
import { badInput } from '../common/errors';
import { UTF8_BOM, toCsv } from './csv-writer';

/** Writes a file whole or not at all (under a temporary name, renamed when complete). */
function writeWhole(file: string, text: string): void {
  const temporary = `${file}.writing-${process.pid}`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/**
 * The metrics as two CSV files in a folder (UTF-8 with BOM, the JSON keys as headers):
 * metrics-sites.csv and metrics-checks.csv.
 */
export function exportMetrics(metrics: Metrics, out: string): string[] {
  const folder = path.resolve(out);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory())
    throw badInput(`${out}: no such folder (create it first)`);
  const sites = path.join(folder, 'metrics-sites.csv');
  const checks = path.join(folder, 'metrics-checks.csv');
  writeWhole(
    sites,
    UTF8_BOM +
      toCsv(
        SITE_METRICS_FIELDS,
        metrics.sites.map((s) => SITE_METRICS_FIELDS.map((f) => s[f])),
      ) +
      '\r\n',
  );
  writeWhole(
    checks,
    UTF8_BOM +
      toCsv(
        CHECK_METRICS_FIELDS,
        metrics.checks.map((c) => CHECK_METRICS_FIELDS.map((f) => c[f])),
      ) +
      '\r\n',
  );
  return [sites, checks];
}
