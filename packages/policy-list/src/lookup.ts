/**
 * Looking up a mail domain's policy and matching MX host names against its patterns.
 * @module
 */
import { isMatchableHost, issue, matchesWildcard, normalizeHostname, type Result } from '@mailtls/core';
import { indexOf } from './_index.ts';
import { isPolicyListExpired } from './expiry.ts';
import { type PolicyListIssueCode, policyListIssues } from './issues.ts';
import type { PolicyList, ResolvedPolicy } from './list.ts';

/** Options for {@link lookupPolicy}. */
export interface LookupOptions {
  /**
   * When given, an expired list yields no policy at all (spec §4: never enforce stale data), and
   * so does an invalid time (`NaN`, an invalid `Date`), which cannot show the list is fresh.
   */
  readonly now?: Date | number;
}

/** Options for {@link lookupFreshPolicy}: `now` is required. */
export interface FreshLookupOptions {
  /** The time to check the list's `expires` against. */
  readonly now: Date | number;
}

/**
 * The policy for a mail domain, its alias resolved, or undefined when the list has none. The
 * match is exact (RULES.md: `eff.org` is listed apart from `lists.eff.org`; no parent fallback),
 * ASCII case-insensitive, ignores one trailing dot and converts U-labels to A-labels. O(1): the
 * index is built when the list is parsed (or on first lookup for a list built by hand).
 * @example lookupPolicy(list, 'Comcast.NET.') // { domain: 'comcast.net', mode: 'enforce', mxs: ['mx1.comcast.net', 'mx2.comcast.net'] }
 * @example lookupPolicy(list, 'aol.com')?.alias // 'yahoo'
 * @see https://github.com/EFForg/starttls-everywhere/blob/master/RULES.md#policies
 */
export function lookupPolicy(
  list: PolicyList,
  domain: string,
  options?: LookupOptions,
): ResolvedPolicy | undefined {
  if (typeof domain !== 'string') return undefined;
  // Fail closed: an invalid now (NaN) is treated as expired, as isPolicyListExpired does.
  if (options?.now !== undefined && isPolicyListExpired(list, options.now)) return undefined;
  const index = indexOf(list);
  // Index keys are normalised, and normalisation is idempotent, so a hit on the raw string is
  // the same hit the normalised form would give: skip the work for already-normal input.
  return index.get(domain) ?? index.get(normalizeHostname(domain));
}

/**
 * {@link lookupPolicy} with the list's freshness reported (spec §4): once the list has expired at
 * `now` (or `now` is not a valid time), no policy and the error `list-expired`, located at
 * `/expires`. Treat that as "no list at all": opportunistic TLS for every domain, and alert the
 * operator. While fresh, `ok` with the policy, or with `undefined` when the domain is not listed
 * (absence means no policy, not a failure). Never throws.
 * @example lookupFreshPolicy(list, 'comcast.net', { now: Date.UTC(2020, 4, 25) }).ok // true, value { domain: 'comcast.net', mode: 'enforce', … }
 * @example lookupFreshPolicy(list, 'comcast.net', { now: new Date() }).errors[0].code // 'list-expired' for the final EFF list
 * @see https://github.com/EFForg/starttls-everywhere/blob/master/RULES.md#expires
 */
export function lookupFreshPolicy(
  list: PolicyList,
  domain: string,
  options: FreshLookupOptions,
): Result<ResolvedPolicy | undefined, PolicyListIssueCode> {
  const now = options?.now;
  if (isPolicyListExpired(list, now)) {
    const detail = Number.isNaN(+now) ? 'now is not a valid time' : String(list.expires.value);
    return {
      ok: false,
      errors: [issue(policyListIssues, 'list-expired', 'error', { pointer: '/expires' }, detail)],
      warnings: [],
    };
  }
  return { ok: true, value: lookupPolicy(list, domain), warnings: [] };
}

/** How far a `.suffix` pattern reaches. */
export type PolicyMxSemantics = 'one-label' | 'any-depth';

/** Options for {@link matchesPolicyMx}. */
export interface MatchesPolicyMxOptions {
  /**
   * `one-label` (default): `.example.com` covers exactly one more label, as RULES.md (since
   * 2018-11), starttls-backend and MTA-STS do. `any-depth`: any number of labels, as Postfix's
   * `match=.example.com` and the schema's never-updated description do.
   */
  readonly semantics?: PolicyMxSemantics;
}

const DOT = 0x2e;
const STAR = 0x2a;

/**
 * Whether an MX host name matches one `mxs` pattern. An exact pattern matches only itself; a
 * `.suffix` pattern never matches the suffix itself, and covers one label (default) or any number
 * of labels (`any-depth`). ASCII case and one trailing dot are ignored on both sides; a `*` in the
 * host is literal (never matches); a `*.x` pattern is read as `.x`, as starttls-backend does.
 * @example matchesPolicyMx('.mail.example.org', 'mx1.mail.example.org') // true
 * @example matchesPolicyMx('.mail.example.org', 'a.mx1.mail.example.org') // false
 * @example matchesPolicyMx('.mail.example.org', 'a.mx1.mail.example.org', { semantics: 'any-depth' }) // true
 * @see https://github.com/EFForg/starttls-everywhere/blob/master/RULES.md#mxs
 */
export function matchesPolicyMx(pattern: string, host: string, options?: MatchesPolicyMxOptions): boolean {
  if (typeof pattern !== 'string' || typeof host !== 'string') return false;
  let p = pattern;
  if (p.charCodeAt(0) === STAR && p.charCodeAt(1) === DOT) p = p.slice(1);
  if (p.charCodeAt(0) !== DOT) return matchesWildcard(p, host); // exact: the core compares normalised names
  if (options?.semantics !== 'any-depth') return matchesWildcard(`*${p}`, host);
  const suffix = normalizeHostname(p);
  const h = normalizeHostname(host);
  // Same validity bar as the one-label matcher: the suffix and the host must be plain names.
  if (!isMatchableHost(suffix, 1) || !isMatchableHost(h)) return false;
  return h.length > suffix.length && h.endsWith(suffix);
}

/**
 * Whether the list allows `host` as an MX of `domain`: true or false when the domain has a
 * policy (in either mode; the caller decides what a mismatch means), undefined when it has none,
 * which is not a refusal: absence from the list means no policy.
 * @example isMxAllowedByList(list, 'gmail.com', 'alt1.gmail-smtp-in.l.google.com') // true
 * @example isMxAllowedByList(list, 'unlisted.example', 'mx.unlisted.example') // undefined
 * @see https://github.com/EFForg/starttls-everywhere/blob/master/RULES.md
 */
export function isMxAllowedByList(
  list: PolicyList,
  domain: string,
  host: string,
  options?: MatchesPolicyMxOptions & LookupOptions,
): boolean | undefined {
  const policy = lookupPolicy(list, domain, options);
  if (policy === undefined) return undefined;
  for (const mx of policy.mxs) if (matchesPolicyMx(mx, host, options)) return true;
  return false;
}
