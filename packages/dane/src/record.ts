/**
 * TLSA records: presentation form (RFC 6698 §2.2, RFC 3597 generic form, RFC 7218 mnemonics),
 * wire RDATA (RFC 6698 §2.1) and the TLSA owner name (RFC 6698 §3).
 * @module
 */
import { type Issue, issue, locate, normalizeHostname, type ParseOptions, type Result } from '@mailtls/core';
import { show } from './_show.ts';
import { type RecordIssueCode, type TlsaIssueCode, tlsaIssues } from './issues.ts';

/** One TLSA record (RFC 6698 §2.1), always numeric. */
export interface TlsaRecord {
  /** Certificate usage: 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE (RFC 6698 §2.1.1). */
  readonly usage: number;
  /** Selector: 0 Cert (full certificate), 1 SPKI (SubjectPublicKeyInfo) (RFC 6698 §2.1.2). */
  readonly selector: number;
  /** Matching type: 0 Full, 1 SHA2-256, 2 SHA2-512 (RFC 6698 §2.1.3). */
  readonly matchingType: number;
  /** Certificate association data (RFC 6698 §2.1.4). */
  readonly data: Uint8Array;
}

/** Registered values and RFC 7218 acronyms. */
export const TLSA_USAGE = { PKIX_TA: 0, PKIX_EE: 1, DANE_TA: 2, DANE_EE: 3 } as const;
/** RFC 6698 §2.1.2 selectors. */
export const TLSA_SELECTOR = { CERT: 0, SPKI: 1 } as const;
/** RFC 6698 §2.1.3 matching types. */
export const TLSA_MATCHING_TYPE = { FULL: 0, SHA2_256: 1, SHA2_512: 2 } as const;

// RFC 7218 §2 acronyms, "case does not matter"; the fields they may stand for
const USAGE_NAMES = ['pkix-ta', 'pkix-ee', 'dane-ta', 'dane-ee'];
const SELECTOR_NAMES = ['cert', 'spki'];
const MTYPE_NAMES = ['full', 'sha2-256', 'sha2-512'];
const PRIVATE_NAMES = ['privcert', 'privsel', 'privmatch'];
const USAGE_LABELS = ['PKIX-TA', 'PKIX-EE', 'DANE-TA', 'DANE-EE'];
const SELECTOR_LABELS = ['Cert', 'SPKI'];
const MTYPE_LABELS = ['Full', 'SHA2-256', 'SHA2-512'];
const PRIVATE_LABELS = ['PrivCert', 'PrivSel', 'PrivMatch'];

/** RDATA is at most 65535 octets (RFC 1035 §3.2.1 RDLENGTH); its hex, spaced, fits in this. */
const MAX_TEXT = 1 << 18;
const MAX_RDATA = 65535;
/** The start of the input. */
const AT0 = { offset: 0, line: 1, column: 1 };

const SP = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const LPAREN = 0x28;
const RPAREN = 0x29;
const SEMI = 0x3b;

interface Token {
  readonly text: string;
  readonly offset: number;
}

interface Lexed {
  readonly tokens: Token[];
  /** Offset of the first master-file artefact (parenthesis, comment, line break), or -1. */
  readonly zoneAt: number;
}

/**
 * Splits master-file text into tokens (RFC 1035 §5.1): SP/TAB separate, `;` starts a comment,
 * parentheses group lines. A line break outside parentheses ends the entry, so text after it
 * is a second entry and an error. Returns an error offset instead when the layer is broken.
 */
function lex(text: string): Lexed | { readonly bad: number } {
  const tokens: Token[] = [];
  let zoneAt = -1;
  let depth = 0;
  let endedAt = -1;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === SP || c === TAB) {
      i++;
    } else if (c === LF || c === CR) {
      if (zoneAt < 0) zoneAt = i;
      if (depth === 0 && tokens.length > 0 && endedAt < 0) endedAt = i;
      i++;
    } else if (c === SEMI) {
      if (zoneAt < 0) zoneAt = i;
      while (i < text.length && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
    } else if (c === LPAREN || c === RPAREN) {
      if (zoneAt < 0) zoneAt = i;
      // RFC 1035 §5.1: parentheses group; they do not nest, and must balance
      if (c === LPAREN ? depth !== 0 : depth !== 1) return { bad: i };
      depth = c === LPAREN ? 1 : 0;
      i++;
    } else {
      if (endedAt >= 0) return { bad: i }; // a second entry
      const start = i;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === SP || d === TAB || d === LF || d === CR || d === SEMI || d === LPAREN || d === RPAREN)
          break;
        i++;
      }
      tokens.push({ text: text.slice(start, i), offset: start });
    }
  }
  if (depth !== 0) return { bad: text.length };
  return { tokens, zoneAt };
}

const isDigits = (s: string): boolean => {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
};

/**
 * A master-file owner name: dot-separated labels of 1..63 letters, digits, `-` and `_` (TLSA
 * owners start with `_port._proto`, RFC 6698 §3), at most 253 octets plus a trailing dot.
 * ASCII only: zone files carry A-labels. A local check keeps the core IDNA code out of the
 * parser's bundle.
 */
function isOwnerName(s: string): boolean {
  const name = s.endsWith('.') ? s.slice(0, -1) : s;
  if (name.length === 0 || name.length > 253) return false;
  let label = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      if (label === 0) return false;
      label = 0;
    } else if (
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      c === 0x2d ||
      c === 0x5f
    ) {
      if (++label > 63) return false;
    } else return false;
  }
  return label > 0;
}

/** RFC 1035 §5.1 TTL: decimal; BIND's unit form (`1h30m`, common in zone files) is accepted too. */
function isTtl(s: string): boolean {
  if (isDigits(s)) return true;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (digits > 0 && 'smhdwSMHDW'.includes(s[i] as string)) digits = 0;
    else return false;
  }
  return s.length > 0 && digits === 0;
}
// RFC 1035 §5.1 / RFC 3597 §5 class mnemonics
const CLASS = /^(?:IN|CH|HS|CS|CLASS[0-9]{1,5})$/i;
const isType = (s: string): boolean => {
  const u = s.toUpperCase();
  return u === 'TLSA' || u === 'TYPE52';
};

/**
 * Parses a TLSA record in presentation form: the RDATA alone (`3 1 1 <hex>`, whitespace allowed
 * inside the hex), a whole master-file line (`_25._tcp.mx.example.com. 3600 IN TLSA 3 1 1 …`,
 * with parentheses and comments), or the RFC 3597 generic form (`\# 35 0301…`). RFC 7218
 * mnemonics (`DANE-EE SPKI SHA2-256`) are accepted only in lenient mode, with a warning.
 * The result is always numeric. Syntax only: use {@link tlsaUsability} for usability.
 * @example parseTlsaRecord('3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6')
 * // ok: { usage: 3, selector: 1, matchingType: 1, data: Uint8Array(32) }
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-2.2
 */
export function parseTlsaRecord(text: string, options?: ParseOptions): Result<TlsaRecord, TlsaIssueCode> {
  const strict = options?.strict === true;
  const warnings: Issue<TlsaIssueCode>[] = [];
  const fail = (
    code: RecordIssueCode,
    offset: number,
    detail?: string,
  ): Result<TlsaRecord, TlsaIssueCode> => ({
    ok: false,
    errors: [issue(tlsaIssues, code, 'error', locate(text, offset), detail)],
    warnings,
  });
  if (typeof text !== 'string') {
    // total for JavaScript callers: anything but a string is not a record, positioned at 0 of ''
    text = '';
    return fail('tlsa-syntax', 0);
  }
  if (text.length > MAX_TEXT) return fail('tlsa-too-long', MAX_TEXT);
  const lexed = lex(text);
  if ('bad' in lexed) return fail('tlsa-zone-syntax', lexed.bad);
  const { tokens } = lexed;
  if (tokens.length === 0) return fail('tlsa-missing-field', 0);

  // A whole RR line: [owner] [ttl] [class] TLSA|TYPE52 rdata (RFC 1035 §5.1, RFC 3597 §5)
  let start = 0;
  const typeAt = tokens.findIndex((t) => isType(t.text));
  if (typeAt >= 0) {
    if (typeAt > 3) return fail('tlsa-syntax', (tokens[0] as Token).offset, (tokens[0] as Token).text);
    let ttl = false;
    let cls = false;
    for (let k = 0; k < typeAt; k++) {
      const t = tokens[k] as Token;
      if (!ttl && isTtl(t.text)) ttl = true;
      else if (!cls && CLASS.test(t.text)) cls = true;
      else if (k === 0) {
        // RFC 6698 §3: _<port>._<protocol>.<base domain>; "@" and relative names are the zone's
        if (t.text !== '@') {
          if (!isOwnerName(t.text)) return fail('tlsa-owner-invalid', t.offset, t.text);
        }
      } else return fail('tlsa-syntax', t.offset, t.text);
    }
    start = typeAt + 1;
  } else if (lexed.zoneAt >= 0) {
    // Leniency: parentheses, comments or line breaks pasted into bare RDATA (copied from a zone
    // file or a DNS panel's multi-line display). The master-file layer owns them; the RDATA
    // grammar of RFC 6698 §2.2 does not (spec §1.6).
    if (strict) return fail('tlsa-zone-syntax', lexed.zoneAt);
    warnings.push(issue(tlsaIssues, 'tlsa-zone-syntax', 'warning', locate(text, lexed.zoneAt)));
  }
  const rdata = tokens.slice(start);
  const first = rdata[0];
  if (first === undefined) return fail('tlsa-missing-field', text.length);

  // RFC 3597 §5: \# <length> <hex>, accepted in both modes
  if (first.text === '\\#') {
    const lenTok = rdata[1];
    if (lenTok === undefined) return fail('tlsa-missing-field', text.length);
    if (!isDigits(lenTok.text) || lenTok.text.length > 6)
      return fail('tlsa-field-syntax', lenTok.offset, lenTok.text);
    const length = Number(lenTok.text);
    if (length > MAX_RDATA) return fail('tlsa-too-long', lenTok.offset, lenTok.text);
    const hex = decodeHex(rdata.slice(2));
    if ('bad' in hex) return fail(hex.code, hex.bad, hex.detail);
    if (hex.bytes.length !== length) return fail('tlsa-generic-length', lenTok.offset, lenTok.text);
    if (length < 3) return fail('tlsa-rdata-short', lenTok.offset, lenTok.text);
    return { ok: true, value: rdataToRecord(hex.bytes), warnings };
  }

  const fields: number[] = [];
  const names = [USAGE_NAMES, SELECTOR_NAMES, MTYPE_NAMES];
  for (let k = 0; k < 3; k++) {
    const t = rdata[k];
    if (t === undefined) return fail('tlsa-missing-field', text.length);
    if (isDigits(t.text)) {
      // RFC 6698 §2.2: "an 8-bit unsigned integer"; leading zeros are fine (danetool writes 03)
      let v = 0;
      for (let i = 0; i < t.text.length && v <= 255; i++) v = v * 10 + (t.text.charCodeAt(i) - 0x30);
      if (v > 255) return fail('tlsa-field-range', t.offset, t.text);
      fields.push(v);
      continue;
    }
    const lower = t.text.toLowerCase();
    const v = lower === PRIVATE_NAMES[k] ? 255 : (names[k] as string[]).indexOf(lower);
    if (v < 0) return fail('tlsa-field-syntax', t.offset, t.text);
    // RFC 7218 §1 invites parsers to accept the acronyms; RFC 6698 §2.2 says "MUST be
    // represented as an 8-bit unsigned integer", so strict mode refuses them (as dnspython,
    // BIND and OpenSSL do), lenient mode maps them with a warning.
    if (strict) return fail('tlsa-mnemonic', t.offset, t.text);
    warnings.push(issue(tlsaIssues, 'tlsa-mnemonic', 'warning', locate(text, t.offset), t.text));
    fields.push(v);
  }
  // RFC 6698 §2.2: the data "MUST be represented as a string of hexadecimal characters"
  if (rdata.length === 3) return fail('tlsa-data-missing', text.length);
  const hex = decodeHex(rdata.slice(3));
  if ('bad' in hex) return fail(hex.code, hex.bad, hex.detail);
  if (hex.bytes.length > MAX_RDATA - 3) return fail('tlsa-too-long', (rdata[3] as Token).offset);
  const [usage, selector, matchingType] = fields as [number, number, number];
  return { ok: true, value: { usage, selector, matchingType, data: hex.bytes }, warnings };
}

type HexResult =
  | { readonly bytes: Uint8Array }
  | { readonly bad: number; readonly code: RecordIssueCode; readonly detail?: string };

/** Hex spread over tokens (whitespace between them, RFC 6698 §2.2), decoded in one pass. */
function decodeHex(tokens: readonly Token[]): HexResult {
  let digits = 0;
  for (const t of tokens) digits += t.text.length;
  const out = new Uint8Array(digits >>> 1);
  let n = 0;
  let high = -1;
  let highAt = 0;
  for (const t of tokens) {
    for (let i = 0; i < t.text.length; i++) {
      const c = t.text.charCodeAt(i);
      const v =
        c >= 0x30 && c <= 0x39
          ? c - 0x30
          : c >= 0x61 && c <= 0x66
            ? c - 0x57
            : c >= 0x41 && c <= 0x46
              ? c - 0x37
              : -1;
      if (v < 0) return { bad: t.offset + i, code: 'tlsa-hex-invalid', detail: t.text };
      if (high < 0) {
        high = v;
        highAt = t.offset + i;
      } else {
        out[n++] = (high << 4) | v;
        high = -1;
      }
    }
  }
  // Odd digit counts are an error in both modes: ldns silently pads a nibble; we do not
  if (high >= 0) return { bad: highAt, code: 'tlsa-hex-odd' };
  return { bytes: out };
}

function rdataToRecord(bytes: Uint8Array): TlsaRecord {
  return {
    usage: bytes[0] as number,
    selector: bytes[1] as number,
    matchingType: bytes[2] as number,
    data: bytes.slice(3),
  };
}

/**
 * Decodes TLSA wire RDATA: three octets, then the association data (RFC 6698 §2.1). RDATA of
 * exactly 3 octets parses, with empty data (unusable); shorter is an error.
 * @example parseTlsaRdata(Uint8Array.of(3, 1, 1, 0xab)) // ok: { usage: 3, selector: 1, matchingType: 1, data: [0xab] }
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-2.1
 */
export function parseTlsaRdata(bytes: Uint8Array): Result<TlsaRecord, TlsaIssueCode> {
  const at = AT0;
  if (!(bytes instanceof Uint8Array) || bytes.length < 3) {
    return { ok: false, errors: [issue(tlsaIssues, 'tlsa-rdata-short', 'error', at)], warnings: [] };
  }
  if (bytes.length > MAX_RDATA) {
    return { ok: false, errors: [issue(tlsaIssues, 'tlsa-too-long', 'error', at)], warnings: [] };
  }
  return { ok: true, value: rdataToRecord(bytes), warnings: [] };
}

/**
 * Encodes a record as wire RDATA (RFC 6698 §2.1).
 * @example encodeTlsaRdata({ usage: 3, selector: 1, matchingType: 1, data: Uint8Array.of(0xab) }) // Uint8Array [3, 1, 1, 171]
 * @throws TypeError when `record` is not a record: a field outside 0..255, data that is not a
 *   Uint8Array of at most 65532 bytes (a programmer error: parsed records always fit)
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-2.1
 */
export function encodeTlsaRdata(record: TlsaRecord): Uint8Array {
  // programmer error (STYLE.md): a TypeError naming the field, and nothing else
  checkRecord(record);
  const out = new Uint8Array(3 + record.data.length);
  out[0] = record.usage;
  out[1] = record.selector;
  out[2] = record.matchingType;
  out.set(record.data, 3);
  return out;
}

/** Whether `record` can be encoded: fields 0..255, data a Uint8Array of at most 65532 bytes. Internal. */
export function isEncodable(record: unknown): record is TlsaRecord {
  if (typeof record !== 'object' || record === null) return false;
  const { usage, selector, matchingType, data } = record as Record<string, unknown>;
  for (const v of [usage, selector, matchingType]) {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 255) return false;
  }
  return data instanceof Uint8Array && data.length <= MAX_RDATA - 3;
}

/** Throws the one TypeError of {@link encodeTlsaRdata} and {@link formatTlsaRecord} for a non-record. */
function checkRecord(record: TlsaRecord): void {
  if (typeof record !== 'object' || record === null) throw new TypeError('TLSA record must be an object');
  for (const v of [record.usage, record.selector, record.matchingType]) {
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new TypeError(`TLSA field out of range: ${show(v)}`);
  }
  if (!(record.data instanceof Uint8Array) || record.data.length > MAX_RDATA - 3) {
    throw new TypeError('TLSA data must be a Uint8Array of at most 65532 bytes');
  }
}

/** Options for {@link formatTlsaRecord}. */
export interface FormatTlsaOptions {
  /** Write RFC 7218 acronyms (`DANE-EE SPKI SHA2-256`) where one exists. Default false. */
  readonly mnemonic?: boolean;
}

const HEX_UPPER = '0123456789ABCDEF';

/**
 * Formats a record in canonical presentation form: decimal fields without leading zeros and
 * upper-case hex without spaces, which is also the TLSRPT `policy-string` form (RFC 8460 §4.5).
 * Empty data is written as RFC 3597's generic form, the only form RFC 6698 §2.2 leaves for it.
 * @example formatTlsaRecord({ usage: 3, selector: 1, matchingType: 1, data: Uint8Array.of(0xab) }) // '3 1 1 AB'
 * @example formatTlsaRecord(r, { mnemonic: true }) // 'DANE-EE SPKI SHA2-256 AB'
 * @throws TypeError when `record` is not a record, as {@link encodeTlsaRdata}
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-2.2
 */
export function formatTlsaRecord(record: TlsaRecord, options?: FormatTlsaOptions): string {
  checkRecord(record);
  const { usage, selector, matchingType, data } = record;
  let hex = '';
  for (let i = 0; i < data.length; i++) {
    const b = data[i] as number;
    hex += HEX_UPPER[b >> 4]! + HEX_UPPER[b & 15]!;
  }
  if (data.length === 0) {
    const h = (v: number) => HEX_UPPER[v >> 4]! + HEX_UPPER[v & 15]!;
    return `\\# 3 ${h(usage)}${h(selector)}${h(matchingType)}`;
  }
  if (!options?.mnemonic) return `${usage} ${selector} ${matchingType} ${hex}`;
  const name = (labels: string[], v: number, k: number) =>
    v === 255 ? (PRIVATE_LABELS[k] as string) : (labels[v] ?? String(v));
  return `${name(USAGE_LABELS, usage, 0)} ${name(SELECTOR_LABELS, selector, 1)} ${name(MTYPE_LABELS, matchingType, 2)} ${hex}`;
}

/**
 * The owner name of a service's TLSA RRset: `_<port>._<protocol>.<host>` (RFC 6698 §3), in
 * lower-case A-labels without a trailing dot. For SMTP (RFC 7672) the host is the TLSA base
 * domain: the MX host name, or the domain itself without MX records.
 * @example tlsaOwnerName('Mail.Example.com.') // '_25._tcp.mail.example.com'
 * @example tlsaOwnerName('example.com', 443) // '_443._tcp.example.com'
 * @throws TypeError for an empty host, a port outside 0..65535 or another protocol
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-3
 */
export function tlsaOwnerName(host: string, port = 25, protocol: 'tcp' | 'udp' | 'sctp' = 'tcp'): string {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`Invalid port: ${show(port)}`);
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') {
    throw new TypeError(`Invalid protocol: ${show(protocol)}`);
  }
  const name = normalizeHostname(host);
  if (name.length === 0) throw new TypeError('Empty host name');
  // RFC 6698 §3: the port in decimal with no leading zeros (String() never writes any)
  return `_${port}._${protocol}.${name}`;
}
