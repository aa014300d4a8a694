/**
 * JSON with the checks `JSON.parse` skips: syntax errors with line and column, a depth and size
 * cap, duplicate member names, integers past 2^53 and unpaired surrogates (I-JSON, RFC 7493),
 * each reported with an RFC 6901 pointer. The text is validated by a linear scanner first; the
 * value itself then comes from the engine's native `JSON.parse`, which is safe against
 * `"__proto__"` keys (they become own properties, never the prototype).
 * @module
 */

import { type CoreIssueCode, type JsonIssueCode, jsonIssues } from './issues.ts';
import { decodeUtf8 } from './utf8.ts';

export { type JsonIssueCode, jsonIssues } from './issues.ts';

import { type Issue, issue, locate, pointer, type Result, type TextLocation } from './result.ts';

/** Options for {@link parseJson}. */
export interface JsonOptions {
  /** Reject a leading byte order mark instead of skipping it with a warning. Default false. */
  readonly strict?: boolean;
  /**
   * Maximum input length in UTF-16 code units (or bytes for byte input). Default 20 MiB; a value
   * that is not a number ≥ 0 (NaN, a string, -1) means the default.
   */
  readonly maxLength?: number;
  /**
   * Maximum nesting of arrays and objects. Default 64, at most 512; a value that is not a
   * number ≥ 0 means the default.
   */
  readonly maxDepth?: number;
}

/** A JSON value as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const DEFAULT_MAX_LENGTH = 20 * 1024 * 1024;
const MAX_ISSUES = 100;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;

interface State {
  readonly s: string;
  pos: number;
  readonly maxDepth: number;
  readonly path: (string | number)[];
  readonly warnings: Issue<CoreIssueCode>[];
  error?: Issue<CoreIssueCode>;
  // The line count resumes where the last issue was located (see where()).
  /** Offsets below this are counted into `line` and `lineStart`. */
  seen: number;
  /** The 1-based line holding offset `seen`. */
  line: number;
  /** Where that line starts. */
  lineStart: number;
}

/** A caller's numeric limit, or the default for anything but a number ≥ 0 (NaN, a string, -1). */
const limit = (v: unknown, fallback: number): number => (typeof v === 'number' && v >= 0 ? v : fallback);

/**
 * Parses JSON text or UTF-8 bytes. Never throws.
 * Errors: `json-syntax` (with line and column), `json-too-deep`, `input-too-large`,
 * `utf8-invalid`, `json-bom` (strict only), `input-type` (neither a string nor bytes). Warnings,
 * each with a pointer: `json-duplicate-key` (the last occurrence wins, as in `JSON.parse`),
 * `json-number-precision`, `json-lone-surrogate`, `json-bom`.
 * @example parseJson('{"a":1,"a":2}').warnings[0].code // 'json-duplicate-key'
 * @example parseJson('3.141592653589793238462643383279').warnings[0].code // 'json-number-precision'
 * @see https://www.rfc-editor.org/rfc/rfc8259
 * @see https://www.rfc-editor.org/rfc/rfc7493
 */
export function parseJson(
  input: string | Uint8Array,
  options: JsonOptions = {},
): Result<JsonValue, CoreIssueCode> {
  const o: JsonOptions = options ?? {}; // null from JavaScript callers
  const str = typeof input === 'string';
  // Anything but a string or bytes has no size here (`?.`: null) and is then refused by
  // decodeUtf8 as `input-type`.
  const size: number | undefined = str ? input.length : (input as Uint8Array | null)?.byteLength;
  if ((size as number) > limit(o.maxLength, DEFAULT_MAX_LENGTH)) {
    return {
      ok: false,
      errors: [issue(jsonIssues, 'input-too-large', 'error', undefined, `${size}`)],
      warnings: [],
    };
  }
  let text: string;
  if (str) text = input;
  else {
    const decoded = decodeUtf8(input);
    if (!decoded.ok) return decoded;
    text = decoded.value;
  }
  const warnings: Issue<CoreIssueCode>[] = [];
  if (text.charCodeAt(0) === 0xfeff) {
    const bom = issue(jsonIssues, 'json-bom', o.strict ? 'error' : 'warning', {
      offset: 0,
      line: 1,
      column: 1,
    });
    if (o.strict) return { ok: false, errors: [bom], warnings };
    warnings.push(bom);
    text = text.slice(1);
  }
  // Fast path: the engine's parser, then two cheap checks that prove no issue can exist. Only
  // when one might (a syntax error, fewer member names kept than written, a number a double cannot
  // hold, a surrogate, too deep) does the full scanner run to report each one exactly.
  let value: JsonValue | undefined;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    value = undefined;
  }
  const maxDepth = Math.min(limit(o.maxDepth, 64), 512);
  // Without \u escapes every ":" of valid JSON text is a name separator or a literal ":" inside a
  // string, so the text's colons equal the kept names plus the colons in kept strings exactly
  // when no member was dropped as a duplicate. (An escaped "\u003a" could hide a dropped member.)
  if (value !== undefined && isProvableJsonText(text)) {
    const seen = { colons: 0, suspect: false };
    walk(value, 0, maxDepth, seen);
    if (!seen.suspect && seen.colons === count(text, ':')) return { ok: true, value, warnings };
  }
  const st: State = { s: text, pos: 0, maxDepth, path: [], warnings, seen: 0, line: 1, lineStart: 0 };
  skipWs(st);
  scanValue(st, 0);
  if (st.error === undefined) {
    skipWs(st);
    if (st.pos < text.length) syntax(st, st.pos);
  }
  if (st.error !== undefined) return { ok: false, errors: [st.error], warnings };
  return { ok: true, value: value ?? (JSON.parse(text) as JsonValue), warnings };
}

/**
 * Whether `JSON.parse` of `text` can be proved lossless from the value alone, the condition of
 * {@link parseJson}'s fast path (for readers that build their own model straight from
 * `JSON.parse`): no `\u` escape, which could hide a lone surrogate or a dropped member's ":", and
 * no lone surrogate. Then every ":" in the text is a name separator or inside a string value, so a
 * reader that counts the names and string colons it keeps has lost no duplicate member exactly
 * when its count equals the text's; numbers must still be checked to be safe integers or finite.
 * Without `\u` escapes every string is a substring of the text cut at ASCII quotes, so one native
 * check of the whole text covers every string.
 * @example isProvableJsonText('{"a":"b:c"}') // true
 * @example isProvableJsonText('{"a":"\\u003a"}') // false
 */
export function isProvableJsonText(text: string): boolean {
  return typeof text === 'string' && text.indexOf('\\u') < 0 && wellFormed(text); // total for JavaScript callers
}

// A raw surrogate: the rare case the scanner must judge. ES2024's isWellFormed checks natively;
// where it is missing, any surrogate at all sends the text to the scanner.
const SURROGATE = /[\ud800-\udfff]/;
const wellFormed = (s: string): boolean =>
  typeof (s as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : !SURROGATE.test(s);

/** Occurrences of `c` in `s`, by native search. */
function count(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) n++;
  return n;
}

interface Seen {
  colons: number;
  suspect: boolean;
}

/**
 * Counts the colons the value accounts for, and flags what the scanner must look at: depth, and
 * every number but a safe integer (a non-integer may have been written with more digits than
 * the double keeps; only the text can tell).
 */
function walk(v: JsonValue, depth: number, maxDepth: number, seen: Seen): void {
  if (typeof v === 'string') {
    if (v.indexOf(':') >= 0) seen.colons += count(v, ':');
    return;
  }
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) seen.suspect = true;
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  if (depth >= maxDepth) {
    seen.suspect = true;
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) walk(x, depth + 1, maxDepth, seen);
    return;
  }
  for (const k in v) {
    // one name separator, plus any colon inside the name
    seen.colons += k.indexOf(':') >= 0 ? 1 + count(k, ':') : 1;
    walk(v[k] as JsonValue, depth + 1, maxDepth, seen);
  }
}

function skipWs(st: State): void {
  const s = st.s;
  let p = st.pos;
  for (;;) {
    const c = s.charCodeAt(p);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
    else break;
  }
  st.pos = p;
}

/**
 * {@link locate}, resumed from the last offset located: issues arrive in (nearly) increasing
 * order, so locating all of them is one pass over the text, not one pass each. An offset before
 * the remembered one on the same line is answered from it; one on an earlier line (never seen:
 * names and strings hold no raw line break) is counted from the start, as locate() does.
 */
function where(st: State, at: number): TextLocation {
  const end = Math.min(at, st.s.length);
  if (end < st.lineStart) return locate(st.s, at);
  if (end > st.seen) {
    // The text since the last issue, and one character more, so that a CR is judged (line end,
    // or the first half of CRLF) exactly as locate() judges it over the whole text.
    const l = locate(st.s.slice(st.seen, end + 1), end - st.seen);
    if (l.line > 1) {
      st.line += l.line - 1;
      st.lineStart = end - l.column + 1;
    }
    st.seen = end;
  }
  return { offset: at, line: st.line, column: end - st.lineStart + 1 };
}

function syntax(st: State, at: number): undefined {
  const token = at >= st.s.length ? 'end of input' : String.fromCodePoint(st.s.codePointAt(at) as number);
  st.error = issue(
    jsonIssues,
    'json-syntax',
    'error',
    { pointer: pointer(st.path), ...where(st, at) },
    token,
  );
}

function warn(st: State, code: JsonIssueCode, at: number, detail?: string): void {
  if (st.warnings.length >= MAX_ISSUES) return;
  st.warnings.push(
    issue(jsonIssues, code, 'warning', { pointer: pointer(st.path), ...where(st, at) }, detail),
  );
}

function scanValue(st: State, depth: number): undefined {
  const c = st.s.charCodeAt(st.pos);
  if (c === QUOTE) scanString(st);
  else if (c === LBRACE) scanObject(st, depth + 1);
  else if (c === LBRACKET) scanArray(st, depth + 1);
  else if (c === MINUS || (c >= 0x30 && c <= 0x39)) scanNumber(st);
  else if (c === 0x74) scanLiteral(st, 'true');
  else if (c === 0x66) scanLiteral(st, 'false');
  else if (c === 0x6e) scanLiteral(st, 'null');
  else syntax(st, st.pos);
}

function scanLiteral(st: State, word: string): undefined {
  if (st.s.startsWith(word, st.pos)) st.pos += word.length;
  else {
    let p = st.pos;
    while (p < st.s.length && st.s.charCodeAt(p) === word.charCodeAt(p - st.pos)) p++;
    syntax(st, p);
  }
}

function tooDeep(st: State): undefined {
  st.error = issue(
    jsonIssues,
    'json-too-deep',
    'error',
    { pointer: pointer(st.path), ...where(st, st.pos) },
    `${st.maxDepth}`,
  );
}

function scanObject(st: State, depth: number): undefined {
  if (depth > st.maxDepth) return tooDeep(st);
  const s = st.s;
  st.pos++;
  skipWs(st);
  if (s.charCodeAt(st.pos) === RBRACE) {
    st.pos++;
    return;
  }
  let keys: string[] | Set<string> = [];
  for (;;) {
    if (s.charCodeAt(st.pos) !== QUOTE) return syntax(st, st.pos);
    const keyStart = st.pos;
    const escaped = scanString(st);
    if (st.error) return;
    const key = escaped
      ? (JSON.parse(s.slice(keyStart, st.pos)) as string)
      : s.slice(keyStart + 1, st.pos - 1);
    // I-JSON §2.3: member names MUST be unique. Small objects compare linearly; large ones hash.
    let dup: boolean;
    if (Array.isArray(keys)) {
      dup = keys.includes(key);
      keys.push(key);
      if (keys.length > 16) keys = new Set(keys);
    } else {
      dup = keys.has(key);
      keys.add(key);
    }
    st.path.push(key);
    if (dup) warn(st, 'json-duplicate-key', keyStart, key);
    skipWs(st);
    if (s.charCodeAt(st.pos) !== COLON) return syntax(st, st.pos);
    st.pos++;
    skipWs(st);
    scanValue(st, depth);
    if (st.error) return;
    st.path.pop();
    skipWs(st);
    const c = s.charCodeAt(st.pos);
    if (c === COMMA) {
      st.pos++;
      skipWs(st);
    } else if (c === RBRACE) {
      st.pos++;
      return;
    } else return syntax(st, st.pos);
  }
}

function scanArray(st: State, depth: number): undefined {
  if (depth > st.maxDepth) return tooDeep(st);
  const s = st.s;
  st.pos++;
  skipWs(st);
  if (s.charCodeAt(st.pos) === RBRACKET) {
    st.pos++;
    return;
  }
  for (let index = 0; ; index++) {
    st.path.push(index);
    scanValue(st, depth);
    if (st.error) return;
    st.path.pop();
    skipWs(st);
    const c = s.charCodeAt(st.pos);
    if (c === COMMA) {
      st.pos++;
      skipWs(st);
    } else if (c === RBRACKET) {
      st.pos++;
      return;
    } else return syntax(st, st.pos);
  }
}

const isHex = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** Scans a string starting at the opening quote; returns whether it held escapes. */
function scanString(st: State): boolean {
  const s = st.s;
  const start = st.pos;
  let p = start + 1;
  let escaped = false;
  let pendingHigh = -1; // offset of an escaped high surrogate awaiting its low half
  for (;;) {
    if (p >= s.length) {
      syntax(st, p);
      return escaped;
    }
    const c = s.charCodeAt(p);
    if (c === QUOTE) break;
    if (c < 0x20) {
      // RFC 8259 §7: control characters must be escaped; a raw line break is the classic case
      syntax(st, p);
      return escaped;
    }
    if (c === BACKSLASH) {
      escaped = true;
      const e = s.charCodeAt(p + 1);
      if (e === 0x75) {
        const h1 = s.charCodeAt(p + 2);
        const h2 = s.charCodeAt(p + 3);
        const h3 = s.charCodeAt(p + 4);
        const h4 = s.charCodeAt(p + 5);
        if (!(isHex(h1) && isHex(h2) && isHex(h3) && isHex(h4))) {
          syntax(st, p);
          return escaped;
        }
        const u = Number.parseInt(s.slice(p + 2, p + 6), 16);
        if (u >= 0xdc00 && u <= 0xdfff && pendingHigh >= 0) pendingHigh = -1;
        else {
          if (pendingHigh >= 0) warn(st, 'json-lone-surrogate', pendingHigh);
          pendingHigh = -1;
          if (u >= 0xd800 && u <= 0xdbff) pendingHigh = p;
          else if (u >= 0xdc00 && u <= 0xdfff) warn(st, 'json-lone-surrogate', p);
        }
        p += 6;
        continue;
      }
      if (
        e === QUOTE ||
        e === BACKSLASH ||
        e === 0x2f ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      ) {
        if (pendingHigh >= 0) warn(st, 'json-lone-surrogate', pendingHigh);
        pendingHigh = -1;
        p += 2;
        continue;
      }
      syntax(st, p + 1);
      return escaped;
    }
    if (pendingHigh >= 0) {
      warn(st, 'json-lone-surrogate', pendingHigh);
      pendingHigh = -1;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      // A raw surrogate can only come from string input; a valid pair is one character.
      const next = s.charCodeAt(p + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) p++;
      else warn(st, 'json-lone-surrogate', p);
    }
    p++;
  }
  if (pendingHigh >= 0) warn(st, 'json-lone-surrogate', pendingHigh);
  st.pos = p + 1;
  return escaped;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

// RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ]; int = zero / ( digit1-9 *DIGIT )
function scanNumber(st: State): undefined {
  const s = st.s;
  const start = st.pos;
  let p = start;
  if (s.charCodeAt(p) === MINUS) p++;
  const first = s.charCodeAt(p);
  if (first === 0x30) p++;
  else if (first >= 0x31 && first <= 0x39) while (isDigit(s.charCodeAt(p))) p++;
  else return syntax(st, p);
  let integral = true;
  if (s.charCodeAt(p) === 0x2e) {
    integral = false;
    p++;
    if (!isDigit(s.charCodeAt(p))) return syntax(st, p);
    while (isDigit(s.charCodeAt(p))) p++;
  }
  const e = s.charCodeAt(p);
  if (e === 0x65 || e === 0x45) {
    integral = false;
    p++;
    const sign = s.charCodeAt(p);
    if (sign === 0x2b || sign === MINUS) p++;
    if (!isDigit(s.charCodeAt(p))) return syntax(st, p);
    while (isDigit(s.charCodeAt(p))) p++;
  }
  st.pos = p;
  // I-JSON §2.2: "numbers that express greater magnitude or precision than an IEEE 754 double
  // precision number provides, for example 1E400 or 3.141592653589793238462643383279". Flagged:
  // overflow to ±Infinity; integers beyond ±(2^53 − 1); and a non-integer whose text is another
  // decimal than the double's shortest form ("0.1" and "1.50" are exact in that sense, π to 30
  // places is not). Judgement call: a literal that rounds to an integer ("1.00000000000000001",
  // "1e-400" → 0) is not flagged: the fast path sees only values, and proving such a value
  // lossless would need the text scanned for every 0 and every integer.
  if (p - start >= 16 || !integral) {
    const text = s.slice(start, p);
    const n = Number(text);
    if (
      !Number.isFinite(n) ||
      (integral ? !Number.isSafeInteger(n) : !Number.isInteger(n) && digits(text) !== digits(String(n)))
    ) {
      warn(st, 'json-number-precision', start, text);
    }
  }
}

/**
 * The significant digits a decimal numeral writes: no sign, point, exponent, or leading and
 * trailing zeros ("1.50", "15e-1" and "0.0015e3" all give "15"). Two numerals that round to the
 * same double other than 0 write the same value exactly when their digits agree: equal digits at
 * different exponents differ tenfold, which no double's rounding interval spans. Linear in the
 * numeral's length (loops, not a pattern that could backtrack over a long run of zeros).
 */
function digits(t: string): string {
  const e = t.search(/[eE]/);
  const d = (e < 0 ? t : t.slice(0, e)).replace(/[-.]/g, '');
  let a = 0;
  while (d.charCodeAt(a) === 0x30) a++;
  let b = d.length;
  while (b > a && d.charCodeAt(b - 1) === 0x30) b--;
  return d.slice(a, b);
}
