import { describe, expect, it } from 'vitest';
import {
  CHECK_RUN_MOVES,
  MANUAL_TARGETS,
  STATUS_MOVES,
  findMove,
  manualTargets,
} from '../../electron/core/workflow/status-moves';
import { discrepancyStatusSchema, setStatusRequestSchema } from '../../shared/api/discrepancies';

describe('the status machine (workflow.md)', () => {
  it('offers through the contract exactly the moves a person may make', () => {
    expect([...setStatusRequestSchema.shape.status.options].sort()).toEqual([...MANUAL_TARGETS].sort());
  });

  it('reaches every status, and leaves every status but a new one', () => {
    for (const status of discrepancyStatusSchema.options) {
      expect(
        STATUS_MOVES.some((m) => m.to === status),
        `into ${status}`,
      ).toBe(true);
      expect(
        STATUS_MOVES.some((m) => m.from.includes(status)),
        `out of ${status}`,
      ).toBe(true);
    }
  });

  it('undoes a decision by hand, with the decision forgotten, and takes none from RESOLVED to CLOSED', () => {
    expect(manualTargets('ACCEPTED')).toEqual(['OPEN']);
    expect(manualTargets('CLOSED')).toEqual(['OPEN']);
    expect(findMove('person', 'ACCEPTED', 'OPEN')?.decision).toBe('forget');
    expect(findMove('person', 'OPEN', 'ACCEPTED')?.decision).toBe('decide');
    expect(findMove('person', 'ANSWERED', 'CLOSED')?.decision).toBe('decide');
    expect(findMove('person', 'RESOLVED', 'CLOSED')?.decision).toBe('forget');
    expect(findMove('person', 'RESOLVED', 'OPEN')).toBeUndefined();
    expect(findMove('query list', 'ANSWERED', 'QUERIED')).toBeUndefined();
  });

  it('gives a check run its statuses to resolve and to reopen', () => {
    expect(CHECK_RUN_MOVES).toEqual({
      resolve: ['OPEN', 'QUERIED', 'ANSWERED'],
      reopenResolved: ['RESOLVED'],
      reopenDecided: ['CLOSED', 'ACCEPTED'],
    });
  });
});
