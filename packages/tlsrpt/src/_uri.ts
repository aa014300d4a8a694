/**
 * A small RFC 3986 URI checker and an RFC 5322 addr-spec checker, kept compact for the record
 * parser's 2 KB budget: a few regexes over token classes, each linear (the unanchored ones look
 * for one character; the anchored ones quantify character classes, and the quoted-string's
 * `(qtext / quoted-pair)*`, whose two branches start with different characters; the URI split
 * has no end anchor, so it never backtracks; each lookahead sits at one fixed position). The record
 * parser's hot path does not come here for the usual `mailto:`/`https:` destinations (see
 * `PLAIN_RUA` in record.ts). The WHATWG `URL` class is not used: it accepts what RFC 3986 does not
 * and does not decode `mailto:` as RFC 6068 requires. (`\w` is [A-Za-z0-9_]: ASCII without the
 * u flag.)
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
//   scheme    = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
//   hier-part = "//" authority path-abempty / path-absolute / path-rootless / path-empty
// URI splits a URI into scheme, "//" authority (or nothing) and path, which ends at "?" or "#",
// and stops at the first "[" or "]" after the authority: only an IP-literal host may hold them.
// Every character must be unreserved, sub-delims, ":", "@", "/", "?", "#" (once), "[" "]" or a
// pct-encoded triplet (§2.1); the scheme's are all among them.
const URI = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/[^/?#]*|)([^?#[\]]*)[^[\]]*/;
const NOT_URI = /[^\w\-.~!$&'()*+,;=:@/?#%[\]]/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
// §3.2.2-3.2.3: host [ ":" port ], host = IP-literal / reg-name (no brackets), port = *DIGIT
const HOST_PORT = /^(\[[^[\]]*\]|[^[\]:]*)(?::[0-9]*|)$/;

/**
 * Checks `uri` against the RFC 3986 `URI` production (scheme required). Returns its parts, or
 * the offset of the first character that breaks the grammar. Checks run in a fixed order (the
 * scheme, an illegal character, a bad `%` escape, a second `#`, the authority, a stray bracket),
 * each reporting its first offending offset.
 * @example checkUri('https://r.example/v1') // { scheme: 'https', host: 'r.example', path: '/v1' }
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3
 */
export function checkUri(uri: string): UriParts | number {
  const m = URI.exec(uri);
  if (m === null) return 0;
  let bad = uri.search(NOT_URI);
  if (bad < 0) bad = uri.search(BAD_PERCENT);
  if (bad < 0) bad = uri.indexOf('#', uri.indexOf('#') + 1); // a second "#"
  if (bad >= 0) return bad;
  const [, name, auth, path] = m as unknown as [string, string, string, string];
  const scheme = name.toLowerCase();
  // authority = [ userinfo "@" ] host [ ":" port ]: the host follows the last "@", if any,
  // else the "//"
  const hostPort = auth && HOST_PORT.exec(auth.slice(auth.lastIndexOf('@') + 1 || 2));
  if (hostPort === null) return name.length + 3;
  // a "[" or "]" after the authority ends the match early
  if (m[0].length < uri.length) return m[0].length;
  return hostPort ? { scheme, host: hostPort[1] as string, path } : { scheme, path };
}

// RFC 5322 §3.2.3 dot-atom-text = 1*atext *("." 1*atext), as a run of atext and "." that neither
// begins nor ends with "." nor holds "..":
//   atext = ALPHA / DIGIT / "!" "#" "$" "%" "&" "'" "*" "+" "-" "/" "=" "?" "^" "_" "`" "{" "|" "}" "~"
// §3.2.4 quoted-string (qtext / quoted-pair), §3.4.1 domain-literal (dtext); no CFWS. One regex for
// `local-part "@" domain`, split at the last "@": no dot-atom holds "@", and the domain-literal's
// dtext here leaves it out (a domain after the last "@" has none), so the "@" matched is the last
// one. The local dot-atom's lookahead stops at that "@" (a "." before it is a trailing dot); the
// domain's runs to the end.
const ADDR_SPEC =
  /^(?:(?!\.|[^@]*\.[.@])[!#-'*+\--9=?A-Z^-~]+|"(?:[ !#-[\]-~]|\\[ -~])*")@(?:(?!\.|.*\.(?:\.|$))[!#-'*+\--9=?A-Z^-~]+|\[[!-?A-Z^-~]*\])$/;

/**
 * Whether `s` is an RFC 5322 §3.4.1 `addr-spec`: `local-part "@" domain`, without CFWS, split at
 * the last "@". local-part = dot-atom / quoted-string; domain = dot-atom / domain-literal.
 * @example isAddrSpec('tls.reports@example.com') // true
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-3.4.1
 */
export function isAddrSpec(s: string): boolean {
  return s.length <= 320 && ADDR_SPEC.test(s);
}
