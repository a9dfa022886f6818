import fs from 'node:fs';
import type { Cut } from '../../../shared/api/cuts';
import type { WrittenFile } from '../../../shared/api/exports';
import { appendAuditEvent } from '../db/audit-repo';
import { cutByName, insertCut, lockedCut, setManifestHash, unlockCut } from '../db/cuts-repo';
import { inTransaction, lockedError, type StudyDatabase } from '../db/study-database';
import { StudyError, conflict } from '../common/errors';
import type { CallContext } from '../common/call-context';
import { computeBlockers, describeBlockers } from './blockers';
import { checkNewFolder } from './new-folder';
import { signEvent, signatureFor } from '../workflow/sign-decision';
import type { SignatureRequest } from '../../../shared/api/signatures';

export interface LockRequest {
  name: string;
  reason: string;
  snapshotDir: string;
  force: boolean;
  cutoff?: string;
  signature?: SignatureRequest;
}

/**
 * Locks the study as a named data cut and writes its snapshot. Refused while blockers remain,
 * unless forced (the blockers are then recorded with the cut). From the lock on, the database
 * itself refuses every change (lock-triggers.ts). If the snapshot cannot be written, the lock is
 * lifted again and both facts stay in the history.
 */
export async function lockStudy(
  database: StudyDatabase,
  request: LockRequest,
  context: CallContext,
): Promise<{ cut: Cut; files: WrittenFile[]; dir: string; warnings: string[] }> {
  const signature = signatureFor(database, request.signature, 'lock', context);
  const dir = checkNewFolder(request.snapshotDir, 'snapshot');
  const at = context.now().toISOString();
  const cutId = inTransaction(
    database,
    () => {
      const locked = lockedCut(database);
      if (locked) throw lockedError(locked);
      if (cutByName(database, request.name))
        throw conflict(`a data cut named "${request.name}" exists already; name the new cut differently`);
      const blockers = computeBlockers(database, request.cutoff, context.now());
      if (!blockers.canLock && !request.force) {
        throw new StudyError('BLOCKED', `cannot lock: ${describeBlockers(blockers)}`, {
          kind: 'BLOCKERS_REMAIN',
          facts: {
            discrepancies: blockers.openDiscrepancies.total,
            staleSites: blockers.staleSites.map((s) => s.siteId),
            importsWithErrors: blockers.importsWithErrors.length,
          },
        });
      }
      const id = insertCut(database, {
        name: request.name,
        reason: request.reason,
        user: context.user,
        at,
        forced: request.force && !blockers.canLock,
        blockers: blockers.canLock
          ? null
          : JSON.stringify({ summary: describeBlockers(blockers), ...blockers, cuts: undefined }),
        snapshotDir: dir,
      });
      const eventId = appendAuditEvent(database, {
        at,
        user: context.user,
        action: 'LOCK',
        entity: 'cut',
        entityId: request.name,
        newValue: blockers.canLock ? 'locked' : `locked with blockers: ${describeBlockers(blockers)}`,
        reason: request.reason,
      });
      signEvent(database, eventId, signature);
      return id;
    },
    { whileLocked: true },
  );
  const cut = cutByName(database, request.name)!;
  try {
    context.progress?.(`writing snapshot to ${dir}`, { key: 'writingSnapshot', values: { dir } });
    // Loaded here: the snapshot's writers pull in libraries that other commands never need.
    const { writeSnapshot } = await import('./write-snapshot');
    const { manifest, manifestSha256, warnings } = await writeSnapshot(
      database,
      dir,
      cut,
      context.now(),
      context.progress,
    );
    inTransaction(database, () => setManifestHash(database, cutId, manifestSha256), { whileLocked: true });
    return { cut: cutByName(database, request.name)!, files: manifest.files as WrittenFile[], dir, warnings };
  } catch (error) {
    const reason = `snapshot could not be written: ${(error as Error).message}`;
    inTransaction(
      database,
      () => {
        unlockCut(database, cutId, context.user, context.now().toISOString(), reason);
        appendAuditEvent(database, {
          at: context.now().toISOString(),
          user: context.user,
          action: 'UNLOCK',
          entity: 'cut',
          entityId: request.name,
          reason,
        });
      },
      { whileLocked: true },
    );
    fs.rmSync(dir, { recursive: true, force: true });
    throw new StudyError('BAD_INPUT', `${request.snapshotDir}: ${reason}; the study was unlocked again`);
  }
}

export function unlockStudy(
  database: StudyDatabase,
  reason: string,
  context: CallContext,
  signatureRequest?: SignatureRequest,
): Cut {
  const signature = signatureFor(database, signatureRequest, 'unlock', context);
  return inTransaction(
    database,
    () => {
      const cut = lockedCut(database);
      if (!cut) throw conflict('the study is not locked');
      const at = context.now().toISOString();
      unlockCut(database, cut.id, context.user, at, reason);
      const eventId = appendAuditEvent(database, {
        at,
        user: context.user,
        action: 'UNLOCK',
        entity: 'cut',
        entityId: cut.name,
        reason,
      });
      signEvent(database, eventId, signature);
      return cutByName(database, cut.name)!;
    },
    { whileLocked: true },
  );
}
