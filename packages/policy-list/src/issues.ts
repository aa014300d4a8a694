/**
 * The issue catalogue of `@mailtls/policy-list`: every code its functions can return.
 * @module
 */
import { type Catalogue, datetimeIssues } from '@mailtls/core';
import { utf8Issues } from '@mailtls/core/bytes';
import { jsonIssues } from '@mailtls/core/json';

const SCHEMA = 'policy-0.1.schema.json';
const RULES = 'STARTTLS-Everywhere RULES.md';

/**
 * Every code `@mailtls/policy-list` can return: its own, plus the `@mailtls/core` JSON, UTF-8 and
 * date-time codes it passes through. Stable API: codes are added, never renamed or reused.
 */
export type PolicyListIssueCode =
  | 'not-object'
  | 'legacy-format'
  | 'additional-property'
  | 'missing-field'
  | 'wrong-type'
  | 'not-json-value'
  | 'version-unsupported'
  | 'date-negative'
  | 'date-not-integer'
  | 'date-offset-range'
  | 'list-born-expired'
  | 'timestamp-future'
  | 'domain-syntax'
  | 'domain-leading-dot'
  | 'domain-case-collision'
  | 'name-trailing-dot'
  | 'name-nonstandard'
  | 'mx-syntax'
  | 'mx-wildcard'
  | 'mxs-empty'
  | 'mx-duplicate'
  | 'mx-duplicate-case'
  | 'mx-any-depth-narrowed'
  | 'mode-missing'
  | 'mode-invalid'
  | 'alias-missing'
  | 'alias-chain'
  | 'alias-extra-key'
  | 'alias-name-invalid'
  | 'too-many-issues'
  | 'list-rollback'
  | 'list-expired'
  | 'signature-not-armored'
  | 'signature-invalid'
  | 'signature-untrusted-key'
  | 'signature-verifier-failed'
  | 'input-too-large'
  | 'utf8-invalid'
  | 'json-syntax'
  | 'json-too-deep'
  | 'json-duplicate-key'
  | 'json-number-precision'
  | 'json-lone-surrogate'
  | 'json-bom'
  | 'datetime-syntax'
  | 'datetime-range'
  | 'datetime-no-offset'
  | 'datetime-offset-format'
  | 'datetime-separator'
  | 'datetime-leap-second';

/** Refs and messages for {@link PolicyListIssueCode}; the compiler demands one entry per code. */
export const policyListIssues: Catalogue<PolicyListIssueCode> = {
  'not-object': { ref: SCHEMA, message: 'A policy list must be a JSON object' },
  'legacy-format': { ref: `${RULES} (history)`, message: 'Pre-0.1 STARTTLS-Everywhere format' },
  'additional-property': { ref: `${SCHEMA} additionalProperties`, message: 'Unknown property' },
  'missing-field': { ref: `${SCHEMA} required`, message: 'Required property missing' },
  'wrong-type': { ref: SCHEMA, message: 'Value has the wrong JSON type' },
  'not-json-value': { ref: 'RFC 8259 §3', message: 'Input could not be read as a JSON value' },
  'version-unsupported': { ref: `${SCHEMA} version`, message: 'Version must be "0.1"' },
  'date-negative': { ref: `${SCHEMA} minimum`, message: 'Epoch seconds must not be negative' },
  'date-not-integer': { ref: `${SCHEMA} type integer`, message: 'Epoch seconds must be an integer' },
  'date-offset-range': { ref: `${SCHEMA} pattern`, message: 'Time offset must be within ±19:59' },
  'list-born-expired': { ref: `${RULES} expires`, message: 'The list expires no later than it was issued' },
  'timestamp-future': { ref: `${RULES} timestamp`, message: 'The list timestamp lies in the future' },
  'domain-syntax': { ref: `${SCHEMA} policies patternProperties`, message: 'Not a valid mail domain' },
  'domain-leading-dot': { ref: `${RULES} policies`, message: 'A mail domain key must not begin with a dot' },
  'domain-case-collision': {
    ref: `${RULES} policies`,
    message: 'Two mail domain keys differ only in case or a trailing dot; the last wins',
  },
  'name-trailing-dot': { ref: `${SCHEMA} patternProperties`, message: 'Trailing root dot removed' },
  'name-nonstandard': {
    ref: `${SCHEMA} patternProperties`,
    message: 'Valid host name outside the schema grammar (IDN, underscore or short TLD)',
  },
  'mx-syntax': { ref: `${SCHEMA} mxs items`, message: 'Not a host name or .suffix pattern' },
  'mx-wildcard': { ref: `${RULES} mxs`, message: 'Write "*.example.com" as ".example.com"' },
  'mxs-empty': { ref: `${SCHEMA} mxs minItems`, message: 'mxs is empty: the policy matches no MX' },
  'mx-duplicate': { ref: `${SCHEMA} mxs uniqueItems`, message: 'Duplicate MX pattern' },
  'mx-duplicate-case': { ref: `${SCHEMA} mxs uniqueItems`, message: 'MX pattern repeated in another case' },
  'mx-any-depth-narrowed': { ref: 'RFC 8461 §4.1', message: 'Any-depth .suffix narrowed to one label (*.)' },
  'mode-missing': { ref: `${RULES} mode`, message: 'mode missing; read as "testing"' },
  'mode-invalid': { ref: `${SCHEMA} mode`, message: 'mode must be "testing" or "enforce"' },
  'alias-missing': { ref: `${RULES} policy-alias`, message: 'policy-alias names no entry of policy-aliases' },
  'alias-chain': { ref: `${RULES} policy-aliases`, message: 'An alias definition cannot itself be an alias' },
  'alias-extra-key': {
    ref: `${SCHEMA} policyAliasReference`,
    message: 'Keys beside policy-alias are ignored',
  },
  'alias-name-invalid': { ref: `${SCHEMA} policy-aliases patternProperties`, message: 'Invalid alias name' },
  'too-many-issues': { ref: 'mailtls limits', message: 'Too many issues; the rest are not listed' },
  'list-rollback': { ref: `${RULES} timestamp`, message: 'The new list is older than the one held' },
  'list-expired': { ref: `${RULES} expires`, message: 'The policy list has expired' },
  'signature-not-armored': { ref: 'RFC 4880 §6.2', message: 'Not an ASCII-armored OpenPGP signature' },
  'signature-invalid': { ref: 'RFC 4880 §5.2', message: 'The signature does not verify' },
  'signature-untrusted-key': {
    ref: 'STARTTLS-Everywhere USAGE.md',
    message: 'Signed by a key that is not trusted for the policy list',
  },
  'signature-verifier-failed': {
    ref: 'mailtls verifier interface',
    message: 'The signature verifier failed',
  },
  // Core's own entries, so these never drift from what core returns.
  ...datetimeIssues,
  ...jsonIssues,
  ...utf8Issues,
};
