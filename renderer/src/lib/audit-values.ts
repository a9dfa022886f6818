/**
 * The audit trail keeps an import's changes as one JSON value (site, export date, and per form the
 * rows, new, changed and deleted records); people read them as a list.
 */
type T = (key: string, options?: Record<string, unknown>) => string;

interface ImportChanges {
  siteId: string;
  exportDate: string;
  forms: Record<string, { rows: number; new: number; changed: number; deleted: number }>;
}

function importChangesOf(value: string | null | undefined): ImportChanges | null {
  if (!value || !value.startsWith('{')) return null;
  try {
    const parsed = JSON.parse(value) as Partial<ImportChanges>;
    if (typeof parsed.siteId !== 'string' || typeof parsed.exportDate !== 'string') return null;
    if (typeof parsed.forms !== 'object' || parsed.forms === null) return null;
    return parsed as ImportChanges;
  } catch {
    return null;
  }
}

/**
 * The lines of an import's changes: `S01, export of 11 Jan 2019`, then one a form
 * (`AE: 3 new, 1 changed, 2 deleted`). Null when the value is not an import's changes.
 */
export function importChangeLines(
  value: string | null | undefined,
  t: T,
  fmt: { date: (iso: string) => string; number: (n: number) => string },
): string[] | null {
  const changes = importChangesOf(value);
  if (!changes) return null;
  return [
    t('audit.importOf', { site: changes.siteId, date: fmt.date(changes.exportDate) }),
    ...Object.entries(changes.forms).map(([form, c]) =>
      t('audit.importForm', {
        form,
        new: fmt.number(c.new),
        changed: fmt.number(c.changed),
        deleted: fmt.number(c.deleted),
      }),
    ),
  ];
}
