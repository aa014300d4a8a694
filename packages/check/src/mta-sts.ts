/**
 * MTA-STS for a sending MTA (RFC 8461 §3–5): record discovery through a {@link Resolver}, the
 * policy fetch through fetch, a cache honouring max_age, and the per-MX decision.
 * @module
 */
import type { Issue } from '@mailtls/core';
import {
  checkPolicyResponse,
  isMxAllowed,
  MAX_POLICY_BYTES,
  type MtaStsPolicy,
  type MtaStsRecord,
  mtaStsPolicyUrl,
  selectMtaStsRecord,
  type TlsrptStsResultType,
  tlsrptResultType,
} from '@mailtls/mta-sts';
import { abortController, timer } from './_globals.ts';
import type { FetchLike } from './fetch.ts';
import { readCapped } from './fetch.ts';
import type { DnsResponse, Resolver } from './resolver.ts';

/** A cached policy (RFC 8461 §5.1): the policy, the record id it came with, when it expires. */
export interface CachedPolicy {
  readonly policy: MtaStsPolicy;
  readonly id: string;
  /** Epoch milliseconds when the policy was fetched. */
  readonly fetchedAt: number;
}

/** A pluggable policy store: a Map, a KV namespace, Redis… (async or not). */
export interface PolicyStore {
  get(domain: string): CachedPolicy | undefined | Promise<CachedPolicy | undefined>;
  set(domain: string, entry: CachedPolicy): void | Promise<void>;
}

/** An in-memory {@link PolicyStore} (the default). */
export function memoryPolicyStore(): PolicyStore {
  const m = new Map<string, CachedPolicy>();
  return { get: (d) => m.get(d), set: (d, e) => void m.set(d, e) };
}

/** Whether a cached entry is still fresh at `now` (max_age seconds after the fetch, RFC 8461 §3.2). */
export function isFresh(entry: CachedPolicy, now: number): boolean {
  return now < entry.fetchedAt + entry.policy.maxAge * 1000;
}

/** The outcome of {@link fetchMtaStsPolicy}. */
export interface PolicyFetch {
  readonly url: string;
  readonly ok: boolean;
  readonly policy?: MtaStsPolicy;
  readonly status?: number;
  readonly contentType?: string | null;
  /** Errors and warnings from the HTTP rules and the policy parser (@mailtls/mta-sts codes). */
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
  /** The TLSRPT result type of a failure (RFC 8460 §4.3.2.2). */
  readonly resultType?: TlsrptStsResultType;
  /** A network failure (DNS, TLS, refused, timeout): no HTTP response at all. */
  readonly networkError?: string;
}

/** Options of {@link fetchMtaStsPolicy}. */
export interface FetchPolicyOptions {
  readonly fetch: FetchLike;
  /** Timeout for the whole request, body included; default 60 s (RFC 8461 §3.3 suggests about a minute). */
  readonly timeoutMs?: number;
  /** Strict mode for @mailtls/mta-sts (a wrong Content-Type is then an error). */
  readonly strict?: boolean;
}

/**
 * Fetches and checks the policy of `domain` per RFC 8461 §3.3: HTTPS to
 * `mta-sts.<domain>/.well-known/mta-sts.txt` only, `redirect: 'manual'` (a redirect is a
 * failure), no cache, the body streamed and cut at 64 KiB, an abort after `timeoutMs`, then
 * `checkPolicyResponse` (status, Content-Type, size, syntax). Never throws.
 * @example await fetchMtaStsPolicy('example.com', { fetch }) // { ok: true, policy: { mode: 'enforce', … }, … }
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.3
 */
export async function fetchMtaStsPolicy(domain: string, options: FetchPolicyOptions): Promise<PolicyFetch> {
  let url: string;
  try {
    url = mtaStsPolicyUrl(domain);
  } catch (e) {
    return {
      url: '',
      ok: false,
      errors: [],
      warnings: [],
      resultType: 'sts-policy-fetch-error',
      networkError: (e as Error).message,
    };
  }
  const ctl = abortController();
  const cancel = timer(options.timeoutMs ?? 60_000, () => ctl.abort());
  try {
    const res = await options.fetch(url, {
      method: 'GET',
      redirect: 'manual',
      cache: 'no-store',
      headers: { 'accept-encoding': 'identity' },
      signal: ctl.signal,
    });
    // Browsers hide a manual redirect as an opaque response with status 0
    const redirected = res.redirected === true || res.type === 'opaqueredirect';
    const body = (await readCapped(res, MAX_POLICY_BYTES)) ?? new Uint8Array(MAX_POLICY_BYTES + 1);
    const checked = checkPolicyResponse(
      { url, status: res.status, headers: res.headers, body, redirected },
      { strict: options.strict === true },
    );
    const base = { url, status: res.status, contentType: res.headers.get('content-type') };
    if (checked.ok)
      return { ...base, ok: true, policy: checked.value, errors: [], warnings: checked.warnings };
    const resultType = tlsrptResultType(checked.errors[0]) ?? 'sts-policy-invalid';
    return { ...base, ok: false, errors: checked.errors, warnings: checked.warnings, resultType };
  } catch (e) {
    const message = ctl.signal.aborted ? 'timed out' : e instanceof Error ? describe(e) : String(e);
    return {
      url,
      ok: false,
      errors: [],
      warnings: [],
      resultType: 'sts-policy-fetch-error',
      networkError: message,
    };
  } finally {
    cancel();
  }
}

function describe(e: Error): string {
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof Error ? `${e.message}: ${cause.message}` : e.message;
}

/** The MTA-STS state of a domain as a sender sees it. */
export interface MtaStsDiscovery {
  /** The `_mta-sts` TXT lookup. */
  readonly dns: DnsResponse;
  /** The selected record, when exactly one valid one is published. */
  readonly record?: MtaStsRecord;
  /** Record errors and warnings (`record-multiple`, `record-syntax`…). */
  readonly recordIssues: Issue[];
  /** The fetch, when one was made. */
  readonly fetch?: PolicyFetch;
  /** The policy in force: fetched, or from the cache. */
  readonly policy?: MtaStsPolicy;
  /** Where the policy came from. */
  readonly source?: 'fetched' | 'cache';
}

/** Options of {@link discoverMtaSts}. */
export interface DiscoverOptions extends FetchPolicyOptions {
  readonly resolver: Resolver;
  readonly store?: PolicyStore;
  /** The current time (epoch ms or Date); default now. */
  readonly now?: number | Date;
  /** Called once per HTTP request made (for counting). */
  readonly onRequest?: () => void;
}

/**
 * Discovers and retrieves a domain's policy (RFC 8461 §3.1, §3.3, §5.1): the `_mta-sts` TXT
 * record; with a valid record, a fresh cached policy under the same `id` is used as is; otherwise
 * the policy is fetched and cached. When the record is missing or the fetch fails, an unexpired
 * cached policy stays in force (§5.1: a removed record does not end a cached policy).
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-5.1
 */
export async function discoverMtaSts(domain: string, options: DiscoverOptions): Promise<MtaStsDiscovery> {
  const now = options.now === undefined ? Date.now() : +options.now;
  const store = options.store;
  const dns = await options.resolver.query(`_mta-sts.${domain}`, 'TXT');
  const cached = store === undefined ? undefined : await store.get(domain);
  const fresh = cached !== undefined && isFresh(cached, now) ? cached : undefined;
  const fromCache = (): MtaStsDiscovery['policy'] => fresh?.policy;
  if (dns.outcome !== 'answer' && dns.outcome !== 'nodata' && dns.outcome !== 'nxdomain') {
    // a failed lookup is not "no policy": keep the cached one (§5.1)
    return fresh
      ? { dns, recordIssues: [], policy: fresh.policy, source: 'cache' }
      : { dns, recordIssues: [] };
  }
  const txt = dns.records.flatMap((r) => (r.type === 'TXT' ? [r.data] : []));
  const selected = selectMtaStsRecord(txt);
  if (!selected.ok) {
    const recordIssues: Issue[] = [...selected.errors, ...selected.warnings];
    const policy = fromCache();
    return policy ? { dns, recordIssues, policy, source: 'cache' } : { dns, recordIssues };
  }
  const record = selected.value;
  const recordIssues: Issue[] = [...selected.warnings];
  if (fresh !== undefined && fresh.id === record.id) {
    return { dns, record, recordIssues, policy: fresh.policy, source: 'cache' };
  }
  options.onRequest?.();
  const fetched = await fetchMtaStsPolicy(domain, options);
  if (fetched.ok && fetched.policy !== undefined) {
    await store?.set(domain, { policy: fetched.policy, id: record.id, fetchedAt: now });
    return { dns, record, recordIssues, fetch: fetched, policy: fetched.policy, source: 'fetched' };
  }
  const policy = fromCache();
  return policy
    ? { dns, record, recordIssues, fetch: fetched, policy, source: 'cache' }
    : { dns, record, recordIssues, fetch: fetched };
}

/**
 * The sender's MTA-STS decision for one MX (RFC 8461 §4.2, §5): `deliver` (no policy, `none`, or
 * the MX matches and its certificate is valid), `deliver-and-report` (a `testing` policy failed),
 * `refuse` (an `enforce` policy failed: the MX must not be used).
 */
export type MtaStsDecision = 'no-policy' | 'deliver' | 'deliver-and-report' | 'refuse';

/**
 * Applies a policy to an MX (RFC 8461 §4.1–4.2, §5): the MX host must match a policy `mx`
 * pattern, and the server must offer STARTTLS with a WebPKI-valid certificate whose DNS-ID
 * matches the MX host name.
 * @example mtaStsDecision({ mode: 'enforce', mx: ['mx.example.com'] }, 'mx.example.com', true) // 'deliver'
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-5
 */
export function mtaStsDecision(
  policy: Pick<MtaStsPolicy, 'mode' | 'mx'> | undefined,
  mxHost: string,
  certificateValid: boolean,
): MtaStsDecision {
  if (policy === undefined || policy.mode === 'none') return policy ? 'deliver' : 'no-policy';
  const ok = isMxAllowed(policy, mxHost) && certificateValid;
  if (ok) return 'deliver';
  return policy.mode === 'enforce' ? 'refuse' : 'deliver-and-report';
}
