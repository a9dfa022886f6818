import { describe, expect, it } from 'vitest';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';

describe('dashboard and subject profile', () => {
  it('summarise discrepancies and show one subject course', async () => {
    const { api } = newStudy();
    const ctx = testContext();
    loadRows(api, {
      site: 'S01',
      exportDate: '2018-06-30',
      forms: {
        DM: [dmRow('S01-001', 'S01'), dmRow('S01-002', 'S01')],
        EX: [
          {
            SUBJID: 'S01-001',
            EXSEQ: '1',
            EXTRT: 'POMALIDOMIDE',
            CYCLE: '1',
            EXSTDAT: '2018-01-10',
            EXENDAT: '2018-01-30',
            EXDOSE: '5',
          },
          {
            SUBJID: 'S01-001',
            EXSEQ: '2',
            EXTRT: 'POMALIDOMIDE',
            CYCLE: '2',
            EXSTDAT: '2018-02-07',
            EXENDAT: '2018-02-27',
            EXDOSE: '4',
          },
        ],
        LB: [
          { SUBJID: 'S01-001', LBDAT: '2018-01-09', LBTESTCD: 'ANC', LBORRES: '1500', LBORRESU: '/uL' },
          { SUBJID: 'S01-001', LBDAT: '2018-02-06', LBTESTCD: 'ANC', LBORRES: '1.1', LBORRESU: '10^9/L' },
        ],
      },
    });
    await api.call('checks.run', { checkIds: ['DOSE-01'] }, ctx);
    const dashboard = await api.call('dashboard.summary', {}, ctx);
    expect(dashboard.totals).toMatchObject({ subjects: 2, sites: 1, discrepancies: 1, open: 1 });
    expect(dashboard.byCheck).toEqual([{ key: 'DOSE-01', category: 'DOSE', open: 1, count: 1 }]);
    expect(dashboard.imports).toHaveLength(1);

    const subjects = await api.call('subjects.list', { search: '001' }, ctx);
    expect(subjects.rows).toEqual([
      expect.objectContaining({ subjectId: 'S01-001', firstDose: '2018-01-10', openDiscrepancies: 1 }),
    ]);
    const profile = await api.call('subjects.profile', { subjectId: 'S01-001' }, ctx);
    expect(profile.dosing.map((d) => d.dose)).toEqual([5, 4]);
    expect(profile.labs.ANC!.map((p) => p.value)).toEqual([1.5, 1.1]);
    expect(profile.discrepancies).toEqual([
      expect.objectContaining({ checkId: 'DOSE-01', date: '2018-01-10' }),
    ]);
    await expect(api.call('subjects.profile', { subjectId: 'nobody' }, ctx)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
