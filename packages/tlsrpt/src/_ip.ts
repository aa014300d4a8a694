/**
 * IP address text: IPv4 dotted-decimal (RFC 3986 §3.2.2 `IPv4address`, no leading zeros) and
 * IPv6 (RFC 4291 §2.2), with RFC 5952 canonical text.
 * @module
 */

/** A parsed IP address: its canonical text and whether the input already was canonical. */
export interface ParsedIp {
  readonly canonical: string;
  readonly version: 4 | 6;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Parses `dec-octet "." dec-octet "." dec-octet "." dec-octet` into 4 numbers, or undefined. */
function parseV4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // dec-octet: 0-255 with no leading zero (RFC 3986 §3.2.2)
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p.charCodeAt(0) === 0x30)) return undefined;
    for (let i = 0; i < p.length; i++) if (!isDigit(p.charCodeAt(i))) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    out.push(v);
  }
  return out;
}

/**
 * Parses an IPv4 or IPv6 address and returns its canonical text, or undefined.
 * @example parseIp('2001:DB8:abcd:0012::1') // { canonical: '2001:db8:abcd:12::1', version: 6 }
 * @see https://www.rfc-editor.org/rfc/rfc5952#section-4
 */
export function parseIp(s: string): ParsedIp | undefined {
  if (s.length > 45) return undefined;
  if (!s.includes(':')) {
    const v4 = parseV4(s);
    return v4 === undefined ? undefined : { canonical: v4.join('.'), version: 4 };
  }
  const groups = parseV6(s);
  return groups === undefined ? undefined : { canonical: formatV6(groups), version: 6 };
}

/** The 8 16-bit groups of an IPv6 address (RFC 4291 §2.2 forms 1–3), or undefined. */
function parseV6(s: string): number[] | undefined {
  let text = s;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    // Form 3 (RFC 4291 §2.2): an embedded dotted quad in the low 32 bits
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number)];
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const dbl = text.indexOf('::');
  if (dbl >= 0 && text.indexOf('::', dbl + 1) >= 0) return undefined;
  let head: number[] | undefined;
  let rest: number[] | undefined = [];
  if (dbl >= 0) {
    head = hexGroups(text.slice(0, dbl));
    rest = hexGroups(text.slice(dbl + 2));
  } else head = hexGroups(text);
  if (head === undefined || rest === undefined) return undefined;
  const total = head.length + rest.length + tail.length;
  if (dbl >= 0 ? total > 7 : total !== 8) return undefined;
  const zeros = new Array<number>(8 - total).fill(0);
  return [...head, ...zeros, ...rest, ...tail];
}

/** Colon-separated groups of 1–4 hex digits; `''` is no group. */
function hexGroups(part: string): number[] | undefined {
  if (part === '') return [];
  const out: number[] = [];
  for (const g of part.split(':')) {
    if (g.length === 0 || g.length > 4) return undefined;
    let v = 0;
    for (let i = 0; i < g.length; i++) {
      const c = g.charCodeAt(i);
      const d = isDigit(c)
        ? c - 0x30
        : c >= 0x61 && c <= 0x66
          ? c - 0x57
          : c >= 0x41 && c <= 0x46
            ? c - 0x37
            : -1;
      if (d < 0) return undefined;
      v = v * 16 + d;
    }
    out.push(v);
  }
  return out;
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
function formatV6(g: number[]): string {
  // §5: IPv4-mapped addresses keep the dotted quad
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    const a = g[6] as number;
    const b = g[7] as number;
    return `::ffff:${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
