/**
 * @mailtls/check: inspect a mail domain's live MTA-STS, TLSRPT and DANE setup on a
 * runtime-agnostic network layer — a {@link Resolver} interface with a DNS-over-HTTPS
 * implementation, the MTA-STS fetch and cache, TLSA lookups and {@link checkDomain}. Node's UDP/TCP
 * resolver, the node:dns adapter and the STARTTLS probe are in `@mailtls/check/node`.
 * @module
 */
export {
  type CheckFailure,
  type CheckOptions,
  type CheckReport,
  checkDomain,
  type InvalidMx,
  type MxDane,
  type MxReport,
} from './check.ts';
export { type DohOptions, dohResolver } from './doh.ts';
export type { FetchInit, FetchLike, FetchResponse } from './fetch.ts';
export { type CheckIssueCode, checkIssues } from './issues.ts';
export {
  type CachedPolicy,
  type DiscoverOptions,
  discoverMtaSts,
  type FetchPolicyOptions,
  fetchMtaStsPolicy,
  isFresh,
  type MtaStsDecision,
  type MtaStsDiscovery,
  memoryPolicyStore,
  mtaStsDecision,
  type PolicyFetch,
  type PolicyStore,
} from './mta-sts.ts';
export type { Probe, ProbeResult, ProbeTarget, TlsSession } from './probe.ts';
export {
  type CheckCounters,
  type DnsExchange,
  type DnsOutcome,
  type DnsRecord,
  type DnsResponse,
  DnsTimeoutError,
  type DnsType,
  dnssecStatus,
  type ExtendedDnsError,
  MAX_CNAME_CHAIN,
  memoResolver,
  type Resolver,
  wireResolver,
} from './resolver.ts';
export { lookupTlsa, type TlsaLookup } from './tlsa.ts';
