/**
 * The issues `checkDomain` raises itself, beside those of the parsers it runs: an unusable
 * input, a malformed MX RRset. Codes are stable API (added to, never renamed or reused).
 * @module
 */
import type { Catalogue } from '@mailtls/core';

/** Codes of the issues checkDomain raises itself (stable: added to, never renamed). */
export type CheckIssueCode = 'domain-not-string' | 'options-invalid' | 'mx-null-mixed';

/** The catalogue of {@link CheckIssueCode}. */
export const checkIssues: Catalogue<CheckIssueCode> = {
  'domain-not-string': { ref: 'RFC 5321 §2.3.5', message: 'The domain is not a string' },
  'options-invalid': { ref: 'CheckOptions', message: 'The options have no resolver with a query function' },
  'mx-null-mixed': { ref: 'RFC 7505 §3', message: 'Null MX (".") beside other MX records' },
};
