/**
 * The report slice of the TLSRPT catalogue: the JSON report (RFC 8460 §4), its delivery
 * (§5: gzip, e-mail) and aggregation.
 * @module
 */
import type { Catalogue } from '@mailtls/core';

/** Codes of the report parser, decoder, e-mail extractor and aggregation. */
export type TlsrptReportIssueCode =
  | 'report-not-object'
  | 'field-missing'
  | 'field-null'
  | 'field-empty'
  | 'field-type'
  | 'field-wrapped'
  | 'field-unknown'
  | 'field-alias'
  | 'count-invalid'
  | 'count-coerced'
  | 'enum-case'
  | 'policy-type-unknown'
  | 'result-type-unregistered'
  | 'policies-empty'
  | 'range-inverted'
  | 'range-not-full-day'
  | 'range-end-midnight'
  | 'domain-invalid'
  | 'domain-unicode'
  | 'domain-trailing-dot'
  | 'policy-domain-filled'
  | 'mx-host-string'
  | 'mx-host-invalid'
  | 'mx-host-prefix'
  | 'policy-string-stringified'
  | 'policy-string-tlsa-syntax'
  | 'policy-string-tlsa-noncanonical'
  | 'policy-string-sts-syntax'
  | 'failure-details-missing'
  | 'detail-sum-exceeds-total'
  | 'detail-sum-below-total'
  | 'failure-reason-code-missing'
  | 'ip-invalid'
  | 'ip-noncanonical'
  | 'contact-invalid'
  | 'uri-invalid'
  | 'decompress-limit'
  | 'decompress-failed'
  | 'zip-container'
  | 'zip-unsupported'
  | 'message-syntax'
  | 'report-part-missing'
  | 'report-part-guessed'
  | 'report-uncompressed'
  | 'header-missing'
  | 'subject-syntax'
  | 'metadata-mismatch'
  | 'submitter-contact-mismatch'
  | 'filename-syntax'
  | 'dkim-failed'
  | 'dkim-domain-mismatch'
  | 'dkim-headers-uncovered'
  | 'dkim-service-missing'
  | 'duplicate-key-conflict'
  | 'aggregate-overlap'
  | 'range-multi-day';

const R4 = 'RFC 8460 §4.4';
const R53 = 'RFC 8460 §5.3';

/** Refs and messages for {@link TlsrptReportIssueCode}. */
export const tlsrptReportIssues: Catalogue<TlsrptReportIssueCode> = {
  'report-not-object': { ref: R4, message: 'A TLSRPT report must be a JSON object' },
  'field-missing': { ref: R4, message: 'Member is missing' },
  'field-null': { ref: R4, message: 'Member is null; read as absent' },
  'field-empty': { ref: R4, message: 'Member is an empty string; read as absent' },
  'field-type': { ref: R4, message: 'Member has the wrong JSON type' },
  'field-wrapped': { ref: R4, message: 'A single value where an array is required; wrapped' },
  'field-unknown': { ref: R4, message: 'Unknown member kept in "extra"' },
  'field-alias': { ref: R4, message: 'Misspelt or draft-era member name read as the registered one' },
  'count-invalid': {
    ref: 'RFC 8460 §4.4, RFC 7493 §2.2',
    message: 'Session count must be a non-negative integer no larger than 2^53 - 1',
  },
  'count-coerced': { ref: R4, message: 'Session count written as a string; converted' },
  'enum-case': { ref: 'RFC 8460 §4.3', message: 'Registered value in the wrong case; normalised' },
  'policy-type-unknown': {
    ref: 'RFC 8460 §4.4',
    message: 'The policy-type must be "sts", "tlsa" or "no-policy-found"',
  },
  'result-type-unregistered': {
    ref: 'RFC 8460 §6.6',
    message: 'Result type is not in the IANA registry; kept as written',
  },
  'policies-empty': { ref: R4, message: 'The policies array is empty' },
  'range-inverted': { ref: 'RFC 8460 §4.1', message: 'The date-range ends before it starts' },
  'range-not-full-day': { ref: 'RFC 8460 §4.1', message: 'Report SHOULD cover one full UTC day' },
  'range-end-midnight': {
    ref: 'RFC 8460 §4.1',
    message: 'The end-datetime is the next midnight (an exclusive end); read as such',
  },
  'domain-invalid': { ref: 'RFC 8460 §4.4, RFC 5321 §4.1.2', message: 'Not a valid domain name' },
  'domain-unicode': { ref: 'RFC 8460 §4.4', message: 'Domain must be written in A-labels; converted' },
  'domain-trailing-dot': { ref: 'RFC 8460 §4.4', message: 'Trailing root dot removed' },
  'policy-domain-filled': {
    ref: 'RFC 8460 §5.6',
    message: 'The policy-domain member is missing; filled from the message metadata',
  },
  'mx-host-string': {
    ref: 'RFC 8460 §4.4, erratum 6241',
    message: 'The mx-host member is a string; wrapped in an array',
  },
  'mx-host-invalid': {
    ref: 'RFC 8460 §4.4, RFC 6125 §6.4.3',
    message: 'An mx-host entry is not a host name pattern',
  },
  'mx-host-prefix': {
    ref: 'RFC 8460 §4.4',
    message: 'An mx-host entry carries the policy\'s "mx:" prefix; stripped',
  },
  'policy-string-stringified': {
    ref: 'RFC 8460 §4.5',
    message: 'The policy-string member holds one string with a JSON array inside; unwrapped',
  },
  'policy-string-tlsa-syntax': {
    ref: 'RFC 8460 §4.5, RFC 6698 §2.2',
    message: 'TLSA policy string is not "usage selector matching-type hex"',
  },
  'policy-string-tlsa-noncanonical': {
    ref: 'RFC 8460 §4.5, RFC 6698 §2.2',
    message: 'TLSA policy string normalised to "u s m HEX"',
  },
  'policy-string-sts-syntax': {
    ref: 'RFC 8460 §4.5, RFC 8461 §3.2',
    message: 'STS policy string is not a "key: value" policy line',
  },
  'failure-details-missing': {
    ref: 'RFC 8460 §4.4',
    message: 'Failures counted but no failure-details given',
  },
  'detail-sum-exceeds-total': {
    ref: 'RFC 8460 §4.2',
    message: 'Failure details add up to more than the failure total (details may overlap)',
  },
  'detail-sum-below-total': {
    ref: 'RFC 8460 §4.2',
    message: 'Failure details add up to less than the failure total: some failures are unexplained',
  },
  'failure-reason-code-missing': {
    ref: 'RFC 8460 §4.3.1',
    message: 'A failure-reason-code SHOULD be given for this result type',
  },
  'ip-invalid': { ref: 'RFC 8460 §4.4, RFC 3986 §3.2.2', message: 'Not an IPv4 or IPv6 address' },
  'ip-noncanonical': { ref: 'RFC 5952 §4', message: 'IPv6 address not in canonical form; canonicalised' },
  'contact-invalid': {
    ref: 'RFC 8460 §4.4, RFC 5322 §3.4.1',
    message: 'The contact-info member is not an e-mail address',
  },
  'uri-invalid': {
    ref: 'RFC 8460 §4.4, RFC 3986 §3',
    message: 'The additional-information member is not a URI',
  },
  'decompress-limit': { ref: 'RFC 8460 §5.2', message: 'Decompressed report exceeds the size limit' },
  'decompress-failed': { ref: 'RFC 8460 §5.2, RFC 1952', message: 'The gzip data is corrupt' },
  'zip-container': { ref: 'RFC 8460 §5.2', message: 'Report is in a ZIP archive, not gzip' },
  'zip-unsupported': { ref: 'RFC 8460 §5.2', message: 'ZIP archive holds no readable report' },
  'message-syntax': { ref: 'RFC 5322 §2, RFC 2046 §5.1', message: 'Malformed e-mail message' },
  'report-part-missing': { ref: R53, message: 'No TLSRPT report found in the message' },
  'report-part-guessed': { ref: R53, message: 'Report found by file name or a generic media type' },
  'report-uncompressed': { ref: 'RFC 8460 §5.2', message: 'Report SHOULD be gzip-compressed' },
  'header-missing': { ref: R53, message: 'Required header field missing' },
  'subject-syntax': { ref: R53, message: 'Subject does not follow the tlsrpt-subject syntax' },
  'metadata-mismatch': {
    ref: 'RFC 8460 §5.6',
    message: 'Message metadata disagrees with the report; the report wins',
  },
  'submitter-contact-mismatch': {
    ref: R53,
    message: 'TLS-Report-Submitter does not match the domain of contact-info',
  },
  'filename-syntax': {
    ref: 'RFC 8460 §5.1',
    message: 'Attachment name does not follow the §5.1 filename syntax',
  },
  'dkim-failed': { ref: R53, message: 'No valid DKIM signature: reports lacking one MUST be ignored' },
  'dkim-domain-mismatch': { ref: R53, message: 'DKIM signature is not by the reporting domain' },
  'dkim-headers-uncovered': {
    ref: R53,
    message: 'DKIM signature SHOULD cover TLS-Report-Domain and TLS-Report-Submitter',
  },
  'dkim-service-missing': { ref: R53, message: 'DKIM key record lacks "s=tlsrpt"' },
  'duplicate-key-conflict': {
    ref: 'mailtls aggregation',
    message: 'Same reporter, report-id and domains but different content; the first is kept',
  },
  'aggregate-overlap': {
    ref: 'mailtls aggregation',
    message: 'The same report is in both merged aggregates; its sessions were counted twice',
  },
  'range-multi-day': {
    ref: 'RFC 8460 §4.1',
    message: 'Report spans more than one day; counted on its start day',
  },
};
