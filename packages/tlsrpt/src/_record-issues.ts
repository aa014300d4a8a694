/**
 * The record slice of the TLSRPT catalogue, kept apart so that `parseTlsrptRecord` alone bundles
 * only the messages it can return.
 * @module
 */
import type { Catalogue } from '@mailtls/core';

/** Codes of the `_smtp._tls` TXT record parser (RFC 8460 §3). */
export type TlsrptRecordParseIssueCode =
  | 'not-tlsrpt'
  | 'record-too-long'
  | 'record-non-ascii'
  | 'record-quoted'
  | 'record-leading-wsp'
  | 'record-trailing-wsp'
  | 'record-case'
  | 'record-spaced-equals'
  | 'record-empty-field'
  | 'record-field-invalid'
  | 'record-duplicate-version'
  | 'extension-unknown'
  | 'rua-missing'
  | 'rua-empty'
  | 'rua-invalid'
  | 'rua-mailto-invalid'
  | 'rua-https-no-host'
  | 'rua-unencoded-char'
  | 'rua-size-suffix'
  | 'rua-unsupported-scheme'
  | 'rua-none-usable'
  | 'rua-duplicate'
  | 'rua-repeated';

/** Codes of the `_smtp._tls` TXT record parser and RRset selection (RFC 8460 §3). */
export type TlsrptRecordIssueCode =
  | TlsrptRecordParseIssueCode
  | 'record-none'
  | 'record-multiple'
  | 'record-syntax'
  | 'record-version-wsp';

export const R3 = 'RFC 8460 §3';

/**
 * The record parser's issues, one `code|severity|message[|ref]` line each (ref: RFC 8460 §3
 * unless given). An empty severity marks a known deviation: an error under `{ strict: true }`, a
 * warning otherwise; codes only lenient mode can raise are marked so too, and are then always
 * warnings. `parseTlsrptRecord`
 * names an issue by its index here, a literal that minifies to one or two characters; this array
 * is most of what it bundles besides the scanner, so it stays one compact literal. Append only:
 * the indices are used in record.ts.
 */
export const RECORD_ISSUES: readonly `${TlsrptRecordParseIssueCode}|${string}`[] = [
  'not-tlsrpt|error|Not a TLSRPT record (must begin "v=TLSRPTv1;")', // 0
  'record-too-long|error|Record over 8192 characters|mailtls limits', // 1
  'record-non-ascii|error|Non-ASCII character', // 2
  'record-quoted||Surrounding quotes stripped', // 3 (lenient only)
  'record-leading-wsp||Leading white space', // 4 (lenient only)
  'record-trailing-wsp||Trailing white space without a final ";"', // 5
  'record-case||Wrong case', // 6 (lenient only)
  'record-spaced-equals||White space around "="', // 7
  'record-empty-field||Empty field', // 8
  'record-field-invalid||Invalid field', // 9
  'record-duplicate-version|warning|Second "v" ignored', // 10
  'extension-unknown|info|Unknown field ignored', // 11
  'rua-missing|error|No "rua" field', // 12
  'rua-empty|error|No valid rua URI', // 13
  'rua-invalid||Invalid URI|RFC 3986 §3', // 14
  'rua-mailto-invalid||Invalid mailto address|RFC 6068 §2', // 15
  'rua-https-no-host||No host in https URI', // 16
  'rua-unencoded-char||Unencoded "!"', // 17
  'rua-size-suffix||DMARC size suffix stripped', // 18 (lenient only)
  'rua-unsupported-scheme|warning|Unsupported scheme', // 19
  'rua-none-usable|warning|No usable rua URI', // 20
  'rua-duplicate|info|Duplicate URI ignored', // 21
  'rua-repeated|info|Repeated "rua" merged', // 22
];

/** Refs and messages for {@link TlsrptRecordParseIssueCode}, from {@link RECORD_ISSUES}. */
export const tlsrptRecordParseIssues: Catalogue<TlsrptRecordParseIssueCode> = /* @__PURE__ */ (() => {
  const out: Record<string, { ref: string; message: string }> = {};
  for (const line of RECORD_ISSUES) {
    const [code, , message, ref = R3] = line.split('|') as [string, string, string, string?];
    out[code] = { ref, message };
  }
  return out as Catalogue<TlsrptRecordParseIssueCode>;
})();

/** Refs and messages for the RRset selection codes of {@link TlsrptRecordIssueCode}. */
export const tlsrptRecordSelectIssues: Catalogue<Exclude<TlsrptRecordIssueCode, TlsrptRecordParseIssueCode>> =
  {
    'record-none': { ref: R3, message: 'No TXT record begins "v=TLSRPTv1;"' },
    'record-multiple': { ref: R3, message: 'More than one TLSRPT record' },
    'record-syntax': { ref: R3, message: 'Malformed TLSRPT record' },
    'record-version-wsp': { ref: R3, message: 'Discarded: white space before the first ";"' },
  };
