/**
 * SQLite's positional `?` placeholders as PostgreSQL's `$1, $2, …`, so one SQL text serves both
 * stores. A `?` inside a string literal ('…', E'…' with backslash escapes, $tag$…$tag$), a quoted
 * identifier ("…") or a comment (-- … and nested /* … *\/) is left alone. PostgreSQL's jsonb
 * operators `?`, `?|` and `?&` cannot be written in such SQL; use `jsonb_exists` and friends.
 */
export function toPositional(sql: string): { text: string; count: number } {
  let text = '';
  let count = 0;
  let from = 0;
  let i = 0;
  while (i < sql.length) {
    const end = skipQuoted(sql, i);
    if (end > i) {
      i = end;
    } else if (sql[i] === '?') {
      text += `${sql.slice(from, i)}$${++count}`;
      from = ++i;
    } else {
      i++;
    }
  }
  return { text: text + sql.slice(from), count };
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/** The index just past the literal, quoted identifier or comment that starts at `i`, else `i`. */
function skipQuoted(sql: string, i: number): number {
  const c = sql[i];
  const before = sql[i - 1] ?? ' ';
  if (c === "'") {
    const escapes = /[eE]/.test(before) && !IDENTIFIER_CHAR.test(sql[i - 2] ?? ' ');
    return closeQuote(sql, i + 1, "'", escapes);
  }
  if (c === '"') return closeQuote(sql, i + 1, '"', false);
  if (c === '-' && sql[i + 1] === '-') {
    const eol = sql.indexOf('\n', i);
    return eol === -1 ? sql.length : eol + 1;
  }
  if (c === '/' && sql[i + 1] === '*') return closeComment(sql, i + 2);
  if (c === '$' && !IDENTIFIER_CHAR.test(before)) {
    DOLLAR_TAG.lastIndex = i;
    const tag = DOLLAR_TAG.exec(sql)?.[0];
    if (tag === undefined) return i;
    const close = sql.indexOf(tag, i + tag.length);
    return close === -1 ? sql.length : close + tag.length;
  }
  return i;
}

/** Past the closing `quote` (doubled quotes stay inside; with `escapes`, so does \'). */
function closeQuote(sql: string, i: number, quote: string, escapes: boolean): number {
  while (i < sql.length) {
    const c = sql[i];
    if (escapes && c === '\\') i += 2;
    else if (c !== quote) i++;
    else if (sql[i + 1] === quote) i += 2;
    else return i + 1;
  }
  return sql.length;
}

/** Past the `*\/` that closes a block comment opened just before `i`; PostgreSQL nests them. */
function closeComment(sql: string, i: number): number {
  let depth = 1;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      if (--depth === 0) return i + 2;
      i += 2;
    } else {
      i++;
    }
  }
  return sql.length;
}
