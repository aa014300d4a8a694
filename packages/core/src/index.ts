/**
 * `@mailtls/core`: the model every mailtls package shares. Results and issues, host names and
 * IDNA, wildcard and DNS-ID matching, RFC 3339 dates, bytes (hex, base64, PEM, UTF-8) and the TXT
 * tag tokenizer. The JSON parser with I-JSON checks is the `@mailtls/core/json` subpath.
 * Runtime-agnostic: web-standard APIs only.
 * @module
 */
export {
  base64ToBytes,
  type Base64Options,
  bytesToBase64,
  bytesToHex,
  decodeUtf8,
  derToPem,
  type HexOptions,
  hexToBytes,
  type PemBlock,
  pemToDer,
} from './bytes.ts';
export { type DateTime, daysFromCivil, type FormatDateTimeOptions, formatDateTime, parseDateTime } from './datetime.ts';
export {
  asciiLower,
  type Hostname,
  type HostnameOptions,
  isIpv4Literal,
  labelToAscii,
  MAX_HOSTNAME_LENGTH,
  MAX_LABEL_LENGTH,
  matchesDnsId,
  matchesWildcard,
  normalizeHostname,
  validateHostname,
} from './hostname.ts';
export { type CoreIssueCode, coreIssues } from './issues.ts';
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
  type ParseOptions,
  ParseError,
  type PointerLocation,
  pointer,
  quote,
  type Result,
  type Severity,
  type TextLocation,
  unwrap,
} from './result.ts';
export { isTxtExtName, isTxtExtValue, joinTxt, type TxtField, type TxtTokens, tokenizeTxt } from './txt.ts';
