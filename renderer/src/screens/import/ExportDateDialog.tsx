import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NamedDate } from '../../../../shared/api/imports';
import { Dialog } from '../../components/Dialog';
import { useFormat } from '../../hooks/useFormat';

/**
 * site-exports.md: the export date comes from the names, never from the day of loading. When the
 * names carry none (files chosen one by one: the browser never tells their folder), the window asks
 * for it; when the date entered contradicts the names, it asks to confirm.
 */
export interface ExportDateQuestion {
  paths: string[];
  label: string;
  named: NamedDate;
  /** The date entered before loading ('' when none). */
  entered: string;
}

export function ExportDateDialog({
  question,
  busy,
  onAnswer,
  onClose,
}: {
  question: ExportDateQuestion | null;
  busy: boolean;
  onAnswer: (exportDate: string, confirmed: boolean) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [date, setDate] = useState('');
  const named = question?.named ?? null;
  const contradicts = question !== null && named !== null && question.entered !== '';
  return (
    <Dialog
      open={question !== null}
      title={
        contradicts ? t('import.exportDateQuestion.confirmTitle') : t('import.exportDateQuestion.askTitle')
      }
      submitLabel={
        contradicts
          ? t('import.exportDateQuestion.loadAs', { date: fmt.date(question.entered) })
          : t('import.exportDateQuestion.preview')
      }
      submitDisabled={!contradicts && date === ''}
      busy={busy}
      onClose={() => {
        setDate('');
        onClose();
      }}
      onSubmit={() => {
        if (contradicts) onAnswer(question.entered, true);
        else onAnswer(date, false);
        setDate('');
      }}
    >
      {question && contradicts && named && (
        <p data-testid="export-date-contradiction">
          {t('import.exportDateQuestion.contradiction', {
            source: t(`import.exportDateQuestion.source.${named.source}`),
            name: named.name.split(/[\\/]/).pop(),
            named: fmt.date(named.date),
            entered: fmt.date(question.entered),
          })}
        </p>
      )}
      {question && !contradicts && (
        <>
          <p>{t('import.exportDateQuestion.noDate', { label: question.label })}</p>
          <label className="field">
            <span>{t('import.exportDate')}</span>
            <input
              type="date"
              value={date}
              required
              data-testid="export-date-answer"
              onChange={(e) => setDate(e.target.value)}
            />
          </label>
          <p className="hint">{t('import.exportDateQuestion.why')}</p>
        </>
      )}
    </Dialog>
  );
}
