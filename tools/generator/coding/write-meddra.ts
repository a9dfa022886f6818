import fs from 'node:fs/promises';
import path from 'node:path';
import type { SynMeddra } from './meddra-versions';

export type MeddraLanguage = 'English' | 'Korean';

/**
 * Writes one language of a synthetic MedDRA version as MSSO distributes it: DIR/MedAscii/*.asc,
 * `$` after every field, CRLF; English in extended ASCII, Korean in UTF-8 (read-meddra-release.ts
 * describes the files).
 */
export async function writeMeddraRelease(
  meddra: SynMeddra,
  language: MeddraLanguage,
  dir: string,
): Promise<string> {
  const ascii = path.join(dir, 'MedAscii');
  await fs.mkdir(ascii, { recursive: true });
  const name = (t: { en: string; ko: string }) => (language === 'English' ? t.en : t.ko);
  const record = (fields: (string | number)[]) => `${fields.join('$')}$`;
  const blanks = (n: number) => Array<string>(n).fill('');
  const socs = new Map(meddra.socs.map((s) => [s.code, s]));
  const hlgts = new Map(meddra.hlgts.map((g) => [g.code, g]));
  const hlts = new Map(meddra.hlts.map((h) => [h.code, h]));
  const primarySoc = (pt: SynMeddra['pts'][number]) => pt.paths.find((p) => p.primary)!.soc;
  const pairs = (list: [number, number][]) => [...new Set(list.map(([a, b]) => `${a}$${b}$`))];
  const paths = meddra.pts.flatMap((pt) => pt.paths.map((p) => ({ pt, ...p })));
  const files: Record<string, string[]> = {
    'meddra_release.asc': [`${meddra.version}$${language}$$$$`],
    'soc.asc': meddra.socs.map((s) => record([s.code, name(s), s.abbrev, ...blanks(7)])),
    'hlgt.asc': meddra.hlgts.map((g) => record([g.code, name(g), ...blanks(7)])),
    'hlt.asc': meddra.hlts.map((h) => record([h.code, name(h), ...blanks(7)])),
    'pt.asc': meddra.pts.map((p) => record([p.code, name(p), '', primarySoc(p), ...blanks(7)])),
    'llt.asc': meddra.llts.map((l) =>
      record([l.code, name(l), l.pt, ...blanks(6), l.current ? 'Y' : 'N', '']),
    ),
    'mdhier.asc': paths.map((p) => {
      const soc = socs.get(p.soc)!;
      return record([
        p.pt.code,
        p.hlt,
        p.hlgt,
        p.soc,
        name(p.pt),
        name(hlts.get(p.hlt)!),
        name(hlgts.get(p.hlgt)!),
        name(soc),
        soc.abbrev,
        '',
        primarySoc(p.pt),
        p.primary ? 'Y' : 'N',
      ]);
    }),
    'hlt_pt.asc': pairs(paths.map((p) => [p.hlt, p.pt.code])),
    'hlgt_hlt.asc': pairs(paths.map((p) => [p.hlgt, p.hlt])),
    'soc_hlgt.asc': pairs(paths.map((p) => [p.soc, p.hlgt])),
  };
  for (const [file, lines] of Object.entries(files)) {
    const text = `${lines.join('\r\n')}\r\n`;
    await fs.writeFile(path.join(ascii, file), Buffer.from(text, language === 'English' ? 'latin1' : 'utf8'));
  }
  return dir;
}
