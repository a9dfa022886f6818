import type { FormCounts } from '../../shared/api/imports';
import { hashText } from './random';
import type { ExpectedForm } from './site-export';

/**
 * What re-importing a site's export would show, form by form, against the site's previous export
 * (site-exports.md: an export replaces what the previous one said): new, changed and deleted
 * records by record key. Keeps only a hash of each record's standardised values.
 */
export class ChangeTally {
  private readonly previous = new Map<string, Map<string, Map<string, number>>>();

  tally(siteId: string, forms: readonly ExpectedForm[]): Record<string, FormCounts> {
    const before = this.previous.get(siteId);
    const now = new Map<string, Map<string, number>>();
    const counts: Record<string, FormCounts> = {};
    for (const { form, records, json, keys } of forms) {
      const old = before?.get(form);
      const current = new Map<string, number>();
      const c: FormCounts = { rows: records.length, new: 0, changed: 0, deleted: 0 };
      records.forEach((_, i) => {
        const hash = hashText(json[i]!);
        const key = keys[i]!;
        current.set(key, hash);
        const was = old?.get(key);
        if (was === undefined) c.new++;
        else if (was !== hash) c.changed++;
      });
      if (old) for (const key of old.keys()) if (!current.has(key)) c.deleted++;
      now.set(form, current);
      counts[form] = c;
    }
    this.previous.set(siteId, now);
    return counts;
  }
}
