/**
 * The record slice of the TLSRPT catalogue, kept apart so that `parseTlsrptRecord` alone bundles
 * only the messages it can return.
 * @module
 */
import type { Catalogue } from '@mailtls/core';

/** Codes of the `_smtp._tls` TXT record parser and RRset selection (RFC 8460 §3). */
export type TlsrptRecordIssueCode =
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
  | 'rua-repeated'
  | 'record-none'
  | 'record-multiple'
  | 'record-syntax'
  | 'record-version-wsp';

const R3 = 'RFC 8460 §3';

/** Refs and messages for {@link TlsrptRecordIssueCode}. */
export const tlsrptRecordIssues: Catalogue<TlsrptRecordIssueCode> = {
  'not-tlsrpt': { ref: R3, message: 'Not a TLSRPT record (must begin "v=TLSRPTv1;")' },
  'record-too-long': { ref: 'mailtls limits', message: 'Record longer than 8192 characters' },
  'record-non-ascii': { ref: R3, message: 'Record must be US-ASCII' },
  'record-quoted': { ref: R3, message: 'Surrounding quotes stripped' },
  'record-leading-wsp': { ref: R3, message: 'Leading white space' },
  'record-trailing-wsp': { ref: R3, message: 'Trailing white space without a final ";"' },
  'record-case': { ref: R3, message: 'Case-sensitive token in the wrong case' },
  'record-spaced-equals': { ref: R3, message: 'White space around "="' },
  'record-empty-field': { ref: R3, message: 'Empty field' },
  'record-field-invalid': { ref: R3, message: 'Malformed field' },
  'record-duplicate-version': { ref: R3, message: 'Second "v=" ignored' },
  'extension-unknown': { ref: R3, message: 'Unknown extension ignored' },
  'rua-missing': { ref: R3, message: 'No "rua" field' },
  'rua-empty': { ref: R3, message: 'No valid rua URI' },
  'rua-invalid': { ref: 'RFC 3986 §3', message: 'Not a URI' },
  'rua-mailto-invalid': { ref: 'RFC 6068 §2', message: 'The mailto URI holds no single address' },
  'rua-https-no-host': { ref: R3, message: 'The https URI has no host' },
  'rua-unencoded-char': { ref: R3, message: 'Unencoded "!" in a rua URI' },
  'rua-size-suffix': { ref: R3, message: 'DMARC size suffix stripped' },
  'rua-unsupported-scheme': { ref: R3, message: 'Scheme is neither mailto nor https' },
  'rua-none-usable': { ref: R3, message: 'No usable rua destination' },
  'rua-duplicate': { ref: R3, message: 'Duplicate rua URI dropped' },
  'rua-repeated': { ref: R3, message: 'Repeated "rua" fields merged' },
  'record-none': { ref: R3, message: 'No TXT record begins "v=TLSRPTv1;"' },
  'record-multiple': { ref: R3, message: 'More than one TLSRPT record' },
  'record-syntax': { ref: R3, message: 'Malformed TLSRPT record' },
  'record-version-wsp': { ref: R3, message: 'Discarded: white space before the first ";"' },
};
