import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Section } from '../../components/PageHeader';
import { useApi } from '../../hooks/useApi';
import { useFormat } from '../../hooks/useFormat';
import '../../styles/coding.css';

/** Medical coding at a glance: per coded form, coded (auto, synonym list, by hand) and waiting. */
export function CodingCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const status = useApi('coding.status', {});
  const forms = status.data?.forms ?? [];
  if (forms.length === 0) return null;
  return (
    <Section
      title={t('dashboard.coding')}
      className="card"
      actions={<Link to="/coding">{t('dashboard.codingOpen')}</Link>}
    >
      <table className="table table-compact" data-testid="dashboard-coding">
        <thead>
          <tr>
            <th>{t('record.form')}</th>
            <th className="num">{t('coding.coded')}</th>
            <th className="num">{t('coding.auto')}</th>
            <th className="num">{t('coding.synonym')}</th>
            <th className="num">{t('coding.manual')}</th>
            <th className="num">{t('dashboard.codingWaiting')}</th>
          </tr>
        </thead>
        <tbody>
          {forms.map((f) => (
            <tr key={f.form}>
              <td>{f.form}</td>
              <td className="num">{fmt.number(f.coded)}</td>
              <td className="num">{fmt.number(f.auto)}</td>
              <td className="num">{fmt.number(f.synonym)}</td>
              <td className="num">{fmt.number(f.manual)}</td>
              <td className={f.overdue ? 'num coding-overdue' : 'num'}>{fmt.number(f.waiting)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
