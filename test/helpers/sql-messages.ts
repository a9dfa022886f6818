import type { MessageArgs } from '../../shared/messages/render-message';

/**
 * Reads the messages out of a check's SQL, as the catalog's helpers write them
 * (sql-fragments.ts): `json_object('key', <key expression>, 'values', json_object('name', ..., ...))`
 * and JSON made in TypeScript, `json('{"key": ...}')`. For the tests that hold every check's
 * values against its templates without running it.
 */

/** The top-level arguments of the call whose `(` is at `open`, and the index after its `)`. */
function argumentsAt(sql: string, open: number): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'") {
      i++;
      while (i < sql.length && !(sql[i] === "'" && sql[i + 1] !== "'")) i += sql[i] === "'" ? 2 : 1;
    } else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) {
        args.push(sql.slice(start, i).trim());
        return { args, end: i + 1 };
      }
    } else if (ch === ',' && depth === 1) {
      args.push(sql.slice(start, i).trim());
      start = i + 1;
    }
  }
  throw new Error(`unbalanced parentheses after ${sql.slice(open, open + 80)}`);
}

export interface SqlMessage {
  /** The keys the key expression may give (`'default'`, or each literal of a CASE). */
  keys: string[];
  /** The names of the values it gives. */
  names: string[];
}

const MARKER = "json_object('key', ";

export function messagesInSql(sql: string): { built: SqlMessage[]; literal: MessageArgs[] } {
  const built: SqlMessage[] = [];
  for (let at = sql.indexOf(MARKER); at !== -1; at = sql.indexOf(MARKER, at + 1)) {
    const { args } = argumentsAt(sql, at + 'json_object'.length);
    if (args.length !== 4 || args[2] !== "'values'" || !args[3]!.startsWith('json_object('))
      throw new Error(`not a message: ${sql.slice(at, at + 120)}`);
    const keys = Array.from(args[1]!.matchAll(/'([A-Za-z][A-Za-z0-9]*)'/g), (m) => m[1]!);
    const values = argumentsAt(args[3]!, 'json_object'.length).args.filter((a) => a !== '');
    const names = values.filter((_, i) => i % 2 === 0).map((a) => a.replace(/^'|'$/g, ''));
    built.push({ keys, names });
  }
  const literal: MessageArgs[] = [];
  for (const m of sql.matchAll(/json\('((?:[^']|'')*)'\)/g)) {
    const value = JSON.parse(m[1]!.replace(/''/g, "'")) as unknown;
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v !== null && typeof v === 'object' && typeof (v as MessageArgs).key === 'string')
        literal.push(v as MessageArgs);
    };
    visit(value);
  }
  return { built, literal };
}
