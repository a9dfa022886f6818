import { useTranslation } from 'react-i18next';
import { useStudy } from '../hooks/StudyContext';
import { useFormat } from '../hooks/useFormat';

/** The study's sites to choose one from ('' for all of them), with their subject counts if asked. */
export function SiteSelect({
  value,
  onChange,
  anyLabel,
  withSubjects = false,
  testId,
}: {
  value: string;
  onChange: (site: string) => void;
  /** The label of '' (default: any). */
  anyLabel?: string;
  withSubjects?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { study } = useStudy();
  const fmt = useFormat();
  return (
    <label className="field field-inline">
      <span>{t('columns.siteId')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{anyLabel ?? t('filters.any')}</option>
        {study?.sites.map((s) => (
          <option key={s.siteId} value={s.siteId}>
            {withSubjects ? `${s.siteId} (${fmt.number(s.subjects)})` : s.siteId}
          </option>
        ))}
      </select>
    </label>
  );
}
