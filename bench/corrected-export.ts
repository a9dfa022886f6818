import fs from 'node:fs';
import path from 'node:path';

/**
 * A site's export sent again, corrected: the same files (same export date), except that the
 * study-drug doses of every `nth` subject of its EX file are changed (4 mg to 3 mg, anything else
 * to 4 mg), as a site answering dose queries would. Bytes are kept as they are (read and written
 * as latin1: any encoding survives); a line with quotes or another number of fields is left alone.
 * Returns the folder written and the number of subjects changed.
 */
export function correctedExport(source: string, outDir: string, nth = 20): { dir: string; subjects: number } {
  const dir = path.join(outDir, path.basename(source));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let changed = 0;
  for (const name of fs.readdirSync(source)) {
    const from = path.join(source, name);
    if (!/(^|[_.-])ex([_.-])/i.test(name)) {
      fs.copyFileSync(from, path.join(dir, name));
      continue;
    }
    const lines = fs.readFileSync(from, 'latin1').split('\n');
    const header = lines[0]!.replace(/\r$/, '');
    const delimiter = ['\t', ',', ';', '|'].sort(
      (a, b) => header.split(b).length - header.split(a).length,
    )[0]!;
    const names = header.split(delimiter).map((h) => h.trim().toUpperCase());
    const [subjectAt, doseAt] = [names.indexOf('SUBJID'), names.indexOf('EXDOSE')];
    if (subjectAt < 0 || doseAt < 0) throw new Error(`${from}: no SUBJID or EXDOSE column`);
    const order = new Map<string, number>();
    for (let i = 1; i < lines.length; i++) {
      const cr = lines[i]!.endsWith('\r') ? '\r' : '';
      const fields = lines[i]!.slice(0, lines[i]!.length - cr.length).split(delimiter);
      if (lines[i]!.includes('"') || fields.length !== names.length) continue;
      const subject = fields[subjectAt]!;
      if (!order.has(subject)) order.set(subject, order.size);
      if (order.get(subject)! % nth !== 0) continue;
      fields[doseAt] = Number(fields[doseAt]) === 4 ? '3' : '4';
      lines[i] = fields.join(delimiter) + cr;
    }
    changed = Math.ceil(order.size / nth);
    fs.writeFileSync(path.join(dir, name), lines.join('\n'), 'latin1');
  }
  return { dir, subjects: changed };
}
