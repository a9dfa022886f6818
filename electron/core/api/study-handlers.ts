import { lockedCut } from '../db/cuts-repo';
import { importCount, siteSummaries } from '../db/study-info-repo';
import type { HandlerScope, Handlers } from './handler-types';

export function studyHandlers({ database }: HandlerScope): Handlers<'study.info'> {
  return {
    'study.info': () => {
      const { definition } = database.model;
      const sites = siteSummaries(database);
      return {
        file: database.file,
        code: definition.study.code,
        name: definition.study.name,
        registry: definition.study.registry ?? null,
        forms: database.model.forms.map((f) => ({
          code: f.code,
          name: f.name,
          key: f.key,
          columns: f.columns.map((c) => ({
            name: c.name,
            label: c.label,
            type: c.type,
            required: c.required,
          })),
        })),
        sites,
        subjects: sites.reduce((n, s) => n + s.subjects, 0),
        imports: importCount(database),
        locked: lockedCut(database) !== undefined,
        lockedCut: lockedCut(database)?.name ?? null,
      };
    },
  };
}
