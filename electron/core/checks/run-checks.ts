import type { CheckInfo, CheckRunCounts, CheckRunResult } from '../../../shared/api/checks';
import { createHash } from 'node:crypto';
import { addCollectedHits } from '../db/check-hits-repo';
import {
  addHits,
  completeHits,
  createHitTable,
  finishCheckRun,
  lastCompleteRun,
  reconcileHits,
  startCheckRun,
} from '../db/check-runs-repo';
import { type CheckScope, dropScope, scopeTo } from '../db/check-scope-repo';
import { inTransaction, sqlDialectOf, type StudyDatabase } from '../db/study-database';
import { SQLITE_DIALECT } from '../db/sql-dialect';
import { subjectCount } from '../db/study-info-repo';
import { badInput } from '../common/errors';
import type { CallContext } from '../common/call-context';
import type { MessageArgs } from '../../../shared/messages/render-message';
import { englishText } from '../study/message-text';
import type { StudyModel } from '../study/study-model';
import { CATALOG } from './catalog';
import { checkSql, type CatalogCheck } from './catalog/check-definition';
import { startCheckHelper } from './check-helper';
import { changedSince } from './changed-since';
import {
  buildFactsFor,
  collectCatalogHits,
  factsReadBy,
  severityOf,
  type CheckOutcome,
} from './collect-catalog-hits';
import { runCustomChecks } from './custom-checks';
import { FACTS_BUILT_TWICE } from './fact-selection';
import { CHECK_RUN_MOVES } from '../workflow/status-moves';

/** Fewer subjects than this are checked on one thread: a second one would cost more to start than it saves. */
const HELPER_MIN_SUBJECTS = 2000;

function enabled(model: StudyModel, id: string): boolean {
  return model.definition.checks[id]?.enabled ?? true;
}

export function checkCatalog(model: StudyModel): CheckInfo[] {
  return [
    ...CATALOG.map((c) => ({
      id: c.id,
      category: c.category,
      severity: severityOf(model, c),
      title: c.title,
      custom: false,
      enabled: enabled(model, c.id),
    })),
    ...model.definition.customChecks.map((c) => ({
      id: c.id,
      category: c.category,
      severity: c.severity,
      title: c.title,
      custom: true,
      enabled: true,
    })),
  ];
}

function selectChecks(
  model: StudyModel,
  requested: string[] | undefined,
): { catalog: CatalogCheck[]; custom: StudyModel['definition']['customChecks'] } {
  const known = new Set([...CATALOG.map((c) => c.id), ...model.definition.customChecks.map((c) => c.id)]);
  const wanted = requested?.map((id) => id.trim().toUpperCase());
  const unknown = wanted?.filter((id) => !known.has(id)) ?? [];
  if (unknown.length > 0)
    throw badInput(`unknown check ID${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  const pick = (id: string) => (wanted ? wanted.includes(id) : enabled(model, id));
  return {
    catalog: CATALOG.filter((c) => pick(c.id)),
    custom: model.definition.customChecks.filter((c) => pick(c.id)),
  };
}

/**
 * Changes whenever a check's query, a parameter or the set of checks changes: then every subject is
 * checked again. The queries are hashed as SQLite spells them, so that a study moved to another
 * engine (copy) keeps its incremental runs.
 */
function catalogHash(model: StudyModel): string {
  const d = model.definition;
  const queries = CATALOG.map((c) => {
    try {
      return [c.id, checkSql(c, model, SQLITE_DIALECT)];
    } catch (error) {
      // A check the definition breaks is reported by the run itself; here it only has to hash.
      return [c.id, `error: ${(error as Error).message}`];
    }
  });
  return createHash('sha256')
    .update(JSON.stringify([queries, d.checks, d.customChecks, d.treatment]))
    .digest('hex');
}

const ZERO: CheckRunCounts = { found: 0, new: 0, stillOpen: 0, resolved: 0, reopened: 0 };

/**
 * One check run: derived facts once, every selected check's query, then one reconciliation of
 * all hits with the stored discrepancies, in one transaction. A check that fails is reported with
 * its ID and does not stop the others (and resolves nothing).
 */
export async function runChecks(
  database: StudyDatabase,
  request: { checkIds?: string[]; full?: boolean },
  context: CallContext,
  tuning: { helperMinSubjects?: number; onHelperAnswer?: (answered: boolean) => void } = {},
): Promise<CheckRunResult> {
  const helperMinSubjects = tuning.helperMinSubjects ?? HELPER_MIN_SUBJECTS;
  const model = database.model;
  const selected = selectChecks(model, request.checkIds);
  const everything = request.checkIds === undefined;
  const started = context.now();
  const hash = catalogHash(model);
  const errors: { checkId: string; message: string }[] = [];
  const durations = new Map<string, number>();

  // Custom checks run first, on their own read-only connection in a separate process.
  const customResults = selected.custom.length
    ? await runCustomChecks(database, selected.custom, context)
    : [];

  return inTransaction(database, () => {
    // After a complete run, only the subjects changed since need checking again (changed-since.ts):
    // the re-check after one site's export costs a fraction of a full run.
    const previous = everything && !request.full ? lastCompleteRun(database) : undefined;
    const scope = previous && previous.catalogHash === hash ? changedSince(database, previous) : null;
    const runId = startCheckRun(database, {
      user: context.user,
      at: started.toISOString(),
      checkIds: [...selected.catalog.map((c) => c.id), ...selected.custom.map((c) => c.id)],
      scope: scope ? 'sites' : 'full',
      scopeSites: scope?.sites ?? null,
      catalogHash: hash,
    });
    createHitTable(database);
    // Templates (or anything else of the catalog) changed since the last complete run: every stored English text is written again.
    const catalogChanged = lastCompleteRun(database)?.catalogHash !== hash;
    try {
      return checkAndReconcile(runId, scope, catalogChanged);
    } finally {
      dropScope(database);
    }
  });

  function checkAndReconcile(
    runId: number,
    scope: CheckScope | null,
    catalogChanged: boolean,
  ): CheckRunResult {
    const scopedSubjects = scope ? scopeTo(database, scope) : null;
    // Checks that read no derived fact, or only facts cheap to build twice, run on a second thread
    // meanwhile, when there are enough subjects for it to pay for its start.
    const dialect = sqlDialectOf(database);
    // (Its read-only connection opens a study file: a study on a server runs every check here.)
    const helped =
      dialect.engine === 'sqlite' && (scopedSubjects ?? subjectCount(database)) >= helperMinSubjects
        ? selected.catalog.filter((c) => factsReadBy(model, c).every((f) => FACTS_BUILT_TWICE.has(f)))
        : [];
    const helper = helped.length > 0 ? startCheckHelper(database.file) : undefined;
    helper?.start({ checkIds: helped.map((c) => c.id), scope });
    const here = selected.catalog.filter((c) => !helped.includes(c));
    // Nothing changed since the last complete run of the same catalog (scoped to no subject): every
    // query would read empty views and find nothing, so none is built or run.
    let outcomes: CheckOutcome[];
    if (scopedSubjects === 0) outcomes = here.map((c) => ({ checkId: c.id, durationMs: 0, error: null }));
    else {
      buildFactsFor(database, here);
      outcomes = collectCatalogHits(database, here, context.progress);
    }
    if (helper) {
      const reply = helper.finish();
      tuning.onHelperAnswer?.(reply !== undefined);
      if (reply) {
        addCollectedHits(database, reply.hits);
        outcomes.push(...reply.outcomes);
      } else {
        buildFactsFor(database, helped);
        outcomes.push(...collectCatalogHits(database, helped, context.progress));
      }
    }
    const completed: string[] = [];
    const order = selected.catalog.map((c) => c.id);
    outcomes.sort((a, b) => order.indexOf(a.checkId) - order.indexOf(b.checkId));
    for (const outcome of outcomes) {
      durations.set(outcome.checkId, outcome.durationMs);
      if (outcome.error === null) completed.push(outcome.checkId);
      else errors.push({ checkId: outcome.checkId, message: outcome.error });
    }
    for (const result of customResults) {
      durations.set(result.check.id, result.durationMs);
      if (result.error !== null) {
        errors.push({ checkId: result.check.id, message: result.error });
        continue;
      }
      addHits(database, result.check, result.hits);
      completed.push(result.check.id);
    }
    completeHits(database);
    const finishedAt = context.now().toISOString();
    const counts = reconcileHits(database, {
      runId,
      at: finishedAt,
      user: context.user,
      completedCheckIds: completed,
      scoped: scope !== null,
      customCheckIds: selected.custom.map((c) => c.id),
      moves: CHECK_RUN_MOVES,
      englishText: (checkId, args) => englishText(model, checkId, JSON.parse(args) as MessageArgs),
      renderAllText: catalogChanged,
    });
    const ids = [...selected.catalog.map((c) => c.id), ...selected.custom.map((c) => c.id)];
    const checks = ids.map((checkId) => ({
      checkId,
      ...(counts.get(checkId) ?? ZERO),
      durationMs: Math.round(durations.get(checkId) ?? 0),
      error: errors.find((e) => e.checkId === checkId)?.message ?? null,
    }));
    const totals = checks.reduce(
      (t, c) => ({
        found: t.found + c.found,
        new: t.new + c.new,
        stillOpen: t.stillOpen + c.stillOpen,
        resolved: t.resolved + c.resolved,
        reopened: t.reopened + c.reopened,
      }),
      ZERO,
    );
    const result: CheckRunResult = {
      runId,
      scope: scope
        ? { kind: 'sites', sites: scope.sites, subjects: scopedSubjects ?? 0 }
        : { kind: 'full', sites: [], subjects: subjectCount(database) },
      startedAt: started.toISOString(),
      durationMs: Math.round(context.now().getTime() - started.getTime()),
      checks,
      totals,
      errors,
    };
    finishCheckRun(database, runId, finishedAt, everything && errors.length === 0, { totals, errors });
    return result;
  }
}
