import { describe, expect, it } from 'vitest';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';

const site = 'S01';
const ex = (seq: number, dose: string, start: string, end: string, cycle = '1') => ({
  SUBJID: 'S01-001',
  EXSEQ: String(seq),
  EXTRT: 'POMALIDOMIDE',
  CYCLE: cycle,
  EXSTDAT: start,
  EXENDAT: end,
  EXDOSE: dose,
  EXADJ: '',
});

describe('a check run turns hits into discrepancies with a stable identity', () => {
  it('opens, keeps, resolves and reopens discrepancies across re-imports', async () => {
    const { api } = newStudy();
    const ctx = testContext();
    loadRows(api, {
      site,
      exportDate: '2018-06-30',
      forms: {
        DM: [dmRow('S01-001', site)],
        EX: [ex(1, '5', '2018-01-10', '2018-01-30')],
        AE: [
          {
            SUBJID: 'S01-001',
            AESEQ: '1',
            AETERM: '피로',
            AESTDAT: '2018-02-10',
            AEENDAT: '2018-02-01',
            AETOXGR: '1',
            AESER: 'N',
            AEONGO: 'N',
          },
        ],
      },
    });
    const first = await api.call('checks.run', { checkIds: ['DOSE-01', 'AEDT-01', 'DATA-01'] }, ctx);
    expect(first.totals.new).toBe(2);
    const list = await api.call('discrepancies.list', { status: ['OPEN'] }, ctx);
    expect(list.rows.map((d) => d.checkId).sort()).toEqual(['AEDT-01', 'DOSE-01']);
    const dose = list.rows.find((d) => d.checkId === 'DOSE-01')!;
    expect(dose).toMatchObject({
      form: 'EX',
      field: 'EXDOSE',
      value: '5',
      recordKey: 'S01-001|POMALIDOMIDE|1',
      siteId: 'S01',
    });
    expect(dose.message).toContain('5 mg');

    // Same data again: nothing new, both still open.
    const second = await api.call('checks.run', { checkIds: ['DOSE-01', 'AEDT-01', 'DATA-01'] }, ctx);
    expect(second.totals).toMatchObject({ found: 2, new: 0, stillOpen: 2, resolved: 0, reopened: 0 });

    // The site corrects the dose: DOSE-01 resolves; the AE stays.
    loadRows(api, {
      site,
      exportDate: '2018-07-31',
      forms: { EX: [ex(1, '4', '2018-01-10', '2018-01-30')] },
    });
    const third = await api.call('checks.run', { checkIds: ['DOSE-01', 'AEDT-01'] }, ctx);
    expect(third.checks.find((c) => c.checkId === 'DOSE-01')).toMatchObject({ found: 0, resolved: 1 });
    const resolved = await api.call('discrepancies.get', { id: dose.id }, ctx);
    expect(resolved.discrepancy.status).toBe('RESOLVED');
    expect(resolved.history.map((h) => h.to)).toEqual(['OPEN', 'RESOLVED']);

    // It comes back: reopened, same identity, same id.
    loadRows(api, {
      site,
      exportDate: '2018-08-31',
      forms: { EX: [ex(1, '5', '2018-01-10', '2018-01-30')] },
    });
    const fourth = await api.call('checks.run', { checkIds: ['DOSE-01'] }, ctx);
    expect(fourth.checks[0]).toMatchObject({ found: 1, reopened: 1, new: 0 });
    const reopened = await api.call('discrepancies.get', { id: dose.id }, ctx);
    expect(reopened.discrepancy.status).toBe('OPEN');
  });

  it('keeps an accepted discrepancy silent while its data are unchanged, and reopens it when they change', async () => {
    const { api } = newStudy();
    const ctx = testContext();
    loadRows(api, {
      site,
      exportDate: '2018-06-30',
      forms: { DM: [dmRow('S01-001', site)], EX: [ex(1, '5', '2018-01-10', '2018-01-30')] },
    });
    await api.call('checks.run', { checkIds: ['DOSE-01'] }, ctx);
    const [d] = (await api.call('discrepancies.list', {}, ctx)).rows;
    await api.call(
      'discrepancies.setStatus',
      { ids: [d!.id], status: 'ACCEPTED', reason: 'physician decision, documented' },
      ctx,
    );
    const again = await api.call('checks.run', { checkIds: ['DOSE-01'] }, ctx);
    expect(again.checks[0]).toMatchObject({ found: 1, reopened: 0, stillOpen: 0 });
    expect((await api.call('discrepancies.get', { id: d!.id }, ctx)).discrepancy.status).toBe('ACCEPTED');
    loadRows(api, {
      site,
      exportDate: '2018-07-30',
      forms: { EX: [ex(1, '6', '2018-01-10', '2018-01-30')] },
    });
    const changed = await api.call('checks.run', { checkIds: ['DOSE-01'] }, ctx);
    expect(changed.checks[0]).toMatchObject({ found: 1, reopened: 1 });
  });

  it('refuses a move the workflow does not allow and changes nothing', async () => {
    const { api } = newStudy();
    const ctx = testContext();
    loadRows(api, {
      site,
      exportDate: '2018-06-30',
      forms: {
        DM: [dmRow('S01-001', site)],
        EX: [ex(1, '5', '2018-01-10', '2018-01-30'), ex(2, '7', '2018-02-07', '2018-02-27', '2')],
      },
    });
    await api.call('checks.run', { checkIds: ['DOSE-01'] }, ctx);
    const ids = (await api.call('discrepancies.list', {}, ctx)).rows.map((d) => d.id);
    expect(ids).toHaveLength(2);
    await expect(
      api.call('discrepancies.setStatus', { ids, status: 'CLOSED', reason: 'x' }, ctx),
    ).rejects.toThrow(/cannot move to CLOSED/);
    const after = await api.call('discrepancies.list', {}, ctx);
    expect(after.rows.every((d) => d.status === 'OPEN')).toBe(true);
  });
});
