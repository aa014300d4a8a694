/**
 * A small RFC 3986 URI checker and an RFC 5322 addr-spec checker: `charCodeAt` scanners with
 * bit-set character classes, no slicing until the parts are known, kept compact for the record
 * parser's 2 KB budget. The WHATWG `URL` class is not used: it accepts what RFC 3986 does not
 * and does not decode `mailto:` as RFC 6068 requires.
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

/**
 * Whether `c` is in an ASCII set given as four 32-bit masks, one per 32 code points (bit
 * `c & 31` of mask `c >> 5`); nothing past 0x7F is.
 */
const inSet = (c: number, masks: readonly number[]): boolean =>
  c < 0x80 && (((masks[c >> 5] as number) >>> (c & 31)) & 1) === 1;
// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
const SCHEME_CHARS = [0, 0x3ff6800, 0x7fffffe, 0x7fffffe];
// RFC 3986 §2: unreserved / sub-delims / ":" "/", the URI characters legal anywhere, except
// "!" "," ";", which end a URI in a TLSRPT record, so that a run never reads past the URI's end
// (the scan stays linear over a whole record). The other URI characters ("!" "," ";" "%" "#"
// "?" "[" "]" "@") are looked at one by one; anything else (SP DQUOTE "<" ">" "\" "^" "`" "{"
// "|" "}", controls, non-ASCII) is not in a URI. Sticky: matches at lastIndex only.
const PLAIN_RUN = /[$&-+\--:=A-Z_a-z~]*/y;
const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
const isBracket = (c: number): boolean => c === 0x5b || c === 0x5d;

/**
 * Where {@link scanUri} found the parts of the last URI it accepted: the scheme is
 * `[from, uriParts.schemeEnd)`, the host `[hostStart, hostEnd)` (hostStart < 0: no authority), the
 * path `[pathStart, pathEnd)`. Plain numbers in one reused object, so that the record parser's hot
 * path allocates nothing to look at a URI; read them right after the call.
 */
export const uriParts = {
  schemeEnd: 0,
  hostStart: -1,
  hostEnd: -1,
  pathStart: 0,
  pathEnd: 0,
  lastAt: -1,
  pct: -1,
};

/**
 * Checks `uri[from, to)` against the RFC 3986 `URI` production (scheme required). Returns -1
 * and fills {@link uriParts} (offsets in `uri`), or returns the offset, from `from`, of the first
 * character that breaks the grammar. A range rather than a slice: the record parser scans URIs in
 * place in the flat record string, which is also faster to read than a sliced string. Checks
 * run in a fixed order (an illegal character, then a bad `%` escape, a second `#`, the authority,
 * a stray bracket) and each reports its first offending offset.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3
 */
export function scanUri(uri: string, from: number, n: number): number {
  let i = from + 1;
  if (n === from || (uri.charCodeAt(from) | 0x20) < 0x61 || (uri.charCodeAt(from) | 0x20) > 0x7a) return 0;
  while (i < n && inSet(uri.charCodeAt(i), SCHEME_CHARS)) i++;
  if (i >= n || uri.charCodeAt(i) !== 0x3a) return 0;
  const rest = i + 1; // after "scheme:"
  let pct = -1;
  let badPct = -1;
  let firstAt = -1;
  let lastAt = -1;
  let hash = -1;
  let hash2 = -1;
  let query = -1;
  let brackets = false;
  for (let k = rest; k < n; k++) {
    // skip a run of plain characters natively (three times faster than a charCodeAt loop)
    PLAIN_RUN.lastIndex = k;
    PLAIN_RUN.test(uri);
    k = PLAIN_RUN.lastIndex;
    if (k >= n) break;
    const c = uri.charCodeAt(k);
    if (c === 0x21 || c === 0x2c || c === 0x3b) continue;
    if (c === 0x25) {
      if (pct < 0) pct = k;
      if (badPct < 0 && !(k + 2 < n && isHex(uri.charCodeAt(k + 1)) && isHex(uri.charCodeAt(k + 2))))
        badPct = k;
    } else if (c === 0x40) {
      if (firstAt < 0) firstAt = k;
      lastAt = k;
    } else if (c === 0x23) {
      if (hash < 0) hash = k;
      else if (hash2 < 0) hash2 = k;
    } else if (c === 0x3f) {
      if (query < 0) query = k;
    } else if (isBracket(c)) brackets = true;
    else return k - from;
  }
  if (badPct >= 0) return badPct - from;
  if (hash2 >= 0) return hash2 - from;
  // the path ends at the first "?" or "#"; neither can occur in the scheme or the authority
  const end = query < 0 ? (hash < 0 ? n : hash) : hash < 0 ? query : Math.min(query, hash);
  let hp = -1;
  let hostEnd = -1;
  let after = rest;
  if (rest + 2 <= n && uri.charCodeAt(rest) === 0x2f && uri.charCodeAt(rest + 1) === 0x2f) {
    // authority = [ userinfo "@" ] host [ ":" port ], ending at "/", "?", "#" or the end
    const auth = rest + 2;
    after = uri.indexOf('/', auth);
    if (after < 0 || after > end) after = end;
    const at = firstAt < 0 || firstAt >= after ? -1 : uri.lastIndexOf('@', after - 1);
    hp = at >= auth ? at + 1 : auth;
    // an IP-literal host: "[" … "]"; without its "]" it is a stray bracket
    const closeAt = uri.charCodeAt(hp) === 0x5b ? uri.indexOf(']', hp) : -1;
    const close = closeAt >= 0 && closeAt < after ? closeAt + 1 : hp;
    let colon = uri.indexOf(':', close);
    if (colon >= after) colon = -1;
    hostEnd = colon < 0 ? after : colon;
    for (let k = colon + 1; colon >= 0 && k < after; k++) {
      const c = uri.charCodeAt(k);
      if (c < 0x30 || c > 0x39) return auth - from; // port = *DIGIT
    }
    if (brackets) {
      for (let k = hp; k < hostEnd; k++) {
        // brackets only as the first and last characters of an IP-literal
        if (isBracket(uri.charCodeAt(k)) && (close === hp || (k !== hp && k !== hostEnd - 1)))
          return auth - from;
      }
    }
  }
  if (brackets) {
    for (let k = after; k < n; k++) if (isBracket(uri.charCodeAt(k))) return k - from;
  }
  uriParts.schemeEnd = i;
  uriParts.hostStart = hp;
  uriParts.hostEnd = hostEnd;
  uriParts.pathStart = after;
  uriParts.pathEnd = end;
  uriParts.lastAt = lastAt;
  uriParts.pct = pct;
  return -1;
}

/**
 * {@link scanUri} with the parts as strings: the parts, or the offset of the first character
 * that breaks the grammar.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3
 */
export function checkUri(uri: string): UriParts | number {
  const bad = scanUri(uri, 0, uri.length);
  if (bad >= 0) return bad;
  const { schemeEnd, hostStart, hostEnd, pathStart, pathEnd } = uriParts;
  const scheme = uri.slice(0, schemeEnd).toLowerCase();
  const path = uri.slice(pathStart, pathEnd);
  return hostStart < 0 ? { scheme, path } : { scheme, host: uri.slice(hostStart, hostEnd), path };
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

// RFC 5322 §3.2.4 qtext / quoted-pair; §3.4.1 dtext
const QUOTED = /^"(?:[ !#-[\]-~]|\\[ -~])*"$/;
const LITERAL = /^\[[!-Z^-~]*\]$/;

// RFC 5322 §3.2.3 atext: ALPHA / DIGIT / "!" "#" "$" "%" "&" "'" "*" "+" "-" "/" "=" "?" "^" "_"
// "`" "{" "|" "}" "~", as a sticky run
const ATEXT_RUN = /[!#-'*+\-/-9=?A-Z^-~]*/y;

/** `1*atext *("." 1*atext)` (RFC 5322 §3.2.3) over `s[from, to)`, without allocation. */
function isDotAtom(s: string, from: number, to: number): boolean {
  for (let k = from; ; k++) {
    ATEXT_RUN.lastIndex = k;
    ATEXT_RUN.test(s);
    const end = Math.min(ATEXT_RUN.lastIndex, to);
    if (end === k) return false; // an empty atom
    if (end === to) return true;
    if (s.charCodeAt(end) !== 0x2e) return false;
    k = end;
  }
}

/**
 * Whether `s[from, to)` (default: all of `s`) is an RFC 5322 §3.4.1 `addr-spec`; `at`, when
 * the caller knows it, is the last "@" in the range.: `local-part "@" domain`, without CFWS.
 * local-part = dot-atom / quoted-string; domain = dot-atom / domain-literal.
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-3.4.1
 */
export function isAddrSpec(s: string, from = 0, to = s.length, at = s.lastIndexOf('@', to - 1)): boolean {
  if (at <= from || to - from > 320) return false;
  return (
    (isDotAtom(s, from, at) || QUOTED.test(s.slice(from, at))) &&
    (isDotAtom(s, at + 1, to) || LITERAL.test(s.slice(at + 1, to)))
  );
}
