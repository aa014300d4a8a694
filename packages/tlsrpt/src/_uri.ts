/**
 * A small RFC 3986 URI checker and an RFC 5322 addr-spec checker, kept compact for the record
 * parser's size budget: a few regexes over token classes, each linear (the unanchored one looks
 * for one character; the anchored ones quantify character classes that the next token cannot
 * continue, and the quoted-string's `(qtext / quoted-pair)*`, whose two branches start with
 * different characters; the URI structure has no end anchor, so only its optional userinfo can
 * give back a run, once; each lookahead sits at one fixed position). The record parser's hot path
 * does not come here for the usual `mailto:`/`https:` destinations (see `PLAIN_RUA` in
 * record.ts). The WHATWG `URL` class is not used: it accepts what RFC 3986 does not and does not
 * decode `mailto:` as RFC 6068 requires. (`\w` is [A-Za-z0-9_]: ASCII without the u flag.)
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

// RFC 3986 §3, in two steps. First §2: every character must be unreserved, sub-delims, a
// gen-delim (":" "/" "?" "#" "[" "]" "@") or "%" beginning pct-encoded (§2.1):
//   unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
//   sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
const BAD_CHAR = /[^\w\-.~!$&'()*+,;=:@/?#%[\]]|%(?![\dA-Fa-f]{2})/;
// Then the structure, over characters that are all legal, so only the delimiters matter. The
// regex matches the longest prefix the grammar can extend as it reads: a URI is valid iff the
// match is whole, and otherwise the match ends where the structure broke.
//   URI          = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
//   scheme       = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
//   hier-part    = "//" authority path-abempty / path-absolute / path-rootless / path-empty
//   authority    = [ userinfo "@" ] host [ ":" port ]   ; userinfo: no "/" "?" "#" "@" "[" "]"
//   host         = IP-literal / IPv4address / reg-name  ; IP-literal = "[" … "]", no "%" inside
//   reg-name     = *( unreserved / pct-encoded / sub-delims )
//   port         = *DIGIT
//   path-abempty = *( "/" segment )                     ; segments: no "?" "#" "[" "]"
//   query        = fragment = *( pchar / "/" / "?" )    ; no "#" "[" "]"
// Groups: 1 scheme, 2 host (absent without "//"), 3 path after an authority, 4 path without one.
// Linear: the one optional group that can fail after a run (userinfo, which needs its "@")
// gives its run back once; everything else is a run of a class followed by a different
// character.
const URI =
  /^([A-Za-z][A-Za-z\d+.-]*):(?:\/\/(?:[^/?#@[\]]*@)?(\[[^/?#@[\]%]*\]|[^:/?#@[\]]*)(?::\d*)?((?:\/[^?#[\]]*)?)|([^?#[\]]*))(?:\?[^#[\]]*)?(?:#[^#[\]]*)?/;

/**
 * Checks `uri` against the RFC 3986 `URI` production (scheme required). Returns its parts, or
 * an offset: 0 without a scheme, else the first character no URI may hold (or a `%` not
 * followed by two hex digits), else where the structure breaks (a second `#`, a bracket outside
 * an IP-literal host, a non-digit port, an `@` in the host…).
 * @example checkUri('https://r.example/v1') // { scheme: 'https', host: 'r.example', path: '/v1' }
 * @example checkUri('https://r.example:44a/') // 17, the "a"
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3
 */
export function checkUri(uri: string): UriParts | number {
  const m = URI.exec(uri);
  if (m === null) return 0;
  let bad = uri.search(BAD_CHAR);
  if (bad < 0 && m[0].length < uri.length) bad = m[0].length;
  if (bad >= 0) return bad;
  const [, name, host, path = m[4] as string] = m as unknown as [string, string, string?, string?];
  const scheme = name.toLowerCase();
  return host === undefined ? { scheme, path } : { scheme, host, path };
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
