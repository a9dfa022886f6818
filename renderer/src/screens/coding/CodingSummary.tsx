import { useTranslation } from 'react-i18next';
import type { CodingStatus } from '../../../../shared/api/coding';
import { useFormat } from '../../hooks/useFormat';

export const dictionaryLabel = (type: 'meddra' | 'whodrug', version: string) =>
  `${type === 'meddra' ? 'MedDRA' : 'WHODrug'} ${version}`;

/** Per coded form: coded (auto, synonym list, by hand), waiting, overdue, queried. */
export function CodingSummary({ status }: { status: CodingStatus }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div className="coding-summary" data-testid="coding-summary">
      {status.forms.map((f) => (
        <div key={f.form} className="coding-form-summary">
          <strong>{f.form}</strong>
          <span className="chip">
            {t('coding.coded')} <span className="chip-count">{fmt.number(f.coded)}</span>
          </span>
          <span className="chip">
            {t('coding.auto')} <span className="chip-count">{fmt.number(f.auto)}</span>
          </span>
          <span className="chip">
            {t('coding.synonym')} <span className="chip-count">{fmt.number(f.synonym)}</span>
          </span>
          <span className="chip">
            {t('coding.manual')} <span className="chip-count">{fmt.number(f.manual)}</span>
          </span>
          <span className={f.waiting ? 'chip chip-waiting' : 'chip'}>
            {t('coding.waiting')} <span className="chip-count">{fmt.number(f.waiting)}</span>
          </span>
          {f.overdue > 0 && (
            <span className="chip chip-overdue" title={t('coding.overdueHint', { days: status.blockerDays })}>
              {t('coding.overdue', { days: status.blockerDays })}{' '}
              <span className="chip-count">{fmt.number(f.overdue)}</span>
            </span>
          )}
          {f.queried > 0 && (
            <span className="chip">
              {t('coding.queried')} <span className="chip-count">{fmt.number(f.queried)}</span>
            </span>
          )}
        </div>
      ))}
    </div>
  );
}
