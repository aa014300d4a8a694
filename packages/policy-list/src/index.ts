/**
 * `@mailtls/policy-list`: EFF's STARTTLS-Everywhere policy list (format 0.1). Parse and validate
 * a list (strict = the JSON schema plus alias integrity; lenient = what real consumers accept,
 * with warnings), look up a domain in O(1), match MX host names (one-label or any-depth), check
 * expiry and rollback, verify the detached signature with a pluggable OpenPGP verifier, generate
 * Postfix `smtp_tls_policy_maps` as starttls-policy-cli does, build lists from MTA-STS
 * policies, and turn entries into MTA-STS policies to preload a cache. EFF stopped updating the list in 2020: the last one expired on 2020-06-03.
 * Runtime-agnostic: web-standard APIs only.
 * @module
 */
export {
  checkPolicyListUpdate,
  isPolicyListExpired,
  type PolicyListUpdateOptions,
  type SignatureTime,
} from './expiry.ts';
export { type PolicyListIssueCode, policyListIssues } from './issues.ts';
export {
  formatPolicyList,
  type PolicyAliasReference,
  type PolicyDefinition,
  type PolicyEntry,
  type PolicyList,
  type PolicyListParseOptions,
  type PolicyListTime,
  type PolicyMode,
  parsePolicyList,
  type ResolvedPolicy,
} from './list.ts';
export {
  type FreshLookupOptions,
  isMxAllowedByList,
  type LookupOptions,
  lookupFreshPolicy,
  lookupPolicy,
  type MatchesPolicyMxOptions,
  matchesPolicyMx,
  type PolicyMxSemantics,
} from './lookup.ts';
export {
  type CreatePolicyListOptions,
  createPolicyList,
  fromMtaStsPolicy,
  type MtaStsPolicyLike,
  type PolicyListEntry,
  type PreloadedMtaStsPolicy,
  toMtaStsPolicy,
} from './mta-sts.ts';
export { POSTFIX_EXPIRED_LINE, type PostfixOptions, policyListToPostfix } from './postfix.ts';
export { type PolicyListJson, policyListJsonSchema, policyListSchema } from './schema.ts';
export {
  EFF_POLICY_KEY_FINGERPRINT,
  EFF_POLICY_SIGNING_SUBKEY_FINGERPRINT,
  type PolicyListVerifier,
  type VerifiedSignature,
  type VerifierResult,
  type VerifySignatureOptions,
  verifyPolicyListSignature,
} from './signature.ts';
