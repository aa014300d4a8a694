/**
 * A small RFC 3986 URI checker and an RFC 5322 addr-spec checker, kept compact for the record
 * parser's 2 KB budget. The WHATWG `URL` class is not used: it accepts what RFC 3986 does not and
 * does not decode `mailto:` as RFC 6068 requires.
 * @module
 */

/** The parts of a URI that TLSRPT needs. */
export interface UriParts {
  /** Lower-cased scheme. */
  readonly scheme: string;
  /** The host of the authority, when the URI has one (`//host`). */
  readonly host?: string;
  /** The path (for mailto, the percent-encoded addresses). */
  readonly path: string;
}

// RFC 3986 §3: URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
//   scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// §2.2-2.3: unreserved and sub-delims; with the gen-delims and "%", every legal character
const UNRESERVED_SUB = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=";
const LEGAL = `${UNRESERVED_SUB}:/?#[]@%`;
const HEX = '0123456789ABCDEFabcdef';

/**
 * Checks `uri` against the RFC 3986 `URI` production (scheme required). Returns its parts, or an
 * offset: 0 without a scheme; else the first character that no URI may hold or a "%" not
 * followed by two hex digits; else the first character at which the grammar, read left to right,
 * cannot go on.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3
 */
export function checkUri(uri: string): UriParts | number {
  const m = SCHEME.exec(uri);
  if (m === null) return 0;
  const n = uri.length;
  for (let k = 0; k < n; k++) {
    const c = uri[k] as string;
    if (!LEGAL.includes(c)) return k;
    if (c === '%' && !(HEX.includes(uri[k + 1] ?? 'x') && HEX.includes(uri[k + 2] ?? 'x'))) return k;
  }
  // every "%" now begins a pct-encoded triplet, so it stands for one character of any class
  const sub = (k: number) => UNRESERVED_SUB.includes(uri[k] ?? '?') || uri[k] === '%';
  const pchar = (k: number, extra: string) => sub(k) || (k < n && extra.includes(uri[k] as string));
  let p = m[0].length;
  let host: string | undefined;
  let pathStart = p;
  if (uri.startsWith('//', p)) {
    // authority = [ userinfo "@" ] host [ ":" port ]
    p += 2;
    let q = p;
    while (pchar(q, ':')) q++; // userinfo = *( unreserved / pct-encoded / sub-delims / ":" )
    if (uri[q] === '@') p = q + 1;
    const hostStart = p;
    if (uri[p] === '[') {
      // IP-literal = "[" ( IPv6address / IPvFuture ) "]": their characters, no pct-encoding
      q = p + 1;
      while (q < n && (UNRESERVED_SUB.includes(uri[q] as string) || uri[q] === ':')) q++;
      if (uri[q] === ']') p = q + 1;
    } else while (sub(p)) p++; // reg-name
    host = uri.slice(hostStart, p);
    if (uri[p] === ':') {
      p++;
      while (p < n && '0123456789'.includes(uri[p] as string)) p++; // port = *DIGIT
    }
    pathStart = p;
    // path-abempty = *( "/" segment )
    while (uri[p] === '/') {
      p++;
      while (pchar(p, ':@')) p++;
    }
  } else while (pchar(p, ':@/')) p++; // path-absolute / path-rootless / path-empty
  const path = uri.slice(pathStart, p);
  if (uri[p] === '?') {
    p++;
    while (pchar(p, ':@/?')) p++; // query
  }
  if (uri[p] === '#') {
    p++;
    while (pchar(p, ':@/?')) p++; // fragment
  }
  if (p < n) return p;
  const scheme = m[0].slice(0, -1).toLowerCase();
  return host === undefined ? { scheme, path } : { scheme, host, path };
}

/** Percent-decodes UTF-8 (RFC 3986 §2.1); undefined when the octets are not UTF-8. */
export function percentDecode(s: string): string | undefined {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

// RFC 5322 §3.2.3: atext; §3.2.4 qtext / quoted-pair; §3.4.1 dtext
const ATEXT = "!#$%&'*+/=?^_`{|}~-";
const QUOTED = /^"(?:[ !#-[\]-~]|\\[ -~])*"$/;
const LITERAL = /^\[[!-Z^-~]*\]$/;
/** `1*atext *("." 1*atext)`, scanned without allocation. */
function isDotAtom(s: string): boolean {
  let prevDot = true;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x2e) {
      if (prevDot) return false;
      prevDot = true;
    } else if (
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c < 0x7f && ATEXT.includes(s[k] as string))
    ) {
      prevDot = false;
    } else return false;
  }
  return !prevDot;
}

/**
 * Whether `s` is an RFC 5322 §3.4.1 `addr-spec`: `local-part "@" domain`, without CFWS.
 * local-part = dot-atom / quoted-string; domain = dot-atom / domain-literal.
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-3.4.1
 */
export function isAddrSpec(s: string): boolean {
  const at = s.lastIndexOf('@');
  if (at <= 0 || s.length > 320) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  return (isDotAtom(local) || QUOTED.test(local)) && (isDotAtom(domain) || LITERAL.test(domain));
}
