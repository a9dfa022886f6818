import fs from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Define-XML 2.1 checked element by element (the CDISC schemas are not available to these tests):
 * well-formedness, the namespaces, the attributes each element requires with their enumerations,
 * the order of child elements that ODM 1.3.2 and its def: extension prescribe, and that every
 * reference (ItemOID, CodeListOID, def:ArchiveLocationID, xlink:href) resolves.
 */

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

type Parsed = Record<string, unknown> & { ':@'?: Record<string, string> };

function toNode(entry: Parsed): XmlNode | undefined {
  const name = Object.keys(entry).find((k) => k !== ':@');
  if (!name || name === '#text' || name.startsWith('?')) return undefined;
  const content = entry[name] as Parsed[];
  return {
    name,
    attrs: entry[':@'] ?? {},
    children: content.map(toNode).filter((n): n is XmlNode => n !== undefined),
    text: content
      .filter((c) => '#text' in c)
      .map((c) => String(c['#text']))
      .join(''),
  };
}

export function parseXml(xml: string): XmlNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid.err)}`);
  const parsed = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: true,
  }).parse(xml) as Parsed[];
  const roots = parsed.map(toNode).filter((n): n is XmlNode => n !== undefined);
  if (roots.length !== 1) throw new Error(`${roots.length} root elements`);
  return roots[0]!;
}

const ENUMS = {
  YesNo: ['Yes', 'No'],
  Context: ['Submission', 'Other'],
  FileType: ['Snapshot', 'Transactional'],
  Purpose: ['Tabulation', 'Analysis'],
  ItemDataType: [
    'text',
    'integer',
    'float',
    'date',
    'datetime',
    'time',
    'partialDate',
    'partialTime',
    'partialDatetime',
    'incompleteDatetime',
    'durationDatetime',
    'intervalDatetime',
  ],
  CodeListDataType: ['integer', 'float', 'text', 'string'],
  OriginType: ['Assigned', 'Collected', 'Derived', 'Not Available', 'Other', 'Predecessor', 'Protocol'],
  OriginSource: ['Investigator', 'Sponsor', 'Subject', 'Vendor'],
  Class: [
    'ADAM OTHER',
    'BASIC DATA STRUCTURE',
    'DEVICE LEVEL ANALYSIS DATASET',
    'EVENTS',
    'FINDINGS',
    'FINDINGS ABOUT',
    'INTERVENTIONS',
    'MEDICAL DEVICE BASIC DATA STRUCTURE',
    'MEDICAL DEVICE OCCURRENCE DATA STRUCTURE',
    'OCCURRENCE DATA STRUCTURE',
    'REFERENCE DATA STRUCTURE',
    'RELATIONSHIP',
    'SPECIAL PURPOSE',
    'STUDY REFERENCE',
    'SUBJECT LEVEL ANALYSIS DATASET',
    'TRIAL DESIGN',
  ],
};

/** Children must come in this order, each name at most as often as the pattern says ('*' many, '+' one or more). */
function checkOrder(node: XmlNode, pattern: string[], problems: string[], where: string): void {
  let at = 0;
  for (const step of pattern) {
    const [name, mark] = /^(.*?)([?*+]?)$/.exec(step)!.slice(1) as [string, string];
    let count = 0;
    while (at < node.children.length && node.children[at]!.name === name) {
      at += 1;
      count += 1;
    }
    if ((mark === '' || mark === '+') && count === 0) problems.push(`${where}: missing ${name}`);
    if ((mark === '' || mark === '?') && count > 1) problems.push(`${where}: ${name} ${count} times`);
  }
  if (at < node.children.length)
    problems.push(
      `${where}: unexpected ${node.children[at]!.name} (children: ${node.children.map((c) => c.name).join(', ')})`,
    );
}

function requireAttrs(
  node: XmlNode,
  spec: Record<string, readonly string[] | RegExp | true>,
  problems: string[],
  where: string,
) {
  for (const [name, rule] of Object.entries(spec)) {
    const value = node.attrs[name];
    if (value === undefined) problems.push(`${where}: no ${name}`);
    else if (Array.isArray(rule) && !rule.includes(value))
      problems.push(`${where}: ${name}="${value}" is not one of ${rule.join(', ')}`);
    else if (rule instanceof RegExp && !rule.test(value))
      problems.push(`${where}: ${name}="${value}" does not match ${rule}`);
    else if (rule === true && value.length === 0) problems.push(`${where}: empty ${name}`);
  }
}

function checkTranslatedText(node: XmlNode | undefined, problems: string[], where: string): void {
  const text = node?.children[0];
  if (!node || node.children.length === 0 || text?.name !== 'TranslatedText' || !text.text)
    problems.push(`${where}: no TranslatedText`);
  else if (!text.attrs['xml:lang']) problems.push(`${where}: TranslatedText without xml:lang`);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** Every problem found (none: the document is Define-XML 2.1 as far as these rules see). */
export function defineXmlProblems(xml: string, dir: string): string[] {
  const problems: string[] = [];
  const odm = parseXml(xml);
  if (odm.name !== 'ODM') return [`root is ${odm.name}, not ODM`];
  requireAttrs(
    odm,
    {
      xmlns: ['http://www.cdisc.org/ns/odm/v1.3'],
      'xmlns:def': ['http://www.cdisc.org/ns/def/v2.1'],
      'xmlns:xlink': ['http://www.w3.org/1999/xlink'],
      ODMVersion: ['1.3.2'],
      FileType: ENUMS.FileType,
      FileOID: true,
      CreationDateTime: DATE_TIME,
      'def:Context': ENUMS.Context,
    },
    problems,
    'ODM',
  );
  checkOrder(odm, ['Study'], problems, 'ODM');
  const study = odm.children.find((c) => c.name === 'Study');
  if (!study) return problems;
  requireAttrs(study, { OID: true }, problems, 'Study');
  checkOrder(study, ['GlobalVariables', 'MetaDataVersion'], problems, 'Study');
  const globals = study.children[0];
  if (globals)
    checkOrder(globals, ['StudyName', 'StudyDescription', 'ProtocolName'], problems, 'GlobalVariables');
  const mdv = study.children.find((c) => c.name === 'MetaDataVersion');
  if (!mdv) return problems;
  requireAttrs(
    mdv,
    { OID: true, Name: true, 'def:DefineVersion': /^2\.1\.(0|[1-9]\d*)$/ },
    problems,
    'MetaDataVersion',
  );
  checkOrder(
    mdv,
    [
      'def:Standards?',
      'def:AnnotatedCRF?',
      'def:SupplementalDoc?',
      'def:ValueListDef*',
      'def:WhereClauseDef*',
      'ItemGroupDef+',
      'ItemDef+',
      'CodeList*',
      'MethodDef*',
      'def:CommentDef*',
      'def:leaf*',
    ],
    problems,
    'MetaDataVersion',
  );

  const oids = new Set<string>();
  const unique = (oid: string | undefined, where: string) => {
    if (!oid) return;
    if (oids.has(oid)) problems.push(`${where}: OID ${oid} used twice`);
    oids.add(oid);
  };
  const itemDefs = new Map(mdv.children.filter((c) => c.name === 'ItemDef').map((c) => [c.attrs.OID!, c]));
  const codeLists = new Map(mdv.children.filter((c) => c.name === 'CodeList').map((c) => [c.attrs.OID!, c]));
  const referencedItems = new Set<string>();
  const referencedLists = new Set<string>();

  for (const group of mdv.children.filter((c) => c.name === 'ItemGroupDef')) {
    const where = `ItemGroupDef ${group.attrs.OID}`;
    unique(group.attrs.OID, where);
    requireAttrs(
      group,
      {
        OID: true,
        Name: /^[A-Z][A-Z0-9_]{0,7}$/,
        Repeating: ENUMS.YesNo,
        IsReferenceData: ENUMS.YesNo,
        Purpose: ENUMS.Purpose,
        'def:Structure': true,
        'def:ArchiveLocationID': true,
      },
      problems,
      where,
    );
    checkOrder(group, ['Description', 'ItemRef+', 'Alias*', 'def:Class', 'def:leaf'], problems, where);
    checkTranslatedText(
      group.children.find((c) => c.name === 'Description'),
      problems,
      where,
    );
    const refs = group.children.filter((c) => c.name === 'ItemRef');
    const orders = new Set<string>();
    const keys = new Set<string>();
    for (const ref of refs) {
      requireAttrs(
        ref,
        { ItemOID: true, Mandatory: ENUMS.YesNo, OrderNumber: /^[1-9]\d*$/ },
        problems,
        `${where} ItemRef`,
      );
      if (!itemDefs.has(ref.attrs.ItemOID!))
        problems.push(`${where}: ItemRef to unknown ${ref.attrs.ItemOID}`);
      referencedItems.add(ref.attrs.ItemOID!);
      if (orders.has(ref.attrs.OrderNumber!))
        problems.push(`${where}: OrderNumber ${ref.attrs.OrderNumber} twice`);
      orders.add(ref.attrs.OrderNumber!);
      const key = ref.attrs.KeySequence;
      if (key !== undefined) {
        if (keys.has(key) || !/^[1-9]\d*$/.test(key)) problems.push(`${where}: KeySequence ${key}`);
        keys.add(key);
      }
    }
    if (
      [...keys]
        .map(Number)
        .sort((a, b) => a - b)
        .some((k, i) => k !== i + 1)
    )
      problems.push(`${where}: key sequence ${[...keys].join(',')} is not 1..n`);
    const cls = group.children.find((c) => c.name === 'def:Class');
    if (cls) requireAttrs(cls, { Name: ENUMS.Class }, problems, `${where} def:Class`);
    const leaf = group.children.find((c) => c.name === 'def:leaf');
    if (leaf) {
      requireAttrs(leaf, { ID: true, 'xlink:href': true }, problems, `${where} def:leaf`);
      if (leaf.attrs.ID !== group.attrs['def:ArchiveLocationID'])
        problems.push(
          `${where}: def:leaf ${leaf.attrs.ID} is not def:ArchiveLocationID ${group.attrs['def:ArchiveLocationID']}`,
        );
      if (!fs.existsSync(path.join(dir, leaf.attrs['xlink:href'] ?? '')))
        problems.push(`${where}: ${leaf.attrs['xlink:href']} does not exist beside define.xml`);
      checkOrder(leaf, ['def:title'], problems, `${where} def:leaf`);
    }
  }

  for (const [oid, item] of itemDefs) {
    const where = `ItemDef ${oid}`;
    unique(oid, where);
    requireAttrs(
      item,
      { OID: true, Name: /^[A-Z][A-Z0-9_]{0,7}$/, DataType: ENUMS.ItemDataType },
      problems,
      where,
    );
    const type = item.attrs.DataType!;
    if (['text', 'integer', 'float'].includes(type) && !/^[1-9]\d*$/.test(item.attrs.Length ?? ''))
      problems.push(`${where}: ${type} without a positive Length`);
    checkOrder(item, ['Description', 'CodeListRef?', 'Alias*', 'def:Origin+'], problems, where);
    checkTranslatedText(
      item.children.find((c) => c.name === 'Description'),
      problems,
      where,
    );
    const listRef = item.children.find((c) => c.name === 'CodeListRef');
    if (listRef) {
      if (!codeLists.has(listRef.attrs.CodeListOID ?? ''))
        problems.push(`${where}: CodeListRef to unknown ${listRef.attrs.CodeListOID}`);
      referencedLists.add(listRef.attrs.CodeListOID ?? '');
    }
    for (const origin of item.children.filter((c) => c.name === 'def:Origin'))
      requireAttrs(
        origin,
        { Type: ENUMS.OriginType, Source: ENUMS.OriginSource },
        problems,
        `${where} def:Origin`,
      );
    if (!referencedItems.has(oid)) problems.push(`${where}: no ItemGroupDef refers to it`);
  }

  for (const [oid, list] of codeLists) {
    const where = `CodeList ${oid}`;
    unique(oid, where);
    requireAttrs(list, { OID: true, Name: true, DataType: ENUMS.CodeListDataType }, problems, where);
    const kinds = new Set(list.children.map((c) => c.name));
    if (
      list.children.length === 0 ||
      kinds.size !== 1 ||
      !(kinds.has('EnumeratedItem') || kinds.has('CodeListItem'))
    )
      problems.push(
        `${where}: items must be all EnumeratedItem or all CodeListItem (found ${[...kinds].join(', ')})`,
      );
    for (const item of list.children) {
      requireAttrs(item, { CodedValue: true }, problems, `${where} ${item.name}`);
      if (item.name === 'CodeListItem') {
        checkOrder(item, ['Decode'], problems, `${where} ${item.attrs.CodedValue}`);
        checkTranslatedText(item.children[0], problems, `${where} ${item.attrs.CodedValue} Decode`);
      }
    }
    if (!referencedLists.has(oid)) problems.push(`${where}: no ItemDef refers to it`);
  }
  return problems;
}
