/**
 * MTA-STS (RFC 8461) and the list, both ways: list entries and whole lists from MTA-STS policies,
 * and MTA-STS policies from list entries. The list's stated purpose after 2019: an MTA-STS preload.
 * @module
 */
import {
  formatDateTime,
  type Issue,
  issue,
  normalizeHostname,
  pointer,
  type Result,
  validateHostname,
} from '@mailtls/core';
import { isSchemaName } from './_names.ts';
import { isPolicyListExpired } from './expiry.ts';
import { type PolicyListIssueCode, policyListIssues } from './issues.ts';
import type { PolicyDefinition, PolicyEntry, PolicyList, PolicyMode } from './list.ts';
import type { MatchesPolicyMxOptions } from './lookup.ts';

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
  const seen = new Set<string>();
  for (const raw of policy.mx) {
    let p = normalizeHostname(raw);
    const suffix = p.startsWith('*.');
    if (suffix) p = p.slice(2);
    if (!isSchemaName(p)) continue;
    seen.add(suffix ? `.${p}` : p);
  }
  // a Set keeps the first occurrence's order and dedupes in linear time (includes was quadratic)
  const mxs = [...seen];
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

/** RFC 8461 §3.2: max_age is at most 31557600 seconds (a year). */
const MAX_AGE_LIMIT = 31557600;

/**
 * An MTA-STS policy built from a list entry by {@link toMtaStsPolicy}: the shape of
 * `@mailtls/mta-sts`'s parsed policy (usable with its `matchesMx`, `isMxAllowed` and
 * `formatMtaStsPolicy`), plus the synthetic record `id` a cache keeps beside it.
 */
export interface PreloadedMtaStsPolicy {
  /**
   * A synthetic `_mta-sts` record id, `policy-list-<list timestamp in epoch seconds>`. Its `-`
   * makes it an id no valid record carries (RFC 8461 §3.1: 1–32 letters or digits), so the first
   * real record seen differs, the sender fetches the real policy, and that replaces this one.
   */
  readonly id: string;
  /** `version`: always `STSv1`. */
  readonly version: 'STSv1';
  /** `mode`: the entry's `enforce` or `testing` (the list has no `none`). */
  readonly mode: PolicyMode;
  /** `mx`: exact names and `*.` wildcards, lower-case A-labels, no trailing dot, no repeats. */
  readonly mx: readonly string[];
  /** `max_age`: whole seconds left before the list expires, at most 31557600. */
  readonly maxAge: number;
  /** Extension fields: always none. */
  readonly extensions: readonly (readonly [key: string, value: string])[];
}

/**
 * The MTA-STS policy a list entry stands for, to preload an MTA-STS cache (spec §5, USAGE.md: a
 * real MTA-STS policy, live or cached, always takes precedence). `entry` is a resolved policy
 * from `lookupPolicy`, a definition, or a `policies` value (an alias reference is resolved
 * through `list`). `.x` becomes `*.x`: the same hosts in `one-label` mode (the default, RULES.md),
 * fewer in `any-depth` mode, which gets a warning (`mx-any-depth-narrowed`) per such pattern.
 * `mode` is copied; `max_age` is `floor((expires - now) / 1 s)`, clamped to 0–31557600; `id` is
 * synthetic. An expired list (or an invalid `now`) gives `list-expired` and no policy: never
 * enforce stale data (spec §4). A pattern MTA-STS cannot hold (an underscore) is dropped with
 * `mx-syntax`; none left is `mxs-empty`. Pointers are into `entry` (`/mxs/1`), except
 * `list-expired` (`/expires` of `list`). Never throws, whatever `entry` holds.
 * @example toMtaStsPolicy(lookupPolicy(list, 'gmail.com'), list, Date.UTC(2020, 4, 25)).value // the final EFF list
 * // { id: 'policy-list-1589995512', version: 'STSv1', mode: 'enforce',
 * //   mx: ['gmail-smtp-in.l.google.com', '*.gmail-smtp-in.l.google.com'], maxAge: 840312, extensions: [] }
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.2
 */
export function toMtaStsPolicy(
  entry: PolicyEntry,
  list: PolicyList,
  now: Date | number,
  options: MatchesPolicyMxOptions = {},
): Result<PreloadedMtaStsPolicy, PolicyListIssueCode> {
  const errors: Issue<PolicyListIssueCode>[] = [];
  const warnings: Issue<PolicyListIssueCode>[] = [];
  const at = (...path: (string | number)[]) => ({ pointer: pointer(path) });
  const fail = (code: PolicyListIssueCode, path: (string | number)[], detail?: string) => {
    errors.push(issue(policyListIssues, code, 'error', at(...path), detail));
  };

  const t = +now;
  // Spec §4: an expired list is absent. NaN cannot show freshness, so it fails closed too.
  if (isPolicyListExpired(list, t)) {
    fail(
      'list-expired',
      ['expires'],
      Number.isNaN(t) ? 'now is not a valid time' : String(list.expires.value),
    );
  }
  let def: unknown = entry;
  if (typeof entry === 'object' && entry !== null && 'policyAlias' in entry) {
    const name = entry.policyAlias;
    def = Object.hasOwn(list.policyAliases, name) ? list.policyAliases[name] : undefined;
    if (def === undefined) fail('alias-missing', ['policyAlias'], String(name));
  }
  const d = (typeof def === 'object' && def !== null ? def : {}) as Partial<PolicyDefinition>;
  const mode = d.mode;
  if (def !== undefined && mode !== 'enforce' && mode !== 'testing')
    fail('mode-invalid', ['mode'], typeof mode === 'string' ? mode : typeof mode);
  const mx: string[] = [];
  const seen = new Set<string>();
  if (def !== undefined && !Array.isArray(d.mxs)) fail('wrong-type', ['mxs'], typeof d.mxs);
  else if (def !== undefined) {
    const anyDepth = options.semantics === 'any-depth';
    d.mxs?.forEach((raw: unknown, i) => {
      if (typeof raw !== 'string') {
        fail('wrong-type', ['mxs', i], typeof raw);
        return;
      }
      // "*.x" is read as ".x", as the parser's lenient mode and starttls-backend do.
      const star = raw.startsWith('*.');
      const suffix = star || raw.startsWith('.');
      const h = validateHostname(raw.slice(star ? 2 : suffix ? 1 : 0), { trailingDot: true });
      if (!h.ok) {
        // RFC 8461 §3.2: mx is ["*."] RFC 5321 Domain; list names with "_" are outside it.
        warnings.push(issue(policyListIssues, 'mx-syntax', 'warning', at('mxs', i), raw));
        return;
      }
      // RFC 8461 §4.1: "*." covers exactly one label, which is what one-label ".x" means.
      if (suffix && anyDepth)
        warnings.push(issue(policyListIssues, 'mx-any-depth-narrowed', 'warning', at('mxs', i), raw));
      seen.add(suffix ? `*.${h.value.ascii}` : h.value.ascii);
    });
    // first occurrences in order; a Set, as includes() per pattern was quadratic
    for (const p of seen) mx.push(p);
    if (mx.length === 0) fail('mxs-empty', ['mxs']);
  }
  const [first, ...rest] = errors;
  if (first !== undefined) return { ok: false, errors: [first, ...rest], warnings };
  // Spec §5: max_age = clamp(floor((expires - now) / 1 s), 0, 31557600). (go-mtasts computes
  // now - expires, which has the wrong sign.)
  const maxAge = Math.min(Math.max(Math.floor((list.expires.epochMs - t) / 1000), 0), MAX_AGE_LIMIT);
  const issued = Math.floor(list.timestamp.epochMs / 1000);
  return {
    ok: true,
    value: {
      id: `policy-list-${Number.isFinite(issued) ? issued : 0}`,
      version: 'STSv1',
      mode: mode as PolicyMode,
      mx,
      maxAge,
      extensions: [],
    },
    warnings,
  };
}
