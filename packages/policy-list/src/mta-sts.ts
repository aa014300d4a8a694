/**
 * Building list entries and whole lists from MTA-STS policies (RFC 8461), the list's stated
 * purpose after 2019: an MTA-STS preload.
 * @module
 */
import { formatDateTime, normalizeHostname } from '@mailtls/core';
import { isSchemaName } from './_names.ts';
import type { PolicyDefinition, PolicyList } from './list.ts';

/**
 * The parts of an MTA-STS policy the list can carry. `@mailtls/mta-sts`'s parsed policy fits
 * this shape; any object with these fields does.
 */
export interface MtaStsPolicyLike {
  /** `mode`. */
  readonly mode: 'enforce' | 'testing' | 'none';
  /** `mx` patterns: exact names and `*.suffix` one-label wildcards. */
  readonly mx: readonly string[];
}

/** One `policies` entry: the mail domain and its policy. */
export interface PolicyListEntry {
  /** The `policies` key: lower-case A-labels, no trailing dot. */
  readonly domain: string;
  readonly policy: PolicyDefinition;
}

/**
 * The list entry an MTA-STS policy implies. `enforce` and `testing` carry over; `none` means "no
 * policy", which the list says by leaving the domain out, so it gives undefined. Each `mx`
 * pattern is normalised (lower case, no trailing dot, A-labels) and `*.x` becomes `.x`: both
 * cover exactly one label (RFC 8461 §4.1, RULES.md). Patterns the list's grammar cannot hold
 * (e.g. an IDN TLD) and repeats are dropped; if none remain, or the domain itself cannot be a key,
 * the result is undefined.
 * @example fromMtaStsPolicy('Example.com', { mode: 'enforce', mx: ['*.mail.example.com', 'mx.example.net.'] })
 * // { domain: 'example.com', policy: { mode: 'enforce', mxs: ['.mail.example.com', 'mx.example.net'] } }
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.2
 */
export function fromMtaStsPolicy(domain: string, policy: MtaStsPolicyLike): PolicyListEntry | undefined {
  if (policy.mode !== 'enforce' && policy.mode !== 'testing') return undefined;
  const key = normalizeHostname(domain);
  if (!isSchemaName(key)) return undefined;
  const mxs: string[] = [];
  for (const raw of policy.mx) {
    let p = normalizeHostname(raw);
    const suffix = p.startsWith('*.');
    if (suffix) p = p.slice(2);
    if (!isSchemaName(p)) continue;
    const pattern = suffix ? `.${p}` : p;
    if (!mxs.includes(pattern)) mxs.push(pattern);
  }
  if (mxs.length === 0) return undefined;
  return { domain: key, policy: { mode: policy.mode, mxs } };
}

/** Options for {@link createPolicyList}. */
export interface CreatePolicyListOptions {
  /** `timestamp`: issue time. */
  readonly timestamp: Date | number;
  /** `expires`: EFF used timestamp + 14 days; consumers fetched at least every 48 h. */
  readonly expires: Date | number;
  /** `author`. */
  readonly author?: string;
}

/**
 * Assembles a version 0.1 list from entries (e.g. from {@link fromMtaStsPolicy}); a repeated
 * domain keeps its last entry. Dates are written as RFC 3339 UTC text. Throws a `TypeError` for a
 * date outside years 0000–9999.
 * @example formatPolicyList(createPolicyList([entry], { timestamp: 0, expires: 1_209_600_000 }))
 * @see https://github.com/EFForg/starttls-everywhere/blob/master/RULES.md
 */
export function createPolicyList(
  entries: Iterable<PolicyListEntry>,
  options: CreatePolicyListOptions,
): PolicyList {
  const policies: Record<string, PolicyDefinition> = Object.create(null);
  for (const e of entries) policies[e.domain] = { mode: e.policy.mode, mxs: [...e.policy.mxs] };
  return {
    timestamp: time(options.timestamp),
    expires: time(options.expires),
    version: '0.1',
    ...(options.author === undefined ? {} : { author: options.author }),
    policyAliases: Object.create(null) as Record<string, PolicyDefinition>,
    policies,
  };
}

function time(t: Date | number): { epochMs: number; value: string } {
  const ms = +t;
  const value = formatDateTime(ms);
  if (value === undefined) throw new TypeError(`createPolicyList: invalid date ${String(t)}`);
  return { epochMs: Math.floor(ms), value };
}
