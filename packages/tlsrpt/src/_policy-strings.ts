/**
 * The two policy-string encodings of RFC 8460 §4.5: TLSA RRs in presentation form and MTA-STS
 * policy lines. Small local readers: the full parsers live in `@mailtls/dane` and
 * `@mailtls/mta-sts`, which this package does not depend on; the TLSA reader accepts exactly
 * dane's strict RDATA grammar (test/policy-strings.test.ts checks it against dane).
 * @module
 */

/** A TLSA record as a TLSRPT policy string carries it (RFC 6698 §2.2 presentation form). */
export interface TlsrptTlsaRecord {
  /** Certificate usage (0–255; 2 DANE-TA and 3 DANE-EE for SMTP, RFC 7672). */
  readonly usage: number;
  /** Selector: 0 full certificate, 1 SubjectPublicKeyInfo. */
  readonly selector: number;
  /** Matching type: 0 full, 1 SHA2-256, 2 SHA2-512. */
  readonly matchingType: number;
  /** The certificate association data, upper-case hex (empty only from the `\#` generic form). */
  readonly data: string;
}

/** The MTA-STS policy (RFC 8461 §3.2) read from an `sts` policy's strings. */
export interface TlsrptStsPolicy {
  /** `version`, e.g. `STSv1`. */
  readonly version?: string;
  /** `mode`: `enforce`, `testing` or `none` (kept as written otherwise). */
  readonly mode?: string;
  /** Every `mx` pattern, in order. */
  readonly mx: readonly string[];
  /** `max_age` in seconds. */
  readonly maxAge?: number;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isWsp = (c: number): boolean => c === 0x20 || c === 0x09;

// The grammar of @mailtls/dane's parseTlsaRecord in strict mode for RDATA alone (dane spec
// §1.3, §1.4), which spec notes 2.3 name as the parser of TLSA policy strings; the tests hold
// the two to each other. Kept local so that the report parser does not bundle dane.
//   tlsa-rdata = *WSP usage 1*WSP selector 1*WSP mtype 1*WSP hex *WSP
//   usage, selector, mtype = 1*DIGIT                ; 0..255, leading zeros allowed (danetool)
//   hex        = HEXDIG *( HEXDIG / WSP )           ; an even, non-zero number of digits
//   generic    = *WSP "\#" 1*WSP 1*6DIGIT *(1*WSP 1*HEXDIG) *WSP   ; RFC 3597 §5
// Judgement call: a whole zone line (owner, TTL, class, "TLSA") is not a policy string (RFC 8460
// §4.5: one RR "in presentation form" of its RDATA), nor are master-file parentheses, comments and
// line breaks, nor RFC 7218 mnemonics (dane's strict mode refuses them too).
const MAX_TEXT = 1 << 18; // as dane: 65535 octets of RDATA, hex spaced out
const MAX_RDATA = 65535;
const ZONE = /[\n\r;()]/;
const WSP = /[ \t]+/;
const HEX = /^[0-9A-Fa-f]*$/;
const DIGITS = /^[0-9]+$/;

/**
 * Reads a TLSA record in presentation form, `usage selector matching-type hex` (hex may be
 * split by white space; leading zeros allowed) or the RFC 3597 generic form `\# <length> <hex>`,
 * exactly as `@mailtls/dane`'s strict presentation parser reads RDATA; undefined otherwise.
 * @example parseTlsaString('3 1 1 ab cd') // { usage: 3, selector: 1, matchingType: 1, data: 'ABCD' }
 * @example parseTlsaString('\\# 3 030101') // { usage: 3, selector: 1, matchingType: 1, data: '' }
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-2.2
 * @see https://www.rfc-editor.org/rfc/rfc3597#section-5
 */
export function parseTlsaString(s: string): TlsrptTlsaRecord | undefined {
  if (typeof s !== 'string' || s.length > MAX_TEXT || ZONE.test(s)) return undefined;
  const t = s.split(WSP);
  if (t[0] === '') t.shift();
  if (t[t.length - 1] === '') t.pop();
  if (t[0] === '\\#') {
    // RFC 3597 §5: the length must equal the octets the hex encodes; at least the three fields
    const len = t[1];
    const hex = hexOf(t, 2);
    if (len === undefined || len.length > 6 || !DIGITS.test(len) || hex === undefined) return undefined;
    const n = Number(len);
    if (n > MAX_RDATA || n < 3 || hex.length !== 2 * n) return undefined;
    const byte = (i: number) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    return { usage: byte(0), selector: byte(1), matchingType: byte(2), data: hex.slice(6) };
  }
  const fields: number[] = [];
  for (let f = 0; f < 3; f++) {
    const v = t[f];
    // RFC 6698 §2.2: "an 8-bit unsigned integer", in decimal
    if (v === undefined || !DIGITS.test(v) || Number(v) > 255) return undefined;
    fields.push(Number(v));
  }
  const data = hexOf(t, 3);
  // RFC 6698 §2.2: the data "MUST be represented as a string of hexadecimal characters"
  if (data === undefined || data === '' || data.length > 2 * (MAX_RDATA - 3)) return undefined;
  return {
    usage: fields[0] as number,
    selector: fields[1] as number,
    matchingType: fields[2] as number,
    data,
  };
}

/** The hex digits of `tokens[from…]`, upper-cased; undefined for a non-hex token or an odd count. */
function hexOf(tokens: readonly string[], from: number): string | undefined {
  const hex = tokens.slice(from).join('');
  return HEX.test(hex) && hex.length % 2 === 0 ? hex.toUpperCase() : undefined;
}

const hh = (v: number): string => (v < 16 ? '0' : '') + v.toString(16).toUpperCase();

/**
 * The canonical policy string of a TLSA record: `"<u> <s> <m> <HEX>"` (spec notes section 10);
 * empty data as RFC 3597's generic form, the only presentation RFC 6698 §2.2 leaves for it (as
 * `@mailtls/dane`'s formatTlsaRecord writes it).
 * @example formatTlsaString({ usage: 3, selector: 1, matchingType: 1, data: 'AB' }) // '3 1 1 AB'
 * @example formatTlsaString({ usage: 3, selector: 1, matchingType: 1, data: '' }) // '\\# 3 030101'
 */
export function formatTlsaString(r: TlsrptTlsaRecord): string {
  if (r.data === '') return `\\# 3 ${hh(r.usage)}${hh(r.selector)}${hh(r.matchingType)}`;
  return `${r.usage} ${r.selector} ${r.matchingType} ${r.data}`;
}

/**
 * Reads MTA-STS policy lines (`key: value`, RFC 8461 §3.2). Returns the policy and the indexes
 * of lines that are not `key: value`.
 * @example parseStsStrings(['version: STSv1', 'mode: enforce', 'mx: *.example.com', 'max_age: 86400'])
 * // { policy: { version: 'STSv1', mode: 'enforce', mx: ['*.example.com'], maxAge: 86400 }, bad: [] }
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.2
 */
export function parseStsStrings(lines: readonly string[]): { policy: TlsrptStsPolicy; bad: number[] } {
  let version: string | undefined;
  let mode: string | undefined;
  let maxAge: number | undefined;
  const mx: string[] = [];
  const bad: number[] = [];
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k] as string;
    // sts-policy-field = sts-policy-name ":" *WSP sts-policy-value, trailing WSP tolerated
    const colon = line.indexOf(':');
    if (colon <= 0) {
      bad.push(k);
      continue;
    }
    let a = colon + 1;
    let b = line.length;
    while (a < b && isWsp(line.charCodeAt(a))) a++;
    while (b > a && (isWsp(line.charCodeAt(b - 1)) || line.charCodeAt(b - 1) === 0x0d)) b--;
    // the name is line[0, colon), told apart by its length first; the value is sliced only
    // when kept
    if (colon === 2) {
      if (line.charCodeAt(0) === 0x6d && line.charCodeAt(1) === 0x78) mx.push(line.slice(a, b)); // "mx"
    } else if (colon === 4) {
      if (mode === undefined && line.startsWith('mode')) mode = line.slice(a, b);
    } else if (colon === 7) {
      const name = line.slice(0, 7);
      if (name === 'version') version ??= line.slice(a, b);
      else if (name === 'max_age') {
        // 1*10DIGIT, exact as a double
        let n = b - a > 0 && b - a <= 10 ? 0 : -1;
        for (let i = a; n >= 0 && i < b; i++) {
          const c = line.charCodeAt(i);
          n = isDigit(c) ? n * 10 + (c - 0x30) : -1;
        }
        if (n < 0) bad.push(k);
        else maxAge ??= n;
      }
    }
  }
  const policy: { version?: string; mode?: string; mx: string[]; maxAge?: number } = { mx };
  if (version !== undefined) policy.version = version;
  if (mode !== undefined) policy.mode = mode;
  if (maxAge !== undefined) policy.maxAge = maxAge;
  return { policy, bad };
}
