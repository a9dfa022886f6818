/**
 * Writes the current data of a study in the given formats (`data.export`, what a cut's snapshot
 * writes for its forms) in its own process, so that its time and peak memory are its own: prints
 * one JSON line {ms, cpuMs, maxRssMb, records, bytes, files}. Module loading is not timed.
 */
import fs from 'node:fs';
import { openStudy } from '../electron/core/api/open-study';
import type { DataFileFormat } from '../shared/api/exports';

const [file, outDir, formats] = process.argv.slice(2);
const api = openStudy(file!);
// Loaded before the clock starts, as a bundled app has them: here tsx would compile them on first use.
await import('../electron/core/export/write-form-files');
await import('exceljs');
fs.rmSync(outDir!, { recursive: true, force: true });
const context = { user: 'bench', now: () => new Date() };
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await api.call(
  'data.export',
  { outDir: outDir!, formats: formats!.split(',') as DataFileFormat[] },
  context,
);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
api.close();
process.stdout.write(
  `${JSON.stringify({
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    records: Object.values(result.rowCounts).reduce((a, b) => a + b, 0),
    bytes: result.files.reduce((n, f) => n + f.bytes, 0),
    files: result.files.length,
  })}\n`,
);
