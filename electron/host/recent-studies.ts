import fs from 'node:fs';
import path from 'node:path';
import { displayLocation, isServerLocation } from '../../shared/study-location';
import type { RecentStudy } from '../../shared/api/workspace';

/** The studies opened lately, newest first. */
export interface RecentStudies {
  list(): RecentStudy[];
  add(study: { file: string; code: string | null; name: string | null }, at: Date): void;
}

export const RECENT_LIMIT = 10;

type Stored = Omit<RecentStudy, 'exists'>;

function withExists(entries: Stored[]): RecentStudy[] {
  return entries.map((e) => ({ ...e, exists: isServerLocation(e.file) || fs.existsSync(e.file) }));
}

function added(
  entries: Stored[],
  study: { file: string; code: string | null; name: string | null },
  at: Date,
): Stored[] {
  // A server study is remembered without its password (give it through ~/.pgpass or PGPASSWORD).
  const file = isServerLocation(study.file) ? displayLocation(study.file) : path.resolve(study.file);
  return [
    { file, code: study.code, name: study.name, openedAt: at.toISOString() },
    ...entries.filter((e) => e.file !== file),
  ].slice(0, RECENT_LIMIT);
}

/** For one run only (browser mode, tests). */
export function memoryRecentStudies(): RecentStudies {
  let entries: Stored[] = [];
  return {
    list: () => withExists(entries),
    add: (study, at) => void (entries = added(entries, study, at)),
  };
}

function isStored(value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.file === 'string' &&
    typeof v.openedAt === 'string' &&
    (v.code === null || typeof v.code === 'string') &&
    (v.name === null || typeof v.name === 'string')
  );
}

/** Kept in a JSON file (the desktop app: in its userData folder); a damaged file counts as empty. */
export function fileRecentStudies(jsonFile: string): RecentStudies {
  const read = (): Stored[] => {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter(isStored).slice(0, RECENT_LIMIT) : [];
    } catch {
      return [];
    }
  };
  return {
    list: () => withExists(read()),
    add: (study, at) => {
      const next = added(read(), study, at);
      fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
      const temporary = `${jsonFile}.writing-${process.pid}`;
      fs.writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`);
      fs.renameSync(temporary, jsonFile);
    },
  };
}
