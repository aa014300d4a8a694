/**
 * Issues and results: the shared model every mailtls parser returns.
 * @module
 */
import { typeName } from './_input.ts';

/** A position in text: character offset plus 1-based line and column. */
export interface TextLocation {
  /** UTF-16 code-unit offset into the input string (byte offset for byte inputs). */
  readonly offset: number;
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column, counted in code units from the start of the line. */
  readonly column: number;
}

/** A place in a JSON document, as an RFC 6901 JSON Pointer (`/policies/0/summary`). */
export interface PointerLocation {
  readonly pointer: string;
  /** Where the value starts in the source text, when it came from text. */
  readonly offset?: number;
  readonly line?: number;
  readonly column?: number;
}

/** A position in text, or an RFC 6901 JSON Pointer in a document. */
export type Location = TextLocation | PointerLocation;

/** How bad an issue is. Only `error` makes a result fail; warnings never change validity. */
export type Severity = 'error' | 'warning' | 'info';

/** One problem in an input. `code` is stable API; `message` may be reworded. */
export interface Issue<Code extends string = string> {
  /** Stable kebab-case identifier, e.g. `policy-mode`. Never renamed or reused. */
  readonly code: Code;
  readonly severity: Severity;
  /** Sentence case, no trailing period; names the offending token when there is one. */
  readonly message: string;
  /** The rule broken, e.g. `RFC 8461 §3.2`. */
  readonly ref: string;
  readonly at?: Location;
}

/** A failed result's errors: never empty. */
export type NonEmpty<T> = readonly [T, ...T[]];

/** What every `parseX` returns; parsers never throw on bad input. */
export type Result<T, Code extends string = string> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly Issue<Code>[] }
  | { readonly ok: false; readonly errors: NonEmpty<Issue<Code>>; readonly warnings: readonly Issue<Code>[] };

/** A package's issue table; the mapped type demands one entry per code. */
export type Catalogue<Code extends string> = {
  readonly [C in Code]: { readonly ref: string; readonly message: string };
};

/** Options every parser takes. */
export interface ParseOptions {
  /** Exactly the RFC's grammar and prose: known real-world deviations become errors instead of warnings. */
  readonly strict?: boolean;
}

/**
 * Builds an issue from its catalogue entry, so code, ref and message cannot drift apart.
 * `detail` is appended to the catalogue message (`: "detail"`), to name the offending token.
 * @example issue(hostnameIssues, 'hostname-hyphen', 'error', { offset: 0, line: 1, column: 1 }, '-mx') // message 'Label begins or ends with a hyphen: "-mx"'
 */
export function issue<Code extends string>(
  catalogue: Catalogue<Code>,
  code: Code,
  severity: Severity,
  at?: Location,
  detail?: string,
): Issue<Code> {
  const entry = catalogue[code];
  const message = detail === undefined ? entry.message : `${entry.message}: ${quote(detail)}`;
  // exactOptionalPropertyTypes: leave `at` out rather than set it to undefined
  return at === undefined
    ? { code, severity, message, ref: entry.ref }
    : { code, severity, message, ref: entry.ref, at };
}

/**
 * Quotes a token for a message: JSON-escaped, shortened when long. A value that is not a string
 * is named by its `typeof`.
 * @example quote('a"b') // '"a\\"b"'
 */
export function quote(token: string): string {
  const t = typeof token === 'string' ? token : typeof token;
  // 60 characters at most, written as a literal: a top-level const becomes a `var` in our dist,
  // which a consumer's minifier cannot inline
  return JSON.stringify(t.length > 60 ? `${t.slice(0, 60)}…` : t);
}

/**
 * A successful result.
 * @example ok(42) // { ok: true, value: 42, warnings: [] }
 */
export function ok<T, Code extends string = string>(
  value: T,
  warnings: readonly Issue<Code>[] = [],
): Result<T, Code> {
  return { ok: true, value, warnings };
}

/**
 * A failed result.
 * @example err([issue(hostnameIssues, 'hostname-empty', 'error')]) // { ok: false, errors: [...], warnings: [] }
 */
export function err<Code extends string = string>(
  errors: NonEmpty<Issue<Code>>,
  warnings: readonly Issue<Code>[] = [],
): Result<never, Code> {
  return { ok: false, errors, warnings };
}

/**
 * Turns a list of issues into a result: fails when any issue is an error.
 * Errors go to `errors`, the rest to `warnings`, each in input order. Anything but an array is
 * read as no issues.
 * @example fromIssues(1, [issue(hostnameIssues, 'hostname-empty', 'error')]).ok // false
 */
export function fromIssues<T, Code extends string>(
  value: T,
  issues: readonly Issue<Code>[],
): Result<T, Code> {
  const errors: Issue<Code>[] = [];
  const warnings: Issue<Code>[] = [];
  if (Array.isArray(issues)) for (const i of issues) (i?.severity === 'error' ? errors : warnings).push(i);
  const [first, ...rest] = errors;
  return first === undefined
    ? { ok: true, value, warnings }
    : { ok: false, errors: [first, ...rest], warnings };
}

/** Thrown by {@link unwrap}, and by nothing else in mailtls. */
export class ParseError<Code extends string = string> extends Error {
  override readonly name = 'ParseError';
  readonly issues: NonEmpty<Issue<Code>>;
  constructor(issues: NonEmpty<Issue<Code>>) {
    super(`${issues[0].message} (${issues[0].code}, ${issues[0].ref})`);
    this.issues = issues;
  }
}

/**
 * Returns a successful result's value, or throws its errors as a {@link ParseError}.
 * @example unwrap(parseMtaStsRecord('v=STSv1; id=1;')).id // '1'
 */
export function unwrap<T, Code extends string>(result: Result<T, Code>): T {
  if (result.ok) return result.value;
  throw new ParseError(result.errors);
}

/**
 * The 1-based line and column of `offset` in `text`. A line ends at LF, CRLF or a bare CR.
 * Linear in `offset`; call once per issue, not per character (a parser with many issues resumes
 * from the last one instead, as parseJson does). Total: a `text` that is not a string is read as
 * `''`, an `offset` that is not a number as 0.
 * @example locate('a\nbc', 3) // { offset: 3, line: 2, column: 2 }
 */
export function locate(text: string, offset: number): TextLocation {
  if (typeof text !== 'string') text = '';
  if (typeof offset !== 'number') offset = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: end - lineStart + 1 };
}

/**
 * Escapes one reference token for an RFC 6901 JSON Pointer (`~` → `~0`, `/` → `~1`).
 * @example pointer(['policies', 0, 'a/b']) // '/policies/0/a~1b'
 */
export function pointer(path: readonly (string | number)[]): string {
  let out = '';
  // total for JavaScript callers: anything but an array is the whole document, and a segment
  // that is neither a string nor a number is named by its type
  if (Array.isArray(path))
    for (const p of path) {
      const token = typeof p === 'string' || typeof p === 'number' ? `${p}` : typeName(p);
      out += `/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    }
  return out;
}
