import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { AnalysisCodeList, AnalysisDataset, AnalysisVariable } from './analysis-dataset';

/**
 * Define-XML 2.1 (ODM 1.3.2 with the def: extension): one ItemGroupDef a dataset with its keys and
 * where its file is (def:leaf), one ItemDef a variable (name, label, type, length, display format,
 * origin), and the code lists with their canonical codes. The datasets are a study's collected
 * forms, not SDTM domains, so each is marked def:IsNonStandard.
 */

export const ODM_NAMESPACE = 'http://www.cdisc.org/ns/odm/v1.3';
export const DEFINE_NAMESPACE = 'http://www.cdisc.org/ns/def/v2.1';
export const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';
export const DEFINE_VERSION = '2.1.0';

export interface DefineDataset {
  dataset: AnalysisDataset;
  /** Text variables: their length (bytes of the longest value). */
  lengths: ReadonlyMap<string, number>;
  /** One record a subject (Repeating="No"). */
  onePerSubject: boolean;
  /** Where the dataset's file is, relative to define.xml. */
  href: string;
}

export interface DefineDocument {
  fileOID: string;
  creationDateTime: string;
  sourceSystem: { name: string; version: string };
  originator?: string;
  study: { oid: string; name: string; description: string; protocol: string };
  metaDataVersion: { oid: string; name: string; description: string };
  originSource: string;
  datasets: readonly DefineDataset[];
  codeLists: readonly AnalysisCodeList[];
}

export const itemGroupOid = (dataset: string) => `IG.${dataset}`;
export const itemOid = (dataset: string, variable: string) => `IT.${dataset}.${variable}`;
export const codeListOid = (name: string) => `CL.${name}`;
const leafId = (dataset: string) => `LF.${dataset}`;

const yes = (flag: boolean) => (flag ? 'Yes' : 'No');

function describe(parent: XMLBuilder, text: string): void {
  parent.ele('Description').ele('TranslatedText', { 'xml:lang': 'en' }).txt(text);
}

/** ODM data types: complete dates are SAS dates (integers shown with the date format). */
function dataTypeOf(v: AnalysisVariable): string {
  if (v.partialDate) return 'partialDate';
  return v.type === 'text' ? 'text' : v.type === 'float' ? 'float' : 'integer';
}

const NUMBER_LENGTH = 8;

function itemDef(mdv: XMLBuilder, doc: DefineDocument, d: DefineDataset, v: AnalysisVariable): void {
  const type = dataTypeOf(v);
  const length =
    type === 'partialDate' ? undefined : v.type === 'text' ? d.lengths.get(v.name) : NUMBER_LENGTH;
  const item = mdv.ele('ItemDef', {
    OID: itemOid(d.dataset.name, v.name),
    Name: v.name,
    DataType: type,
    ...(length !== undefined ? { Length: String(length) } : {}),
    SASFieldName: v.name,
    ...(v.displayFormat ? { 'def:DisplayFormat': v.displayFormat } : {}),
  });
  describe(item, v.label);
  if (v.codeList) item.ele('CodeListRef', { CodeListOID: codeListOid(v.codeList) });
  // Coded values are the sponsor's, assigned from a dictionary (Define-XML 2.1's origin types).
  item.ele(
    'def:Origin',
    v.coded ? { Type: 'Assigned', Source: 'Sponsor' } : { Type: 'Collected', Source: doc.originSource },
  );
}

function itemGroupDef(mdv: XMLBuilder, d: DefineDataset): void {
  const { dataset } = d;
  const group = mdv.ele('ItemGroupDef', {
    OID: itemGroupOid(dataset.name),
    Name: dataset.name,
    SASDatasetName: dataset.name,
    Repeating: yes(!d.onePerSubject),
    IsReferenceData: 'No',
    Purpose: 'Tabulation',
    'def:Structure': dataset.structure,
    'def:ArchiveLocationID': leafId(dataset.name),
    'def:IsNonStandard': 'Yes',
  });
  describe(group, dataset.label);
  dataset.variables.forEach((v, i) =>
    group.ele('ItemRef', {
      ItemOID: itemOid(dataset.name, v.name),
      OrderNumber: String(i + 1),
      Mandatory: yes(v.mandatory),
      ...(v.keySequence ? { KeySequence: String(v.keySequence) } : {}),
    }),
  );
  if (dataset.observationClass) group.ele('def:Class', { Name: dataset.observationClass });
  group
    .ele('def:leaf', { ID: leafId(dataset.name), 'xlink:href': d.href })
    .ele('def:title')
    .txt(d.href.split('/').pop()!);
}

function codeList(mdv: XMLBuilder, list: AnalysisCodeList): void {
  const element = mdv.ele('CodeList', {
    OID: codeListOid(list.name),
    Name: list.name,
    DataType: list.dataType,
  });
  const decoded = list.values.some((v) => v.label !== undefined);
  list.values.forEach((v, i) => {
    const attributes = { CodedValue: v.code, OrderNumber: String(i + 1) };
    if (!decoded) element.ele('EnumeratedItem', attributes);
    else
      element
        .ele('CodeListItem', attributes)
        .ele('Decode')
        .ele('TranslatedText', { 'xml:lang': 'en' })
        .txt(v.label ?? v.code);
  });
}

export function defineXml(doc: DefineDocument): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('ODM', {
    xmlns: ODM_NAMESPACE,
    'xmlns:def': DEFINE_NAMESPACE,
    'xmlns:xlink': XLINK_NAMESPACE,
    ODMVersion: '1.3.2',
    FileType: 'Snapshot',
    FileOID: doc.fileOID,
    CreationDateTime: doc.creationDateTime,
    ...(doc.originator ? { Originator: doc.originator } : {}),
    SourceSystem: doc.sourceSystem.name,
    SourceSystemVersion: doc.sourceSystem.version,
    'def:Context': 'Other',
  });
  const study = root.ele('Study', { OID: doc.study.oid });
  const globals = study.ele('GlobalVariables');
  globals.ele('StudyName').txt(doc.study.name);
  globals.ele('StudyDescription').txt(doc.study.description);
  globals.ele('ProtocolName').txt(doc.study.protocol);
  const mdv = study.ele('MetaDataVersion', {
    OID: doc.metaDataVersion.oid,
    Name: doc.metaDataVersion.name,
    Description: doc.metaDataVersion.description,
    'def:DefineVersion': DEFINE_VERSION,
  });
  for (const d of doc.datasets) itemGroupDef(mdv, d);
  for (const d of doc.datasets) for (const v of d.dataset.variables) itemDef(mdv, doc, d, v);
  for (const list of doc.codeLists) codeList(mdv, list);
  return `${root.end({ prettyPrint: true })}\n`;
}
