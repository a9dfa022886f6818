import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'cp949';

/**
 * The text of a CSV a site sends back: UTF-8 (with or without a byte-order mark), UTF-16 (Excel's
 * "Unicode text"), or CP949 when Korean Excel re-saved it as "CSV". Korean text is never garbled:
 * bytes that are not valid UTF-8 are read as CP949.
 */
export function decodeText(bytes: Buffer): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: bytes.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'cp949'), encoding: 'cp949' };
  }
}

/** What a text becomes after a trip through CP949 (characters it cannot hold turn into "?"). */
export function throughCp949(text: string): string {
  return iconv.decode(iconv.encode(text, 'cp949'), 'cp949');
}
