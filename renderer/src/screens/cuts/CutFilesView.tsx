import { useTranslation } from 'react-i18next';
import { FILE_FORMATS, type WrittenFile } from '../../../../shared/api/exports';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { Loading } from '../../components/Loading';
import { useApi } from '../../hooks/useApi';
import { useFormat } from '../../hooks/useFormat';

/** What a cut's snapshot holds, by format (from its manifest): how many files, how large, which. */
export function CutFilesView({ cut }: { cut: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const files = useApi('cuts.files', { name: cut });
  if (files.error) return <ErrorNote error={files.error} onRetry={files.reload} />;
  if (!files.data) return <Loading />;
  if (!files.data.available)
    return <Note kind="warning">{t('cuts.filesUnavailable', { problem: files.data.problem ?? '' })}</Note>;
  const groups = FILE_FORMATS.map((format) => ({
    format,
    files: files.data!.files.filter((f: WrittenFile) => f.format === format),
  })).filter((g) => g.files.length > 0);
  return (
    <table className="table table-compact" data-testid="cut-files">
      <thead>
        <tr>
          <th>{t('cuts.fileFormat')}</th>
          <th className="num">{t('cuts.fileCount')}</th>
          <th className="num">{t('cuts.fileSize')}</th>
          <th>{t('cuts.fileNames')}</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.format} data-format={g.format}>
            <td>
              <strong>{t(`cuts.format_${g.format}`)}</strong>
              <div className="small muted">{t(`cuts.formatHint_${g.format}`)}</div>
            </td>
            <td className="num">{fmt.number(g.files.length)}</td>
            <td className="num">{fmt.bytes(g.files.reduce((sum, f) => sum + f.bytes, 0))}</td>
            <td className="mono small">{g.files.map((f) => f.path).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
