import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudyApi } from '../../electron/core/api/study-api';
import { StudyError } from '../../electron/core/common/errors';
import { exRow } from '../helpers/ae-data-fixtures';
import { answerQueryList } from '../helpers/query-list-files';
import { runCli } from '../helpers/run-cli';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';

/**
 * workflow.md, reopen and undo: a CLOSED or ACCEPTED discrepancy stays quiet while its check finds
 * it on the values decided on; it reopens when the values change, and when it comes back after the
 * data had once made it go away; a person may reopen it by hand, with a reason.
 */

const site = 'S01';
const subject = 'S01-001';
const ctx = testContext('dm.kim', '2019-02-01T01:00:00.000Z');
const ex = (dose: string) => exRow(subject, { EXDOSE: dose });

let exportDay = 10;
/** The site's next export, with this dose (4 mg is right; 5 and 6 mg are not a dose level: DOSE-01). */
function siteSends(api: StudyApi, dose: string, withDm = false) {
  loadRows(api, {
    site,
    exportDate: `2019-01-${String(exportDay++).padStart(2, '0')}`,
    forms: { ...(withDm ? { DM: [dmRow(subject, site)] } : {}), EX: [ex(dose)] },
  });
}

async function run(api: StudyApi) {
  return (await api.call('checks.run', { checkIds: ['DOSE-01'] }, ctx)).checks[0]!;
}

async function doseDiscrepancy(api: StudyApi) {
  const { rows } = await api.call('discrepancies.list', { checkId: ['DOSE-01'] }, ctx);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

async function history(api: StudyApi, id: number) {
  return (await api.call('discrepancies.get', { id }, ctx)).history.map((h) => [h.from, h.to, h.reason]);
}

/** The wrong dose sent, queried in a list, answered by the site, and closed: a decision on 5 mg. */
async function closedOnAnswer(dir: string, api: StudyApi) {
  siteSends(api, '5', true);
  await run(api);
  const d = await doseDiscrepancy(api);
  const sent = await api.call('queries.export', { outDir: path.join(dir, `out-${exportDay}`) }, ctx);
  const queryId = (await api.call('discrepancies.get', { id: d.id }, ctx)).discrepancy.queryId!;
  const answered = await answerQueryList(sent.files[0]!.path, { [queryId]: '5 mg is what was given' });
  await api.call('queries.import', { files: [answered] }, ctx);
  await api.call(
    'discrepancies.setStatus',
    { ids: [d.id], status: 'CLOSED', reason: 'answer accepted' },
    ctx,
  );
  return d.id;
}

describe('a decided discrepancy reopens when the data change', () => {
  it('stays CLOSED while found on the same values, reopens when found on other values', async () => {
    const { api, dir } = newStudy();
    const id = await closedOnAnswer(dir, api);
    siteSends(api, '5');
    expect(await run(api)).toMatchObject({ found: 1, reopened: 0 });
    expect((await doseDiscrepancy(api)).status).toBe('CLOSED');

    siteSends(api, '6'); // changed, still wrong
    expect(await run(api)).toMatchObject({ found: 1, reopened: 1 });
    expect((await doseDiscrepancy(api)).status).toBe('OPEN');
    expect((await history(api, id)).at(-1)).toEqual([
      'CLOSED',
      'OPEN',
      'found again with other data by check run #3',
    ]);
  });

  it('reopens a CLOSED one that comes back after the data had corrected it, on the very values closed on', async () => {
    const { api, dir } = newStudy();
    const id = await closedOnAnswer(dir, api);
    siteSends(api, '4'); // corrected: nothing to find; a closed one stays closed
    expect(await run(api)).toMatchObject({ found: 0, resolved: 0 });
    expect((await doseDiscrepancy(api)).status).toBe('CLOSED');

    siteSends(api, '5'); // the old wrong value again
    expect(await run(api)).toMatchObject({ found: 1, reopened: 1 });
    expect((await doseDiscrepancy(api)).status).toBe('OPEN');
    expect((await history(api, id)).at(-1)).toEqual([
      'CLOSED',
      'OPEN',
      'found again by check run #3 after the data had corrected it',
    ]);
  });

  it('reopens one closed on its correction (RESOLVED, then CLOSED) when the error comes back', async () => {
    const { api } = newStudy();
    siteSends(api, '5', true);
    await run(api);
    const { id } = await doseDiscrepancy(api);
    siteSends(api, '4');
    expect(await run(api)).toMatchObject({ resolved: 1 });
    await api.call(
      'discrepancies.setStatus',
      { ids: [id], status: 'CLOSED', reason: 'correction reviewed' },
      ctx,
    );

    siteSends(api, '5');
    expect(await run(api)).toMatchObject({ found: 1, reopened: 1 });
    expect((await doseDiscrepancy(api)).status).toBe('OPEN');
  });

  it('does the same for an ACCEPTED one that comes back after it had gone', async () => {
    const { api } = newStudy();
    siteSends(api, '5', true);
    await run(api);
    const { id } = await doseDiscrepancy(api);
    await api.call('discrepancies.setStatus', { ids: [id], status: 'ACCEPTED', reason: 'renal dose' }, ctx);
    siteSends(api, '4');
    await run(api);
    expect((await doseDiscrepancy(api)).status).toBe('ACCEPTED');
    siteSends(api, '5');
    expect(await run(api)).toMatchObject({ reopened: 1 });
    expect((await doseDiscrepancy(api)).status).toBe('OPEN');
  });
});

describe('undo: CLOSED or ACCEPTED back to OPEN by hand', () => {
  it('reopens a mis-clicked bulk Accept with a reason, audited, and refuses what the workflow does not allow', async () => {
    const { api } = newStudy();
    loadRows(api, {
      site,
      exportDate: '2019-01-10',
      forms: {
        DM: [dmRow(subject, site), dmRow('S01-002', site)],
        EX: [ex('5'), { ...ex('6'), SUBJID: 'S01-002' }],
      },
    });
    await run(api);
    const ids = (await api.call('discrepancies.list', { checkId: ['DOSE-01'] }, ctx)).rows.map((d) => d.id);
    expect(ids).toHaveLength(2);
    await api.call('discrepancies.setStatus', { ids, status: 'ACCEPTED', reason: 'bulk, by mistake' }, ctx);
    expect((await api.call('discrepancies.get', { id: ids[0]! }, ctx)).moves).toEqual(['OPEN']);

    const undone = await api.call(
      'discrepancies.setStatus',
      { ids, status: 'OPEN', reason: 'accepted by mistake' },
      ctx,
    );
    expect(undone.rows.map((d) => d.status)).toEqual(['OPEN', 'OPEN']);
    expect((await history(api, ids[0]!)).slice(-2)).toEqual([
      ['OPEN', 'ACCEPTED', 'bulk, by mistake'],
      ['ACCEPTED', 'OPEN', 'accepted by mistake'],
    ]);
    // Back to work: found again on the same values, it stays open (the decision is forgotten).
    expect(await run(api)).toMatchObject({ found: 2, stillOpen: 2, reopened: 0 });

    // OPEN -> OPEN is no move: refused, with its code and facts, and nothing changes.
    const refusal = await api
      .call('discrepancies.setStatus', { ids, status: 'OPEN', reason: 'x' }, ctx)
      .catch((e) => e);
    expect(refusal).toBeInstanceOf(StudyError);
    expect(refusal).toMatchObject({
      code: 'CONFLICT',
      kind: 'MOVE_NOT_ALLOWED',
      facts: { to: 'OPEN', expected: 'CLOSED or ACCEPTED', refused: ids.map((id) => `${id}:OPEN`) },
    });
    expect(refusal.message).toContain(
      `discrepancy ${ids[0]} is OPEN: it cannot move to OPEN (only from CLOSED or ACCEPTED)`,
    );
  });

  it('from the command line: discrepancy set --status OPEN --reason, and the refusal in its own words', async () => {
    const { api, file } = newStudy();
    siteSends(api, '5', true);
    await run(api);
    const { id } = await doseDiscrepancy(api);
    api.close();
    const accept = await runCli([
      'discrepancy',
      'set',
      file,
      String(id),
      '--status',
      'ACCEPTED',
      '--reason',
      'ok',
    ]);
    expect(accept.code).toBe(0);
    const reopen = await runCli([
      'discrepancy',
      'set',
      file,
      String(id),
      '--status',
      'open',
      '--reason',
      'accepted by mistake',
      '--json',
    ]);
    expect(reopen.code).toBe(0);
    expect(JSON.parse(reopen.stdout).rows[0]).toMatchObject({ id, status: 'OPEN' });
    const again = await runCli(['discrepancy', 'set', file, String(id), '--status', 'OPEN', '--reason', 'x']);
    expect(again.code).toBe(1);
    // One line, which names who moved it last (with several people at work, usually someone else).
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr.trim()).toMatch(
      new RegExp(
        `^error: nothing changed: discrepancy ${id} is OPEN: it cannot move to OPEN \\(only from CLOSED or ACCEPTED\\) \\(moved to OPEN by .+, 20\\d\\d-.+\\)$`,
      ),
    );
    const noReason = await runCli(['discrepancy', 'set', file, String(id), '--status', 'OPEN']);
    expect(noReason.code).toBe(2);
    const trail = await runCli(['audit', file, '--format', 'json']);
    const moves = (
      JSON.parse(trail.stdout) as {
        action: string;
        entityId: string;
        oldValue: string;
        newValue: string;
        reason: string;
      }[]
    )
      .filter((e) => e.action === 'STATUS' && e.entityId === String(id))
      .map((e) => [e.oldValue, e.newValue, e.reason]);
    expect(moves.slice(-2)).toEqual([
      ['OPEN', 'ACCEPTED', 'ok'],
      ['ACCEPTED', 'OPEN', 'accepted by mistake'],
    ]);
  });
});
