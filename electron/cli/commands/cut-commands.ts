import type { Command } from 'commander';
import type { Blockers, CutDiff } from '../../../shared/api/cuts';
import { withStudy } from '../common/cli-context';
import { formatTable, printJson, writeOutput } from '../common/output';
import { CliUsageError, isoDateOption } from '../common/usage';
import { signatureOf, signatureOptions, type SignatureOptionValues } from '../common/signature-options';
import { toCsv, UTF8_BOM, verifySnapshot } from '../../core/api';

function describeBlockers(b: Blockers): string {
  const lines = [
    b.locked ? 'The study is LOCKED.' : b.canLock ? 'Nothing stands in the way of a lock.' : 'Blockers:',
  ];
  if (b.openDiscrepancies.total) {
    lines.push(`  ${b.openDiscrepancies.total} discrepancies not CLOSED, ACCEPTED or RESOLVED`);
    lines.push(`    by check: ${b.openDiscrepancies.byCheck.map((c) => `${c.key} ${c.count}`).join(', ')}`);
    lines.push(`    by site:  ${b.openDiscrepancies.bySite.map((c) => `${c.key} ${c.count}`).join(', ')}`);
  }
  for (const s of b.staleSites)
    lines.push(
      `  site ${s.siteId}: latest export ${s.latestExportDate} is older than the cut-off ${b.cutoff}`,
    );
  for (const i of b.importsWithErrors)
    lines.push(
      `  site ${i.siteId}, import #${i.importId} (${i.exportDate}): ${i.errors} unreadable values not yet handled`,
    );
  if (b.uncodedVerbatims.total) {
    const u = b.uncodedVerbatims;
    lines.push(`  ${u.total} verbatims waiting for coding longer than ${u.days} days (see coding queue)`);
    lines.push(`    by form: ${u.byForm.map((c) => `${c.key} ${c.count}`).join(', ')}`);
    lines.push(`    by site: ${u.bySite.map((c) => `${c.key} ${c.count}`).join(', ')}`);
  }
  if (b.cuts.length) {
    lines.push('Data cuts:');
    lines.push(
      formatTable(
        ['cut', 'locked', 'by', 'unlocked', 'snapshot'],
        b.cuts.map((c) => [
          c.name,
          c.lockedAt.slice(0, 19),
          c.lockedBy,
          c.unlockedAt?.slice(0, 19) ?? '(locked)',
          c.snapshotDir,
        ]),
      ),
    );
  }
  return lines.join('\n');
}

function diffCsv(diff: CutDiff): string {
  const rows: (string | null)[][] = [];
  for (const [form, d] of Object.entries(diff.forms)) {
    for (const r of d.new)
      rows.push(['record', form, 'new', r.siteId, r.subjectId, r.recordKey, null, null, null]);
    for (const r of d.deleted)
      rows.push(['record', form, 'deleted', r.siteId, r.subjectId, r.recordKey, null, null, null]);
    for (const r of d.changed) {
      if (r.changes.length === 0)
        rows.push(['record', form, 'changed', r.siteId, r.subjectId, r.recordKey, null, null, null]);
      for (const c of r.changes)
        rows.push(['record', form, 'changed', r.siteId, r.subjectId, r.recordKey, c.field, c.old, c.new]);
    }
  }
  for (const d of diff.discrepancies.opened)
    rows.push(['discrepancy', d.checkId, 'opened', null, d.subjectId, d.recordKey, d.field, null, 'OPEN']);
  for (const d of diff.discrepancies.closed)
    rows.push(['discrepancy', d.checkId, 'closed', null, d.subjectId, d.recordKey, d.field, null, d.status]);
  return toCsv(['kind', 'form_or_check', 'change', 'site', 'subject', 'record', 'field', 'old', 'new'], rows);
}

export function registerCutCommands(program: Command): void {
  program
    .command('blockers')
    .description('what stands in the way of a lock')
    .argument('<DB>', 'study database')
    .option(
      '--cutoff <YYYY-MM-DD>',
      'sites must have exported on or after this date (default: the newest export of any site)',
      isoDateOption,
    )
    .option('--json', 'print JSON')
    .action(async (file: string, options: { cutoff?: string; json?: boolean }) => {
      await withStudy(file, {}, async (study) => {
        const blockers = await study.call('cuts.blockers', { cutoff: options.cutoff });
        if (options.json) printJson(blockers);
        else process.stdout.write(`${describeBlockers(blockers)}\n`);
      });
    });

  signatureOptions(
    program
      .command('lock')
      .description(
        'lock the database as a named data cut and write its snapshot; refuses while blockers remain unless --force',
      )
      .argument('<DB>', 'study database')
      .requiredOption('--cut <NAME>', 'name of the data cut, e.g. "6-month report 2"')
      .requiredOption('--reason <R>', 'why (goes into the lock history)')
      .requiredOption('--snapshot <DIR>', 'new or empty folder for the snapshot')
      .option('--force', 'lock despite blockers (they are recorded with the cut)')
      .option('--cutoff <YYYY-MM-DD>', 'cut-off for the stale-site blocker', isoDateOption)
      .option('--json', 'print JSON')
      .option('--user <NAME>', 'who locks'),
  ).action(
    async (
      file: string,
      o: {
        cut: string;
        reason: string;
        snapshot: string;
        force?: boolean;
        cutoff?: string;
        json?: boolean;
        user?: string;
      } & SignatureOptionValues,
    ) => {
      const signature = await signatureOf(o);
      await withStudy(file, { user: o.user }, async (study) => {
        const result = await study.call('cuts.lock', {
          name: o.cut,
          reason: o.reason,
          snapshotDir: o.snapshot,
          force: o.force ?? false,
          cutoff: o.cutoff,
          signature,
        });
        if (o.json) printJson(result);
        else {
          process.stdout.write(
            `Locked as data cut "${result.cut.name}"${result.cut.forced ? ' (forced: blockers recorded)' : ''}; snapshot in ${result.snapshot.dir} (${result.snapshot.files.length} files, manifest SHA-256 ${result.cut.manifestSha256})\n`,
          );
          for (const warning of result.snapshot.warnings) process.stderr.write(`warning: ${warning}\n`);
        }
      });
    },
  );

  signatureOptions(
    program
      .command('unlock')
      .description('unlock; the lock history stays')
      .argument('<DB>', 'study database')
      .requiredOption('--reason <R>', 'why')
      .option('--json', 'print JSON')
      .option('--user <NAME>', 'who unlocks'),
  ).action(
    async (file: string, o: { reason: string; json?: boolean; user?: string } & SignatureOptionValues) => {
      const signature = await signatureOf(o);
      await withStudy(file, { user: o.user }, async (study) => {
        const cut = await study.call('cuts.unlock', { reason: o.reason, signature });
        if (o.json) printJson(cut);
        else process.stdout.write(`Unlocked data cut "${cut.name}"; cleaning can go on.\n`);
      });
    },
  );

  program
    .command('cuts')
    .description('every data cut with its snapshot')
    .argument('<DB>', 'study database')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      await withStudy(file, {}, async (study) => {
        const cuts = await study.call('cuts.list', {});
        if (o.json) return printJson(cuts);
        process.stdout.write(
          `${formatTable(
            ['cut', 'locked', 'by', 'forced', 'unlocked', 'reason', 'signed', 'snapshot'],
            cuts.map((c) => [
              c.name,
              c.lockedAt.slice(0, 19),
              c.lockedBy,
              c.forced ? 'yes' : '',
              c.unlockedAt?.slice(0, 19) ?? '(locked)',
              c.reason,
              [c.lockSignature, c.unlockSignature]
                .filter((s) => s !== null)
                .map((s) => `${s.by} ${s.at.slice(0, 19)}: ${s.meaning}`)
                .join('; '),
              c.snapshotDir,
            ]),
          )}\n`,
        );
      });
    });

  program
    .command('cut-diff')
    .description(
      'what changed between two data cuts (records new / changed / deleted per form; discrepancies opened and closed)',
    )
    .argument('<DB>', 'study database')
    .requiredOption('--from <CUT>', 'the earlier cut')
    .requiredOption('--to <CUT>', 'the later cut')
    .option('--format <json|csv>', 'output format', 'json')
    .option('--out <FILE>', 'write to FILE instead of stdout')
    .action(async (file: string, o: { from: string; to: string; format: string; out?: string }) => {
      if (o.format !== 'json' && o.format !== 'csv')
        throw new CliUsageError(`--format ${o.format}: use json or csv`);
      await withStudy(file, {}, async (study) => {
        const diff = await study.call('cuts.diff', { from: o.from, to: o.to });
        writeOutput(
          o.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : `${UTF8_BOM}${diffCsv(diff)}\r\n`,
          o.out,
        );
      });
    });

  program
    .command('verify')
    .description(
      'check a snapshot against its manifest; exit 0 when intact, 1 naming each changed, missing or added file',
    )
    .argument('<DIR>', 'snapshot folder')
    .option('--json', 'print JSON')
    .action(async (dir: string, o: { json?: boolean }) => {
      const result = await verifySnapshot(dir);
      if (o.json) printJson(result);
      else if (result.ok)
        process.stdout.write(
          `${result.cut === null ? 'Export' : `Snapshot of data cut "${result.cut}"`} is intact (${result.checked} files).\n`,
        );
      else {
        for (const f of result.changed) process.stdout.write(`changed: ${f}\n`);
        for (const f of result.missing) process.stdout.write(`missing: ${f}\n`);
        for (const f of result.added) process.stdout.write(`added: ${f}\n`);
      }
      if (!result.ok) {
        const named = [
          ...result.changed.map((f) => `changed ${f}`),
          ...result.missing.map((f) => `missing ${f}`),
          ...result.added.map((f) => `added ${f}`),
        ];
        process.stderr.write(`error: ${dir}: snapshot is not intact: ${named.join(', ')}\n`);
        process.exitCode = 1;
      }
    });
}
