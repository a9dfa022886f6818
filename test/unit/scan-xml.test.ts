import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkZipArchive } from '../../electron/core/import/check-zip-archive';
import { MalformedXml, scanXml, type XmlHandlers } from '../../electron/core/import/scan-xml';
import { parseWithSaxes } from '../../electron/core/import/xlsx-workbook';
import { buildXlsx, STYLE } from '../fixtures/xlsx-writer';

// The fast scanner is checked against saxes, the conforming parser it stands in for: the same
// events for every part of workbooks written by five programs, for hand-written corner cases, and
// for thousands of random documents and their damaged copies; the same refusals.

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Attribute names written in a document (the scanner is asked for each). */
function attributeNames(xml: string): string[] {
  return [...new Set([...xml.matchAll(/([^\s<>="'/]+)\s*=\s*["']/g)].map((m) => m[1]!))];
}

type Events = string[];

function recorder(names: string[]): { events: Events; handlers: XmlHandlers } {
  const events: Events = [];
  let depth = 0;
  return {
    events,
    handlers: {
      opentag(name, attributes) {
        depth++;
        const values: Record<string, string> = {};
        for (const n of names) {
          const value = attributes.get(n);
          if (value !== undefined) values[n] = value;
        }
        events.push(`<${name} ${JSON.stringify(values)}`);
      },
      // saxes also reports blank text outside the root; neither reader's users read it.
      text(text) {
        if (depth > 0 || text.trim() !== '') events.push(JSON.stringify(text));
      },
      closetag(name) {
        depth--;
        events.push(`</${name}`);
      },
    },
  };
}

type Outcome = { ok: true; events: Events } | { ok: false; events: Events };

function viaScanner(bytes: Uint8Array): Outcome | 'not plain' {
  const { events, handlers } = recorder(attributeNames(bytes.toString()));
  try {
    if (!scanXml(bytes, handlers)) {
      expect(events).toEqual([]);
      return 'not plain';
    }
    return { ok: true, events };
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedXml);
    return { ok: false, events };
  }
}

function viaSaxes(bytes: Uint8Array): Outcome {
  const { events, handlers } = recorder(attributeNames(bytes.toString()));
  try {
    parseWithSaxes(bytes, handlers);
    return { ok: true, events };
  } catch {
    return { ok: false, events };
  }
}

/** Both readers read the document alike: same events, or both refuse it. */
function expectAlike(xml: string | Uint8Array) {
  const bytes = typeof xml === 'string' ? utf8(xml) : xml;
  const scanned = viaScanner(bytes);
  expect(scanned).not.toBe('not plain');
  const reference = viaSaxes(bytes);
  if (scanned === 'not plain') return;
  expect(scanned.ok, `scanner ${scanned.ok ? 'took' : 'refused'}: ${bytes.toString().slice(0, 300)}`).toBe(
    reference.ok,
  );
  if (reference.ok) expect(scanned.events).toEqual(reference.events);
}

function xmlParts(workbook: Uint8Array): [string, Uint8Array][] {
  return [...checkZipArchive(workbook, 'x.xlsx', {}, (name) => /\.(xml|rels)$/i.test(name))];
}

describe('scanXml reads as saxes does', () => {
  it('every part of workbooks written by openpyxl, XlsxWriter, ExcelJS, SheetJS and the test writer', async () => {
    const foreign = path.join(__dirname, '../fixtures/foreign');
    const books: Uint8Array[] = fs
      .readdirSync(foreign)
      .filter((f) => f.endsWith('.xlsx'))
      .map((f) => fs.readFileSync(path.join(foreign, f)));
    books.push(fs.readFileSync(path.join(__dirname, '../fixtures/messy/S05_20190115.xlsx')));

    const excel = new ExcelJS.Workbook();
    const sheet = excel.addWorksheet('AE 이상반응');
    sheet.addRow(['SUBJID', 'AETERM', 'AESTDAT', 'NOTE']);
    sheet.addRow(['S01-001', '호중구감소증', new Date(Date.UTC(2021, 2, 4)), 'a & b <c> "d"\r\n둘째 줄']);
    sheet.addRow([
      'S01-002',
      { richText: [{ text: '폐' }, { font: { bold: true }, text: '렴' }] },
      44301,
      null,
    ]);
    books.push(new Uint8Array(await excel.xlsx.writeBuffer()));

    books.push(
      buildXlsx([
        {
          name: 'dm',
          rows: [
            ['SUBJID', 'RFICDAT', 'SEX'],
            ['S05-001', { value: 43160, style: STYLE.isoDate }, '남'],
          ],
        },
      ]),
    );

    let parts = 0;
    for (const book of books) {
      for (const [, bytes] of xmlParts(book)) {
        expectAlike(bytes);
        parts++;
      }
    }
    expect(parts).toBeGreaterThan(40);
  });

  it('corner cases of well-formed documents', () => {
    const cases = [
      '<a/>',
      '\ufeff<?xml version="1.0" encoding="UTF-8"?>\r\n<a x="1"/>\r\n',
      '<x:sheet xmlns:x="urn:x"><x:c r="A1" t=\'s\'><x:v>3</x:v></x:c></x:sheet>',
      '<a  b = "1"\tc=\'2\'\n d="3" ><b / ></a >',
      '<a t="x&amp;y&lt;&gt;&quot;&apos;&#65;&#x42;&#x1F600;"/>',
      '<a>x &amp; y &#13;&#10; z &#x110000 </a>'.replace(' &#x110000 ', ' '),
      '<a>line\r\nline\rline\n</a>',
      '<a v="one\r\ntwo\rthree\nfour\tfive"/>',
      '<a v="호중구감소증">빈혈 &amp; 폐렴 😀</a>',
      '<a>   <b>  </b>\n</a>',
      '<a>]]&gt; &gt; ></a>',
      '<a v="&#10;"/>',
      '<root><c r="A1" t="inlineStr"><is><r><t>a</t></r><rPh><t>ア</t></rPh></is></c></root>',
      '<a b="1" b:b="2"/>',
      '<a><b></b><b/><bb/><b></b></a>',
    ];
    for (const xml of cases) expectAlike(xml);
  });

  it('refuses what saxes refuses', () => {
    const refused = [
      '',
      '   ',
      '<a>',
      '<a></b>',
      '<a><b></a></b>',
      '<a></a><b/>',
      'text<a/>',
      '<a/>text',
      '<a b=1/>',
      '<a b="1"c="2"/>',
      '<a b="<"/>',
      '<a b="1" b="2"/>',
      '<a b/>',
      '<a>&nbsp;</a>',
      '<a>& </a>',
      '<a>&amp</a>',
      '<a>&#0;</a>',
      '<a>&#xD800;</a>',
      '<a b="&foo;"/>',
      '<a>\u0001</a>',
      '<a b="\u0008"/>',
      '<a>\uFFFE</a>',
      '<a',
      '<a b="1',
      '</a>',
      '<a></a',
    ];
    for (const xml of refused) {
      const scanned = viaScanner(utf8(xml));
      expect(scanned, JSON.stringify(xml)).toMatchObject({ ok: false });
      expect(viaSaxes(utf8(xml)).ok, JSON.stringify(xml)).toBe(false);
    }
    // A declaration the scanner does not know is saxes's to judge.
    for (const xml of ['<?xml version="1.0"', '<?xml version="1.0" encoding=?><a/>']) {
      expect(viaScanner(utf8(xml))).toBe('not plain');
      expect(viaSaxes(utf8(xml)).ok).toBe(false);
    }
  });

  it('reads an element of 100,000 attributes without slowing down, and finds a name given twice', () => {
    const attributes = Array.from({ length: 100_000 }, (_, k) => ` a${k}="${k}"`).join('');
    let last: string | undefined;
    expect(scanXml(utf8(`<c${attributes}/>`), { opentag: (_, a) => (last = a.get('a99999')) })).toBe(true);
    expect(last).toBe('99999');
    expect(() => scanXml(utf8(`<c${attributes} a5="x"/>`), {})).toThrow(MalformedXml);
  });

  it('leaves comments, CDATA, a DOCTYPE and processing instructions to saxes, emitting nothing', () => {
    for (const xml of [
      '<a><!-- note --><b/></a>',
      '<a><![CDATA[x < y]]></a>',
      '<!DOCTYPE a><a/>',
      '<a><?pi x?></a>',
      '<?xml version="1.0"?><?style x?><a/>',
    ]) {
      expect(viaScanner(utf8(xml)), xml).toBe('not plain');
      expect(viaSaxes(utf8(xml)).ok, xml).toBe(true);
    }
  });
});

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const NAMES = ['c', 'v', 'row', 'x:c', 't', 'si', 'a-b', 'r.1', '시트'];
const ATTRIBUTES = ['r', 's', 't', 'x:id', 'xml:space', '값'];
const TEXTS = [
  '1',
  '43160.5',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '&amp;',
  '&lt;',
  '&#54840;',
  '&#x1F600;',
  '>',
  '"',
  "'",
  '남',
  'a b',
  '\r',
];

const DAMAGE = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '/',
  '=',
  ' ',
  '#',
  ';',
  '!',
  '?',
  '-',
  '1',
  'x',
  ':',
  '\u0001',
  '\r',
  'é',
  '\uFFFF',
];

function randomDocument(rng: ReturnType<typeof random>): string {
  const element = (depth: number): string => {
    const name = rng.pick(NAMES);
    const used = new Set<string>();
    let attributes = '';
    for (let k = rng.int(3); k > 0; k--) {
      const attribute = rng.pick(ATTRIBUTES);
      if (used.has(attribute)) continue;
      used.add(attribute);
      const quote = rng.pick(['"', "'"]);
      const value = Array.from({ length: rng.int(3) }, () => rng.pick(TEXTS))
        .join('')
        .replaceAll(quote, quote === '"' ? '&quot;' : '&apos;');
      attributes += `${rng.pick([' ', '\n', ' \t'])}${attribute}${rng.pick(['=', ' = '])}${quote}${value}${quote}`;
    }
    if (depth > 3 || rng.next() < 0.25) return `<${name}${attributes}${rng.pick(['/>', ' />'])}`;
    let content = '';
    for (let k = rng.int(4); k > 0; k--)
      content += rng.next() < 0.5 ? rng.pick(TEXTS).replace('>', '&gt;') : element(depth + 1);
    return `<${name}${attributes}>${content}</${name}${rng.pick(['', ' '])}>`;
  };
  return `${rng.pick(['', '<?xml version="1.0" encoding="UTF-8"?>\r\n', '\ufeff'])}${element(0)}${rng.pick(['', '\n'])}`;
}

describe('scanXml against saxes on random documents', () => {
  it('reads 3,000 random documents, and refuses their damaged copies, as saxes does', () => {
    const rng = random(15);
    let refusedByBoth = 0;
    for (let n = 0; n < 3000; n++) {
      const xml = randomDocument(rng);
      expectAlike(xml);
      // Damaged: cut short, a character dropped, put in or replaced at random.
      const at = rng.int(xml.length);
      const damaged = rng.pick([
        xml.slice(0, at),
        xml.slice(0, at) + xml.slice(at + 1),
        xml.slice(0, at) + rng.pick(DAMAGE) + xml.slice(at),
        xml.slice(0, at) + rng.pick(DAMAGE) + xml.slice(at + 1),
      ]);
      const bytes = utf8(damaged);
      const scanned = viaScanner(bytes);
      if (scanned === 'not plain') continue;
      const reference = viaSaxes(bytes);
      expect(scanned.ok, `scanner ${scanned.ok ? 'took' : 'refused'} ${JSON.stringify(damaged)}`).toBe(
        reference.ok,
      );
      if (reference.ok) expect(scanned.events).toEqual(reference.events);
      else refusedByBoth++;
    }
    expect(refusedByBoth).toBeGreaterThan(1000);
  });
});
