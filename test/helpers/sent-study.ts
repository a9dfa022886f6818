import path from 'node:path';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { queryListRows } from './query-list-files';
import { dmRow, loadRows, newStudy, testContext } from './study-builder';

const ctx = testContext();

export const ex = (subject: string, seq: number, dose: string) => ({
  SUBJID: subject,
  EXSEQ: String(seq),
  EXTRT: 'POMALIDOMIDE',
  CYCLE: String(seq),
  EXSTDAT: `2018-0${seq}-01`,
  EXENDAT: `2018-0${seq}-21`,
  EXDOSE: dose,
  EXADJ: '',
});

/** Two sites; S01 has three dose discrepancies, S02 one; all sent as xlsx query lists. */
export async function sentStudy(options: { code?: string } = {}) {
  const definition = loadStudyDefinition();
  if (options.code) definition.study.code = options.code;
  const { api, dir, file } = newStudy({ definition });
  loadRows(api, {
    site: 'S01',
    exportDate: '2019-01-10',
    forms: {
      DM: [dmRow('S01-001', 'S01')],
      EX: [ex('S01-001', 1, '5'), ex('S01-001', 2, '6'), ex('S01-001', 3, '7')],
    },
  });
  loadRows(api, {
    site: 'S02',
    exportDate: '2019-01-10',
    forms: { DM: [dmRow('S02-001', 'S02')], EX: [ex('S02-001', 1, '8')] },
  });
  await api.call('checks.run', { checkIds: ['DOSE-01'] }, ctx);
  const sent = await api.call('queries.export', { outDir: path.join(dir, 'sent') }, ctx);
  const [s01, s02] = sent.files.map((f) => f.path) as [string, string];
  const s01Ids = [...(await queryListRows(s01)).keys()];
  const s02Ids = [...(await queryListRows(s02)).keys()];
  return { api, dir, file, s01, s02, s01Ids, s02Ids };
}
