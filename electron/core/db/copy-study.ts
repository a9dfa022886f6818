import type { StudyDatabase } from './study-database';
export async function copyStudyToSqlite(_database: StudyDatabase, _file: string): Promise<void> {
  throw new Error('not yet');
}
