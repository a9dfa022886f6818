import { PgError, PgSyncClient } from './pg-sync-client';

/**
 * Whether `password` is `user`'s password on the server of `url`: a connection is opened as that
 * person with it and closed at once. A server that trusts connections without a password (trust,
 * peer) accepts any: signatures then rest on that server's own authentication.
 */
export function checkPgPassword(url: string, user: string, password: string): boolean {
  const target = new URL(url);
  target.username = encodeURIComponent(user);
  target.password = encodeURIComponent(password);
  try {
    new PgSyncClient(target.toString(), 'SELECT 1').close();
    return true;
  } catch (error) {
    // 28P01: invalid_password; 28000: invalid_authorization_specification (no such login, no pg_hba line)
    if (error instanceof PgError && (error.code === '28P01' || error.code === '28000')) return false;
    throw error;
  }
}
