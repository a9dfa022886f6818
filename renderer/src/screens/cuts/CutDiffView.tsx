import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cut } from '../../../../shared/api/cuts';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { useAction } from '../../hooks/useAction';
import { useFormat } from '../../hooks/useFormat';
import { TableHead } from '../../components/TableHead';

/** What changed between two data cuts: records per form, discrepancies opened and closed. */
export function CutDiffView({ cuts }: { cuts: readonly Cut[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [from, setFrom] = useState(cuts.length > 1 ? cuts[cuts.length - 2]!.name : '');
  const [to, setTo] = useState(cuts.length > 0 ? cuts[cuts.length - 1]!.name : '');
  const diff = useAction(() => call('cuts.diff', { from, to }));
  const d = diff.result;

  if (cuts.length < 2) return <p className="muted">{t('cuts.diffNeedsTwo')}</p>;
  return (
    <div className="stack">
      <div className="form-row">
        <label className="field field-inline">
          <span>{t('cuts.from')}</span>
          <select value={from} onChange={(e) => setFrom(e.target.value)}>
            {cuts.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-inline">
          <span>{t('cuts.to')}</span>
          <select value={to} onChange={(e) => setTo(e.target.value)}>
            {cuts.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          disabled={!from || !to || from === to || diff.running}
          onClick={() => void diff.run()}
        >
          {t('cuts.compare')}
        </button>
      </div>
      <ErrorNote error={diff.error} />
      {d && (
        <>
          <table className="table table-compact">
            <TableHead
              columns={[
                t('columns.form'),
                `#${t('import.new')}`,
                `#${t('import.changed')}`,
                `#${t('import.deleted')}`,
              ]}
            />
            <tbody>
              {Object.entries(d.forms).map(([form, f]) => (
                <tr key={form}>
                  <th scope="row">{form}</th>
                  <td className="num">{fmt.number(f.new.length)}</td>
                  <td className="num">{fmt.number(f.changed.length)}</td>
                  <td className="num">{fmt.number(f.deleted.length)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            {t('cuts.diffDiscrepancies', {
              opened: fmt.number(d.discrepancies.opened.length),
              closed: fmt.number(d.discrepancies.closed.length),
            })}
          </p>
          {Object.entries(d.forms).some(([, f]) => f.changed.length) && (
            <details className="disclosure">
              <summary>{t('cuts.changedRecords')}</summary>
              <div className="scroll-box">
                <table className="table table-compact">
                  <tbody>
                    {Object.entries(d.forms).flatMap(([form, f]) =>
                      f.changed.flatMap((c) =>
                        c.changes.map((ch, i) => (
                          <tr key={`${form}-${c.recordKey}-${ch.field}-${i}`}>
                            <td>{form}</td>
                            <td className="mono">{c.subjectId}</td>
                            <td className="mono">{c.recordKey}</td>
                            <td className="mono">{ch.field}</td>
                            <td className="mono">
                              <del>{ch.old ?? '—'}</del> → <ins>{ch.new ?? '—'}</ins>
                            </td>
                          </tr>
                        )),
                      ),
                    )}
                  </tbody>
                </table>
              </div>
            </details>
          )}
        </>
      )}
    </div>
  );
}
