import * as xport from 'xport-js';

/** xport-js (an independent reader of SAS transport files) as CommonJS or ES module interop gives it. */
type LibraryClass = typeof xport.default;
const Library: LibraryClass =
  (xport.default as unknown as { default?: LibraryClass }).default ?? (xport.default as LibraryClass);

export interface XptVariableInfo {
  name: string;
  label: string;
  length: number;
  type: 'Num' | 'Char';
  format?: string;
}

/** Every variable's metadata and every observation of a transport file, as xport-js reads them. */
export async function readXpt(
  file: string,
): Promise<{ variables: XptVariableInfo[]; rows: (string | number | null)[][] }> {
  const library = new Library(file);
  const variables = (await library.getMetadata()) as unknown as XptVariableInfo[];
  const rows: (string | number | null)[][] = [];
  for await (const row of library.read({ rowFormat: 'array', skipHeader: true, encoding: 'utf8' }))
    rows.push(row as (string | number | null)[]);
  return { variables: variables.map((v) => ({ ...v, length: Number(v.length) })), rows };
}
