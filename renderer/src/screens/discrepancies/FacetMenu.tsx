import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../hooks/useFormat';

/** A compact multi-select with counts: "Status: Open, Queried ▾". */
export function FacetMenu({
  label,
  options,
  selected,
  onChange,
  renderLabel,
}: {
  label: string;
  options: readonly { key: string; count?: number }[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
  renderLabel?: (key: string) => string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const name = (key: string) => (renderLabel ? renderLabel(key) : key);

  useEffect(() => {
    if (!open) return;
    // Keyboard users land in the list: Tab moves through the values, Space ticks one.
    root.current?.querySelector<HTMLInputElement>('.facet-menu input')?.focus();
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
        root.current?.querySelector<HTMLButtonElement>('button')?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [open]);

  // Selected values the counts no longer list still show, with 0.
  const shown = [
    ...options,
    ...selected.filter((s) => !options.some((o) => o.key === s)).map((key) => ({ key, count: 0 })),
  ];
  const summary =
    selected.length === 0
      ? t('filters.any')
      : selected.length <= 2
        ? selected.map(name).join(', ')
        : t('filters.nSelected', { count: selected.length });

  return (
    <div className="facet" ref={root}>
      <button
        type="button"
        className={selected.length ? 'facet-button active' : 'facet-button'}
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
      >
        <span className="facet-label">{label}</span>
        <span className="facet-summary">{summary}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="facet-menu" role="group" aria-label={label}>
          <div className="facet-menu-list">
            {shown.length === 0 && <p className="muted facet-empty">{t('filters.noValues')}</p>}
            {shown.map((o) => (
              <label key={o.key} className="facet-option">
                <input
                  type="checkbox"
                  checked={selected.includes(o.key)}
                  onChange={(e) =>
                    onChange(e.target.checked ? [...selected, o.key] : selected.filter((s) => s !== o.key))
                  }
                />
                <span className="facet-option-name">{name(o.key)}</span>
                {o.count !== undefined && <span className="facet-count">{fmt.number(o.count)}</span>}
              </label>
            ))}
          </div>
          {selected.length > 0 && (
            <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange([])}>
              {t('filters.clearFacet')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
