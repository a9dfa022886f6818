/**
 * Imports site exports into a study database in its own process, so that its time and peak
 * memory are its own: prints one JSON line {ms, rows, maxRssMb}.
 */
import { openStudy } from '../electron/core/api/open-study';

const [file, ...paths] = process.argv.slice(2);
const api = openStudy(file!);
const context = { user: 'bench', now: () => new Date() };
let rows = 0;
const t0 = performance.now();
for (const p of paths) {
  const report = await api.call('imports.run', { paths: [p] }, context);
  rows += Object.values(report.forms).reduce((n, f) => n + f.rows, 0);
}
const ms = performance.now() - t0;
api.close();
process.stdout.write(`${JSON.stringify({ ms, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
