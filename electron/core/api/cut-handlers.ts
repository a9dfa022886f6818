import { listCuts } from '../db/cuts-repo';
import { computeBlockers } from '../cuts/blockers';
import { diffCuts } from '../cuts/cut-diff';
import { lockStudy, unlockStudy } from '../cuts/lock-study';
import { verifySnapshot } from '../cuts/verify-snapshot';
import type { HandlerScope, Handlers } from './handler-types';

export function cutHandlers({
  database,
}: HandlerScope): Handlers<
  'cuts.blockers' | 'cuts.lock' | 'cuts.unlock' | 'cuts.list' | 'cuts.verify' | 'cuts.diff'
> {
  return {
    'cuts.blockers': (input, context) => computeBlockers(database, input.cutoff, context.now()),
    'cuts.lock': async (input, context) => {
      const { cut, files, dir } = await lockStudy(database, input, context);
      return { cut, snapshot: { dir, files } };
    },
    'cuts.unlock': (input, context) => unlockStudy(database, input.reason, context),
    'cuts.list': () => listCuts(database),
    'cuts.verify': (input) => verifySnapshot(input.dir),
    'cuts.diff': (input) => diffCuts(database, input.from, input.to),
  };
}
