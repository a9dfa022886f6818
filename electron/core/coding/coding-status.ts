import type { CodingStatus } from '../../../shared/api/coding';
import { codingCounts, overdueBySite, synonymCount } from '../db/coding-repo';
import { activeDictionary, listDictionaries } from '../db/dictionaries-repo';
import type { StudyDatabase } from '../db/study-database';

const DAY = 86_400_000;

/** The moment before which a waiting verbatim is overdue (the study's limit, 30 days by default). */
export function overdueBefore(database: StudyDatabase, now: Date): string {
  return new Date(
    now.getTime() - database.model.definition.codingRules.uncodedBlockerDays * DAY,
  ).toISOString();
}

/** Coded / auto-coded / by synonym / by hand / waiting / overdue per coded form, and the dictionaries (coding status, dashboard). */
export function codingStatus(database: StudyDatabase, now: Date): CodingStatus {
  const before = overdueBefore(database, now);
  const forms = database.model.forms.flatMap((form) => {
    if (!form.coding) return [];
    const active = activeDictionary(database, form.coding.dictionary);
    return [
      {
        form: form.code,
        verbatim: form.coding.verbatim.name,
        dictionary: form.coding.dictionary,
        version: active?.version ?? null,
        ...codingCounts(database, form, before),
      },
    ];
  });
  return {
    forms,
    dictionaries: listDictionaries(database),
    blockerDays: database.model.definition.codingRules.uncodedBlockerDays,
    synonyms: synonymCount(database),
  };
}

/** Verbatims waiting longer than the study's limit, by form and site (a lock blocker). */
export function overdueVerbatims(
  database: StudyDatabase,
  now: Date,
): { form: string; siteId: string; count: number }[] {
  const before = overdueBefore(database, now);
  return database.model.forms.flatMap((form) =>
    form.coding ? overdueBySite(database, form, before).map((s) => ({ form: form.code, ...s })) : [],
  );
}
