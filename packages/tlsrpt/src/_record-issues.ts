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
  'not-tlsrpt': { ref: R3, message: 'Not a TLSRPT record: it must begin with "v=TLSRPTv1;"' },
  'record-too-long': { ref: 'mailtls limits', message: 'Record is longer than 8192 characters' },
  'record-non-ascii': { ref: R3, message: 'Record must be US-ASCII' },
  'record-quoted': { ref: R3, message: 'Record is wrapped in literal double quotes; stripped' },
  'record-leading-wsp': { ref: R3, message: 'Record begins with white space' },
  'record-trailing-wsp': { ref: R3, message: 'Record ends with white space but no final ";"' },
  'record-case': { ref: 'RFC 8460 §3, RFC 7405', message: '"v", "TLSRPTv1" and "rua" are case-sensitive' },
  'record-spaced-equals': { ref: R3, message: 'White space around "=" is not allowed' },
  'record-empty-field': { ref: R3, message: 'Empty field (";;")' },
  'record-field-invalid': { ref: R3, message: 'Field is not a valid tlsrpt-extension' },
  'record-duplicate-version': { ref: R3, message: 'Second "v=" field ignored' },
  'extension-unknown': { ref: R3, message: 'Unknown extension ignored' },
  'rua-missing': { ref: R3, message: 'Record has no "rua" field' },
  'rua-empty': { ref: R3, message: '"rua" holds no valid URI' },
  'rua-invalid': { ref: 'RFC 8460 §3, RFC 3986 §3', message: 'Not an RFC 3986 URI' },
  'rua-mailto-invalid': { ref: 'RFC 6068 §2, RFC 5322 §3.4.1', message: 'mailto URI does not hold one addr-spec' },
  'rua-https-no-host': { ref: 'RFC 8460 §3, RFC 9110 §4.2.2', message: 'https URI has no host' },
  'rua-unencoded-char': { ref: R3, message: '"!" in a rua URI must be percent-encoded as "%21"' },
  'rua-size-suffix': { ref: R3, message: 'DMARC-style size suffix is not part of TLSRPT; stripped' },
  'rua-unsupported-scheme': { ref: R3, message: 'Only mailto and https destinations are supported' },
  'rua-none-usable': { ref: R3, message: 'No rua destination uses a supported scheme' },
  'rua-duplicate': { ref: R3, message: 'Duplicate rua URI dropped' },
  'rua-repeated': { ref: R3, message: 'Several "rua" fields merged in order' },
  'record-none': { ref: R3, message: 'No TXT record begins with "v=TLSRPTv1;"' },
  'record-multiple': { ref: R3, message: 'More than one TLSRPT record: senders must assume none' },
  'record-syntax': { ref: R3, message: 'The TLSRPT record is malformed' },
  'record-version-wsp': {
    ref: R3,
    message: 'Record discarded: white space before the first ";" (publish "v=TLSRPTv1;" with no space)',
  },
};
