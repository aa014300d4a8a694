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
// Every other character must be unreserved, sub-delims, ":", "@", "/", "?", "#" (once),
// "[" "]" (only around an IP-literal host) or a pct-encoded triplet.
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const URI_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?#%[\]]*$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const PORT = /^[0-9]*$/;

/**
 * Checks `uri` against the RFC 3986 `URI` production (scheme required). Returns its parts, or
 * the offset of the first character that breaks the grammar.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3
 */
export function checkUri(uri: string): UriParts | number {
  const m = SCHEME.exec(uri);
  if (m === null) return 0;
  const i = m[0].length;
  const rest = uri.slice(i);
  if (!URI_CHARS.test(rest)) return i + (rest.search(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#%[\]]/) >>> 0);
  const pct = rest.includes('%') ? rest.search(BAD_PERCENT) : -1;
  if (pct >= 0) return i + pct;
  const hash = rest.indexOf('#');
  if (hash >= 0 && rest.indexOf('#', hash + 1) >= 0) return i + rest.indexOf('#', hash + 1);
  let host: string | undefined;
  let after = rest;
  if (rest.startsWith('//')) {
    // authority = [ userinfo "@" ] host [ ":" port ], ending at "/", "?", "#" or the end
    const end = rest.slice(2).search(/[/?#]/);
    const auth = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
    after = rest.slice(2 + auth.length);
    const hostPort = auth.slice(auth.lastIndexOf('@') + 1);
    const close = hostPort.startsWith('[') ? hostPort.indexOf(']') + 1 : 0;
    const colon = hostPort.indexOf(':', close);
    host = colon < 0 ? hostPort : hostPort.slice(0, colon);
    if (
      (colon >= 0 && !PORT.test(hostPort.slice(colon + 1))) ||
      /[[\]]/.test(host.slice(1, -1)) ||
      (close === 0 && /[[\]]/.test(host))
    ) {
      return i + 2;
    }
  }
  const bracket = after.includes('[') || after.includes(']') ? after.search(/[[\]]/) : -1;
  if (bracket >= 0) return uri.length - after.length + bracket;
  const q = after.search(/[?#]/);
  const scheme = m[0].slice(0, -1).toLowerCase();
  const path = q < 0 ? after : after.slice(0, q);
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
