import { type CheckScope, importedSince } from '../db/check-scope-repo';
import { recordsCodedSince } from '../db/coding-repo';
import type { StudyDatabase } from '../db/study-database';

/**
 * What changed since a complete check run, as the scope of the next one: the subjects each import
 * since changed (every subject of a site whose cut-off moved, or whose import predates the
 * recording of changed subjects), and the subjects of the records coded since (coding a record
 * changes its AEDECOD). Checks look at one subject's records at a time, so nothing else can find
 * or lose a discrepancy. `sites` names the sites imported or coded since.
 */
export function changedSince(
  database: StudyDatabase,
  previous: { lastImportId: number; lastCodingEventId: number },
): CheckScope {
  const imported = importedSince(database, previous.lastImportId);
  const coded = recordsCodedSince(database, previous.lastCodingEventId);
  return {
    sites: [...new Set([...imported.sites, ...coded.map((c) => c.siteId)])].sort(),
    wholeSites: imported.wholeSites,
    subjects: [...new Set([...imported.subjects, ...coded.map((c) => c.subjectId)])].sort(),
  };
}
