/**
 * Freshness: expiry and rollback protection for policy-list updates.
 * @module
 */
import { type Issue, issue, type Result } from '@mailtls/core';
import { type PolicyListIssueCode, policyListIssues } from './issues.ts';
import type { PolicyList } from './list.ts';

/**
 * Whether the list has expired at `now`: `now >= expires`, as starttls-policy-cli's
 * `expires <= now`. An expired list must be treated as absent (opportunistic TLS for every
 * domain) and the operator alerted. The final EFF list expired on 2020-06-03.
 * @example isPolicyListExpired(list, Date.UTC(2020, 4, 25)) // false
 * @example isPolicyListExpired(list, new Date()) // true for the final EFF list
 * @see https://github.com/EFForg/starttls-everywhere/blob/master/RULES.md#expires
 */
export function isPolicyListExpired(list: PolicyList, now: Date | number): boolean {
  const t = +now;
  // An invalid Date (NaN) cannot prove freshness: treat the list as expired.
  return !(t < list.expires.epochMs);
}

/** Signature metadata from a verifier, as {@link verifyPolicyListSignature} returns it. */
export interface SignatureTime {
  /** Signature creation time, milliseconds since the epoch. */
  readonly created: number;
}

/** Options for {@link checkPolicyListUpdate}. */
export interface PolicyListUpdateOptions {
  /** When given, an update that has already expired is refused with `list-expired`. */
  readonly now?: Date | number;
  /** The verified signature of the list held now. */
  readonly previousSignature?: SignatureTime;
  /** The verified signature of the candidate. */
  readonly nextSignature?: SignatureTime;
}

/**
 * Checks that `next` may replace `previous`: its `timestamp` is not older (RULES.md: "validate
 * that the timestamp is greater than or equal to the existing one"), and, when both signatures'
 * creation times are given, the new signature is not older either, as upstream's
 * `update_and_verify.sh` checks (gpgv VALIDSIG). Equal times are allowed: some upstream commits
 * changed content without a new timestamp. Returns `next` on success.
 * @example checkPolicyListUpdate(older, newer).ok // true
 * @example checkPolicyListUpdate(newer, older).errors[0].code // 'list-rollback'
 * @see https://github.com/EFForg/starttls-everywhere/blob/master/RULES.md#timestamp
 */
export function checkPolicyListUpdate(
  previous: PolicyList,
  next: PolicyList,
  options: PolicyListUpdateOptions = {},
): Result<PolicyList, PolicyListIssueCode> {
  const errors: Issue<PolicyListIssueCode>[] = [];
  if (!(next.timestamp.epochMs >= previous.timestamp.epochMs)) {
    errors.push(
      issue(
        policyListIssues,
        'list-rollback',
        'error',
        { pointer: '/timestamp' },
        `${next.timestamp.value} < ${previous.timestamp.value}`,
      ),
    );
  }
  const a = options.previousSignature;
  const b = options.nextSignature;
  if (a !== undefined && b !== undefined && !(b.created >= a.created)) {
    errors.push(issue(policyListIssues, 'list-rollback', 'error', undefined, 'signature created earlier'));
  }
  if (options.now !== undefined && isPolicyListExpired(next, options.now)) {
    errors.push(
      issue(policyListIssues, 'list-expired', 'error', { pointer: '/expires' }, String(next.expires.value)),
    );
  }
  const [first, ...rest] = errors;
  return first === undefined
    ? { ok: true, value: next, warnings: [] }
    : { ok: false, errors: [first, ...rest], warnings: [] };
}
