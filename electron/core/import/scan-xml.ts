/**
 * A fast reader of the XML a workbook's parts are made of. It reads the UTF-8 bytes as Latin-1
 * text (one character per byte, no decoding: all markup is ASCII), steps through it with loops the
 * engine compiles well, and builds nothing per element: names are cut once, attribute values only
 * when asked for, and only text that holds more than ASCII is decoded as UTF-8.
 *
 * It takes plain documents (an XML 1.0 declaration, elements, attributes, text, the five named entities
 * and character references). For anything else (comments, CDATA, a DOCTYPE, processing instructions
 * past the declaration) it emits nothing and answers false, and the caller reads the part with
 * saxes, the conforming parser (xlsx-workbook.ts). What it takes it checks as saxes does: tags
 * closed in order, one root, quoted attributes without '<', no attribute twice, no text outside the
 * root, known entities, no character XML does not allow; line breaks read as XML reads them (CR LF
 * and CR as LF; in attribute values, line breaks and tabs as spaces).
 */

/** The attributes of the element just opened; valid only during the opentag call. */
export interface XmlAttributes {
  /** By qualified name (r:id). */
  get(name: string): string | undefined;
  /** By local name, whatever its prefix (id for r:id). */
  getLocal(name: string): string | undefined;
}

export interface XmlHandlers {
  opentag?(name: string, attributes: XmlAttributes): void;
  text?(text: string): void;
  closetag?(name: string): void;
}

export class MalformedXml extends Error {}

const LT = 60;
const GT = 62;
const SLASH = 47;
const EQUALS = 61;
const QUOTE = 34;
const APOSTROPHE = 39;
const COLON = 58;
const AMPERSAND = 38;
const CR = 13;

/** The XML declaration of a plain document (any other is left to saxes). */
const XML_DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.0\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>/;

/** Comments, CDATA, a DOCTYPE, processing instructions: left to saxes. */
const NOT_PLAIN = /<[!?]/g;

const NAMED_ENTITIES = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Per attribute: name start and end, value start and end, what the value holds (VALUE_ flags). */
const SLOTS = 5;
/** Past this many attributes an element's names are kept in a set (a hostile file may hold 100,000). */
const MANY_ATTRIBUTES = 16;
const VALUE_ENTITY = 1;
const VALUE_SPACES = 2;
const VALUE_UTF8 = 4;

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** Reads a plain document into handlers; false (nothing emitted) when the document is not plain. */
export function scanXml(bytes: Uint8Array, handlers: XmlHandlers): boolean {
  const utf8 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const xml = utf8.toString('latin1');
  let i = xml.startsWith('\xef\xbb\xbf') ? 3 : 0;
  if (xml.startsWith('<?xml', i)) {
    const declaration = XML_DECLARATION.exec(xml.slice(i, i + 200));
    if (declaration === null) return false;
    i += declaration[0].length;
  }
  NOT_PLAIN.lastIndex = i;
  if (NOT_PLAIN.test(xml)) return false;
  new Scanner(xml, utf8, handlers).run(i);
  return true;
}

class Scanner implements XmlAttributes {
  private readonly n: number;
  private readonly open: ElementName[] = [];
  /** The element names met so far, by length: a name is cut from the text once, not at every tag. */
  private readonly names: ElementName[][] = [];
  /** The attributes of the element being opened (SLOTS numbers each). */
  private readonly bounds: number[] = [];
  private count = 0;
  /** The attribute names of an element with many of them. */
  private readonly given = new Set<string>();

  constructor(
    private readonly xml: string,
    private readonly utf8: Buffer,
    private readonly handlers: XmlHandlers,
  ) {
    this.n = xml.length;
  }

  run(start: number): void {
    const { xml, n, open, handlers } = this;
    const { opentag, text, closetag } = handlers;
    let rootSeen = false;
    let i = start;
    while (i < n) {
      // Text between tags is short (a cell's value): a loop is cheaper than a string search.
      let lt = i;
      let kinds = 0;
      for (let c = xml.charCodeAt(lt); c !== LT && lt < n; c = xml.charCodeAt(++lt)) {
        if (c < 32) {
          if (c === CR) kinds |= VALUE_SPACES;
          else if (c !== 10 && c !== 9) throw new MalformedXml(notAllowed(c));
        } else if (c >= 0x80) kinds |= VALUE_UTF8;
        else if (c === AMPERSAND) kinds |= VALUE_ENTITY;
      }
      if (lt > i) {
        if (open.length === 0) {
          if (xml.slice(i, lt).trim() !== '') throw new MalformedXml('text outside the root element');
        } else if (text) {
          text(this.textOf(i, lt, kinds));
        } else if (kinds & (VALUE_ENTITY | VALUE_UTF8)) {
          this.textOf(i, lt, kinds);
        }
      }
      if (lt === n) break;

      if (xml.charCodeAt(lt + 1) === SLASH) {
        const top = open.pop();
        const end = lt + 2 + (top?.raw.length ?? 0);
        if (top === undefined || !xml.startsWith(top.raw, lt + 2) || !isNameEnd(xml.charCodeAt(end)))
          throw new MalformedXml(`unexpected end tag at byte ${lt}`);
        const gt = skipSpace(xml, end);
        if (xml.charCodeAt(gt) !== GT) throw new MalformedXml(`unclosed end tag </${top.name}>`);
        closetag?.(top.name);
        i = gt + 1;
        continue;
      }

      let p = nameEnd(xml, lt + 1);
      if (p === lt + 1 || p >= n) throw new MalformedXml(`unreadable tag at byte ${lt}`);
      if (open.length === 0 && rootSeen) throw new MalformedXml('more than one root element');
      const element = this.nameAt(lt + 1, p);
      const name = element.name;
      this.count = 0;
      let selfClosing = false;
      for (;;) {
        p = skipSpace(xml, p);
        const c = xml.charCodeAt(p);
        if (c === GT) break;
        if (c === SLASH && xml.charCodeAt(p + 1) === GT) {
          selfClosing = true;
          p++;
          break;
        }
        if (p >= n) throw new MalformedXml(`unclosed tag <${name}>`);
        p = this.readAttribute(p, name);
      }
      i = p + 1;
      rootSeen = true;
      opentag?.(name, this);
      if (selfClosing) closetag?.(name);
      else open.push(element);
    }
    if (open.length > 0) throw new MalformedXml(`unclosed element <${open[open.length - 1]!.name}>`);
    if (!rootSeen) throw new MalformedXml('no root element');
  }

  get(asked: string): string | undefined {
    const { bounds, xml } = this;
    const name = asWritten(asked);
    const first = name.charCodeAt(0);
    for (let k = 0; k < this.count * SLOTS; k += SLOTS) {
      const start = bounds[k]!;
      if (
        bounds[k + 1]! - start === name.length &&
        xml.charCodeAt(start) === first &&
        (name.length === 1 || xml.startsWith(name, start))
      )
        return this.valueOf(k);
    }
    return undefined;
  }

  getLocal(asked: string): string | undefined {
    const { bounds, xml } = this;
    const name = asWritten(asked);
    for (let k = 0; k < this.count * SLOTS; k += SLOTS) {
      const end = bounds[k + 1]!;
      const start = end - name.length;
      if (
        start >= bounds[k]! &&
        xml.startsWith(name, start) &&
        (start === bounds[k] || xml.charCodeAt(start - 1) === COLON)
      )
        return this.valueOf(k);
    }
    return undefined;
  }

  private nameAt(start: number, end: number): ElementName {
    const length = end - start;
    const known = (this.names[length] ??= []);
    const first = this.xml.charCodeAt(start);
    for (let k = 0; k < known.length; k++) {
      const element = known[k]!;
      if (element.raw.charCodeAt(0) === first && (length === 1 || this.xml.startsWith(element.raw, start)))
        return element;
    }
    const raw = this.xml.slice(start, end);
    const element = { raw, name: /[\x80-\xff]/.test(raw) ? this.utf8.toString('utf8', start, end) : raw };
    if (known.length < 16) known.push(element);
    return element;
  }

  /** Reads name="value" (or 'value') at start; returns the position after it. */
  private readAttribute(start: number, element: string): number {
    const { xml, bounds } = this;
    const end = nameEnd(xml, start);
    let p = skipSpace(xml, end);
    if (end === start || xml.charCodeAt(p) !== EQUALS)
      throw new MalformedXml(`unreadable attribute in <${element}>`);
    p = skipSpace(xml, p + 1);
    const quote = xml.charCodeAt(p);
    if (quote !== QUOTE && quote !== APOSTROPHE) throw new MalformedXml(`unquoted attribute in <${element}>`);
    // Values are short: a loop over them is cheaper than a string search.
    let close = p + 1;
    let kinds = 0;
    for (let c = xml.charCodeAt(close); c !== quote; c = xml.charCodeAt(++close)) {
      if (c < 32) {
        if (c !== 10 && c !== 9 && c !== CR) throw new MalformedXml(notAllowed(c));
        kinds |= VALUE_SPACES;
      } else if (c >= 0x80) kinds |= VALUE_UTF8;
      else if (c === AMPERSAND) kinds |= VALUE_ENTITY;
      else if (c === LT) throw new MalformedXml(`'<' in an attribute of <${element}>`);
      else if (Number.isNaN(c)) throw new MalformedXml(`unclosed attribute in <${element}>`);
    }
    this.checkNotGiven(start, end, element);
    const k = this.count++ * SLOTS;
    bounds[k] = start;
    bounds[k + 1] = end;
    bounds[k + 2] = p + 1;
    bounds[k + 3] = close;
    bounds[k + 4] = kinds;
    const next = xml.charCodeAt(close + 1);
    if (!(next === 32 || next === 10 || next === 9 || next === CR || next === GT || next === SLASH))
      throw new MalformedXml(`no space between attributes of <${element}>`);
    // A value nobody reads must still be well formed.
    if (kinds & (VALUE_ENTITY | VALUE_UTF8)) this.valueOf(k);
    return close + 1;
  }

  /** Refuses an attribute name the element already has (by a set, past a few attributes). */
  private checkNotGiven(start: number, end: number, element: string): void {
    const { xml, bounds } = this;
    if (this.count < MANY_ATTRIBUTES) {
      for (let k = 0; k < this.count * SLOTS; k += SLOTS) {
        if (bounds[k + 1]! - bounds[k]! === end - start && xml.startsWith(xml.slice(start, end), bounds[k]!))
          throw new MalformedXml(`an attribute given twice in <${element}>`);
      }
      return;
    }
    if (this.count === MANY_ATTRIBUTES) {
      this.given.clear();
      for (let k = 0; k < this.count * SLOTS; k += SLOTS) this.given.add(xml.slice(bounds[k], bounds[k + 1]));
    }
    const name = xml.slice(start, end);
    if (this.given.has(name)) throw new MalformedXml(`an attribute given twice in <${element}>`);
    this.given.add(name);
  }

  private valueOf(k: number): string {
    const kinds = this.bounds[k + 4]!;
    const raw = this.decoded(this.bounds[k + 2]!, this.bounds[k + 3]!, kinds);
    if (kinds === 0 || kinds === VALUE_UTF8) return raw;
    const spaced = kinds & VALUE_SPACES ? raw.replace(/\r\n|[\r\n\t]/g, ' ') : raw;
    return kinds & VALUE_ENTITY ? decodeEntities(spaced) : spaced;
  }

  private textOf(start: number, end: number, kinds: number): string {
    const raw = this.decoded(start, end, kinds);
    if (kinds === 0 || kinds === VALUE_UTF8) return raw;
    const lines = kinds & VALUE_SPACES ? raw.replace(/\r\n?/g, '\n') : raw;
    return kinds & VALUE_ENTITY ? decodeEntities(lines) : lines;
  }

  /** The text from start to end: ASCII as it is, anything more decoded from UTF-8. */
  private decoded(start: number, end: number, kinds: number): string {
    if (!(kinds & VALUE_UTF8)) return this.xml.slice(start, end);
    const text = this.utf8.toString('utf8', start, end);
    const bad = /[\uFFFE\uFFFF]/.exec(text);
    if (bad) throw new MalformedXml(notAllowed(bad[0].charCodeAt(0)));
    return text;
  }
}

/** An element's name as written (its UTF-8 bytes as Latin-1) and as read. */
interface ElementName {
  raw: string;
  name: string;
}

/** A name as the scanner's Latin-1 reading of UTF-8 holds it. */
function asWritten(name: string): string {
  for (let k = 0; k < name.length; k++)
    if (name.charCodeAt(k) >= 0x80) return Buffer.from(name, 'utf8').toString('latin1');
  return name;
}

function notAllowed(code: number): string {
  return `a character XML does not allow (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** ASCII characters a name may start with (1) or hold (2); any other ASCII one ends it. */
const NAME_CHARS = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === COLON;
    const more = (c >= 48 && c <= 57) || c === 45 || c === 46;
    table[c] = letter ? 3 : more ? 2 : 0;
  }
  return table;
})();

/**
 * Where the name starting at start ends: at a space, '>', '/' or '='; a character no name may hold
 * is malformed (characters beyond ASCII are taken as they come).
 */
function nameEnd(xml: string, start: number): number {
  let p = start;
  let c = xml.charCodeAt(p);
  if (!(c >= 128) && !(NAME_CHARS[c]! & 1)) return isNameEnd(c) ? p : badName(xml, start);
  let beyondAscii = c >= 128;
  for (c = xml.charCodeAt(++p); c >= 128 || NAME_CHARS[c]! & 2; c = xml.charCodeAt(++p))
    beyondAscii ||= c >= 128;
  if (!isNameEnd(c)) badName(xml, start);
  if (beyondAscii && !XML_NAME.test(Buffer.from(xml.slice(start, p), 'latin1').toString('utf8')))
    badName(xml, start);
  return p;
}

const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
/** XML 1.0's Name production (for names beyond ASCII); its ranges hold combining marks on purpose. */
const XML_NAME = new RegExp(
  // eslint-disable-next-line no-misleading-character-class
  `^[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*$`,
  'u',
);

function badName(xml: string, start: number): never {
  throw new MalformedXml(
    `a name with a character no name may hold at byte ${start}: ${xml.slice(start, start + 20)}`,
  );
}

function isNameEnd(code: number): boolean {
  return code === GT || code === SLASH || code <= 32 || code === EQUALS || code === LT || Number.isNaN(code);
}

function skipSpace(xml: string, p: number): number {
  for (let c = xml.charCodeAt(p); c === 32 || c === 10 || c === 9 || c === CR; c = xml.charCodeAt(++p));
  return p;
}

function decodeEntities(raw: string): string {
  return raw.replace(/&([^;&<]*)(;?)/g, (_, entity: string, semicolon: string) => {
    if (semicolon === '') throw new MalformedXml(`unterminated entity &${entity.slice(0, 10)}`);
    const named = NAMED_ENTITIES.get(entity);
    if (named !== undefined) return named;
    const code = /^#x[\da-fA-F]{1,6}$/.test(entity)
      ? parseInt(entity.slice(2), 16)
      : /^#\d{1,7}$/.test(entity)
        ? parseInt(entity.slice(1), 10)
        : -1;
    if (!isXmlChar(code)) throw new MalformedXml(`undefined entity &${entity.slice(0, 10)};`);
    return String.fromCodePoint(code);
  });
}

function isXmlChar(code: number): boolean {
  return (
    code === 9 ||
    code === 10 ||
    code === 13 ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}
