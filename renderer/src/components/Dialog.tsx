import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal on the native <dialog>: focus is trapped by the browser, Esc cancels, Enter in a field
 * submits its form, Ctrl+Enter submits from a text area. The first field (or [data-autofocus]) gets the focus.
 */
export function Dialog({
  open,
  title,
  onClose,
  onSubmit,
  submitLabel,
  submitDisabled,
  danger,
  busy,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  submitDisabled?: boolean;
  danger?: boolean;
  busy?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      const first = dialog.querySelector<HTMLElement>('[data-autofocus], textarea, input, select');
      first?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      {open && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            // A dialog may sit inside a screen's own form: its submit is its own.
            e.stopPropagation();
            if (!submitDisabled && !busy) onSubmit();
          }}
          onKeyDown={(e) => {
            // Ctrl+Enter (Cmd+Enter) confirms from a multi-line field too.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              if (!submitDisabled && !busy) onSubmit();
            }
          }}
        >
          <h2 className="dialog-title">{title}</h2>
          <div className="dialog-body">{children}</div>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={onClose} disabled={busy}>
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              className={danger ? 'btn btn-danger' : 'btn btn-primary'}
              disabled={submitDisabled || busy}
            >
              {busy ? t('common.working') : submitLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
