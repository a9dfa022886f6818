import type { CodingSearchResult, MeddraHit, WhodrugHit } from '../../../shared/api/coding';
import { meddraCoding, searchMeddra } from '../db/meddra-repo';
import type { StudyDatabase } from '../db/study-database';
import { searchWhodrug, whodrugEntry } from '../db/whodrug-repo';
import type { StudyModel } from '../study/study-model';
import { activeCodingDictionary } from './code-lookup';
import { normaliseTerm } from './normalise-term';
import { codedForm } from './set-coding';

/**
 * Search of the active dictionary of a coded form (the queue's search box): MedDRA LLTs and PTs in
 * every loaded language, each with its hierarchy up to the primary SOC (a PT is coded with its own
 * LLT); WHODrug names with the preferred name, ATC classes and ingredients.
 */
export function searchTerms(
  database: StudyDatabase,
  model: StudyModel,
  request: { form: string; text: string; offset: number; limit: number },
): CodingSearchResult {
  const form = codedForm(model, request.form);
  const type = form.coding.dictionary;
  const d = activeCodingDictionary(database, type);
  const active = d.row;
  const norm = normaliseTerm(request.text);
  const page = { offset: request.offset, limit: request.limit };
  const dictionary = { type, version: active.version };
  if (type === 'whodrug') {
    const found = searchWhodrug(database, active.id, norm, page);
    const hits = found.codes.flatMap((code): WhodrugHit[] => {
      const entry = whodrugEntry(database, active.id, code);
      return entry ? [{ kind: 'whodrug', ...entry }] : [];
    });
    return { dictionary, total: found.total, hits };
  }
  const found = searchMeddra(database, active.id, norm, page);
  const hits = found.rows.flatMap((row): MeddraHit[] => {
    const coding = meddraCoding(database, active.id, row.code, d.language);
    if (!coding) return [];
    return [
      {
        kind: 'meddra',
        level: row.level,
        matched: (JSON.parse(row.names) as string[]).map((entry) => {
          const [language = '', name = ''] = entry.split('\u001f');
          return { language, name };
        }),
        current: coding.current,
        llt: { code: coding.lltCode, name: coding.lltName },
        pt: { code: coding.ptCode, name: coding.ptName },
        hlt: { code: coding.hltCode, name: coding.hltName },
        hlgt: { code: coding.hlgtCode, name: coding.hlgtName },
        soc: { code: coding.socCode, name: coding.socName },
      },
    ];
  });
  return { dictionary, total: found.total, hits };
}
