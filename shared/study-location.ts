/**
 * Where a study lives: a SQLite file (a path) or a database on a PostgreSQL server (a URL,
 * `postgres://user@host:5432/study`), accepted wherever a study file is. Shown without a password.
 */
export function isServerLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export function displayLocation(location: string): string {
  if (!isServerLocation(location)) return location;
  return location.replace(/^(postgres(?:ql)?:\/\/[^:@/]+):[^@/]*@/i, '$1@');
}

/** The database's name at the end of a server URL (for folders named after the study). */
export function serverDatabaseName(location: string): string {
  return decodeURIComponent(location.replace(/[?#].*$/, '').replace(/^.*\//, '')) || 'study';
}
