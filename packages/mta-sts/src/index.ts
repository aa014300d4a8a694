/**
 * `@mailtls/mta-sts`: MTA-STS (RFC 8461), exactly right. The `_mta-sts` TXT record and its
 * discovery over an RRset, the `mta-sts.txt` policy file, MX matching, the HTTPS retrieval rules
 * as pure code, TLSRPT result types for failures, and lint advice for operators. Strict mode is
 * the RFC to the letter; the lenient default accepts what real operators publish, with a warning
 * for each deviation. Runtime-agnostic: web-standard APIs only.
 * @module
 */
export { checkPolicyResponse, type HeadersLike, mtaStsPolicyUrl, type PolicyResponse } from './http.ts';
export {
  type MtaStsHttpIssueCode,
  type MtaStsIssueCode,
  type MtaStsLintIssueCode,
  type MtaStsPolicyIssueCode,
  type MtaStsRecordIssueCode,
  mtaStsHttpIssues,
  mtaStsIssues,
  mtaStsLintIssues,
  mtaStsPolicyIssues,
  mtaStsRecordIssues,
} from './issues.ts';
export { lintMtaSts, type MtaStsLintCode, type MtaStsLintInput } from './lint.ts';
export { isMxAllowed, matchesMx } from './match.ts';
export {
  type FormatPolicyOptions,
  formatMtaStsPolicy,
  MAX_AGE_LIMIT,
  MAX_POLICY_BYTES,
  type MtaStsMode,
  type MtaStsPolicy,
  parseMtaStsPolicy,
} from './policy.ts';
export { formatMtaStsRecord, type MtaStsRecord, parseMtaStsRecord, selectMtaStsRecord } from './record.ts';
export { type TlsrptStsResultType, tlsrptResultType } from './result-type.ts';
