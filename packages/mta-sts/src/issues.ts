/**
 * The issue catalogue of '@mailtls/mta-sts': every code its parsers, the HTTP response check
 * and the linter can return.
 * @module
 */
import type { Catalogue } from '@mailtls/core';

/**
 * Codes of the '_mta-sts' TXT record and of RRset selection (RFC 8461 §3.1).
 * Stable API: codes are added, never renamed or reused.
 */
export type MtaStsRecordIssueCode =
  | 'not-sts'
  | 'record-none'
  | 'record-multiple'
  | 'record-syntax'
  | 'record-unrelated'
  | 'record-too-long'
  | 'record-version'
  | 'record-version-wsp'
  | 'record-id-missing'
  | 'record-id-format'
  | 'record-duplicate-field'
  | 'record-ext-syntax'
  | 'record-empty-field'
  | 'record-leading-wsp'
  | 'record-trailing-wsp'
  | 'record-quoted'
  | 'record-case'
  | 'record-spaced-equals';

/** Codes of the policy file (RFC 8461 §3.2). */
export type MtaStsPolicyIssueCode =
  | 'policy-too-large'
  | 'policy-utf8'
  | 'policy-bom'
  | 'policy-bare-cr'
  | 'policy-control-char'
  | 'policy-blank-line'
  | 'policy-comment'
  | 'policy-leading-wsp'
  | 'policy-key-wsp'
  | 'policy-key-case'
  | 'policy-key-typo'
  | 'policy-value-case'
  | 'policy-syntax'
  | 'policy-version'
  | 'policy-version-missing'
  | 'policy-mode'
  | 'policy-mode-missing'
  | 'policy-max-age-missing'
  | 'policy-max-age-syntax'
  | 'policy-max-age-range'
  | 'policy-mx-missing'
  | 'policy-mx-syntax'
  | 'policy-ext-syntax'
  | 'policy-duplicate-field'
  | 'mx-leading-dot'
  | 'mx-trailing-dot'
  | 'mx-multiple-per-line'
  | 'mx-unicode'
  | 'mx-ip-literal'
  | 'mx-too-long'
  | 'looks-like-html'
  | 'looks-like-json';

/** Codes of the HTTPS retrieval rules (RFC 8461 §3.3). */
export type MtaStsHttpIssueCode =
  | 'http-not-https'
  | 'http-url'
  | 'http-status'
  | 'http-redirect'
  | 'http-content-type'
  | 'http-too-large'
  | 'webpki-name-mismatch';

/**
 * Codes of {@link lintMtaSts}: operational advice, never parse failures. `max-age-week` is
 * retired: no longer reported (spec §10 folds it into `max-age-short`), kept so that code
 * matching on it still compiles.
 */
export type MtaStsLintIssueCode =
  | 'max-age-short'
  | 'max-age-week'
  | 'max-age-zero-enforce'
  | 'mode-testing'
  | 'mode-none'
  | 'mx-not-covered'
  | 'mx-unused-pattern'
  | 'wildcard-broad'
  | 'wildcard-tld'
  | 'id-unchanged'
  | 'removed-without-none'
  | 'policy-without-record'
  | 'record-without-policy';

/** Every code '@mailtls/mta-sts' can return. */
export type MtaStsIssueCode =
  | MtaStsRecordIssueCode
  | MtaStsPolicyIssueCode
  | MtaStsHttpIssueCode
  | MtaStsLintIssueCode;

// Refs are spelt out (no template literals) so that bundlers can drop unused catalogues.
const S31 = 'RFC 8461 §3.1';
const S32 = 'RFC 8461 §3.2';
const S33 = 'RFC 8461 §3.3';

/** Refs and messages for the record codes. */
export const mtaStsRecordIssues: Catalogue<MtaStsRecordIssueCode> = {
  'not-sts': { ref: S31, message: 'Not an MTA-STS record: it must begin with "v=STSv1;"' },
  'record-none': {
    ref: S31,
    message: 'No TXT record begins with "v=STSv1;": the domain has no MTA-STS policy',
  },
  'record-multiple': {
    ref: S31,
    message: 'More than one MTA-STS TXT record: the domain has no usable policy',
  },
  'record-syntax': {
    ref: S31,
    message: 'The MTA-STS TXT record is invalid: the domain has no usable policy',
  },
  'record-unrelated': { ref: S31, message: 'TXT record at _mta-sts is not an MTA-STS record and is ignored' },
  'record-too-long': { ref: 'RFC 1035 §3.3.14', message: 'TXT record is longer than 65535 characters' },
  'record-version': { ref: S31, message: 'A later "v" field must also be "STSv1"' },
  'record-version-wsp': {
    ref: 'RFC 8461 §3.1 (erratum 6285)',
    message: 'Whitespace between "v=STSv1" and ";": senders that filter on "v=STSv1;" ignore this record',
  },
  'record-id-missing': { ref: S31, message: 'The required "id" field is missing or empty' },
  'record-id-format': { ref: S31, message: '"id" must be 1 to 32 letters or digits' },
  'record-duplicate-field': { ref: S31, message: 'Repeated field; the first wins' },
  'record-ext-syntax': {
    ref: S31,
    message: 'Malformed field: an extension is name=value with no space, "=" or ";" in the value',
  },
  'record-empty-field': { ref: S31, message: 'Empty field between two ";"' },
  'record-leading-wsp': { ref: S31, message: 'Whitespace before "v=STSv1"' },
  'record-trailing-wsp': { ref: S31, message: 'Trailing whitespace without a final ";"' },
  'record-quoted': { ref: S31, message: 'Record is wrapped in literal quotes (pasted into a DNS interface)' },
  'record-case': { ref: 'RFC 8461 §3.1, RFC 7405', message: 'Field names and "STSv1" are case-sensitive' },
  'record-spaced-equals': { ref: S31, message: 'Whitespace around "="' },
};

/** Refs and messages for the policy codes. */
export const mtaStsPolicyIssues: Catalogue<MtaStsPolicyIssueCode> = {
  'policy-too-large': { ref: S33, message: 'Policy over 64 KiB' },
  'policy-utf8': { ref: 'RFC 8461 §3.2, RFC 3629', message: 'Policy is not valid UTF-8' },
  'policy-bom': { ref: S32, message: 'Byte order mark' },
  'policy-bare-cr': {
    ref: 'RFC 8461 §3.2 (erratum 6253)',
    message: 'CR without LF',
  },
  'policy-control-char': { ref: S32, message: 'Control character' },
  'policy-blank-line': { ref: S32, message: 'Blank line' },
  'policy-comment': { ref: S32, message: 'Policies have no comments' },
  'policy-leading-wsp': { ref: S32, message: 'Whitespace at line start' },
  'policy-key-wsp': { ref: S32, message: 'Whitespace before ":"' },
  'policy-key-case': { ref: 'RFC 8461 §3.2, RFC 7405', message: 'Field names are case-sensitive' },
  'policy-key-typo': {
    ref: S32,
    message: 'Unknown key looks like a misspelt field',
  },
  'policy-value-case': { ref: 'RFC 8461 §3.2, RFC 7405', message: 'Field values are case-sensitive' },
  'policy-syntax': { ref: S32, message: 'Line is not "key: value"' },
  'policy-version': { ref: S32, message: '"version" must be "STSv1"' },
  'policy-version-missing': { ref: S32, message: 'Required "version" is missing' },
  'policy-mode': { ref: S32, message: '"mode" must be "enforce", "testing" or "none"' },
  'policy-mode-missing': { ref: S32, message: 'Required "mode" is missing' },
  'policy-max-age-missing': { ref: S32, message: 'Required "max_age" is missing' },
  'policy-max-age-syntax': { ref: S32, message: '"max_age" must be 1 to 10 decimal digits' },
  'policy-max-age-range': { ref: S32, message: '"max_age" over 31557600 (one year)' },
  'policy-mx-missing': { ref: S32, message: '"mx" is required unless mode is "none"' },
  'policy-mx-syntax': {
    ref: 'RFC 8461 §3.2, RFC 5321 §4.1.2',
    message: '"mx" must be a host name, optionally after "*."',
  },
  'policy-ext-syntax': { ref: S32, message: 'Malformed extension, ignored' },
  'policy-duplicate-field': { ref: S32, message: 'Repeated field; the first wins' },
  'mx-leading-dot': { ref: S32, message: 'Leading dot in "mx": write "*."' },
  'mx-trailing-dot': { ref: S32, message: '"mx" with a trailing dot' },
  'mx-multiple-per-line': {
    ref: S32,
    message: 'One host name per "mx" line',
  },
  'mx-unicode': { ref: 'RFC 8461 §3.2, RFC 5891', message: '"mx" must use A-labels (xn--)' },
  'mx-ip-literal': { ref: S32, message: '"mx" is an IP address: it never matches' },
  'mx-too-long': { ref: 'RFC 1035 §2.3.4', message: '"mx" label > 63 or name > 253 octets' },
  'looks-like-html': { ref: S32, message: 'Body is HTML, not a policy' },
  'looks-like-json': { ref: S32, message: 'Body is JSON (pre-RFC), not a policy' },
};

/** Refs and messages for the HTTPS retrieval codes. */
export const mtaStsHttpIssues: Catalogue<MtaStsHttpIssueCode> = {
  'http-not-https': { ref: S33, message: 'The policy must be fetched over HTTPS' },
  'http-url': {
    ref: S33,
    message: 'The policy URL must be https://mta-sts.<domain>/.well-known/mta-sts.txt',
  },
  'http-status': { ref: S33, message: 'The policy host must answer 200 OK' },
  'http-redirect': { ref: S33, message: 'Redirects must not be followed' },
  'http-content-type': { ref: S32, message: 'The policy should be served as text/plain' },
  'http-too-large': { ref: S33, message: 'Response body is larger than 64 KiB' },
  'webpki-name-mismatch': {
    ref: 'RFC 8461 §3.3, RFC 9525 §6.3',
    message: 'The certificate has no DNS name matching the policy host',
  },
};

/** Refs and messages for the lint codes. */
export const mtaStsLintIssues: Catalogue<MtaStsLintIssueCode> = {
  'max-age-short': {
    ref: 'RFC 8461 §10.2',
    message: 'A max_age under one day (two weeks under enforce) gives little protection',
  },
  'max-age-week': {
    ref: 'RFC 8461 §10.2',
    message: 'A max_age under one week; weeks or more are recommended (retired: no longer reported)',
  },
  'max-age-zero-enforce': {
    ref: 'RFC 8461 §10.2',
    message: 'A max_age of 0 under enforce: the policy is never cached',
  },
  'mode-testing': { ref: 'RFC 8461 §5', message: 'Mode testing: failures are only reported, not enforced' },
  'mode-none': { ref: 'RFC 8461 §8.3', message: 'Mode none: no active policy (the removal path)' },
  'mx-not-covered': { ref: 'RFC 8461 §4.1', message: 'A DNS MX host matches no "mx" pattern' },
  'mx-unused-pattern': { ref: 'RFC 8461 §4.1', message: 'An "mx" pattern matches no DNS MX host' },
  'wildcard-broad': { ref: 'RFC 8461 §10.4', message: 'Wildcard covers every host of a whole domain' },
  'wildcard-tld': { ref: 'RFC 8461 §10.4', message: 'Wildcard directly under a top-level domain' },
  'id-unchanged': { ref: 'RFC 8461 §8.1', message: 'The policy changed but the TXT record id did not' },
  'removed-without-none': {
    ref: 'RFC 8461 §8.3',
    message: 'MTA-STS was removed without first publishing mode none',
  },
  'policy-without-record': {
    ref: 'RFC 8461 §3.1',
    message: 'A policy is served but no TXT record announces it',
  },
  'record-without-policy': { ref: 'RFC 8461 §3.3', message: 'The TXT record exists but no policy is served' },
};

/** Refs and messages for every {@link MtaStsIssueCode}. */
export const mtaStsIssues: Catalogue<MtaStsIssueCode> = /* @__PURE__ */ Object.assign(
  {},
  mtaStsRecordIssues,
  mtaStsPolicyIssues,
  mtaStsHttpIssues,
  mtaStsLintIssues,
);
