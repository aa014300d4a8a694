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

const R3 = 'RFC 8460 §3';

/**
 * Builds a catalogue from `code|message[|ref]` lines (ref: RFC 8460 §3 unless given). One string
 * gzips to about two thirds of the equivalent object literal, and this table is a large part of
 * what `parseTlsrptRecord` alone bundles.
 */
const table = <C extends string>(lines: string): Catalogue<C> => {
  const out: Record<string, { ref: string; message: string }> = {};
  for (const line of lines.split('\n')) {
    const [code, message, ref = R3] = line.split('|') as [string, string, string?];
    out[code] = { ref, message };
  }
  return out as Catalogue<C>;
};

/** Refs and messages for {@link TlsrptRecordParseIssueCode}: all `parseTlsrptRecord` bundles. */
export const tlsrptRecordParseIssues: Catalogue<TlsrptRecordParseIssueCode> = /* @__PURE__ */ table(
  `not-tlsrpt|Not a TLSRPT record (must begin "v=TLSRPTv1;")
record-too-long|Record longer than 8192 characters|mailtls limits
record-non-ascii|Record must be US-ASCII
record-quoted|Surrounding quotes stripped
record-leading-wsp|Leading white space
record-trailing-wsp|Trailing white space without a final ";"
record-case|Case-sensitive token in the wrong case
record-spaced-equals|White space around "="
record-empty-field|Empty field
record-field-invalid|Malformed field
record-duplicate-version|Second "v=" ignored
extension-unknown|Unknown extension ignored
rua-missing|No "rua" field
rua-empty|No valid rua URI
rua-invalid|Not a URI|RFC 3986 §3
rua-mailto-invalid|The mailto URI holds no single address|RFC 6068 §2
rua-https-no-host|The https URI has no host
rua-unencoded-char|Unencoded "!" in a rua URI
rua-size-suffix|DMARC size suffix stripped
rua-unsupported-scheme|Scheme is neither mailto nor https
rua-none-usable|No usable rua destination
rua-duplicate|Duplicate rua URI dropped
rua-repeated|Repeated "rua" fields merged`,
);

/** Refs and messages for the RRset selection codes of {@link TlsrptRecordIssueCode}. */
export const tlsrptRecordSelectIssues: Catalogue<Exclude<TlsrptRecordIssueCode, TlsrptRecordParseIssueCode>> =
  {
    'record-none': { ref: R3, message: 'No TXT record begins "v=TLSRPTv1;"' },
    'record-multiple': { ref: R3, message: 'More than one TLSRPT record' },
    'record-syntax': { ref: R3, message: 'Malformed TLSRPT record' },
    'record-version-wsp': { ref: R3, message: 'Discarded: white space before the first ";"' },
  };
