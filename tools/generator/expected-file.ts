import type { ExpectedForm } from './site-export';

/**
 * expected/round-N/SXX.json: what `data --format json` prints for the site's records after the
 * import of this export: {siteId, exportDate, forms: {DM: [...], ...}}, one record a line.
 */
export function expectedJson(siteId: string, exportDate: string, forms: readonly ExpectedForm[]): string {
  const parts: string[] = [];
  parts.push(`{"siteId":${JSON.stringify(siteId)},"exportDate":${JSON.stringify(exportDate)},"forms":{`);
  forms.forEach(({ form, json }, f) => {
    parts.push(`${f ? ',' : ''}\n${JSON.stringify(form)}:[`);
    if (json.length) parts.push(`\n${json.join(',\n')}\n]`);
    else parts.push(']');
  });
  parts.push('\n}}\n');
  return parts.join('');
}
