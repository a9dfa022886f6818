import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pathsFromDrop } from '../../api/files';
import type { DroppedFile } from '../../api/upload';
import { Icon } from '../../components/Icon';
import { desktop } from '../../lib/desktop';

/**
 * Where a site export comes in: paths already known (desktop dialog or drop), a drop still being
 * resolved (browser mode uploads it), or files picked in the browser (uploaded on preview).
 */
export type Source =
  | { kind: 'paths'; paths: string[]; label: string }
  | { kind: 'drop'; paths: Promise<string[]>; label: string }
  | { kind: 'files'; files: DroppedFile[]; label: string };

function isJunk(path: string): boolean {
  const name = path.split('/').pop() ?? path;
  return name.startsWith('.') || name === 'Thumbs.db' || name === 'desktop.ini' || name.startsWith('~$');
}

export function DropZone({
  disabled,
  disabledTitle,
  onSource,
}: {
  disabled: boolean;
  disabledTitle?: string;
  onSource: (source: Source) => void;
}) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const helpers = desktop();
  const label = (names: string[]) =>
    names.length === 1 ? names[0]! : t('import.nFiles', { count: names.length });

  const fromInput = (list: FileList | null) => {
    const files = [...(list ?? [])]
      .map((file) => ({ file, relativePath: file.webkitRelativePath || file.name }))
      .filter((f) => !isJunk(f.relativePath));
    if (files.length === 0) return;
    const top = [...new Set(files.map((f) => f.relativePath.split('/')[0]!))];
    onSource({
      kind: 'files',
      files,
      label:
        top.length === 1 && files[0]!.relativePath.includes('/')
          ? `${top[0]}/`
          : label(files.map((f) => f.relativePath)),
    });
  };

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (disabled || e.dataTransfer.files.length === 0) return;
    // Resolved before any await: the browser empties the DataTransfer when the handler returns.
    const names = [...e.dataTransfer.files].map((f) => f.name);
    onSource({ kind: 'drop', paths: pathsFromDrop(e.dataTransfer), label: label(names) });
  };

  const pickDesktop = async (folder: boolean) => {
    if (!helpers) return;
    if (folder) {
      const dir = await helpers.pickFolder({ title: t('import.pickFolder') });
      if (dir) onSource({ kind: 'paths', paths: [dir], label: dir });
    } else {
      const paths = await helpers.pickFiles({
        title: t('import.pickFiles'),
        multiple: true,
        filters: [
          { name: t('import.siteExports'), extensions: ['csv', 'tsv', 'txt', 'xlsx', 'xlsm', 'zip'] },
        ],
      });
      if (paths.length) onSource({ kind: 'paths', paths, label: label(paths) });
    }
  };

  return (
    <div
      className={`dropzone${over ? ' over' : ''}${disabled ? ' disabled' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      title={disabledTitle}
      data-testid="dropzone"
    >
      <Icon name="upload" size={28} />
      <p className="dropzone-title">{t('import.dropTitle')}</p>
      <p className="muted small">{t('import.dropHint')}</p>
      <div className="dropzone-actions">
        <button
          type="button"
          className="btn"
          disabled={disabled}
          onClick={() => (helpers ? void pickDesktop(true) : folderInput.current?.click())}
        >
          <Icon name="folder" size={14} /> {t('import.chooseFolder')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={disabled}
          onClick={() => (helpers ? void pickDesktop(false) : filesInput.current?.click())}
        >
          <Icon name="file" size={14} /> {t('import.chooseFiles')}
        </button>
      </div>
      <input
        ref={filesInput}
        type="file"
        multiple
        accept=".csv,.tsv,.txt,.xlsx,.xlsm,.zip"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          fromInput(e.target.files);
          e.target.value = '';
        }}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        data-testid="folder-input"
        {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
        onChange={(e) => {
          fromInput(e.target.files);
          e.target.value = '';
        }}
      />
    </div>
  );
}
