import type { StudyDefinition } from '../../../shared/study/definition-schema';
import type { DbConnection } from './engine';

export function insertStudy(db: DbConnection, definition: StudyDefinition, user: string, at: string): void {
  db.prepare(
    'INSERT INTO study (id, code, name, definition, created_at, created_by) VALUES (1, ?, ?, ?, ?, ?)',
  ).run(definition.study.code, definition.study.name, JSON.stringify(definition), at, user);
}

export function readStudyDefinitionJson(db: DbConnection): unknown {
  const row = db.prepare('SELECT definition FROM study WHERE id = 1').get() as
    { definition: string } | undefined;
  return row ? JSON.parse(row.definition) : undefined;
}
