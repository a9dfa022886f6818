import path from 'node:path';
import type { DictionaryLoadResult } from '../../../shared/api/coding';
import type { DictionaryType } from '../../../shared/study/definition-schema';
import { appendAuditEvent } from '../db/audit-repo';
import {
  activeDictionary,
  findDictionary,
  insertDictionary,
  insertDictionarySource,
  insertMeddraStructure,
  insertMeddraTerms,
  insertWhodrug,
  meddraStructure,
  type DictionaryRow,
  type MeddraTermRow,
} from '../db/dictionaries-repo';
import { activeLock, inTransaction, lockedError, type StudyDatabase } from '../db/study-database';
import { badInput, conflict } from '../common/errors';
import type { CallContext } from '../common/call-context';
import { autoCodeWaiting } from './auto-code';
import { readMeddraRelease, type MeddraRelease } from './meddra/read-meddra-release';
import { normaliseTerm } from './normalise-term';
import { readWhodrugRelease, type WhodrugRelease } from './whodrug/read-whodrug-release';

const TYPE_NAME: Record<DictionaryType, string> = { meddra: 'MedDRA', whodrug: 'WHODrug' };

function* meddraNames(release: MeddraRelease): Generator<MeddraTermRow> {
  const levels = [
    ['LLT', release.llts],
    ['PT', release.pts],
    ['HLT', release.hlts],
    ['HLGT', release.hlgts],
    ['SOC', release.socs],
  ] as const;
  for (const [level, terms] of levels)
    for (const t of terms.values()) yield { level, code: t.code, name: t.name, norm: normaliseTerm(t.name) };
}

function meddraCounts(release: MeddraRelease): Record<string, number> {
  return {
    LLT: release.llts.size,
    currentLLT: [...release.llts.values()].filter((l) => l.current).length,
    PT: release.pts.size,
    HLT: release.hlts.size,
    HLGT: release.hlgts.size,
    SOC: release.socs.size,
  };
}

/** A translation names the same terms as the version already loaded: same codes, same LLT-to-PT links. */
function checkTranslation(database: StudyDatabase, loaded: DictionaryRow, release: MeddraRelease): void {
  const stored = meddraStructure(database, loaded.id);
  const where = `${release.dir}: MedDRA ${release.version} ${release.language} does not match MedDRA ${loaded.version} ${loaded.languages.join(', ')} already loaded`;
  for (const llt of release.llts.values()) {
    const pt = stored.llts.get(llt.code);
    if (pt === undefined) throw badInput(`${where}: LLT ${llt.code} is not in the loaded version`);
    if (pt !== llt.pt)
      throw badInput(`${where}: LLT ${llt.code} belongs to PT ${llt.pt} here, to PT ${pt} there`);
  }
  const counts = meddraCounts(release);
  for (const level of ['LLT', 'PT', 'HLT', 'HLGT', 'SOC']) {
    if ((stored.levels.get(level) ?? 0) !== counts[level])
      throw badInput(`${where}: ${counts[level]} ${level}s here, ${stored.levels.get(level) ?? 0} there`);
  }
}

function loadMeddra(database: StudyDatabase, release: MeddraRelease, source: string, context: CallContext) {
  const at = context.now().toISOString();
  const loaded = findDictionary(database, 'meddra', release.version);
  const sourceRow = { language: release.language, source, files: release.files, at, user: context.user };
  if (loaded) {
    if (loaded.languages.some((l) => l.toLowerCase() === release.language.toLowerCase()))
      throw conflict(`MedDRA ${release.version} in ${release.language} is already loaded`);
    checkTranslation(database, loaded, release);
    insertMeddraTerms(database, loaded.id, release.language, meddraNames(release));
    insertDictionarySource(database, { dictionaryId: loaded.id, ...sourceRow });
    return { id: loaded.id, added: 'language' as const, codeNow: loaded.active };
  }
  const first = activeDictionary(database, 'meddra') === undefined;
  const id = insertDictionary(database, {
    type: 'meddra',
    version: release.version,
    active: first,
    at,
    user: context.user,
    counts: meddraCounts(release),
  });
  insertMeddraStructure(database, id, release.llts.values(), release.paths);
  insertMeddraTerms(database, id, release.language, meddraNames(release));
  insertDictionarySource(database, { dictionaryId: id, ...sourceRow });
  return { id, added: 'version' as const, codeNow: first };
}

function loadWhodrug(database: StudyDatabase, release: WhodrugRelease, source: string, context: CallContext) {
  const at = context.now().toISOString();
  if (findDictionary(database, 'whodrug', release.version))
    throw conflict(`WHODrug ${release.version} is already loaded`);
  const first = activeDictionary(database, 'whodrug') === undefined;
  const id = insertDictionary(database, {
    type: 'whodrug',
    version: release.version,
    active: first,
    at,
    user: context.user,
    counts: {
      drugs: release.drugs.size,
      atcClasses: release.atcText.size,
      withIngredients: release.ingredients.size,
    },
  });
  insertWhodrug(database, id, {
    drugs: [...release.drugs.values()].map((d) => ({ ...d, norm: normaliseTerm(d.name) })),
    atc: [...release.atc].flatMap(([drug, list]) =>
      list.map((a) => ({ drug, atc: a.code, official: a.official })),
    ),
    atcText: [...release.atcText].map(([atc, t]) => ({ atc, ...t })),
    ingredients: [...release.ingredients].flatMap(([drug, list]) =>
      list.map((substance, position) => ({ drug, position, substance })),
    ),
  });
  insertDictionarySource(database, {
    dictionaryId: id,
    language: 'English',
    source,
    files: release.files,
    at,
    user: context.user,
  });
  return { id, added: 'version' as const, codeNow: first };
}

/**
 * Loads a dictionary release (dictionary load): its files are read and checked first (a broken
 * release is refused with one line naming the file and line), then stored in one transaction.
 * The first version of a type becomes the one the study codes with, and codes what waits; another
 * version waits for `coding upgrade`; a MedDRA translation of a loaded version adds its names.
 */
export function loadDictionary(
  database: StudyDatabase,
  request: { path: string; type: DictionaryType; version?: string },
  context: CallContext,
): DictionaryLoadResult {
  const lock = activeLock(database);
  if (lock) throw lockedError(lock);
  const source = path.resolve(request.path);
  context.progress?.(`reading ${TYPE_NAME[request.type]} from ${source}`);
  const meddra = request.type === 'meddra' ? readMeddraRelease(source, request.version) : undefined;
  const whodrug = request.type === 'whodrug' ? readWhodrugRelease(source, request.version) : undefined;
  const version = meddra?.version ?? whodrug!.version;
  const language = meddra?.language ?? 'English';
  return inTransaction(database, () => {
    context.progress?.(`storing ${TYPE_NAME[request.type]} ${version} ${language}`);
    const loaded = meddra
      ? loadMeddra(database, meddra, source, context)
      : loadWhodrug(database, whodrug!, source, context);
    const at = context.now().toISOString();
    appendAuditEvent(database, {
      at,
      user: context.user,
      action: 'LOAD',
      entity: 'dictionary',
      entityId: `${request.type} ${version}`,
      field: language,
      newValue:
        loaded.added === 'version'
          ? `${TYPE_NAME[request.type]} ${version} (${language})`
          : `${language} names`,
      reason: `loaded from ${source}${loaded.codeNow && loaded.added === 'version' ? '; the study codes with it' : ''}`,
    });
    context.progress?.('coding waiting verbatims');
    const autoCoded = loaded.codeNow
      ? autoCodeWaiting(database, request.type, { user: context.user, at })
      : 0;
    context.progress?.('committing');
    return {
      dictionary: findDictionary(database, request.type, version)!,
      added: loaded.added,
      language,
      autoCoded,
    };
  });
}
