import { useTranslation } from 'react-i18next';
import type { Site } from '../../../../shared/api/sites';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../../../shared/messages/language';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Loading } from '../../components/Loading';
import { useLockedTitle } from '../../components/LockedNote';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useFormat } from '../../hooks/useFormat';

/**
 * The language each site reads its query lists in (sites.setLanguage): the study's default until a
 * data manager chooses; every change goes into the audit trail and stays through re-imports.
 */
export function SiteLanguages() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const lockedTitle = useLockedTitle();
  const sites = useApi('sites.list', {});
  const change = useAction((siteId: string, language: Language) =>
    call('sites.setLanguage', { sites: [siteId], language }),
  );
  const rows: Site[] | undefined = change.result ?? sites.data;

  return (
    <div className="stack">
      <p className="muted">{t('queries.sitesExplain')}</p>
      <ErrorNote error={sites.error ?? change.error} onRetry={sites.error ? sites.reload : undefined} />
      {!rows && sites.loading && <Loading />}
      {rows && rows.length === 0 && <p className="muted">{t('queries.sitesNone')}</p>}
      {rows && rows.length > 0 && (
        <table className="table table-compact" data-testid="site-languages">
          <thead>
            <tr>
              <th>{t('columns.siteId')}</th>
              <th>{t('queries.language')}</th>
              <th>{t('queries.languageChanged')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.siteId}>
                <td>{s.siteId}</td>
                <td>
                  <select
                    value={s.language}
                    aria-label={t('queries.languageOf', { site: s.siteId })}
                    data-testid={`site-language-${s.siteId}`}
                    disabled={change.running || !!lockedTitle}
                    title={lockedTitle}
                    onChange={(e) => void change.run(s.siteId, e.target.value as Language)}
                  >
                    {LANGUAGES.map((l) => (
                      <option key={l} value={l}>
                        {LANGUAGE_NAMES[l]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="small muted">
                  {s.languageSet && s.changedAt
                    ? t('queries.languageSetBy', { user: s.changedBy ?? '', when: fmt.dateTime(s.changedAt) })
                    : t('queries.languageDefault')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
