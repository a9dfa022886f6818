import { StudyError } from '../common/errors';
import type { StudyModel } from '../study/study-model';
import { LOCKED_MESSAGE } from './lock-triggers';
import { connectionOf } from './connection';

/**
 * An open study database: the file and the study model it was made for. Its connection stays
 * inside the data-access layer (connection.ts); everyone else goes through the repositories.
 * Opening and creating one (which runs the migrations) is opening/open-study-database.ts.
 */
export interface StudyDatabase {
  readonly file: string;
  readonly model: StudyModel;
  close(): void;
}

export interface ActiveLock {
  name: string;
  lockedBy: string;
  lockedAt: string;
}

export function activeLock(database: StudyDatabase): ActiveLock | undefined {
  return connectionOf(database)
    .prepare(
      'SELECT name, locked_by AS lockedBy, locked_at AS lockedAt FROM data_cuts WHERE unlocked_at IS NULL',
    )
    .get() as ActiveLock | undefined;
}

export function lockedError(lock: ActiveLock): StudyError {
  return new StudyError(
    'LOCKED',
    `the study is locked for data cut "${lock.name}" (by ${lock.lockedBy}, ${lock.lockedAt.slice(0, 10)}): nothing can change until it is unlocked`,
  );
}

/**
 * One write transaction (IMMEDIATE: taken before reading, so nothing slips in between). Refused
 * while a data cut is locked, unless the work is part of locking and unlocking itself.
 */
export function inTransaction<T>(
  database: StudyDatabase,
  work: () => T,
  options: { whileLocked?: boolean } = {},
): T {
  return connectionOf(database)
    .transaction(() => {
      if (!options.whileLocked) {
        const lock = activeLock(database);
        if (lock) throw lockedError(lock);
      }
      return work();
    })
    .immediate();
}

/** A write the lock triggers refused (the last line of defence), in the same words as the API's refusal. */
export function lockTriggerRefusal(error: unknown): StudyError | undefined {
  if (error instanceof Error && error.message.includes(LOCKED_MESSAGE))
    return new StudyError('LOCKED', LOCKED_MESSAGE);
  return undefined;
}
