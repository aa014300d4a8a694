/**
 * The IANA "STARTTLS Validation Result Types" registry (RFC 8460 §4.3, §6.6), with a plain-words
 * explanation and a fix for each value.
 * @module
 */

/** The 11 registered result types (unchanged since 2018-09-28). */
export const TLSRPT_RESULT_TYPES = [
  'starttls-not-supported',
  'certificate-host-mismatch',
  'certificate-expired',
  'certificate-not-trusted',
  'validation-failure',
  'tlsa-invalid',
  'dnssec-invalid',
  'dane-required',
  'sts-policy-fetch-error',
  'sts-policy-invalid',
  'sts-webpki-invalid',
] as const;

/** A registered result type. Reports may carry others: they are kept as raw strings. */
export type TlsrptResultType = (typeof TLSRPT_RESULT_TYPES)[number];

/** What a result type means, in plain words. */
export interface ResultTypeDescription {
  /** The value as registered, or as given when unregistered. */
  readonly code: string;
  readonly registered: boolean;
  /** `negotiation` (§4.3.1), `dane` (§4.3.2.1), `sts` (§4.3.2.2), `general` (§4.3.3) or `unknown`. */
  readonly group: 'negotiation' | 'dane' | 'sts' | 'general' | 'unknown';
  /** Whether the failure happens before any connection to the MX, so no IP or MX name exists. */
  readonly preConnection: boolean;
  /** One sentence: what the sender saw. */
  readonly meaning: string;
  /** One sentence: what the receiving domain should check. */
  readonly fix: string;
  /** The RFC section. */
  readonly ref: string;
}

type Entry = readonly [
  group: ResultTypeDescription['group'],
  pre: boolean,
  meaning: string,
  fix: string,
  ref: string,
];

const TABLE: Readonly<Record<TlsrptResultType, Entry>> = {
  'starttls-not-supported': [
    'negotiation',
    false,
    'The receiving MX did not offer STARTTLS, so the message could not be sent encrypted.',
    'Enable STARTTLS on every MX listed in the policy, or check for a middlebox stripping it.',
    'RFC 8460 §4.3.1',
  ],
  'certificate-host-mismatch': [
    'negotiation',
    false,
    'The MX certificate does not name the MX host (or does not match the MTA-STS or DANE constraints).',
    'Put every MX host name in the certificate SAN, and list exactly those names in the policy.',
    'RFC 8460 §4.3.1',
  ],
  'certificate-expired': [
    'negotiation',
    false,
    'The MX certificate has expired.',
    'Renew the certificate and automate renewal; check every MX, not only the primary.',
    'RFC 8460 §4.3.1',
  ],
  'certificate-not-trusted': [
    'negotiation',
    false,
    'The MX certificate chain does not lead to a CA the sender trusts (self-signed, unknown CA, missing intermediate).',
    'Serve the full chain from a public CA; see failure-reason-code for the exact error.',
    'RFC 8460 §4.3.1',
  ],
  'validation-failure': [
    'general',
    false,
    'Validation failed for a reason none of the other types covers.',
    'Read failure-reason-code; with DANE, compare the published TLSA records with the served key.',
    'RFC 8460 §4.3.3',
  ],
  'tlsa-invalid': [
    'dane',
    true,
    'None of the TLSA records for the MX were valid or usable.',
    'Publish TLSA records that match the current key (3 1 1 for the leaf, 2 1 1 for the issuer) before any rollover.',
    'RFC 8460 §4.3.2.1',
  ],
  'dnssec-invalid': [
    'dane',
    true,
    'The resolver returned no valid DNSSEC answer for the TLSA records (bogus or SERVFAIL).',
    'Check the DNSSEC chain (DS, signatures, expiry) of the MX host zone.',
    'RFC 8460 §4.3.2.1',
  ],
  'dane-required': [
    'dane',
    true,
    'The sender requires DANE but found no DNSSEC-validated TLSA records for the MX.',
    'Sign the MX zone with DNSSEC and publish TLSA records, or nothing is needed if you do not use DANE.',
    'RFC 8460 §4.3.2.1',
  ],
  'sts-policy-fetch-error': [
    'sts',
    true,
    'The sender could not fetch the MTA-STS policy (DNS, connection or HTTP error at mta-sts.<domain>).',
    'Serve https://mta-sts.<domain>/.well-known/mta-sts.txt with status 200; see failure-reason-code.',
    'RFC 8460 §4.3.2.2',
  ],
  'sts-policy-invalid': [
    'sts',
    true,
    'The fetched MTA-STS policy did not validate (syntax, missing fields, bad mode).',
    'Fix the policy file: version, mode, max_age and one mx line per pattern, CRLF or LF endings.',
    'RFC 8460 §4.3.2.2',
  ],
  'sts-webpki-invalid': [
    'sts',
    true,
    'The HTTPS certificate of the mta-sts.<domain> policy host did not validate.',
    'Give mta-sts.<domain> a valid public certificate that names it.',
    'RFC 8460 §4.3.2.2',
  ],
};

/**
 * Whether `code` is one of the 11 registered result types (exact, case-sensitive).
 * @example isTlsrptResultType('dane-required') // true
 */
export function isTlsrptResultType(code: string): code is TlsrptResultType {
  // a string only: Object.hasOwn converts its key, which throws for some objects
  return typeof code === 'string' && Object.hasOwn(TABLE, code);
}

/**
 * Explains a result type in plain words, with what to fix. Unregistered values get a generic
 * entry rather than an error (the registry is extensible by Expert Review).
 * @example describeResultType('sts-policy-fetch-error').preConnection // true
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-4.3
 */
export function describeResultType(code: string): ResultTypeDescription {
  if (!isTlsrptResultType(code)) {
    return {
      code,
      registered: false,
      group: 'unknown',
      preConnection: false,
      meaning: 'A result type not in the IANA registry; the reporter defines its meaning.',
      fix: "Read failure-reason-code and additional-information, or ask the reporter's contact-info.",
      ref: 'RFC 8460 §6.6',
    };
  }
  const [group, preConnection, meaning, fix, ref] = TABLE[code];
  return { code, registered: true, group, preConnection, meaning, fix, ref };
}
