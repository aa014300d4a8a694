/**
 * The `_smtp._tls` TXT record (RFC 8460 §3): parse one record, select it from an RRset, format it.
 * @module
 */
import { type Issue, issue, type ParseOptions, quote, type Result } from '@mailtls/core';
import { joinTxt } from '@mailtls/core/txt';
import { R3, RECORD_ISSUES, type TlsrptRecordIssueCode, tlsrptRecordSelectIssues } from './_record-issues.ts';
import { checkUri, isAddrSpec } from './_uri.ts';

/** One reporting destination of a `rua` field. */
export interface TlsrptRua {
  /** The URI as published (a DMARC-style `!size` suffix removed in lenient mode). */
  readonly uri: string;
  /** The lower-cased scheme: `mailto` or `https`, or another scheme TLSRPT cannot use. */
  readonly scheme: 'mailto' | 'https' | (string & {});
  /** For `mailto:`, the percent-decoded RFC 5322 addr-spec (RFC 6068 §2); the query is left out. */
  readonly address?: string;
  /** Whether a reporter can deliver to it: only `mailto` and `https` are supported (§3). */
  readonly usable: boolean;
}

/** A parsed `_smtp._tls.<domain>` TXT record. */
export interface TlsrptRecord {
  /** `v`: always `TLSRPTv1`. */
  readonly version: 'TLSRPTv1';
  /** `rua`: every destination in order of appearance, repeated `rua=` fields merged, duplicates dropped. */
  readonly rua: readonly TlsrptRua[];
  /** Unknown `name=value` fields, kept for re-emission; §3 says they "SHALL be ignored". */
  readonly extensions: readonly (readonly [name: string, value: string])[];
}

// RFC 8460 §3 (%s: case-sensitive, RFC 7405)
//   tlsrpt-record    = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
//   field-delim      = *WSP ";" *WSP
//   tlsrpt-field     = tlsrpt-rua / tlsrpt-extension
//   tlsrpt-version   = %s"v=TLSRPTv1"
//   tlsrpt-rua       = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
//   tlsrpt-uri       = URI        ; "," "!" ";" MUST be percent-encoded
const VERSION = 'v=TLSRPTv1';
const PREFIX = 'v=TLSRPTv1;';

type Code = TlsrptRecordIssueCode;
type Sev = Issue['severity'];

// RFC 8460 §3, a whole extension field `name=value` in one anchored regex (the grammar core's
// isTxtExtName / isTxtExtValue check; test/differential.test.ts pins the two together):
//   tlsrpt-extension = tlsrpt-ext-name "=" tlsrpt-ext-value
//   tlsrpt-ext-name  = ( ALPHA / DIGIT ) *31( ALPHA / DIGIT / "_" / "-" / "." )
//   tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E)
const EXTENSION = /^[A-Za-z0-9][\w.-]{0,31}=[!-:<>-~]+$/;
// The destinations nearly every record publishes, in one test: `mailto:` with a plain dot-atom
// address (neither part beginning or ending with "." nor holding "..", the lookaheads of
// `isAddrSpec` in ./_uri.ts; at most 320 characters, which the caller checks), or `https://` with
// a plain host and path. Every URI it matches is one the general path (`checkUri`,
// `decodeURIComponent`, `isAddrSpec`) accepts without an issue, with the same result;
// test/differential.test.ts pins that. Anything else takes the general path. (`\w` is
// [A-Za-z0-9_]: ASCII without the u flag.)
const PLAIN_RUA =
  /^(?:mailto:(?!\.|[^@]*\.[.@])[\w.+-]+@(?!\.|.*\.(?:\.|$))[\w.-]+|https:\/\/[\w.~-][\w.~/-]*)$/;
// DMARC's size-limit suffix "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] (RFC 7489 §6.2)
const SIZE_SUFFIX = /^!\d+[kmgt]?$/i;
const NON_ASCII = /[^\t -~]/;

const isWsp = (c: number): boolean => c === 0x20 || c === 0x09;
/** The first index in `s[i, end)` that is not WSP, or `end`. */
const skipWsp = (s: string, i: number, end: number): number => {
  while (i < end && isWsp(s.charCodeAt(i))) i++;
  return i;
};
/** The end of `s[start, i)` with its trailing WSP removed. */
const trimWsp = (s: string, start: number, i: number): number => {
  while (i > start && isWsp(s.charCodeAt(i - 1))) i--;
  return i;
};

// The parser is synchronous and never re-entered: the issues of the call in progress, split by
// severity as they come, and the severity of a known deviation (an error only when strict) live
// here rather than in every signature.
let errors: Issue<Code>[] = [];
let warnings: Issue<Code>[] = [];
let dev: Sev = 'warning';

/**
 * Adds issue `RECORD_ISSUES[i]` at `offset` of the one-line record, its message followed by the
 * quoted `detail` if any; returns undefined for `return add(…)`.
 */
function add(i: number, offset: number, detail?: string): undefined {
  // core's issue(), with the severity from the table and `at` always present
  const [code, sev, message, ref = R3] = (RECORD_ISSUES[i] as string).split('|') as [Code, Sev | '', string];
  const severity = sev || dev;
  (severity === 'error' ? errors : warnings).push({
    code,
    severity,
    message: detail === undefined ? message : `${message}: ${quote(detail)}`,
    ref,
    at: { offset, line: 1, column: offset + 1 },
  });
  return undefined;
}

/**
 * Parses one `_smtp._tls` TXT record; a `string[]` is one RR's character-strings, joined with no
 * separator. Strict: the §3 ABNF exactly. Lenient (default) also accepts the deviations of the
 * spec notes' table 1.4 (case variants, WSP around `=`, surrounding quotes, leading or trailing
 * WSP, `;;`, bad extensions, DMARC `!10m` suffixes, unparseable URIs among good ones), each with
 * a warning. A first error `not-tlsrpt` means "some other TXT record". Never throws.
 * @example parseTlsrptRecord('v=TLSRPTv1; rua=mailto:tls@example.com')
 * // ok: { version: 'TLSRPTv1', rua: [{ uri: 'mailto:tls@example.com', scheme: 'mailto',
 * //        address: 'tls@example.com', usable: true }], extensions: [] }
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-3
 */
export function parseTlsrptRecord(
  txt: string | readonly string[],
  options?: ParseOptions,
): Result<TlsrptRecord, Code> {
  const strict = options?.strict === true;
  errors = [];
  warnings = [];
  dev = strict ? 'error' : 'warning';
  // total for JavaScript callers, as core's joinTxt is: what is neither a string nor strings
  // reads as the empty record (not-tlsrpt), as parseMtaStsRecord reads it (not-sts)
  const text = joinTxt(txt);
  // mailtls limits: 8192 characters, far more than any real record
  const long = text.length > 8192;
  let value = long ? add(1 /* record-too-long */, 8192) : scan(text, strict);
  const bad = long || errors.length + warnings.length === 0 ? -1 : text.search(NON_ASCII);
  if (bad >= 0) {
    errors = [];
    warnings = [];
    value = add(2 /* record-non-ascii */, bad, text[bad]);
  }
  return errors.length > 0
    ? { ok: false, errors: errors as [Issue<Code>, ...Issue<Code>[]], warnings }
    : { ok: true, value: value as TlsrptRecord, warnings };
}

/**
 * The grammar of §3 over `text`; undefined when it is no TLSRPT record. One pass over the fields
 * with `indexOf` and index arithmetic; a slice only per field and for what the result keeps.
 */
function scan(text: string, strict: boolean): TlsrptRecord | undefined {
  let lo = 0; // the record is text[lo, hi): offsets stay those of the input
  let hi = text.length;
  // Leniency: a zone-file line pasted into a DNS web UI keeps its quotes ("v=TLSRPTv1; …");
  // spec notes table 1.4. Skip one pair, warn; strict: not a TLSRPT record. (Two index tests: a
  // regex here cost a tenth of the time of a whole clean record.)
  if (hi > 1 && text[0] === '"' && text[hi - 1] === '"') {
    if (strict) return add(0 /* not-tlsrpt */, 0, text.slice(0, 12));
    add(3 /* record-quoted */, 0);
    lo = 1;
    hi--;
  }
  const rua: TlsrptRua[] = [];
  const extensions: [string, string][] = [];
  let ruaFields = 0;
  // field-delim = *WSP ";" *WSP: a field is text[start, b), WSP trimmed at both ends; an empty
  // remainder after the last ";" is the optional final delimiter.
  for (let start = skipWsp(text, lo, hi), first = true; ; first = false) {
    let end = text.indexOf(';', start);
    if (end < 0) end = hi;
    const field = text.slice(start, trimWsp(text, start, end));
    if (end === hi && field === '' && !first) break;
    // name "=" value, WSP around "=" dropped (lenient); without "=", name is empty and value the
    // whole field, and `nv` is longer than the field rather than shorter
    const eq = field.indexOf('=');
    const name = field.slice(0, eq < 0 ? 0 : trimWsp(field, 0, eq));
    const vs = skipWsp(field, eq + 1, field.length);
    const value = field.slice(vs);
    const spaced = name.length + value.length < field.length - 1;
    if (first) {
      // tlsrpt-version = %s"v=TLSRPTv1"; lenient also admits case variants and WSP around "="
      const exact = field === VERSION;
      if (strict ? !exact || start > lo : !exact && `${name}=${value}`.toLowerCase() !== 'v=tlsrptv1')
        return add(0 /* not-tlsrpt */, 0, text.slice(lo, hi).slice(0, 11));
      // Leniency (table 1.4): leading WSP and case variants of the version, each with a warning.
      if (start > lo) add(4 /* record-leading-wsp */, lo);
      if (spaced) add(7 /* record-spaced-equals */, start);
      else if (!exact) add(6 /* record-case */, start, field);
      // WSP after the last field without a final ";" (reported before any other field's issues)
      const t = trimWsp(text, lo, hi);
      if (t < hi && text[t - 1] !== ';') add(5 /* record-trailing-wsp */, hi);
    } else if (field === '') add(8 /* record-empty-field */, start);
    else {
      if (spaced) add(7 /* record-spaced-equals */, start, field);
      const lname = name.toLowerCase();
      // RFC 8460 §3 (RFC 7405 %s): "rua=" is case-sensitive; "RUA=" is an extension in strict mode.
      if ((strict ? name : lname) === 'rua') {
        if (name !== 'rua') add(6 /* record-case */, start, name);
        if (++ruaFields === 2) add(22 /* rua-repeated */, start);
        parseRuaList(value, start + vs, strict, rua);
      } else if (lname === 'v') {
        // A second v= is grammatically an extension: ignore it (spec notes 1.2)
        add(10 /* record-duplicate-version */, start, field);
      } else if (EXTENSION.test(`${name}=${value}`)) {
        // §3: "Other fields … SHALL be ignored": kept for re-emission, never an error
        add(11 /* extension-unknown */, start, name);
        extensions.push([name, value]);
      } else add(9 /* record-field-invalid */, start, field); // includes a field without "="
    }
    if (end === hi) break;
    start = skipWsp(text, end + 1, hi);
  }
  if (ruaFields === 0) add(12 /* rua-missing */, hi);
  else if (rua.length === 0) add(13 /* rua-empty */, hi);
  else if (!rua.some((r) => r.usable)) add(20 /* rua-none-usable */, lo);
  return { version: 'TLSRPTv1', rua, extensions };
}

/** Reads `tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)` from `value` (at `base` in the input) into `out`. */
function parseRuaList(value: string, base: number, strict: boolean, out: TlsrptRua[]): void {
  // a raw "," always separates URIs (§3: a "," inside a URI must be percent-encoded); "rua="
  // alone is reported by the caller as rua-empty
  for (let start = 0, end = 0; end < value.length; start = end + 1) {
    end = value.indexOf(',', start);
    if (end < 0) end = value.length;
    const a = skipWsp(value, start, end);
    let uri = value.slice(a, trimWsp(value, a, end));
    const at = base + a;
    let scheme = 'https';
    let address: string | undefined;
    let usable = true;
    if (uri.length < 328 && PLAIN_RUA.test(uri)) {
      if (uri[0] === 'm') {
        scheme = 'mailto';
        address = uri.slice(7);
      }
    } else if (uri === '') {
      // an empty list element is malformed
      add(14 /* rua-invalid */, at, value);
      continue;
    } else {
      const bang = uri.indexOf('!');
      if (bang >= 0) {
        // Leniency: DMARC's "mailto:x@example.com!10m" size limit (RFC 7489 §6.2) is copied into
        // TLSRPT records; TLSRPT has no such syntax. Strip it, warn; strict: unencoded "!".
        const suffix = SIZE_SUFFIX.test(uri.slice(bang));
        if (suffix && !strict) add(18 /* rua-size-suffix */, at + bang, uri.slice(bang));
        else add(17 /* rua-unencoded-char */, at + bang, uri);
        if (suffix) uri = uri.slice(0, bang);
      }
      const parts = checkUri(uri);
      if (typeof parts === 'number') {
        add(14 /* rua-invalid */, at + parts, uri);
        continue;
      }
      scheme = parts.scheme;
      if (scheme === 'mailto') {
        // RFC 6068 §2: to = addr-spec *("," addr-spec), percent-encoded; TLSRPT wants exactly one
        try {
          address = decodeURIComponent(parts.path); // UTF-8 (RFC 3986 §2.1)
        } catch {}
        if (!isAddrSpec(address ?? '')) {
          add(15 /* rua-mailto-invalid */, at, uri);
          continue;
        }
      } else if (scheme === 'https') {
        if (!parts.host) {
          add(16 /* rua-https-no-host */, at, uri);
          continue;
        }
      } else {
        // §3: "Two URI schemes are supported". Others are grammatical: keep, mark unusable.
        add(19 /* rua-unsupported-scheme */, at, scheme);
        usable = false;
      }
    }
    // (a loop, not `some`: a closure over `uri` costs a context per URI on the hot path)
    let dup = false;
    for (const r of out) dup ||= r.uri === uri;
    if (dup) add(21 /* rua-duplicate */, at, uri);
    else out.push(address === undefined ? { uri, scheme, usable } : { uri, scheme, address, usable });
  }
}

/**
 * Selects the TLSRPT record from a TXT RRset as DNS returns it: each element is one RR, whole or
 * as its character-strings (joined with no separator, never across RRs). RRs not beginning with
 * exactly `v=TLSRPTv1;` are discarded (§3); then exactly one must remain (`record-none`,
 * `record-multiple`), and it must parse (`record-syntax` before the parser's own errors). In
 * lenient mode the filter also admits the deviations `parseTlsrptRecord` accepts (surrounding
 * quotes, leading WSP, case variants). `v=TLSRPTv1 ;` is discarded in both modes, with
 * `record-version-wsp` telling the operator why.
 * @example selectTlsrptRecord(['v=spf1 -all', ['v=TLSRPTv1; rua=', 'mailto:r@example.com']]).ok // true
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-3
 */
export function selectTlsrptRecord(
  rrset: ReadonlyArray<string | readonly string[]>,
  options?: ParseOptions,
): Result<TlsrptRecord, Code> {
  const strict = options?.strict === true;
  const warnings: Issue<Code>[] = [];
  const candidates: string[] = [];
  // total for JavaScript callers: anything but an array is an empty RRset (record-none)
  for (const rr of Array.isArray(rrset) ? rrset : []) {
    const text = joinTxt(rr);
    if (text.startsWith(PREFIX)) {
      candidates.push(text);
      continue;
    }
    const loose = looseVersion(text);
    if (loose === 'wsp') {
      // The twin of MTA-STS erratum EID 6285: grammatical, but it does not begin with the 11
      // bytes the discovery rule names, so RFC-following senders discard it.
      warnings.push(
        issue(
          tlsrptRecordSelectIssues,
          'record-version-wsp',
          'warning',
          { offset: 0, line: 1, column: 1 },
          text.slice(0, 16),
        ),
      );
    } else if (loose === 'ok' && !strict) candidates.push(text);
  }
  const none = { offset: 0, line: 1, column: 1 };
  if (candidates.length === 0) {
    return { ok: false, errors: [issue(tlsrptRecordSelectIssues, 'record-none', 'error', none)], warnings };
  }
  if (candidates.length > 1) {
    return {
      ok: false,
      errors: [issue(tlsrptRecordSelectIssues, 'record-multiple', 'error', none, `${candidates.length}`)],
      warnings,
    };
  }
  const parsed = parseTlsrptRecord(candidates[0] as string, options);
  if (parsed.ok) return { ok: true, value: parsed.value, warnings: [...warnings, ...parsed.warnings] };
  return {
    ok: false,
    errors: [
      issue(tlsrptRecordSelectIssues, 'record-syntax', 'error', parsed.errors[0].at),
      ...parsed.errors,
    ],
    warnings: [...warnings, ...parsed.warnings],
  };
}

/** Classifies an RR that does not begin with the exact prefix: a lenient candidate, WSP before ";", or none. */
function looseVersion(text: string): 'ok' | 'wsp' | 'none' {
  let t = text;
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1);
  let i = 0;
  while (i < t.length && isWsp(t.charCodeAt(i))) i++;
  // v *WSP "=" *WSP TLSRPTv1, case-insensitively
  if ((t[i] ?? '').toLowerCase() !== 'v') return 'none';
  i++;
  while (isWsp(t.charCodeAt(i))) i++;
  if (t[i] !== '=') return 'none';
  i++;
  while (isWsp(t.charCodeAt(i))) i++;
  if (t.slice(i, i + 8).toLowerCase() !== 'tlsrptv1') return 'none';
  i += 8;
  const beforeSemi = i;
  while (isWsp(t.charCodeAt(i))) i++;
  if (t[i] !== ';') return 'none';
  return i > beforeSemi ? 'wsp' : 'ok';
}

/** What {@link formatTlsrptRecord} needs: destinations (URIs or parsed entries) and optional extensions. */
export interface TlsrptRecordInput {
  readonly rua: readonly (string | { readonly uri: string })[];
  readonly extensions?: readonly (readonly [name: string, value: string])[];
}

const HEX = '0123456789ABCDEF';

/**
 * Formats a record: `v=TLSRPTv1; rua=<uri>,<uri>[; name=value]…`. Each URI is percent-encoded
 * where RFC 8460 §3 demands (`,` `!` `;` become `%2C` `%21` `%3B`) and wherever RFC 3986 allows
 * no raw character (space, non-ASCII as UTF-8, `"` `<` `>` `\` `^` `` ` `` `{` `|` `}`, a `%` not
 * starting an escape). Throws `TypeError` for no destinations, an invalid URI or extension.
 * @example formatTlsrptRecord({ rua: ['mailto:tls!rpt@example.com'] })
 * // 'v=TLSRPTv1; rua=mailto:tls%21rpt@example.com'
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-3
 */
export function formatTlsrptRecord(record: TlsrptRecordInput): string {
  if (record.rua.length === 0) throw new TypeError('formatTlsrptRecord: at least one rua URI is required');
  const uris = record.rua.map((r) => {
    const uri = encodeRuaUri(typeof r === 'string' ? r : r.uri);
    if (typeof checkUri(uri) === 'number')
      throw new TypeError(`formatTlsrptRecord: not a URI: ${JSON.stringify(uri)}`);
    return uri;
  });
  let out = `${VERSION}; rua=${uris.join(',')}`;
  for (const [name, value] of record.extensions ?? []) {
    if (!EXTENSION.test(`${name}=${value}`) || name === 'v' || name === 'rua') {
      throw new TypeError(`formatTlsrptRecord: invalid extension ${JSON.stringify(`${name}=${value}`)}`);
    }
    out += `; ${name}=${value}`;
  }
  return out;
}

function encodeRuaUri(uri: string): string {
  let out = '';
  const bytes = new TextEncoder().encode(uri);
  for (let k = 0; k < bytes.length; k++) {
    const c = bytes[k] as number;
    const isHexDigit = (x: number | undefined) =>
      x !== undefined && ((x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66));
    const keep =
      c > 0x20 &&
      c < 0x7f &&
      !',!;"<>\\^`{|} '.includes(String.fromCharCode(c)) &&
      (c !== 0x25 || (isHexDigit(bytes[k + 1]) && isHexDigit(bytes[k + 2])));
    out += keep ? String.fromCharCode(c) : `%${HEX[c >> 4]}${HEX[c & 15]}`;
  }
  return out;
}
