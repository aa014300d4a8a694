/**
 * A small RFC 3986 URI checker and an RFC 5322 addr-spec checker. The WHATWG `URL` class is not
 * used: it accepts what RFC 3986 does not and does not decode `mailto:` as RFC 6068 requires.
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

// RFC 3986 §2: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
//              sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
// pchar = unreserved / pct-encoded / sub-delims / ":" / "@"; query and fragment add "/" and "?".
const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const SUB_DELIMS = "!$&'()*+,;=";
const isUnreserved = (c: number): boolean => isAlpha(c) || isDigit(c) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e;
const isSubDelim = (c: number): boolean => SUB_DELIMS.includes(String.fromCharCode(c));
/** pchar minus pct-encoded, plus "/" and "?": every character allowed raw after the authority. */
const isUric = (c: number): boolean =>
  isUnreserved(c) || isSubDelim(c) || c === 0x3a || c === 0x40 || c === 0x2f || c === 0x3f;

/**
 * Checks `uri` against the RFC 3986 `URI` production (scheme required). Returns its parts, or
 * the offset of the first character that breaks the grammar.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3
 */
export function checkUri(uri: string): UriParts | number {
  const n = uri.length;
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
  if (n === 0 || !isAlpha(uri.charCodeAt(0))) return 0;
  let i = 1;
  for (; i < n; i++) {
    const c = uri.charCodeAt(i);
    if (!(isAlpha(c) || isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e)) break;
  }
  if (uri.charCodeAt(i) !== 0x3a) return i;
  const scheme = uri.slice(0, i).toLowerCase();
  i++;
  let host: string | undefined;
  if (uri.startsWith('//', i)) {
    // authority = [ userinfo "@" ] host [ ":" port ]; it ends at "/", "?", "#" or the end
    let end = i + 2;
    while (end < n && !'/?#'.includes(uri[end] as string)) end++;
    const auth = uri.slice(i + 2, end);
    const at = auth.lastIndexOf('@');
    const base = i + 2 + at + 1;
    const bad = checkChars(auth.slice(0, Math.max(at, 0)), i + 2, false);
    if (bad >= 0) return bad;
    let hostPort = auth.slice(at + 1);
    if (hostPort.startsWith('[')) {
      // IP-literal = "[" ( IPv6address / IPvFuture ) "]": checked loosely as hex, ":" and "."
      const close = hostPort.indexOf(']');
      if (close < 0) return base;
      for (let k = 1; k < close; k++) {
        const c = hostPort.charCodeAt(k);
        if (!(isHex(c) || c === 0x3a || c === 0x2e || c === 0x76 || c === 0x56)) return base + k;
      }
      host = hostPort.slice(0, close + 1);
      hostPort = hostPort.slice(close + 1);
      if (hostPort.length > 0 && hostPort.charCodeAt(0) !== 0x3a) return base + close + 1;
    } else {
      const colon = hostPort.indexOf(':');
      host = colon < 0 ? hostPort : hostPort.slice(0, colon);
      const bh = checkChars(host, base, false);
      if (bh >= 0) return bh;
      hostPort = colon < 0 ? '' : hostPort.slice(colon);
    }
    // port = *DIGIT
    for (let k = 1; k < hostPort.length; k++) {
      if (!isDigit(hostPort.charCodeAt(k))) return i + 2 + auth.length - hostPort.length + k;
    }
    i = end;
  }
  const hash = uri.indexOf('#', i);
  const bad = checkChars(hash < 0 ? uri.slice(i) : uri.slice(i, hash), i, true);
  if (bad >= 0) return bad;
  if (hash >= 0) {
    const bf = checkChars(uri.slice(hash + 1), hash + 1, true);
    if (bf >= 0) return bf;
  }
  const q = uri.indexOf('?', i);
  const pathEnd = q >= 0 && (hash < 0 || q < hash) ? q : hash >= 0 ? hash : n;
  const path = uri.slice(i, pathEnd);
  return host === undefined ? { scheme, path } : { scheme, host, path };
}

/** Offset of the first character outside the allowed set (pct-encoded checked), or -1. */
function checkChars(s: string, base: number, allowSlash: boolean): number {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x25) {
      if (!isHex(s.charCodeAt(k + 1)) || !isHex(s.charCodeAt(k + 2))) return base + k;
      k += 2;
    } else if (allowSlash ? !isUric(c) : !(isUnreserved(c) || isSubDelim(c) || c === 0x3a)) {
      return base + k;
    }
  }
  return -1;
}

/** Percent-decodes UTF-8 (RFC 3986 §2.1); undefined when the octets are not UTF-8. */
export function percentDecode(s: string): string | undefined {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x25 && isHex(s.charCodeAt(k + 1)) && isHex(s.charCodeAt(k + 2))) {
      bytes.push(Number.parseInt(s.slice(k + 1, k + 3), 16));
      k += 2;
    } else if (c < 0x80) bytes.push(c);
    else return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

// RFC 5322 §3.2.3: atext = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
//                          "-" / "/" / "=" / "?" / "^" / "_" / "`" / "{" / "|" / "}" / "~"
const ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";
const isAtext = (c: number): boolean =>
  isAlpha(c) || isDigit(c) || (c < 0x80 && ATEXT_SPECIALS.includes(String.fromCharCode(c)));

/** Whether `s` is `1*atext *("." 1*atext)` (RFC 5322 §3.2.3 dot-atom-text). */
function isDotAtom(s: string): boolean {
  if (s.length === 0) return false;
  let prevDot = true;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x2e) {
      if (prevDot) return false;
      prevDot = true;
    } else if (isAtext(c)) prevDot = false;
    else return false;
  }
  return !prevDot;
}

/**
 * Whether `s` is an RFC 5322 §3.4.1 `addr-spec`: `local-part "@" domain`, without CFWS.
 * local-part = dot-atom / quoted-string; domain = dot-atom / domain-literal.
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-3.4.1
 */
export function isAddrSpec(s: string): boolean {
  if (s.length > 320) return false;
  const at = s.lastIndexOf('@');
  if (at <= 0) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  let localOk: boolean;
  if (local.charCodeAt(0) === 0x22) {
    // quoted-string = DQUOTE *(qtext / quoted-pair) DQUOTE; qtext = %d33 / %d35-91 / %d93-126
    localOk = local.length >= 2 && local.charCodeAt(local.length - 1) === 0x22;
    for (let k = 1; localOk && k < local.length - 1; k++) {
      const c = local.charCodeAt(k);
      if (c === 0x5c) {
        const e = local.charCodeAt(++k);
        if (!(e >= 0x20 && e <= 0x7e) || k >= local.length - 1) localOk = false;
      } else if (!(c === 0x20 || c === 0x21 || (c >= 0x23 && c <= 0x7e))) localOk = false;
    }
  } else localOk = isDotAtom(local);
  if (!localOk) return false;
  if (domain.startsWith('[')) {
    // domain-literal = "[" *dtext "]"; dtext = %d33-90 / %d94-126
    if (!domain.endsWith(']')) return false;
    for (let k = 1; k < domain.length - 1; k++) {
      const c = domain.charCodeAt(k);
      if (!((c >= 33 && c <= 90) || (c >= 94 && c <= 126))) return false;
    }
    return true;
  }
  return isDotAtom(domain);
}
