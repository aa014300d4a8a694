/**
 * The `_smtp._tls` TXT record (RFC 8460 §3): parse one record, select it from an RRset, format it.
 * @module
 */
import { type Issue, issue, type ParseOptions, type Result } from '@mailtls/core';
import { isTxtExtName, isTxtExtValue, joinTxt, tokenizeTxt } from '@mailtls/core/txt';
import type { TlsrptRecordIssueCode } from '../../src/_record-issues.ts';
import { tlsrptIssues as tlsrptRecordIssues } from '../../src/issues.ts';
import { checkUri, isAddrSpec, percentDecode } from './_uri.ts';

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
  options: ParseOptions = {},
): Result<TlsrptRecord, Code> {
  const strict = options.strict === true;
  let text = joinTxt(txt);
  const issues: Issue<Code>[] = [];
  const at = (offset: number) => ({ offset, line: 1, column: offset + 1 });
  const add = (code: Code, severity: Issue['severity'], offset: number, detail?: string): void => {
    issues.push(issue(tlsrptRecordIssues, code, severity, at(offset), detail));
  };
  /** A known deviation: an error under strict, a warning otherwise. */
  const deviation = (code: Code, offset: number, detail?: string): void =>
    add(code, strict ? 'error' : 'warning', offset, detail);
  const done = (value: TlsrptRecord | undefined): Result<TlsrptRecord, Code> => {
    const errors: Issue<Code>[] = [];
    const warnings: Issue<Code>[] = [];
    for (const i of issues) (i.severity === 'error' ? errors : warnings).push(i);
    const [first, ...rest] = errors;
    if (first !== undefined) return { ok: false, errors: [first, ...rest], warnings };
    return { ok: true, value: value as TlsrptRecord, warnings };
  };

  if (text.length > MAX_LENGTH) {
    add('record-too-long', 'error', MAX_LENGTH);
    return done(undefined);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7e || (c < 0x20 && c !== 0x09)) {
      add('record-non-ascii', 'error', i, text[i]);
      return done(undefined);
    }
  }
  let shift = 0; // offset of `text` in the input, after stripping quotes
  // Leniency: a zone-file line pasted into a DNS web UI keeps its quotes ("v=TLSRPTv1; …");
  // spec notes table 1.4. Strip one pair, warn; strict: not a TLSRPT record.
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    if (strict) {
      add('not-tlsrpt', 'error', 0, text.slice(0, PREFIX.length + 1));
      return done(undefined);
    }
    add('record-quoted', 'warning', 0);
    text = text.slice(1, -1);
    shift = 1;
  }
  const tokens = tokenizeTxt(text);
  const version = tokens.fields[0];
  const isVersion =
    version?.hasEquals === true &&
    version.name.toLowerCase() === 'v' &&
    version.value.toLowerCase() === 'tlsrptv1';
  if (version === undefined || !isVersion || (strict && (version.text !== VERSION || tokens.leadingWsp))) {
    add('not-tlsrpt', 'error', 0, text.slice(0, PREFIX.length));
    return done(undefined);
  }
  // Leniency (table 1.4): leading WSP and case variants of the version, each with a warning.
  if (tokens.leadingWsp) add('record-leading-wsp', 'warning', shift);
  if (version.spacedEquals) add('record-spaced-equals', 'warning', shift + version.offset);
  else if (version.text !== VERSION) add('record-case', 'warning', shift + version.offset, version.text);
  if (tokens.trailingWsp) deviation('record-trailing-wsp', shift + text.length);

  const rua: TlsrptRua[] = [];
  const extensions: [string, string][] = [];
  let ruaFields = 0;
  let sawRua = false;
  for (let f = 1; f < tokens.fields.length; f++) {
    const field = tokens.fields[f] as (typeof tokens.fields)[number];
    const offset = shift + field.offset;
    if (field.text === '') {
      deviation('record-empty-field', offset);
      continue;
    }
    if (!field.hasEquals) {
      deviation('record-field-invalid', offset, field.text);
      continue;
    }
    if (field.spacedEquals) deviation('record-spaced-equals', offset, field.text);
    const lname = field.name.toLowerCase();
    // RFC 8460 §3 (RFC 7405 %s): "rua=" is case-sensitive; "RUA=" is an extension in strict mode.
    if (field.name === 'rua' || (lname === 'rua' && !strict)) {
      if (field.name !== 'rua') add('record-case', 'warning', offset, field.name);
      sawRua = true;
      if (++ruaFields === 2) add('rua-repeated', 'info', offset);
      parseRuaList(field.value, shift + field.valueOffset, strict, rua, add, deviation);
      continue;
    }
    if (lname === 'v') {
      // A second v= is grammatically an extension: ignore it (spec notes 1.2)
      add('record-duplicate-version', 'warning', offset, field.text);
      continue;
    }
    if (!isTxtExtName(field.name) || !isTxtExtValue(field.value)) {
      deviation('record-field-invalid', offset, field.text);
      continue;
    }
    // §3: "Other fields … SHALL be ignored": kept for re-emission, never an error
    add('extension-unknown', 'info', offset, field.name);
    extensions.push([field.name, field.value]);
  }
  if (!sawRua) add('rua-missing', 'error', shift + text.length);
  else if (rua.length === 0) add('rua-empty', 'error', shift + text.length);
  else if (!rua.some((r) => r.usable)) add('rua-none-usable', 'warning', shift);
  return done({ version: 'TLSRPTv1', rua, extensions });
}

const isWsp = (c: number): boolean => c === 0x20 || c === 0x09;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

function parseRuaList(
  value: string,
  base: number,
  strict: boolean,
  out: TlsrptRua[],
  add: (code: Code, severity: Issue['severity'], offset: number, detail?: string) => void,
  deviation: (code: Code, offset: number, detail?: string) => void,
): void {
  // tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri): a raw "," always separates URIs
  let start = 0;
  for (let end = 0; end <= value.length; end++) {
    if (end < value.length && value.charCodeAt(end) !== 0x2c) continue;
    let a = start;
    let b = end;
    while (a < b && isWsp(value.charCodeAt(a))) a++;
    while (b > a && isWsp(value.charCodeAt(b - 1))) b--;
    const offset = base + a;
    start = end + 1;
    let uri = value.slice(a, b);
    if (uri === '') {
      // "rua=" alone is reported by the caller as rua-empty; an empty list element is malformed
      if (value.length > 0) deviation('rua-invalid', offset, value);
      continue;
    }
    const bang = uri.indexOf('!');
    if (bang >= 0) {
      if (isSizeSuffix(uri, bang)) {
        // Leniency: DMARC's "mailto:x@example.com!10m" size limit (RFC 7489 §6.2) is copied into
        // TLSRPT records; TLSRPT has no such syntax. Strip it, warn; strict: unencoded "!".
        if (strict) add('rua-unencoded-char', 'error', offset + bang, uri);
        else add('rua-size-suffix', 'warning', offset + bang, uri.slice(bang));
        uri = uri.slice(0, bang);
      } else deviation('rua-unencoded-char', offset + bang, uri);
    }
    const parts = checkUri(uri);
    if (typeof parts === 'number') {
      deviation('rua-invalid', offset + parts, uri);
      continue;
    }
    let entry: TlsrptRua;
    if (parts.scheme === 'mailto') {
      // RFC 6068 §2: to = addr-spec *("," addr-spec), percent-encoded; TLSRPT wants exactly one
      const address = percentDecode(parts.path);
      if (address === undefined || !isAddrSpec(address)) {
        deviation('rua-mailto-invalid', offset, uri);
        continue;
      }
      entry = { uri, scheme: 'mailto', address, usable: true };
    } else if (parts.scheme === 'https') {
      if (parts.host === undefined || parts.host === '') {
        deviation('rua-https-no-host', offset, uri);
        continue;
      }
      entry = { uri, scheme: 'https', usable: true };
    } else {
      // §3: "Two URI schemes are supported". Others are grammatical: keep, mark unusable.
      add('rua-unsupported-scheme', 'warning', offset, parts.scheme);
      entry = { uri, scheme: parts.scheme, usable: false };
    }
    if (out.some((r) => r.uri === uri)) add('rua-duplicate', 'info', offset, uri);
    else out.push(entry);
  }
}

/** Whether `uri` ends at `bang` with `!<digits>[kmgt]`, DMARC's size-limit suffix. */
function isSizeSuffix(uri: string, bang: number): boolean {
  let k = bang + 1;
  const digitsStart = k;
  while (k < uri.length && isDigit(uri.charCodeAt(k))) k++;
  if (k === digitsStart) return false;
  if (k < uri.length && 'kmgtKMGT'.includes(uri[k] as string)) k++;
  return k === uri.length;
}
