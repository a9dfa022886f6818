import iconv from 'iconv-lite';
import type { SiteFormat } from './site-formats';

/** RFC 4180 text in the site's delimiter, line ends and encoding. */

function quote(field: string, delimiter: string, quoteAll: boolean): string {
  if (
    quoteAll ||
    field.includes(delimiter) ||
    field.includes('"') ||
    field.includes('\n') ||
    field.includes('\r')
  ) {
    return `"${field.replace(/"/g, '""')}"`;
  }
  return field;
}

export function csvText(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  delimiter: string,
  eol: string,
  quoteAll: boolean,
): string {
  const lines: string[] = new Array(rows.length + 1);
  lines[0] = header.map((h) => quote(h, delimiter, quoteAll)).join(delimiter);
  for (let r = 0; r < rows.length; r++)
    lines[r + 1] = rows[r]!.map((f) => quote(f, delimiter, quoteAll)).join(delimiter);
  return lines.join(eol) + eol;
}

export function encodeCsv(text: string, encoding: NonNullable<SiteFormat['encoding']>): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.from(`\uFEFF${text}`, 'utf8');
    case 'utf16le':
      return Buffer.from(`\uFEFF${text}`, 'utf16le');
    case 'cp949': {
      const bytes = iconv.encode(text, 'cp949');
      if (iconv.decode(bytes, 'cp949') !== text)
        throw new Error('generator: text not representable in CP949');
      return bytes;
    }
  }
}
