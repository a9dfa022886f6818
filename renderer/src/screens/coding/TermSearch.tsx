import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodingQueueRow, CodingSetResult, MeddraHit, WhodrugHit } from '../../../../shared/api/coding';
import { call } from '../../api/client';
import { useWriteGuard } from '../../hooks/StudyContext';
import { ErrorNote } from '../../components/ErrorNote';
import { Loading } from '../../components/Loading';
import { useLockedTitle } from '../../components/LockedNote';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useDebounced } from '../../hooks/useDebounced';
import { dictionaryLabel } from './CodingSummary';

/**
 * The dictionary of the selected records' form, searched (LLT and PT names in every loaded
 * language, WHODrug names), each hit with its hierarchy; Code codes the selected records with it.
 */
export function TermSearch({
  form,
  records,
  mixedForms,
  initialText,
  onCoded,
}: {
  form: string;
  records: CodingQueueRow[];
  mixedForms: boolean;
  initialText: string;
  onCoded: (result: CodingSetResult) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(initialText);
  const [seed, setSeed] = useState(initialText);
  if (initialText !== seed) {
    // A new selection proposes its verbatim as the search.
    setSeed(initialText);
    if (initialText) setText(initialText);
  }
  const [reason, setReason] = useState('');
  const [repeats, setRepeats] = useState(true);
  const query = useDebounced(text.trim(), 250);
  const found = useApi('coding.search', { form, text: query, limit: 30 }, { enabled: query.length > 0 });
  const recoding = records.some((r) => r.status === 'CODED');
  const code = useAction((target: { llt?: number; drug?: string; atc?: string }) =>
    call('coding.set', {
      form,
      recordIds: records.map((r) => r.recordId),
      ...target,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      sameVerbatim: repeats,
    }),
  );
  const { locked } = useWriteGuard();
  const lockedTitle = useLockedTitle();
  const blocked = locked || records.length === 0 || (recoding && !reason.trim()) || code.running;
  const run = async (target: { llt?: number; drug?: string; atc?: string }) => {
    const result = await code.run(target);
    if (result) onCoded(result);
  };
  const codeLabel = t('coding.codeSelected', { count: records.length });

  return (
    <div className="term-search">
      <input
        type="search"
        className="search-box"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('coding.searchPlaceholder', { form })}
        aria-label={t('coding.searchTitle')}
        data-testid="term-search"
      />
      <p className="hint">
        {mixedForms
          ? t('coding.mixedForms')
          : records.length
            ? t('coding.selectedHint', { count: records.length, verbatim: records[0]!.verbatim })
            : t('coding.selectHint')}
      </p>
      {recoding && (
        <label className="field">
          <span>
            {t('coding.recodeReason')} <span className="required">*</span>
          </span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="recode-reason" />
        </label>
      )}
      <label className="check">
        <input type="checkbox" checked={repeats} onChange={(e) => setRepeats(e.target.checked)} />{' '}
        {t('coding.repeats')}
      </label>
      <ErrorNote error={code.error} compact />
      <ErrorNote error={found.error} compact />
      {found.loading && !found.data && <Loading />}
      {query && found.data && (
        <>
          <p className="muted small">
            {t('coding.found', {
              count: found.data.total,
              dictionary: dictionaryLabel(found.data.dictionary.type, found.data.dictionary.version),
            })}
          </p>
          <ul className="hits" data-testid="term-hits">
            {found.data.hits.map((hit) =>
              hit.kind === 'meddra' ? (
                <MeddraHitItem
                  key={hit.llt.code}
                  hit={hit}
                  label={codeLabel}
                  disabled={blocked || !hit.current}
                  title={lockedTitle}
                  onCode={() => run({ llt: hit.llt.code })}
                />
              ) : (
                <WhodrugHitItem
                  key={hit.drugCode}
                  hit={hit}
                  label={codeLabel}
                  disabled={blocked}
                  title={lockedTitle}
                  onCode={(atc) => run({ drug: hit.drugCode, atc })}
                />
              ),
            )}
          </ul>
        </>
      )}
    </div>
  );
}

interface HitProps {
  label: string;
  disabled: boolean;
  title: string | undefined;
}

function MeddraHitItem({
  hit,
  label,
  disabled,
  title,
  onCode,
}: HitProps & { hit: MeddraHit; onCode: () => void }) {
  const { t } = useTranslation();
  const other = hit.matched.filter((m) => m.name !== hit.llt.name).map((m) => m.name);
  return (
    <li className="hit" data-testid="term-hit">
      <div className="hit-head">
        <span className="tag">{hit.level}</span> <strong>{hit.llt.name}</strong>
        {other.length > 0 && <span className="muted"> ({other.join(', ')})</span>}
        <span className="mono small muted"> {hit.llt.code}</span>
        {!hit.current && <span className="tag tag-error">{t('coding.nonCurrent')}</span>}
      </div>
      <ol className="hierarchy" aria-label={t('coding.hierarchy')}>
        <li>
          <span className="level">LLT</span> {hit.llt.name}
        </li>
        <li>
          <span className="level">PT</span> {hit.pt.name}{' '}
          <span className="mono small muted">{hit.pt.code}</span>
        </li>
        <li>
          <span className="level">HLT</span> {hit.hlt.name}
        </li>
        <li>
          <span className="level">HLGT</span> {hit.hlgt.name}
        </li>
        <li>
          <span className="level">SOC</span> {hit.soc.name}{' '}
          <span className="muted small">({t('coding.primarySoc')})</span>
        </li>
      </ol>
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={disabled}
        title={title}
        onClick={onCode}
      >
        {label}
      </button>
    </li>
  );
}

function WhodrugHitItem({
  hit,
  label,
  disabled,
  title,
  onCode,
}: HitProps & { hit: WhodrugHit; onCode: (atc?: string) => void }) {
  const { t } = useTranslation();
  const official = hit.atc.filter((a) => a.official);
  const [atc, setAtc] = useState<string | undefined>(
    official.length === 1 ? official[0]!.code : hit.atc.length === 1 ? hit.atc[0]!.code : undefined,
  );
  return (
    <li className="hit" data-testid="term-hit">
      <div className="hit-head">
        <strong>{hit.name}</strong> <span className="mono small muted">{hit.drugCode}</span>
      </div>
      <ol className="hierarchy">
        <li>
          <span className="level">{t('coding.preferred')}</span> {hit.drugName}
        </li>
        {hit.ingredients.length > 0 && (
          <li>
            <span className="level">{t('coding.ingredients')}</span> {hit.ingredients.join('; ')}
          </li>
        )}
      </ol>
      <fieldset className="atc-choice">
        <legend className="small muted">ATC</legend>
        {hit.atc.map((a) => (
          <label key={a.code} className="check">
            <input
              type="radio"
              name={`atc-${hit.drugCode}`}
              checked={atc === a.code}
              onChange={() => setAtc(a.code)}
            />{' '}
            <span className="mono">{a.code}</span> {a.text}
            {a.official && <span className="muted small"> ({t('coding.official')})</span>}
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={disabled || (hit.atc.length > 0 && !atc)}
        title={title}
        onClick={() => onCode(atc)}
      >
        {label}
      </button>
    </li>
  );
}
