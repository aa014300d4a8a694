/**
 * The issue catalogue of `@mailtls/dane`: every code its parsers, usability filter and verifier
 * can return.
 * @module
 */
import type { Catalogue } from '@mailtls/core';

/** Every code `@mailtls/dane` can return. Stable API: codes are added, never renamed or reused. */
/** Codes of the record layer: syntax, usability, generation and the DANE-EE verdicts. */
export type TlsaIssueCode =
  | 'tlsa-too-long'
  | 'tlsa-syntax'
  | 'tlsa-zone-syntax'
  | 'tlsa-owner-invalid'
  | 'tlsa-missing-field'
  | 'tlsa-field-syntax'
  | 'tlsa-field-range'
  | 'tlsa-mnemonic'
  | 'tlsa-data-missing'
  | 'tlsa-hex-invalid'
  | 'tlsa-hex-odd'
  | 'tlsa-generic-length'
  | 'tlsa-rdata-short'
  | 'tlsa-usage-unusable'
  | 'tlsa-selector-unusable'
  | 'tlsa-mtype-unusable'
  | 'tlsa-digest-length'
  | 'tlsa-full-malformed'
  | 'tlsa-data-empty'
  | 'malformed-certificate'
  | 'rollover-single-record'
  | 'no-usable-records'
  | 'no-match';

/** Codes only the path validator (DANE-TA, PKIX) returns. */
export type PathIssueCode =
  | 'chain-too-long'
  | 'name-mismatch'
  | 'certificate-expired'
  | 'certificate-not-yet-valid'
  | 'path-length-exceeded'
  | 'invalid-ca'
  | 'unsuitable-purpose'
  | 'unhandled-critical-extension'
  | 'name-constraints'
  | 'untrusted'
  | 'bad-signature'
  | 'unsupported-algorithm'
  | 'trust-anchor-expired';

/** Every code `@mailtls/dane` can return. Stable API: codes are added, never renamed or reused. */
export type DaneIssueCode = TlsaIssueCode | PathIssueCode;

/** The record-layer codes that only certificate input (record generation) can raise. */
type CreateIssueCode = 'malformed-certificate' | 'rollover-single-record';
/** The codes of the parser, the usability filter and DANE-EE matching. */
export type RecordIssueCode = Exclude<TlsaIssueCode, CreateIssueCode>;

/**
 * Refs and messages for the parser, usability and DANE-EE codes. Kept apart from
 * {@link createIssues} and {@link pathIssues} so that the "3 x x" bundle (parseTlsaRecord +
 * matchDaneEe) carries only the messages it can return: an object literal is never tree-shaken
 * key by key.
 */
export const tlsaIssues: Catalogue<RecordIssueCode> = {
  'tlsa-too-long': { ref: 'RFC 1035 §3.2.1', message: 'TLSA record is longer than 65535 octets of RDATA' },
  'tlsa-syntax': { ref: 'RFC 1035 §5.1', message: 'Not a TLSA record' },
  'tlsa-zone-syntax': {
    ref: 'RFC 1035 §5.1',
    message: 'Master-file syntax (parentheses, comments, line breaks) inside TLSA RDATA',
  },
  'tlsa-owner-invalid': { ref: 'RFC 6698 §3', message: 'Invalid TLSA owner name' },
  'tlsa-missing-field': {
    ref: 'RFC 6698 §2.2',
    message: 'TLSA record needs usage, selector and matching type',
  },
  'tlsa-field-syntax': { ref: 'RFC 6698 §2.2', message: 'Field must be an unsigned decimal integer' },
  'tlsa-field-range': { ref: 'RFC 6698 §2.2', message: 'Field must be an 8-bit unsigned integer (0..255)' },
  'tlsa-mnemonic': { ref: 'RFC 7218 §2', message: 'RFC 7218 mnemonic instead of a number' },
  'tlsa-data-missing': { ref: 'RFC 6698 §2.2', message: 'Certificate association data is missing' },
  'tlsa-hex-invalid': { ref: 'RFC 6698 §2.2', message: 'Certificate association data is not hexadecimal' },
  'tlsa-hex-odd': { ref: 'RFC 6698 §2.2', message: 'Odd number of hexadecimal digits' },
  'tlsa-generic-length': { ref: 'RFC 3597 §5', message: 'RFC 3597 length does not match the data' },
  'tlsa-rdata-short': { ref: 'RFC 6698 §2.1', message: 'TLSA RDATA is shorter than 3 octets' },
  'tlsa-usage-unusable': { ref: 'RFC 7672 §3.1.3', message: 'Certificate usage is not usable' },
  'tlsa-selector-unusable': { ref: 'RFC 6698 §2.1.2', message: 'Selector is not usable' },
  'tlsa-mtype-unusable': { ref: 'RFC 6698 §2.1.3', message: 'Matching type is not usable' },
  'tlsa-digest-length': { ref: 'RFC 7671 §9', message: 'Digest has the wrong length' },
  'tlsa-full-malformed': {
    ref: 'RFC 6698 §2.1.4',
    message: 'Full(0) data is not exactly one DER certificate or SubjectPublicKeyInfo',
  },
  'tlsa-data-empty': { ref: 'RFC 6698 §2.1.4', message: 'Certificate association data is empty' },
  'no-usable-records': { ref: 'RFC 7672 §2.2', message: 'No usable TLSA records' },
  'no-match': { ref: 'RFC 6698 §2.1', message: 'No usable TLSA record matches the certificate chain' },
};

/** Refs and messages for the codes of `createTlsaRecord` and `recommendTlsaRecords`. */
export const createIssues: Catalogue<CreateIssueCode> = {
  'malformed-certificate': { ref: 'RFC 5280 §4.1', message: 'Not a DER X.509 certificate' },
  'rollover-single-record': {
    ref: 'RFC 7671 §8.1',
    message: 'Only one TLSA record: publish a second one (next key, or the issuer) to survive rollovers',
  },
};

/** Refs and messages for {@link PathIssueCode}. */
export const pathIssues: Catalogue<PathIssueCode> = {
  'chain-too-long': { ref: 'RFC 8446 §4.4.2', message: 'Certificate chain is too long or too large' },
  'name-mismatch': {
    ref: 'RFC 7671 §5.2',
    message: 'Certificate names do not match any reference identifier',
  },
  'certificate-expired': { ref: 'RFC 5280 §6.1.3', message: 'Certificate has expired' },
  'certificate-not-yet-valid': { ref: 'RFC 5280 §6.1.3', message: 'Certificate is not yet valid' },
  'path-length-exceeded': { ref: 'RFC 5280 §4.2.1.9', message: 'Path length constraint exceeded' },
  'invalid-ca': { ref: 'RFC 5280 §4.2.1.9', message: 'Issuing certificate is not a CA' },
  'unsuitable-purpose': {
    ref: 'RFC 5280 §4.2.1.12',
    message: 'Certificate usage does not allow TLS server authentication',
  },
  'unhandled-critical-extension': { ref: 'RFC 5280 §4.2', message: 'Unknown critical extension' },
  'name-constraints': { ref: 'RFC 5280 §4.2.1.10', message: 'Name constraints violated' },
  untrusted: { ref: 'RFC 5280 §6.1', message: 'No certification path to a trust anchor' },
  'bad-signature': { ref: 'RFC 5280 §6.1.3', message: 'Certificate signature does not verify' },
  'unsupported-algorithm': {
    ref: 'RFC 5280 §4.1.1.2',
    message: 'Signature or key algorithm is not supported',
  },
  // info, whatever `taValidity` made of it (spec §6.4): OpenSSL, Postfix and the RFC 5280 reading
  // accept an expired intermediate anchor, danecheck and `taValidity: 'check'` do not
  'trust-anchor-expired': { ref: 'RFC 5280 §4.1.2.5', message: 'Trust-anchor certificate has expired' },
};

const merge = <A extends object, B extends object, C extends object>(a: A, b: B, c: C): A & B & C => ({
  ...a,
  ...b,
  ...c,
});

/** Refs and messages for every {@link DaneIssueCode}; the compiler demands one entry per code. */
export const daneIssues: Catalogue<DaneIssueCode> = /* @__PURE__ */ merge(
  tlsaIssues,
  createIssues,
  pathIssues,
);
