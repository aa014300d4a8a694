/**
 * The MTA-STS policy file served at `https://mta-sts.<domain>/.well-known/mta-sts.txt`
 * (RFC 8461 §3.2): a linear, total parser and the canonical formatter.
 * @module
 */
import {
  asciiLower,
  type Issue,
  isIpv4Literal,
  issue,
  labelToAscii,
  type ParseOptions,
  type Result,
} from '@mailtls/core';
import { isTxtExtName } from '@mailtls/core/txt';
import { type MtaStsPolicyIssueCode, mtaStsPolicyIssues } from './issues.ts';

/** A policy mode (RFC 8461 §5). */
export type MtaStsMode = 'enforce' | 'testing' | 'none';

/** A parsed MTA-STS policy. */
export interface MtaStsPolicy {
  /** `version`: always `STSv1`. */
  readonly version: 'STSv1';
  /** `mode`: `enforce`, `testing` or `none`. */
  readonly mode: MtaStsMode;
  /** `mx` lines in order: lower-case A-label host names or `*.` patterns, no trailing dot. */
  readonly mx: readonly string[];
  /** `max_age`: seconds the policy may be cached, 0 to 31557600. */
  readonly maxAge: number;
  /** Extension fields (`key: value`) in order, first occurrence only; ignored by senders. */
  readonly extensions: readonly (readonly [key: string, value: string])[];
}

// RFC 8461 §3.2 (condensed; %s: case-sensitive, RFC 7405)
//   sts-policy-record    = sts-policy-field *WSP *(sts-policy-term sts-policy-field *WSP) [sts-policy-term]
//   field                = name ":" *WSP value
//   version              = %s"STSv1"
//   mode                 = %s"testing" / %s"enforce" / %s"none"
//   max_age              = 1*10(DIGIT)
//   mx                   = ["*."] Domain                       ; RFC 5321 §4.1.2
//   sts-policy-ext-name  = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//   sts-policy-ext-value = sts-policy-vchar [*(%x20 / sts-policy-vchar) sts-policy-vchar]
//   sts-policy-vchar     = %x21-7E / UTF8-2 / UTF8-3 / UTF8-4
//   sts-policy-term      = LF / CRLF                            ; erratum 6253: LF alone is fine

/** RFC 8461 §3.3: "senders ... may wish to limit the size of the policy body"; 64 KiB, as mox does. */
export const MAX_POLICY_BYTES = 65536;
/** RFC 8461 §3.2: max_age is at most 31557600 seconds (a year). */
export const MAX_AGE_LIMIT = 31557600;
/** A cap on reported issues of each severity, so that hostile input cannot blow up the result. */
const MAX_ISSUES = 100;

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HASH = 0x23;
const COMMA = 0x2c;
const HYPHEN = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const STAR = 0x2a;
const DEL = 0x7f;
const BOM = 0xfeff;

const isWsp = (c: number): boolean => c === SP || c === TAB;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const FIELD_EXT = 0;
const FIELD_VERSION = 1;
const FIELD_MODE = 2;
const FIELD_MAX_AGE = 3;
const FIELD_MX = 4;

// The registered field names, in FIELD_ order from FIELD_VERSION.
const NAMES = ['version', 'mode', 'max_age', 'mx'];
const registered = (key: string): number => NAMES.indexOf(key) + 1;

// Per-call parser state, kept at module level so that a call allocates no closures and hands no
// state around: `parseMtaStsPolicy` is synchronous and never re-entered, so one set suffices.
let text = '';
let strict = false;
let line = 1;
let lineStart = 0;
let errors: Issue<MtaStsPolicyIssueCode>[] = [];
let warnings: Issue<MtaStsPolicyIssueCode>[] = [];
let version: 'STSv1' | undefined;
let mode: MtaStsMode | undefined;
let maxAge: number | undefined;
let mx: string[] = [];
let extensions: (readonly [string, string])[] = [];
let extSeen: Set<string> | undefined;
let seen = 0; // bit per registered field with at least one line
let fastPath = true;

/**
 * For tests: turns the fast path of {@link parseMtaStsPolicy} off or on, so that a property can pin
 * it to the careful path. Not exported by the package.
 */
export function setFastPath(on: boolean): void {
  fastPath = on;
}

function report(
  list: Issue<MtaStsPolicyIssueCode>[],
  code: MtaStsPolicyIssueCode,
  offset: number,
  detail?: string,
): void {
  if (list.length < MAX_ISSUES)
    list.push(
      issue(
        mtaStsPolicyIssues,
        code,
        list === errors ? 'error' : 'warning',
        { offset, line, column: offset - lineStart + 1 },
        detail,
      ),
    );
}
const error = (code: MtaStsPolicyIssueCode, offset: number, detail?: string): void =>
  report(errors, code, offset, detail);
const warn = (code: MtaStsPolicyIssueCode, offset: number, detail?: string): void =>
  report(warnings, code, offset, detail);
// A deviation lenient mode accepts: an error under { strict: true }, else a warning.
const deviation = (code: MtaStsPolicyIssueCode, offset: number, detail?: string): void =>
  report(strict ? errors : warnings, code, offset, detail);
const fail = (): Result<never, MtaStsPolicyIssueCode> => ({
  ok: false,
  errors: errors as [Issue<MtaStsPolicyIssueCode>, ...Issue<MtaStsPolicyIssueCode>[]],
  warnings,
});

/**
 * Parses an MTA-STS policy body (a string, or the raw bytes of the HTTP response, decoded as
 * UTF-8 with `fatal`, ignoring any `charset`). Lenient by default: the deviations real policy
 * hosts serve (BOM, blank lines, `#` comments, key/value case, whitespace before `:`, trailing
 * dot in `mx`, U-labels, malformed extensions) are accepted with a warning each; `{ strict: true }`
 * applies RFC 8461 §3.2 to the letter (LF-only lines are valid in both modes, erratum 6253).
 * Over 64 KiB is an error before any scanning. Linear time; never throws. Positions are
 * UTF-16 offsets into the (decoded) text, except `policy-utf8`, whose offset and column are in
 * bytes (its line is counted as everywhere else).
 * @example parseMtaStsPolicy('version: STSv1\nmode: enforce\nmx: *.mx.example.org\nmax_age: 604800\n')
 * // { ok: true, value: { version: 'STSv1', mode: 'enforce', mx: ['*.mx.example.org'], maxAge: 604800, extensions: [] }, warnings: [] }
 * @example parseMtaStsPolicy('version: STSv1\nmode: enforce\nmax_age: 1e5\n').errors[0].code // 'policy-max-age-syntax'
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.2
 */
export function parseMtaStsPolicy(
  body: string | Uint8Array,
  options: ParseOptions = {},
): Result<MtaStsPolicy, MtaStsPolicyIssueCode> {
  strict = options.strict === true;
  errors = [];
  warnings = [];
  line = 1;
  lineStart = 0;

  let t: string; // the body, in a local: module variables are slower to read in the loops
  // 1. Size cap before any scanning (RFC 8461 §3.3), then UTF-8 (§3.2 sts-policy-vchar).
  if (typeof body === 'string') {
    // UTF-8 never takes fewer bytes than UTF-16 code units, so the length bounds the byte count.
    if (
      body.length > MAX_POLICY_BYTES ||
      (body.length > MAX_POLICY_BYTES / 3 && new TextEncoder().encode(body).length > MAX_POLICY_BYTES)
    ) {
      error('policy-too-large', MAX_POLICY_BYTES);
      return fail();
    }
    t = body;
  } else if (body instanceof Uint8Array) {
    if (body.length > MAX_POLICY_BYTES) {
      error('policy-too-large', MAX_POLICY_BYTES);
      return fail();
    }
    try {
      t = (decoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })).decode(body);
    } catch {
      const at = firstInvalid(body);
      // An ill-formed sequence never begins with an ASCII byte: always two hex digits.
      error('policy-utf8', at, `0x${(body[at] ?? 0).toString(16)}`);
      return fail();
    }
  } else {
    error('policy-syntax', 0, typeof body);
    return fail();
  }

  text = t;
  const n = t.length;
  let pos = 0;
  // Leniency: a UTF-8 BOM from Windows editors (seen on IIS-hosted policies). Not in the grammar.
  if (n > 0 && t.charCodeAt(0) === BOM) {
    deviation('policy-bom', 0);
    pos = 1;
    lineStart = 1;
  }

  // 2. Bodies that are plainly not a policy get one clear hint instead of a page of line errors.
  let k = pos;
  while (k < n) {
    const c = t.charCodeAt(k);
    if (!isWsp(c) && c !== LF && c !== CR) break;
    k++;
  }
  const c0 = t.charCodeAt(k);
  if (c0 === 0x3c /* < */ || c0 === 0x7b /* { */ || c0 === 0x5b /* [ */) {
    error(c0 === 0x3c ? 'looks-like-html' : 'looks-like-json', k, t.slice(k, k + 40));
    return fail();
  }

  // 3. One pass over the lines.
  version = mode = maxAge = extSeen = undefined;
  mx = [];
  extensions = [];
  seen = 0;
  // Fast path: nearly every policy served is "key: value" lines with registered keys and values
  // that hold no issue in either mode, like the RFC 8461 §3.2 example. While the lines are such,
  // each is found with indexOf and its value compared whole, not classified character by
  // character. The first other line (blank, a comment, a control character or a bare CR, which no
  // such value holds, a duplicate, an extension, ...) and the rest take the careful path, which
  // would have read the lines before it in exactly the same way, without an issue.
  let fast = fastPath;
  while (pos < n) {
    let next = n;
    if (fast) {
      let e = t.indexOf('\n', pos);
      if (e < 0) e = n;
      else {
        next = e + 1;
        if (e > pos && t.charCodeAt(e - 1) === CR) e--; // CRLF
      }
      // The registered names are 2, 4 or 7 characters long: "mx", "mode", "version", "max_age".
      const colon =
        t.charCodeAt(pos + 2) === COLON ? pos + 2 : t.charCodeAt(pos + 4) === COLON ? pos + 4 : pos + 7;
      const kind = colon < e ? registered(t.slice(pos, colon)) : FIELD_EXT;
      const v = t.slice(colon + 2, e);
      let age = 0;
      // exactly ": " after the name, and a field seen for the first time (mx: any time)
      if (
        t.charCodeAt(colon) !== COLON ||
        t.charCodeAt(colon + 1) !== SP ||
        seen & (1 << kind) & ~(1 << FIELD_MX)
      )
        fast = false;
      else if (kind === FIELD_VERSION && v === 'STSv1') version = v;
      else if (kind === FIELD_MODE && (v === 'enforce' || v === 'testing' || v === 'none')) mode = v;
      else if (kind === FIELD_MAX_AGE && (age = maxAgeOf(v)) >= 0) maxAge = age;
      // lower-case ASCII, with no issue; a last digit might make it an IP literal (a warning)
      else if (kind === FIELD_MX && scanMx(t, colon + 2, e) === 0 && !isDigit(t.charCodeAt(e - 1)))
        mx.push(v);
      else fast = false;
      if (fast) seen |= 1 << kind;
    }
    if (!fast) {
      // Find the end of the line, noting the first ":" and the first control character.
      let e = pos;
      let colon = -1;
      let ctl = -1;
      for (; e < n; e++) {
        const c = t.charCodeAt(e);
        if (c >= SP && c !== DEL) {
          if (c === COLON && colon < 0) colon = e;
          continue;
        }
        if (c === LF) {
          next = e + 1;
          break;
        }
        if (c === CR) {
          if (t.charCodeAt(e + 1) === LF) {
            next = e + 2;
            break;
          }
          // RFC 8461 §3.2: lines end in CRLF or (erratum 6253) LF; a CR alone is neither.
          error('policy-bare-cr', e);
          if (ctl < 0) ctl = -2; // reported already; the line is not used
          continue;
        }
        if (c !== TAB && ctl === -1) ctl = e;
      }

      let s = pos;
      // Leniency: indentation (draft -14 allowed it; RFC 8461 removed it as it looks like folding).
      while (s < e && isWsp(t.charCodeAt(s))) s++;
      if (s === e) {
        // Leniency: blank lines and a trailing blank line (nearly every peer skips them).
        deviation('policy-blank-line', pos);
      } else if (t.charCodeAt(s) === HASH) {
        // Leniency: "#" comments, which several hosting guides add; there are none in §3.2.
        deviation('policy-comment', s, t.slice(s, e));
      } else {
        if (s > pos) deviation('policy-leading-wsp', pos);
        if (ctl >= 0) {
          error('policy-control-char', ctl, t[ctl]);
        } else if (ctl === -1) {
          if (colon < 0 || colon === s) {
            error('policy-syntax', s, t.slice(s, e));
          } else {
            field(s, colon, e);
          }
        }
      }
    }
    pos = next;
    if (pos < n) {
      line++;
      lineStart = pos;
    }
  }

  // 4. Required fields (RFC 8461 §3.2), located at the end of the body. A field whose line was
  // there but malformed has its own error already.
  if (!(seen & (1 << FIELD_VERSION))) error('policy-version-missing', n);
  if (!(seen & (1 << FIELD_MODE))) error('policy-mode-missing', n);
  if (!(seen & (1 << FIELD_MAX_AGE))) error('policy-max-age-missing', n);
  // "mx" is required for enforce and testing; under none it is syntax-checked but unused.
  if ((mode === 'enforce' || mode === 'testing') && !(seen & (1 << FIELD_MX))) error('policy-mx-missing', n);
  if (errors.length > 0 || version === undefined || mode === undefined || maxAge === undefined) return fail();
  return { ok: true, value: { version, mode, mx, maxAge, extensions }, warnings };
}

let decoder: TextDecoder | undefined;

/**
 * The offset of the first byte of the first ill-formed sequence (RFC 3629 §4): where a replacing
 * decoder writes its first U+FFFD that the bytes do not hold as EF BF BD (WHATWG Encoding §4.1,
 * one U+FFFD per maximal subpart, at its first byte). Moves `line` and `lineStart` (in bytes)
 * along, so that the issue is located like every other.
 */
function firstInvalid(b: Uint8Array): number {
  let at = 0;
  for (const ch of new TextDecoder('utf-8', { ignoreBOM: true }).decode(b)) {
    const c = ch.codePointAt(0) as number;
    if (c === 0xfffd && !(b[at] === 0xef && b[at + 1] === 0xbf && b[at + 2] === 0xbd)) break;
    at += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (c === LF) {
      line++;
      lineStart = at;
    }
  }
  return at;
}

/** max_age as a number; -1 when it is not 1*10DIGIT, -2 when it is over {@link MAX_AGE_LIMIT}. */
function maxAgeOf(value: string): number {
  // 1*10DIGIT exactly: Number() would accept "", " 1", "0x10", "1e5" and "1_0".
  const len = value.length;
  let num = 0;
  if (len === 0 || len > 10) return -1;
  for (let i = 0; i < len; i++) {
    const c = value.charCodeAt(i);
    if (!isDigit(c)) return -1;
    num = num * 10 + (c - 0x30);
  }
  return num > MAX_AGE_LIMIT ? -2 : num;
}

function checkMx(value: string, offset: number): string | undefined {
  // Draft versions of MTA-STS wrote ".example.com" for what RFC 8461 spells "*.example.com".
  // The value is a slice of the body: reading the body itself is faster than the slice.
  const t = text;
  if (t.charCodeAt(offset) === DOT) {
    error('mx-leading-dot', offset, value);
    return undefined;
  }
  let v = value;
  if (v.length > 1 && t.charCodeAt(offset + v.length - 1) === DOT) {
    // Leniency: zone-file habit ("mx1.example.com."); RFC 5321 Domain has no root dot.
    deviation('mx-trailing-dot', offset + v.length - 1, value);
    v = v.slice(0, -1);
  }
  let st = scanMx(t, offset, offset + v.length);
  if (st === MX_NON_ASCII) {
    // Leniency: U-labels are converted to A-labels (UTS #46 in core); RFC 5321 Domain is ASCII.
    deviation('mx-unicode', offset, value);
    if (strict) return undefined;
    const labels = v.split('.');
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i]!;
      // A label IDNA cannot map (including one holding a space) stays as it is and fails below.
      labels[i] = (i === 0 && l === '*' ? l : labelToAscii(l)) ?? l;
    }
    v = labels.join('.');
    st = scanMx(v, 0, v.length);
  }
  if (st < 0) {
    // RFC 8461 §3.2: one "mx" per line. "mx: a.example, b.example" is a common mistake.
    error(st === MX_SEVERAL ? 'mx-multiple-per-line' : 'policy-mx-syntax', offset, value);
    return undefined;
  }
  const out = st & MX_UPPER ? asciiLower(v) : v;
  // The grammar sets no length limit; DNS does (RFC 1035 §2.3.4).
  if (st & MX_TOO_LONG) warn('mx-too-long', offset, value);
  // A dotted quad fits RFC 5321 Domain but can never equal an MX host name.
  if (isDigit(out.charCodeAt(out.length - 1)) && isIpv4Literal(out)) warn('mx-ip-literal', offset, value);
  return out;
}

function field(s: number, colon: number, e: number): void {
  let ke = colon;
  while (ke > s && isWsp(text.charCodeAt(ke - 1))) ke--;
  // Leniency: "mode : enforce". Not in the grammar.
  if (ke < colon) deviation('policy-key-wsp', ke);
  let vs = colon + 1;
  while (vs < e && isWsp(text.charCodeAt(vs))) vs++;
  let ve = e;
  while (ve > vs && isWsp(text.charCodeAt(ve - 1))) ve--;
  const key = text.slice(s, ke);
  const value = text.slice(vs, ve);

  let kind = registered(key);
  if (kind === FIELD_EXT) {
    const lower = asciiLower(key);
    const r = registered(lower);
    if (r !== FIELD_EXT) {
      // RFC 7405 %s: "Mode" is an extension in the ABNF, and the real field is then missing.
      // Leniency: read case variants as the registered field, with a warning.
      if (strict) warn('policy-key-typo', s, key);
      else {
        warn('policy-key-case', s, key);
        kind = r;
      }
    } else if (isTypo(lower)) {
      warn('policy-key-typo', s, key);
    }
  }

  seen |= 1 << kind;
  switch (kind) {
    case FIELD_VERSION: {
      let ok = value === 'STSv1';
      if (!ok && asciiLower(value) === 'stsv1') {
        // Leniency: "stsv1"; the value is case-sensitive (RFC 7405 %s). Strict fails with the
        // field's own code (spec §2.3, below) and keeps this warning as the hint.
        warn('policy-value-case', vs, value);
        ok = !strict;
      }
      // Registered fields are checked even as ignored duplicates (spec §0).
      if (!ok) error('policy-version', vs, value);
      else if (version !== undefined) warn('policy-duplicate-field', s, key);
      else version = 'STSv1';
      return;
    }
    case FIELD_MODE: {
      let m: MtaStsMode | undefined;
      if (value === 'enforce' || value === 'testing' || value === 'none') m = value;
      else {
        const lower = asciiLower(value);
        if (lower === 'enforce' || lower === 'testing' || lower === 'none') {
          // Leniency: "Enforce"; the value is case-sensitive (RFC 7405 %s). Stalwart read
          // such values as "none"; we keep what the operator meant, with a warning. Strict fails
          // with the field's own code (spec §2.3, below) and keeps this warning as the hint.
          warn('policy-value-case', vs, value);
          if (!strict) m = lower;
        }
      }
      if (m === undefined) error('policy-mode', vs, value);
      else if (mode !== undefined) warn('policy-duplicate-field', s, key);
      else mode = m;
      return;
    }
    case FIELD_MAX_AGE: {
      const num = maxAgeOf(value);
      if (num === -1) error('policy-max-age-syntax', vs, value);
      else if (num < 0) error('policy-max-age-range', vs, value);
      else if (maxAge !== undefined) warn('policy-duplicate-field', s, key);
      else maxAge = num;
      return;
    }
    case FIELD_MX: {
      const host = checkMx(value, vs);
      if (host !== undefined) mx.push(host);
      return;
    }
    default: {
      if (!isTxtExtName(key)) {
        // Leniency: a malformed extension line is skipped; senders ignore extensions anyway.
        deviation('policy-ext-syntax', s, key);
        return;
      }
      const bad = extValueError(value);
      if (bad === -2) {
        error('policy-utf8', vs, value);
        return;
      }
      if (bad >= 0) {
        deviation('policy-ext-syntax', vs + bad, value);
        return;
      }
      extSeen ??= new Set();
      if (extSeen.has(key)) {
        warn('policy-duplicate-field', s, key);
        return;
      }
      extSeen.add(key);
      extensions.push([key, value]);
    }
  }
}

const MX_UPPER = 1;
const MX_TOO_LONG = 2;
const MX_SYNTAX = -1;
const MX_SEVERAL = -2;
const MX_NON_ASCII = -3;

/**
 * One pass over `v.slice(from, n)` as `["*."] Domain` (RFC 5321 §4.1.2: sub-domain = Let-dig [Ldh-str]): a bit set of
 * MX_UPPER and MX_TOO_LONG when it fits, else MX_SYNTAX, MX_SEVERAL (whitespace or a comma: several
 * names on one line) or MX_NON_ASCII (U-labels, for the lenient conversion).
 */
function scanMx(v: string, from: number, n: number): number {
  let i = n - from > 2 && v.charCodeAt(from) === STAR && v.charCodeAt(from + 1) === DOT ? from + 2 : from;
  let st = n - i > 253 ? MX_TOO_LONG : 0;
  let bad = 0;
  for (let start = i; ; i++) {
    let c = v.charCodeAt(i);
    // Most characters are lower-case letters and digits: skip them first.
    while (i < n && ((c >= 0x61 && c <= 0x7a) || isDigit(c))) c = v.charCodeAt(++i);
    if (i >= n || c === DOT) {
      if (i === start || v.charCodeAt(i - 1) === HYPHEN || v.charCodeAt(start) === HYPHEN) bad ||= MX_SYNTAX;
      if (i - start > 63) st |= MX_TOO_LONG;
      if (i >= n) break;
      start = i + 1;
    } else if (c >= 0x41 && c <= 0x5a) st |= MX_UPPER;
    else if (c !== HYPHEN) {
      if (isWsp(c) || c === COMMA) return MX_SEVERAL;
      bad = c >= 0x80 && bad !== MX_SYNTAX ? MX_NON_ASCII : MX_SYNTAX;
    }
  }
  return bad || st;
}

/**
 * -1 when `value` fits sts-policy-ext-value; -2 for a lone surrogate (not UTF-8); otherwise the
 * offset of the first bad character (a TAB or control character inside, or an empty value).
 */
function extValueError(value: string): number {
  if (value.length === 0) return 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) {
      if (c < SP || c === DEL || c === TAB) return i;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = value.charCodeAt(i + 1);
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return -2;
      i++;
    }
  }
  return -1;
}

/**
 * Whether a (lower-cased) unknown key is one edit (insertion, deletion, substitution or
 * adjacent transposition) away from a registered key: "max-age", "maxage", "modes", "verison".
 * "mx" is left out (only the first three `NAMES` are compared): every two-letter key would be
 * one edit away from it.
 */
function isTypo(key: string): boolean {
  for (const k of NAMES.slice(0, 3)) {
    let i = 0;
    while (key[i] === k[i]) i++; // key !== k: stops at the first difference
    // substitution, deletion, insertion, transposition at i; the rest must agree
    const rest = key.slice(i + 1);
    if (rest === k.slice(i + 1) || rest === k.slice(i) || key.slice(i) === k.slice(i + 1)) return true;
    if (key[i] === k[i + 1] && key[i + 1] === k[i] && key.slice(i + 2) === k.slice(i + 2)) return true;
  }
  return false;
}

/** Options for {@link formatMtaStsPolicy}. */
export interface FormatPolicyOptions {
  /** Line terminator. Default `'\r\n'`, which RFC 8461 §3.2's prose names; `'\n'` is equally valid (erratum 6253). */
  readonly lineEnding?: '\n' | '\r\n';
}

/**
 * Formats a policy in canonical form: `version`, `mode`, each `mx`, `max_age`, then extensions,
 * every line terminated. The inverse of {@link parseMtaStsPolicy} for every policy valid in
 * strict mode, including extensions whose key is a case variant of a registered one (`Mode`):
 * keys are case-sensitive, so such a key is an extension in strict mode. Throws a `TypeError`
 * for values that cannot be written (an unknown mode, a `max_age` outside 0–31557600, an `mx` or
 * extension that does not fit the grammar, an extension named exactly like a registered field).
 * @example formatMtaStsPolicy({ version: 'STSv1', mode: 'enforce', mx: ['mx.example.org'], maxAge: 86400, extensions: [] }, { lineEnding: '\n' })
 * // 'version: STSv1\nmode: enforce\nmx: mx.example.org\nmax_age: 86400\n'
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.2
 */
export function formatMtaStsPolicy(
  policy: Pick<MtaStsPolicy, 'mode' | 'mx' | 'maxAge'> & Partial<MtaStsPolicy>,
  options: FormatPolicyOptions = {},
): string {
  const eol = options.lineEnding ?? '\r\n';
  if (eol !== '\n' && eol !== '\r\n') throw new TypeError('lineEnding must be "\\n" or "\\r\\n"');
  const { mode, maxAge } = policy;
  if (mode !== 'enforce' && mode !== 'testing' && mode !== 'none') {
    throw new TypeError(`Invalid MTA-STS mode: ${JSON.stringify(mode)}`);
  }
  if (!Number.isInteger(maxAge) || maxAge < 0 || maxAge > MAX_AGE_LIMIT) {
    throw new TypeError(`Invalid MTA-STS max_age: ${String(maxAge)}`);
  }
  let out = `version: STSv1${eol}mode: ${mode}${eol}`;
  for (const host of policy.mx) {
    if (typeof host !== 'string' || !isMxPattern(host))
      throw new TypeError(`Invalid MTA-STS mx: ${JSON.stringify(host)}`);
    out += `mx: ${host}${eol}`;
  }
  out += `max_age: ${maxAge}${eol}`;
  for (const [key, value] of policy.extensions ?? []) {
    // RFC 7405 %s: only the exact registered names are fields; "Mode" is an extension (spec §0).
    if (!isTxtExtName(key) || registered(key) !== FIELD_EXT || extValueError(value) !== -1) {
      throw new TypeError(`Invalid MTA-STS policy extension: ${JSON.stringify(`${key}: ${value}`)}`);
    }
    out += `${key}: ${value}${eol}`;
  }
  return out;
}

/** Whether `p` is `["*."] Domain` in ASCII (any case), exactly as the strict parser reads it. */
function isMxPattern(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c <= SP || c >= DEL) return false; // no line breaks smuggled into the output
  }
  const r = parseMtaStsPolicy(`version: STSv1\nmode: none\nmax_age: 0\nmx: ${p}\n`, { strict: true });
  return r.ok && r.value.mx.length === 1;
}
