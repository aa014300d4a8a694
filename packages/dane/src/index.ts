/**
 * `@mailtls/dane`: TLSA records and DANE verification (RFC 6698, RFC 7218, RFC 7671, RFC 7672).
 * Parse and format TLSA records (presentation, RFC 3597 generic form, wire RDATA), decide which
 * are usable, generate records from certificates, verify a server's chain (every usage,
 * selector and matching type, digest agility, OpenSSL's match depth), take the sender's
 * DNSSEC decision and produce the TLSRPT policy.
 *
 * The "3 x x" path (`parseTlsaRecord`, `createTlsaRecord`, `matchDaneEe`) is a DER walker and
 * synchronous SHA-2: no X.509 object model, no WebCrypto. `verifyDane` adds the path validator
 * (WebCrypto signatures), and loads pkijs lazily, only for signature algorithms WebCrypto cannot
 * take directly (RSASSA-PSS). In Node, `@mailtls/dane/node` adds a synchronous node:crypto
 * signature verifier for `verifyDane`, with the same verdicts.
 * @module
 */
export { createTlsaRecord, recommendTlsaRecords, type TlsaParameters } from './create.ts';
export {
  type DaneDecision,
  type DaneTlsrptInput,
  type DaneTlsrptPolicy,
  type DaneTlsrptResultType,
  type DnssecStatus,
  evaluateTlsaRrset,
  type TlsaRrsetEvaluation,
  type TlsaRrsetInput,
  toTlsrptPolicy,
} from './decision.ts';
export { isCertificate, isSubjectPublicKeyInfo, spkiOfCertificate } from './der.ts';
export { type DaneIssueCode, daneIssues } from './issues.ts';
export {
  associationData,
  type DaneEeInput,
  type DaneEeMatch,
  matchDaneEe,
  selectedBytes,
  tlsaMatchesCertificate,
} from './match.ts';
export {
  encodeTlsaRdata,
  type FormatTlsaOptions,
  formatTlsaRecord,
  parseTlsaRdata,
  parseTlsaRecord,
  TLSA_MATCHING_TYPE,
  TLSA_SELECTOR,
  TLSA_USAGE,
  type TlsaRecord,
  tlsaOwnerName,
} from './record.ts';
export {
  type SignatureCheck,
  type SignatureVerdict,
  type SignatureVerifier,
  webCryptoSignatureVerifier,
} from './signature.ts';
export {
  applyAgility,
  type DaneProfile,
  type SortedRecords,
  sortRecords,
  type TlsaUsability,
  tlsaUsability,
  type UsabilityOptions,
} from './usability.ts';
export { type DaneInput, type DaneVerification, verifyDane } from './verify.ts';
