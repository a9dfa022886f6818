/**
 * SQL written in SQLite's words, made PostgreSQL's: placeholders (`?`, `@name`, `:name`, `$name`)
 * become `$1, $2, ...`; quoted identifiers are lowercased (PostgreSQL folds unquoted names to lower
 * case and the tables are made that way, so `"AESTDAT"` and `AESTDAT` name the same column);
 * SQLite's spellings with a PostgreSQL twin are renamed (group_concat, json_group_array,
 * json_object, json_array, char, temp., main., `a IS b`, LIKE, REAL, CROSS JOIN ... ON, INDEXED BY). What has no twin is either a
 * function the PostgreSQL schema mirrors (pg-mirror-functions.ts) or a method of the engine's
 * dialect (sql-dialect.ts). The result is cached per statement text by the caller.
 *
 * Result columns come back lowercased by PostgreSQL: `casing` maps each lowercased name to the
 * spelling the statement used (`recordId`, `AESTDAT`), so rows have the keys SQLite gives.
 */
export interface TranslatedSql {
  text: string;
  /** For named parameters: the name bound at each `$n`; for positional ones: null (the count is `positional`). */
  names: string[] | null;
  positional: number;
  casing: Map<string, string>;
  /** The text with number parameters typed, per pattern of parameter types (pg-connection.ts). */
  typed: Map<string, string>;
}

const RENAMED: Record<string, string> = {
  group_concat: 'string_agg',
  json_group_array: 'json_agg',
  json_object: 'json_build_object',
  json_array: 'json_build_array',
  char: 'sqlite_char',
  ifnull: 'coalesce',
};

/** Upper-case words that are SQL, not names: never used as a result column's spelling. */
const KEYWORDS = new Set(
  `SELECT FROM WHERE AND OR NOT NULL IS IN AS ON JOIN LEFT RIGHT INNER OUTER CROSS GROUP BY ORDER HAVING LIMIT OFFSET
  CASE WHEN THEN ELSE END EXISTS DISTINCT UNION ALL INSERT INTO VALUES UPDATE SET DELETE CREATE TABLE TEMP TEMPORARY
  INDEX VIEW DROP IF WITH MATERIALIZED OVER PARTITION ROWS RANGE BETWEEN ASC DESC CAST TEXT INTEGER REAL TRUE FALSE
  RETURNING PRIMARY KEY UNIQUE DEFAULT CHECK REFERENCES TRIGGER BEGIN COMMIT ROLLBACK LIKE ESCAPE FILTER NULLS FIRST
  LAST RECURSIVE EXCEPT INTERSECT USING CONFLICT DO NOTHING GLOB COLLATE PRECEDING FOLLOWING UNBOUNDED CURRENT ROW`.split(
    /\s+/,
  ),
);

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

export function translateToPostgres(sql: string): TranslatedSql {
  let out = '';
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  let positional = 0;
  let named = false;
  const casing = new Map<string, string>();
  const noteCasing = (name: string) => {
    if (name !== name.toLowerCase() && !casing.has(name.toLowerCase())) casing.set(name.toLowerCase(), name);
  };
  const bindName = (name: string) => {
    named = true;
    let index = nameIndex.get(name);
    if (index === undefined) {
      names.push(name);
      nameIndex.set(name, (index = names.length));
    }
    return `$${index}`;
  };

  let i = 0;
  const unnamed = new Set<number>(); // where a subquery in FROM without a name ends (PostgreSQL needs one)
  while (i < sql.length) {
    const ch = sql[i]!;
    if (
      ch === '(' &&
      /\b(FROM|JOIN)\s*$/i.test(out) &&
      /^\s*(SELECT|WITH)\b/i.test(sql.slice(i + 1, i + 12))
    ) {
      unnamed.add(matchingParen(sql, i));
      out += ch;
      i++;
    } else if (ch === ')' && unnamed.has(i)) {
      const following = /^\s*([A-Za-z_]\w*)/.exec(sql.slice(i + 1, i + 40))?.[1]?.toUpperCase();
      out += following === undefined || NOT_AN_ALIAS.has(following) ? `) AS subquery${i}` : ')';
      i++;
    } else if (ch === "'") {
      const end = closing(sql, i, "'");
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (ch === '"') {
      const end = closing(sql, i, '"');
      const name = sql.slice(i + 1, end - 1);
      noteCasing(name);
      out += `"${name.toLowerCase()}"`;
      i = end;
    } else if (ch === '?') {
      out += `$${++positional}`;
      i++;
    } else if (
      (ch === '@' || ch === ':' || ch === '$') &&
      /[A-Za-z_]/.test(sql[i + 1] ?? '') &&
      !(ch === ':' && sql[i - 1] === ':')
    ) {
      WORD.lastIndex = i + 1;
      const name = WORD.exec(sql)![0];
      out += bindName(name);
      i += 1 + name.length;
    } else if (/[A-Za-z_]/.test(ch) && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? '')) {
      WORD.lastIndex = i;
      const word = WORD.exec(sql)![0];
      i += word.length;
      const next = nextWords(sql, i);
      if (lower(word) === 'is' && next[0] === 'not' && !LITERAL_AFTER_IS.has(next[1] ?? '')) {
        out += 'IS DISTINCT FROM';
        i = skipWords(sql, i, 1);
      } else if (lower(word) === 'is' && !LITERAL_AFTER_IS.has(next[0] ?? '') && next[0] !== 'not') {
        out += 'IS NOT DISTINCT FROM';
      } else if (
        lower(word) === 'cross' &&
        /^\s+JOIN\s+[\w.]+(\s+(AS\s+)?(?!ON\b)\w+)?\s+ON\b/i.test(sql.slice(i, i + 200))
      ) {
        i = skipWords(sql, i, 0); // SQLite's CROSS JOIN ... ON fixes the join order; PostgreSQL spells it JOIN ... ON
      } else if (lower(word) === 'indexed' && next[0] === 'by') {
        i = skipWords(sql, i, 2); // SQLite's INDEXED BY: PostgreSQL's planner chooses its indexes itself
      } else if (lower(word) === 'without' && next[0] === 'rowid') {
        i = skipWords(sql, i, 1);
      } else if (lower(word) === 'collate' && next[0] === 'nocase') {
        i = skipWords(sql, i, 1); // no case-blind collation here: compared as written
      } else if (
        lower(word) === 'temp' &&
        sql[i] === '.' &&
        /\bINDEX\s+(IF\s+NOT\s+EXISTS\s+)?$/i.test(out)
      ) {
        i++; // an index lives in its table's schema: CREATE INDEX temp.x -> CREATE INDEX x
      } else out += translateWord(word, sql, i, noteCasing);
    } else {
      out += ch;
      i++;
    }
  }
  if (named && positional > 0) throw new Error('a statement mixes named and positional parameters');
  // `main.` is dropped: the study's schema is on the search path.
  const text = out.replace(/\uE000\./g, '').replace(/\bLIMIT\s+-1\b/gi, 'LIMIT ALL');
  return { text, names: named ? names : null, positional, casing, typed: new Map() };
}

/** Words that may follow a subquery in FROM where no name does. */
const NOT_AN_ALIAS = new Set(
  'WHERE GROUP ORDER LIMIT OFFSET JOIN LEFT RIGHT INNER CROSS FULL ON USING UNION EXCEPT INTERSECT HAVING WINDOW'.split(
    ' ',
  ),
);

/** The index of the parenthesis that closes the one at `open` (quoted text skipped). */
function matchingParen(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length;) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') i = closing(sql, i, ch);
    else {
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return i;
      i++;
    }
  }
  return -1;
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function translateWord(word: string, sql: string, after: number, noteCasing: (w: string) => void): string {
  const lw = word.toLowerCase();
  const next = sql.slice(after).match(/^\s*(\S)/)?.[1];
  if (next === '(' && RENAMED[lw] !== undefined) return RENAMED[lw];
  if ((lw === 'temp' || lw === 'main') && sql[after] === '.') {
    // temp.x -> pg_temp.x; main.x -> x (the study's schema is on the search path)
    return lw === 'temp' ? 'pg_temp' : '\uE000';
  }
  if (lw === 'like') return 'ILIKE'; // SQLite's LIKE ignores the case of ASCII letters
  if (lw === 'real') return 'double precision';
  if (!(word === word.toUpperCase() && KEYWORDS.has(word))) noteCasing(word);
  return word;
}

const lower = (word: string) => word.toLowerCase();

/** `a IS b` in SQLite is NULL-safe equality; PostgreSQL's IS takes only these words after it. */
const LITERAL_AFTER_IS = new Set(['null', 'true', 'false', 'distinct', 'unknown']);

/** The next two words after position `at` (lowercased), when only spaces come between. */
function nextWords(sql: string, at: number): string[] {
  const m = /^\s+([A-Za-z_]+)(?:\s+([A-Za-z_]+))?/.exec(sql.slice(at, at + 40));
  return m ? [m[1]!.toLowerCase(), ...(m[2] ? [m[2].toLowerCase()] : [])] : [];
}

function skipWords(sql: string, at: number, count: number): number {
  const m = new RegExp(`^(\\s+[A-Za-z_]+){${count}}`).exec(sql.slice(at, at + 40));
  return at + (m ? m[0].length : 0);
}
