import { listCuts } from '../db/cuts-repo';
import { computeBlockers } from '../cuts/blockers';
import { diffCuts } from '../cuts/cut-diff';
import { lockStudy, unlockStudy } from '../cuts/lock-study';
import { cutFiles } from '../cuts/cut-files';
import { verifySnapshot } from '../cuts/verify-snapshot';
import type { HandlerScope, Handlers } from './handler-types';

export function cutHandlers({
  database,
}: HandlerScope): Handlers<
  'cuts.blockers' | 'cuts.lock' | 'cuts.unlock' | 'cuts.list' | 'cuts.verify' | 'cuts.diff' | 'cuts.files'
> {
  return {
    'cuts.blockers': (input, context) => computeBlockers(database, input.cutoff, context.now()),
    'cuts.lock': async (input, context) => {
      const { cut, files, dir, warnings } = await lockStudy(database, input, context);
      return { cut, snapshot: { dir, files, warnings } };
    },
    'cuts.unlock': (input, context) => unlockStudy(database, input.reason, context, input.signature),
    'cuts.list': () => listCuts(database),
    'cuts.verify': (input) => verifySnapshot(input.dir),
    'cuts.diff': (input) => diffCuts(database, input.from, input.to),
    'cuts.files': (input) => cutFiles(database, input.name),
  };
}
