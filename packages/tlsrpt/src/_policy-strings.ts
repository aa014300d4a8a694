/**
 * The two policy-string encodings of RFC 8460 §4.5: TLSA RRs in presentation form and MTA-STS
 * policy lines. Small local readers: the full parsers live in `@mailtls/dane` and
 * `@mailtls/mta-sts`, which this package does not depend on.
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
  /** The certificate association data, upper-case hex. */
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

/**
 * Reads `usage selector matching-type hex` (hex may be split by white space), or undefined.
 * @example parseTlsaString('3 1 1 ab cd') // { usage: 3, selector: 1, matchingType: 1, data: 'ABCD' }
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-2.2
 */
export function parseTlsaString(s: string): TlsrptTlsaRecord | undefined {
  if (s.length > 65_536) return undefined;
  const fields: number[] = [];
  let i = 0;
  const n = s.length;
  while (i < n && isWsp(s.charCodeAt(i))) i++;
  for (let f = 0; f < 3; f++) {
    const start = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === start || i - start > 3) return undefined;
    const v = Number(s.slice(start, i));
    if (v > 255) return undefined;
    fields.push(v);
    const ws = i;
    while (i < n && isWsp(s.charCodeAt(i))) i++;
    if (i === ws) return undefined;
  }
  let data = '';
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isWsp(c)) continue;
    if (isDigit(c) || (c >= 0x41 && c <= 0x46)) data += s[i];
    else if (c >= 0x61 && c <= 0x66) data += String.fromCharCode(c - 0x20);
    else return undefined;
  }
  if (data.length === 0 || data.length % 2 !== 0) return undefined;
  return {
    usage: fields[0] as number,
    selector: fields[1] as number,
    matchingType: fields[2] as number,
    data,
  };
}

/** The canonical policy string of a TLSA record: `"<u> <s> <m> <HEX>"`. */
export function formatTlsaString(r: TlsrptTlsaRecord): string {
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
