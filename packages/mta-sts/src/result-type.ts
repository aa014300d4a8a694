/**
 * The TLSRPT result type (RFC 8460 §4.3.2.2) a sender reports for an MTA-STS failure.
 * @module
 */
import type { MtaStsIssueCode } from './issues.ts';

/** The RFC 8460 §4.3.2.2 result types for MTA-STS policy failures. */
export type TlsrptStsResultType = 'sts-policy-fetch-error' | 'sts-policy-invalid' | 'sts-webpki-invalid';

const FETCH = 'sts-policy-fetch-error';
const INVALID = 'sts-policy-invalid';

// Every code is classified, so a new code cannot be added without deciding its result type.
// null: not a policy failure a sender reports (no MTA-STS record means no policy; lint advice).
const TYPES: { readonly [C in MtaStsIssueCode]: TlsrptStsResultType | null } = {
  'not-sts': null,
  'record-none': null,
  'record-multiple': null,
  'record-syntax': null,
  'record-unrelated': null,
  'record-too-long': null,
  'record-version': null,
  'record-version-wsp': null,
  'record-id-missing': null,
  'record-id-format': null,
  'record-duplicate-field': null,
  'record-ext-syntax': null,
  'record-empty-field': null,
  'record-leading-wsp': null,
  'record-trailing-wsp': null,
  'record-quoted': null,
  'record-case': null,
  'record-spaced-equals': null,
  'policy-too-large': FETCH,
  'policy-utf8': INVALID,
  'policy-bom': INVALID,
  'policy-bare-cr': INVALID,
  'policy-control-char': INVALID,
  'policy-blank-line': INVALID,
  'policy-comment': INVALID,
  'policy-leading-wsp': INVALID,
  'policy-key-wsp': INVALID,
  'policy-key-case': INVALID,
  'policy-key-typo': INVALID,
  'policy-value-case': INVALID,
  'policy-syntax': INVALID,
  'policy-version': INVALID,
  'policy-version-missing': INVALID,
  'policy-mode': INVALID,
  'policy-mode-missing': INVALID,
  'policy-max-age-missing': INVALID,
  'policy-max-age-syntax': INVALID,
  'policy-max-age-range': INVALID,
  'policy-mx-missing': INVALID,
  'policy-mx-syntax': INVALID,
  'policy-ext-syntax': INVALID,
  'policy-duplicate-field': INVALID,
  'mx-leading-dot': INVALID,
  'mx-trailing-dot': INVALID,
  'mx-multiple-per-line': INVALID,
  'mx-unicode': INVALID,
  'mx-ip-literal': INVALID,
  'mx-too-long': INVALID,
  'looks-like-html': INVALID,
  'looks-like-json': INVALID,
  'http-not-https': FETCH,
  'http-url': FETCH,
  'http-status': FETCH,
  'http-redirect': FETCH,
  'http-content-type': INVALID,
  'http-too-large': FETCH,
  'webpki-name-mismatch': 'sts-webpki-invalid',
  'max-age-short': null,
  'max-age-week': null,
  'max-age-zero-enforce': null,
  'mode-testing': null,
  'mode-none': null,
  'mx-not-covered': null,
  'mx-unused-pattern': null,
  'wildcard-broad': null,
  'wildcard-tld': null,
  'id-unchanged': null,
  'removed-without-none': null,
  'policy-without-record': null,
  'record-without-policy': null,
};

/**
 * The TLSRPT result type to report for an MTA-STS issue, or undefined when the issue is not a
 * reportable policy failure (record problems mean "no policy"; lint codes are advice). Meaningful
 * for errors: pass `result.errors[0]` of a failed {@link checkPolicyResponse} or
 * {@link parseMtaStsPolicy}, whose HTTP errors come first. Policies that fail to parse (and a wrong
 * Content-Type in strict mode) are `sts-policy-invalid`; status, redirect, URL and size failures
 * are `sts-policy-fetch-error`; a certificate name mismatch is `sts-webpki-invalid`.
 * @example tlsrptResultType('http-redirect') // 'sts-policy-fetch-error'
 * @example tlsrptResultType({ code: 'policy-max-age-syntax' }) // 'sts-policy-invalid'
 * @example tlsrptResultType('mx-not-covered') // undefined
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-4.3.2.2
 */
export function tlsrptResultType(
  codeOrIssue: string | { readonly code: string },
): TlsrptStsResultType | undefined {
  const code = typeof codeOrIssue === 'string' ? codeOrIssue : codeOrIssue?.code;
  if (typeof code !== 'string' || !Object.hasOwn(TYPES, code)) return undefined;
  return TYPES[code as MtaStsIssueCode] ?? undefined;
}
