/**
 * MX host matching against policy `mx` patterns (RFC 8461 §4.1).
 * @module
 */
import { matchesWildcard } from '@mailtls/core';

// The §4.1 rule is exactly core's one-label wildcard rule (which is total for non-string input
// too), so matchesMx is that function under its MTA-STS name: no wrapper, no extra bytes.

/**
 * Whether an MX host name matches one policy `mx` pattern (RFC 8461 §4.1). A leading `*.`
 * covers exactly one whole left-most label: never the apex, never two labels. Case and one
 * trailing dot are ignored; U-labels compare as their A-labels; a `*` in the host is never a
 * wildcard; an empty host or an empty label never matches. Without a wildcard it is equality
 * of normalised names. No suffix or substring matching anywhere (the mailauth ≤ 5 and
 * checkdmarc < 6 bug).
 * @example matchesMx('*.mx.example.org', 'a.MX.example.org.') // true
 * @example matchesMx('*.mx.example.org', 'mx.example.org') // false: never the apex
 * @example matchesMx('*.mx.example.org', 'b.a.mx.example.org') // false: one label only
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-4.1
 */
export const matchesMx: (pattern: string, host: string) => boolean = matchesWildcard;

/**
 * Whether a policy allows delivery to the MX host `host` (RFC 8461 §4.1, §5): under `enforce`
 * and `testing`, `host` must match one of the policy's `mx` patterns; under `none` there is no
 * active policy, so every host is allowed. Under `testing` a mismatch is reported, not enforced:
 * the caller decides what `false` means.
 * @example isMxAllowed({ mode: 'enforce', mx: ['mx1.example.org', '*.mx.example.org'] }, 'b.mx.example.org') // true
 * @example isMxAllowed({ mode: 'enforce', mx: ['mx1.example.org'] }, 'evil.example.net') // false
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-4.1
 */
export function isMxAllowed(
  policy: { readonly mode: 'enforce' | 'testing' | 'none'; readonly mx: readonly string[] },
  host: string,
): boolean {
  if (policy.mode === 'none') return true;
  for (const pattern of policy.mx) if (matchesMx(pattern, host)) return true;
  return false;
}
