/**
 * The `_smtp._tls` TXT record (RFC 8460 §3): parse one record, select it from an RRset, format it.
 * @module
 */
import { type Issue, issue, type ParseOptions, type Result } from '@mailtls/core';
import { joinTxt } from '@mailtls/core/txt';
import {
  type TlsrptRecordIssueCode,
  type TlsrptRecordParseIssueCode,
  tlsrptRecordParseIssues,
  tlsrptRecordSelectIssues,
} from './_record-issues.ts';
import { checkUri, isAddrSpec, percentDecode, scanUri, uriParts } from './_uri.ts';

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
const MAX_LENGTH = 8192;
const VERSION = 'v=TLSRPTv1';
const PREFIX = 'v=TLSRPTv1;';

type Code = TlsrptRecordIssueCode;
type Sev = Issue['severity'];

// RFC 8460 §3 (the grammar core's isTxtExtName / isTxtExtValue check, as two anchored regexes:
// a third of their minified size, which counts against the record parser's budget)
//   tlsrpt-ext-name  = ( ALPHA / DIGIT ) *31( ALPHA / DIGIT / "_" / "-" / "." )
//   tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E)
const EXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const EXT_VALUE = /^[!-:<>-~]+$/;
const isWsp = (c: number): boolean => c === 0x20 || c === 0x09;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Appends a parser issue at `offset` of the one-line record (messages from the parser's slice). */
function add(
  out: Issue<Code>[],
  code: TlsrptRecordParseIssueCode,
  sev: Sev,
  offset: number,
  detail?: string,
): void {
  out.push(issue(tlsrptRecordParseIssues, code, sev, { offset, line: 1, column: offset + 1 }, detail));
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
  const text = typeof txt === 'string' ? txt : txt.join(''); // joinTxt
  const issues: Issue<Code>[] = [];
  let value: TlsrptRecord | undefined;
  if (text.length > MAX_LENGTH) add(issues, 'record-too-long', 'error', MAX_LENGTH);
  else {
    value = scan(text, options?.strict === true, issues);
    // A record that raised no issue had every character checked by the grammar on the way (the
    // exact version, separators, WSP, URI characters), so it is printable ASCII. Only otherwise
    // is the full pass needed, and then its error takes precedence over all the others.
    if (issues.length === 0) return { ok: true, value: value as TlsrptRecord, warnings: issues };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7e || (c < 0x20 && c !== 0x09)) {
        issues.length = 0;
        add(issues, 'record-non-ascii', 'error', i, text[i]);
        value = undefined;
        break;
      }
    }
  }
  const errors: Issue<Code>[] = [];
  const warnings: Issue<Code>[] = [];
  for (const i of issues) (i.severity === 'error' ? errors : warnings).push(i);
  if (errors.length === 0) return { ok: true, value: value as TlsrptRecord, warnings };
  return { ok: false, errors: errors as [Issue<Code>, ...Issue<Code>[]], warnings };
}

/**
 * The grammar of §3 over `text`, issues appended to `issues`; undefined when it is no TLSRPT
 * record. One pass with `indexOf` and index arithmetic: no field objects, and a slice only for
 * what the result keeps (URIs, addresses, extensions) or an issue quotes.
 */
function scan(input: string, strict: boolean, issues: Issue<Code>[]): TlsrptRecord | undefined {
  const dev: Sev = strict ? 'error' : 'warning'; // a known deviation: an error only when strict
  let text = input;
  let shift = 0; // offset of `text` in the input, after stripping quotes
  // Leniency: a zone-file line pasted into a DNS web UI keeps its quotes ("v=TLSRPTv1; …");
  // spec notes table 1.4. Strip one pair, warn; strict: not a TLSRPT record.
  if (text.length >= 2 && text.charCodeAt(0) === 0x22 && text.charCodeAt(text.length - 1) === 0x22) {
    if (strict) {
      add(issues, 'not-tlsrpt', 'error', 0, text.slice(0, PREFIX.length + 1));
      return undefined;
    }
    add(issues, 'record-quoted', 'warning', 0);
    text = text.slice(1, -1);
    shift = 1;
  }
  const n = text.length;
  let start = 0;
  while (start < n && isWsp(text.charCodeAt(start))) start++;
  const leadingWsp = start > 0;

  const rua: TlsrptRua[] = [];
  const extensions: [string, string][] = [];
  let fieldCount = 0;
  let ruaFields = 0;
  // field-delim = *WSP ";" *WSP: a field is [start, b) with WSP trimmed at both ends; an empty
  // remainder after the last ";" is the optional final delimiter.
  for (;;) {
    let end = text.indexOf(';', start);
    if (end < 0) end = n;
    let b = end;
    while (b > start && isWsp(text.charCodeAt(b - 1))) b--;
    if (end === n && b === start && fieldCount > 0) break;
    const offset = shift + start;
    // name [start, ne) "=" value [vs, b), WSP around "=" removed; eq < 0 when there is no "="
    let eq = text.indexOf('=', start);
    if (eq >= b) eq = -1;
    let ne = eq;
    while (ne > start && isWsp(text.charCodeAt(ne - 1))) ne--;
    let vs = eq + 1;
    while (eq >= 0 && vs < b && isWsp(text.charCodeAt(vs))) vs++;
    const spaced = eq >= 0 && (ne !== eq || vs !== eq + 1);
    if (fieldCount++ === 0) {
      // tlsrpt-version = %s"v=TLSRPTv1"; lenient also admits case variants and WSP around "="
      const exact = b - start === VERSION.length && text.slice(start, b) === VERSION;
      if (
        (!exact &&
          (strict ||
            eq < 0 ||
            text.slice(start, ne).toLowerCase() !== 'v' ||
            text.slice(vs, b).toLowerCase() !== 'tlsrptv1')) ||
        (strict && leadingWsp)
      ) {
        add(issues, 'not-tlsrpt', 'error', 0, text.slice(0, PREFIX.length));
        return undefined;
      }
      // Leniency (table 1.4): leading WSP and case variants of the version, each with a warning.
      if (leadingWsp) add(issues, 'record-leading-wsp', 'warning', shift);
      if (spaced) add(issues, 'record-spaced-equals', 'warning', offset);
      else if (!exact) add(issues, 'record-case', 'warning', offset, text.slice(start, b));
      // WSP after the last field without a final ";" (reported before any other field's issues)
      let t = n;
      while (t > 0 && isWsp(text.charCodeAt(t - 1))) t--;
      if (t < n && text.charCodeAt(t - 1) !== 0x3b) add(issues, 'record-trailing-wsp', dev, shift + n);
    } else if (b === start) {
      add(issues, 'record-empty-field', dev, offset);
    } else if (eq < 0) {
      add(issues, 'record-field-invalid', dev, offset, text.slice(start, b));
    } else {
      if (spaced) add(issues, 'record-spaced-equals', dev, offset, text.slice(start, b));
      const isRua =
        ne - start === 3 &&
        text.charCodeAt(start) === 0x72 &&
        text.charCodeAt(start + 1) === 0x75 &&
        text.charCodeAt(start + 2) === 0x61;
      const name = isRua ? 'rua' : text.slice(start, ne);
      const lname = isRua ? name : name.toLowerCase();
      // RFC 8460 §3 (RFC 7405 %s): "rua=" is case-sensitive; "RUA=" is an extension in strict mode.
      if (isRua || (lname === 'rua' && !strict)) {
        if (!isRua) add(issues, 'record-case', 'warning', offset, name);
        if (++ruaFields === 2) add(issues, 'rua-repeated', 'info', offset);
        parseRuaList(text, vs, b, shift, strict, rua, issues);
      } else if (lname === 'v') {
        // A second v= is grammatically an extension: ignore it (spec notes 1.2)
        add(issues, 'record-duplicate-version', 'warning', offset, text.slice(start, b));
      } else {
        const value = text.slice(vs, b);
        if (!EXT_NAME.test(name) || !EXT_VALUE.test(value)) {
          add(issues, 'record-field-invalid', dev, offset, text.slice(start, b));
        } else {
          // §3: "Other fields … SHALL be ignored": kept for re-emission, never an error
          add(issues, 'extension-unknown', 'info', offset, name);
          extensions.push([name, value]);
        }
      }
    }
    if (end === n) break;
    start = end + 1;
    while (start < n && isWsp(text.charCodeAt(start))) start++;
  }
  if (ruaFields === 0) add(issues, 'rua-missing', 'error', shift + n);
  else if (rua.length === 0) add(issues, 'rua-empty', 'error', shift + n);
  else {
    let usable = false;
    for (const r of rua) usable ||= r.usable;
    if (!usable) add(issues, 'rua-none-usable', 'warning', shift);
  }
  return { version: 'TLSRPTv1', rua, extensions };
}

/** Reads `tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)` in `text[from, to)` into `out`. */
function parseRuaList(
  text: string,
  from: number,
  to: number,
  shift: number,
  strict: boolean,
  out: TlsrptRua[],
  issues: Issue<Code>[],
): void {
  const dev: Sev = strict ? 'error' : 'warning';
  let nextBang = text.indexOf('!', from); // the next "!" at or after the current URI, or -1
  // a raw "," always separates URIs (§3: a "," inside a URI must be percent-encoded)
  for (let start = from, end = from; end < to; start = end + 1) {
    end = text.indexOf(',', start);
    if (end < 0 || end > to) end = to;
    let a = start;
    let b = end;
    while (a < b && isWsp(text.charCodeAt(a))) a++;
    while (b > a && isWsp(text.charCodeAt(b - 1))) b--;
    const offset = shift + a;
    if (a === b) {
      // "rua=" alone is reported by the caller as rua-empty; an empty list element is malformed
      if (to > from) add(issues, 'rua-invalid', dev, offset, text.slice(from, to));
      continue;
    }
    // the URI is [a, b) of text: checked in place, sliced once for the result
    if (nextBang >= 0 && nextBang < a) nextBang = text.indexOf('!', a);
    const bang = nextBang >= 0 && nextBang < b ? nextBang : -1;
    if (bang >= 0) {
      if (isSizeSuffix(text, bang, b)) {
        // Leniency: DMARC's "mailto:x@example.com!10m" size limit (RFC 7489 §6.2) is copied into
        // TLSRPT records; TLSRPT has no such syntax. Strip it, warn; strict: unencoded "!".
        if (strict) add(issues, 'rua-unencoded-char', 'error', shift + bang, text.slice(a, b));
        else add(issues, 'rua-size-suffix', 'warning', shift + bang, text.slice(bang, b));
        b = bang;
      } else add(issues, 'rua-unencoded-char', dev, shift + bang, text.slice(a, b));
    }
    const bad = scanUri(text, a, b);
    if (bad >= 0) {
      add(issues, 'rua-invalid', dev, offset + bad, text.slice(a, b));
      continue;
    }
    const { schemeEnd, hostStart, hostEnd, pathStart, pathEnd, lastAt, pct } = uriParts;
    const uri = text.slice(a, b);
    let scheme = text.slice(a, schemeEnd);
    if (scheme !== 'mailto' && scheme !== 'https') scheme = scheme.toLowerCase();
    let entry: TlsrptRua;
    if (scheme === 'mailto') {
      // RFC 6068 §2: to = addr-spec *("," addr-spec), percent-encoded; TLSRPT wants exactly one
      let address: string | undefined;
      if (pct < 0 || pct >= pathEnd) {
        const at = lastAt < pathEnd ? lastAt : text.lastIndexOf('@', pathEnd - 1);
        if (isAddrSpec(text, pathStart, pathEnd, at)) address = text.slice(pathStart, pathEnd);
      } else {
        const decoded = percentDecode(text.slice(pathStart, pathEnd));
        if (decoded !== undefined && isAddrSpec(decoded)) address = decoded;
      }
      if (address === undefined) {
        add(issues, 'rua-mailto-invalid', dev, offset, uri);
        continue;
      }
      entry = { uri, scheme: 'mailto', address, usable: true };
    } else if (scheme === 'https') {
      if (hostEnd <= hostStart) {
        add(issues, 'rua-https-no-host', dev, offset, uri);
        continue;
      }
      entry = { uri, scheme: 'https', usable: true };
    } else {
      // §3: "Two URI schemes are supported". Others are grammatical: keep, mark unusable.
      add(issues, 'rua-unsupported-scheme', 'warning', offset, scheme);
      entry = { uri, scheme, usable: false };
    }
    let dup = false;
    for (let k = 0; k < out.length && !dup; k++) dup = (out[k] as TlsrptRua).uri === uri;
    if (dup) add(issues, 'rua-duplicate', 'info', offset, uri);
    else out.push(entry);
  }
}

/** Whether `s[bang, end)` is `!<digits>[kmgt]`, DMARC's size-limit suffix. */
function isSizeSuffix(s: string, bang: number, end: number): boolean {
  let k = bang + 1;
  while (k < end && isDigit(s.charCodeAt(k))) k++;
  if (k === bang + 1) return false;
  if (k < end && 'kmgtKMGT'.includes(s[k] as string)) k++;
  return k === end;
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
  options: ParseOptions = {},
): Result<TlsrptRecord, Code> {
  const strict = options.strict === true;
  const warnings: Issue<Code>[] = [];
  const candidates: string[] = [];
  for (const rr of rrset) {
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
    if (!EXT_NAME.test(name) || !EXT_VALUE.test(value) || name === 'v' || name === 'rua') {
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
