import type { SignatureRequest } from '../../../shared/api/signatures';
import {
  checkSessionPassword,
  insertSignature,
  lastAuditEventId,
  statusEventsAfter,
  type SignatureRow,
} from '../db/signatures-repo';
import type { StudyDatabase } from '../db/study-database';
import { StudyError } from '../common/errors';
import type { CallContext } from '../common/call-context';

/**
 * Signatures on the decisions that matter (lock, unlock, close, accept). In team mode every such
 * decision is signed: the person states what the signature means and re-enters their password,
 * which the server checks by letting them connect with it; the signer is the database's own name
 * for them. A study file has no accounts to check a password against: a signature there is the
 * meaning stated by the `--user` named, recorded when given, never required.
 * Checked before anything changes, so a refused signature changes nothing.
 */
export function signatureFor(
  database: StudyDatabase,
  signature: SignatureRequest | undefined,
  decision: string,
  context: CallContext,
): SignatureRow | null {
  const at = context.now().toISOString();
  if (database.sessionUser === undefined)
    return signature ? { by: context.user, at, meaning: signature.meaning, method: 'stated' } : null;
  if (!signature?.meaning || !signature.password)
    throw new StudyError(
      'BAD_INPUT',
      `${decision} is a signed decision in team mode: state what your signature means and re-enter your password`,
      { kind: 'SIGNATURE_REQUIRED', facts: { decision } },
    );
  if (!checkSessionPassword(database, signature.password))
    throw new StudyError(
      'FORBIDDEN',
      `the password is not ${database.sessionUser}'s: ${decision} was not signed`,
      {
        kind: 'SIGNATURE_REFUSED',
        facts: { decision, user: database.sessionUser },
      },
    );
  return { by: database.sessionUser, at, meaning: signature.meaning, method: 'password' };
}

/** Binds a signature to the audit event it signs. */
export function signEvent(database: StudyDatabase, eventId: number, signature: SignatureRow | null): void {
  if (signature) insertSignature(database, eventId, signature);
}

/** Binds a signature to each status event of a move of these discrepancies made since `sinceEventId`. */
export function signStatusEvents(
  database: StudyDatabase,
  sinceEventId: number,
  ids: number[],
  signature: SignatureRow | null,
): void {
  if (!signature) return;
  for (const eventId of statusEventsAfter(database, sinceEventId, signature.by, ids))
    insertSignature(database, eventId, signature);
}

export { lastAuditEventId };
