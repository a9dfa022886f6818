/** The manifest a snapshot folder holds: what was written at lock, with the SHA-256 of every file. */
export const MANIFEST = 'manifest.json';
export const SNAPSHOT_DATABASE = 'study.db';

export interface SnapshotManifest {
  format: 'cdm-snapshot/1';
  cut: string;
  study: { code: string; name: string };
  lockedBy: string;
  lockedAt: string;
  reason: string;
  forced: boolean;
  rowCounts: Record<string, number>;
  discrepancies: number;
  files: { path: string; sha256: string; bytes: number }[];
}
