import { useTranslation } from 'react-i18next';
import type { ImportReport, NumberDates } from '../../../../shared/api/imports';
import { Note } from '../../components/ErrorNote';
import { useFormat } from '../../hooks/useFormat';
import { baseName } from '../../lib/paths';

type File = ImportReport['files'][number];

const total = (n: NumberDates) => n.serial + n.year + n.yyyymmdd;

/** `87 Excel serial days · 24 yyyymmdd · 1 year`, or '' when no date cell held a bare number. */
export function useNumberDatesText(): (n: NumberDates) => string {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (n) =>
    (['serial', 'yyyymmdd', 'year'] as const)
      .filter((kind) => n[kind] > 0)
      .map((kind) => t(`import.numberDates.${kind}`, { count: n[kind], n: fmt.number(n[kind]) }))
      .join(' · ');
}

/**
 * Date cells that held a bare number (a column that lost its date format in Excel, or a CSV saved
 * from one), read as Excel serial days, years or yyyymmdd (site-exports.md): how many, per file.
 */
export function NumberDatesNote({ files }: { files: readonly File[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const text = useNumberDatesText();
  const read = files.filter((f) => total(f.numberDates) > 0);
  if (read.length === 0) return null;
  const cells = read.reduce((n, f) => n + total(f.numberDates), 0);
  return (
    <Note kind="info">
      <div data-testid="number-dates">
        <strong>{t('import.numberDates.title', { count: cells, n: fmt.number(cells) })}</strong>{' '}
        {t('import.numberDates.explain')}
        <ul className="plain-list small">
          {read.map((f, i) => (
            <li key={i}>
              <span className="mono" title={f.path}>
                {baseName(f.path)}
                {f.sheet ? ` [${f.sheet}]` : ''}
              </span>
              : {text(f.numberDates)}
            </li>
          ))}
        </ul>
      </div>
    </Note>
  );
}
