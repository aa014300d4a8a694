/**
 * `@mailtls/core`: the model every mailtls package shares. Results and issues, host names and
 * IDNA, wildcard and DNS-ID matching, and RFC 3339 dates. Three subpaths keep consumers who
 * need less from paying for more: `@mailtls/core/bytes` (hex, base64, PEM, strict UTF-8),
 * `@mailtls/core/json` (JSON with I-JSON checks) and `@mailtls/core/txt` (the tag-value TXT
 * tokenizer of the MTA-STS and TLSRPT records).
 * Runtime-agnostic: web-standard APIs only.
 * @module
 */
export {
  type DateTime,
  daysFromCivil,
  type FormatDateTimeOptions,
  formatDateTime,
  parseDateTime,
} from './datetime.ts';
export {
  asciiLower,
  type Hostname,
  type HostnameOptions,
  isIpv4Literal,
  isMatchableHost,
  labelToAscii,
  MAX_HOSTNAME_LENGTH,
  MAX_LABEL_LENGTH,
  matchesDnsId,
  matchesWildcard,
  normalizeHostname,
  validateHostname,
} from './hostname.ts';
export {
  type BytesIssueCode,
  type CoreIssueCode,
  type DateTimeIssueCode,
  datetimeIssues,
  type HostnameIssueCode,
  hostnameIssues,
  type InputIssueCode,
  type JsonIssueCode,
} from './issues.ts';
export {
  type Catalogue,
  err,
  fromIssues,
  type Issue,
  issue,
  type Location,
  locate,
  type NonEmpty,
  ok,
  ParseError,
  type ParseOptions,
  type PointerLocation,
  pointer,
  quote,
  type Result,
  type Severity,
  type TextLocation,
  unwrap,
} from './result.ts';
