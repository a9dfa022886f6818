import fs from 'node:fs';
import { studyDefinitionSchema, type StudyDefinition } from '../../../shared/study/definition-schema';
import { badInput } from '../common/errors';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { completeMessages } from './complete-messages';

const SHIPPED_DEFINITION = 'resources/study/pomalidomide-pms.json';

/** resources/ sits at the top of the repository (or of the packaged app): the first folder up that holds it. */
function findShipped(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, SHIPPED_DEFINITION);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(from, '../../..', SHIPPED_DEFINITION);
  }
}

/** The definition of this study, shipped in resources/. */
export const DEFAULT_STUDY_FILE = findShipped(path.dirname(fileURLToPath(import.meta.url)));

export function parseStudyDefinition(json: unknown, source: string): StudyDefinition {
  // A definition is read once or twice a process: zod's compiled fast path (code generated for
  // each object schema on its first parse) costs more than it saves here. Same checks either way.
  const result = studyDefinitionSchema.safeParse(json, { jitless: true });
  if (!result.success) {
    const first = result.error.issues[0]!;
    const where = first.path.length ? ` at ${first.path.join('.')}` : '';
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
    throw badInput(`${source}: not a valid study definition${where}: ${first.message}${more}`);
  }
  return result.data;
}

/**
 * A study definition from a file; one other than the shipped definition takes the catalog's message
 * templates it lacks from the shipped one (complete-messages.ts).
 */
export function loadStudyDefinition(file: string = DEFAULT_STUDY_FILE): StudyDefinition {
  const definition = readDefinitionFile(file);
  if (path.resolve(file) === path.resolve(DEFAULT_STUDY_FILE)) return definition;
  return parseStudyDefinition(completeMessages(definition, shippedDefinition()), file);
}

let shipped: StudyDefinition | undefined;

/**
 * The shipped definition, read once (its message templates complete other definitions). Part of
 * the program, not an input: checked against the schema by `init` (loadStudyDefinition) and by the
 * tests, not at every start of every command, which reads it only to complete a stored definition
 * that is then checked itself.
 */
export function shippedDefinition(): StudyDefinition {
  return (shipped ??= readJson(DEFAULT_STUDY_FILE) as StudyDefinition);
}

/**
 * A definition stored in a study database, as the model reads it: one stored before messages had
 * two languages takes the shipped templates, Korean labels and query-list language it lacks.
 */
export function parseStoredDefinition(json: unknown, source: string): StudyDefinition {
  return parseStudyDefinition(completeMessages(json, shippedDefinition()), source);
}

function readDefinitionFile(file: string): StudyDefinition {
  return parseStudyDefinition(readJson(file), file);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw badInput(`${file}: cannot read the study definition`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badInput(`${file}: not valid JSON (${(error as Error).message})`);
  }
}
