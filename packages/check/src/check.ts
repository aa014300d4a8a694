/**
 * `checkDomain`: the whole picture of a mail domain's transport security — MX set, STARTTLS,
 * certificates, DANE, MTA-STS, TLSRPT, the STARTTLS-Everywhere list — and an overall verdict.
 * @module
 */
import { type Issue, issue, quote, validateHostname } from '@mailtls/core';
import {
  type DaneVerification,
  type DnssecStatus,
  formatTlsaRecord,
  type SignatureVerifier,
  toTlsrptPolicy,
  verifyDane,
} from '@mailtls/dane';
import { lintMtaSts, type MtaStsPolicy, type MtaStsRecord } from '@mailtls/mta-sts';
import { isMxAllowedByList, lookupPolicy, type PolicyList, type ResolvedPolicy } from '@mailtls/policy-list';
import { selectTlsrptRecord, type TlsrptRecord } from '@mailtls/tlsrpt';
import type { FetchLike } from './fetch.ts';
import { checkIssues } from './issues.ts';
import {
  discoverMtaSts,
  type MtaStsDecision,
  mtaStsDecision,
  type PolicyFetch,
  type PolicyStore,
} from './mta-sts.ts';
import type { Probe, ProbeResult } from './probe.ts';
import {
  type CheckCounters,
  type DnsOutcome,
  type ExtendedDnsError,
  memoResolver,
  type Resolver,
} from './resolver.ts';
import { lookupTlsa } from './tlsa.ts';

/** Options of {@link checkDomain}. */
export interface CheckOptions {
  readonly resolver: Resolver;
  readonly fetch: FetchLike;
  /** Probes an MX; omit to skip STARTTLS (then no certificate, DANE or MTA-STS match is checked). */
  readonly probe?: Probe;
  /** A parsed STARTTLS-Everywhere list to look the domain up in. */
  readonly policyList?: PolicyList;
  /** The MTA-STS policy cache; default none (every check fetches). */
  readonly store?: PolicyStore;
  /** Timeout of the policy fetch in milliseconds; default 60 000. */
  readonly httpTimeoutMs?: number;
  /** Strict mode for the MTA-STS fetch (a wrong Content-Type is then `sts-policy-invalid`). */
  readonly strict?: boolean;
  /** The current time; default now. Used for DANE-TA dates, the cache and the policy list's expiry. */
  readonly now?: number | Date;
  /**
   * Certificate signature checks for DANE-TA path validation; default @mailtls/dane's (node:crypto
   * under the `node` export condition, WebCrypto elsewhere).
   */
  readonly signatureVerifier?: SignatureVerifier;
}

/** A failure as a TLSRPT report would carry it (RFC 8460 §4.3). */
export interface CheckFailure {
  /** What failed: the MTA-STS policy, DANE, or STARTTLS/the connection. */
  readonly policy: 'sts' | 'tlsa' | 'starttls';
  readonly resultType: string;
  readonly detail: string;
}

/** The DANE part of an MX report. */
export interface MxDane {
  readonly owner: string;
  readonly dnssec: DnssecStatus;
  readonly outcome: DnsOutcome;
  /** The RRset in presentation form. */
  readonly records: string[];
  readonly cnames: string[];
  readonly decision: 'no-dane' | 'encrypt-only' | 'verify' | 'defer';
  /** `verified`, `failed`, `not-checked` (no TLS), or the decision's own status. */
  readonly status: 'verified' | 'failed' | 'not-checked' | 'no-dane' | 'encrypt-only' | 'defer';
  /** The outcome of `verifyDane`; `warnings` (e.g. `trust-anchor-expired`) only when there are some. */
  readonly verification?: Pick<DaneVerification, 'verified' | 'depth' | 'error' | 'warnings'>;
  /** Extended DNS Errors (RFC 8914) of the TLSA answer: why a validating resolver failed it. */
  readonly ede?: readonly ExtendedDnsError[];
}

/** One MX in the report. */
export interface MxReport {
  readonly host: string;
  readonly preference: number;
  readonly addresses: string[];
  readonly starttls?: ProbeResult;
  readonly dane: MxDane;
  readonly mtaSts: {
    readonly allowed?: boolean;
    readonly certificateValid?: boolean;
    readonly decision: MtaStsDecision;
  };
  /** Whether the STARTTLS-Everywhere list allows this MX (undefined: domain not listed). */
  readonly policyList?: boolean;
  readonly failures: CheckFailure[];
  /** Whether delivery to this MX is authenticated (DANE verified, or MTA-STS enforce satisfied). */
  readonly authenticated: boolean;
}

/** An MX record whose exchange is not a usable host name: reported, never queried or probed. */
export interface InvalidMx {
  /** The exchange as the resolver gave it (may hold any character: escape it before printing). */
  readonly host: string;
  readonly preference: number;
  /** `mx-null-mixed`, or the `hostname-*` issue of @mailtls/core's `validateHostname`. */
  readonly issue: Issue;
}

/** The result of {@link checkDomain}. */
export interface CheckReport {
  /** The domain checked, in lower-case A-labels; as given (or `''` when not a string) on an input error. */
  readonly domain: string;
  /**
   * Present only when the input was unusable (the domain is not a host name, or the options have
   * no resolver): then nothing was queried, `verdict` is `fail` and the other parts are empty.
   * Codes: `domain-not-string`, `options-invalid`, or core's `hostname-*`.
   */
  readonly inputIssues?: readonly Issue[];
  readonly mx: {
    readonly outcome: DnsOutcome;
    readonly dnssec: boolean | undefined;
    /** `explicit` MX RRset, `implicit` (no MX: the domain itself, RFC 5321 §5.1), `null` MX (RFC 7505). */
    readonly kind: 'explicit' | 'implicit' | 'null' | 'none';
    /** The MX hosts with valid host names, by preference. */
    readonly hosts: MxReport[];
    /** MX records left out of `hosts` because their exchange is not a host name (absent when none). */
    readonly invalid?: readonly InvalidMx[];
  };
  readonly mtaSts: {
    readonly record?: MtaStsRecord;
    readonly recordIssues: Issue[];
    readonly fetch?: PolicyFetch;
    readonly policy?: MtaStsPolicy;
    readonly source?: 'fetched' | 'cache';
    readonly lint: Issue[];
    readonly failures: CheckFailure[];
  };
  readonly tlsrpt: {
    readonly outcome: DnsOutcome;
    readonly record?: TlsrptRecord;
    readonly issues: readonly Issue[];
  };
  readonly policyList?: { readonly listed: boolean; readonly policy?: ResolvedPolicy };
  /**
   * `pass`: every MX authenticated (DANE or MTA-STS enforce). `fail`: a published policy fails
   * (an MX a sender would refuse or defer) or the domain cannot receive mail. `warn`: mail is
   * protected opportunistically at best (testing mode, no policy, partial coverage).
   */
  readonly verdict: 'pass' | 'warn' | 'fail';
  readonly reasons: string[];
  readonly counts: CheckCounters;
}

/**
 * Checks a mail domain end to end: MX (or implicit MX), the MTA-STS record and policy (fetched
 * per RFC 8461 §3.3, linted), the TLSRPT record, and for each MX its TLSA RRset and DANE
 * decision, a STARTTLS probe, DANE verification of the chain, and the MTA-STS decision. Each
 * name+type is queried once per call. Never throws or rejects: network failures (and a resolver
 * or probe that throws) are reported; a domain that is not a host name (an IP literal, a port, a
 * wildcard, an empty label, over 253 octets, not a string) gives a `fail` report with
 * `inputIssues` and no query sent. MX targets that are not host names, and a null MX beside
 * other MXes (RFC 7505 §3), are listed in `mx.invalid`, never queried.
 * @example const report = await checkDomain('example.com', { resolver, fetch, probe: starttlsProbe() })
 * // report.verdict: 'pass' | 'warn' | 'fail'; report.mx.hosts[0].dane.status: 'verified' …
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-5
 * @see https://www.rfc-editor.org/rfc/rfc7672#section-2
 */
export async function checkDomain(domain: string, options: CheckOptions): Promise<CheckReport> {
  const counts: CheckCounters = { dnsQueries: 0, httpRequests: 0, tlsHandshakes: 0 };
  // Total for JavaScript callers: a domain that is not a host name (IP literal, empty label,
  // wildcard, port, control character, over 253 octets) is reported before any query is sent.
  const input = validateInput(domain, options);
  if (!input.ok) return inputError(typeof domain === 'string' ? domain : '', input.issue, counts);
  const name = input.name;
  const resolver = memoResolver(options.resolver, counts);
  const now = options.now === undefined ? Date.now() : +options.now;

  const [mxDns, sts, rptDns] = await Promise.all([
    resolver.query(name, 'MX'),
    discoverMtaSts(name, {
      resolver,
      fetch: options.fetch,
      now,
      onRequest: () => counts.httpRequests++,
      strict: options.strict === true,
      ...(options.store === undefined ? {} : { store: options.store }),
      ...(options.httpTimeoutMs === undefined ? {} : { timeoutMs: options.httpTimeoutMs }),
    }),
    resolver.query(`_smtp._tls.${name}`, 'TXT'),
  ]);

  // MX set (RFC 5321 §5.1: no MX RRset → the domain itself; RFC 7505: "0 ." → no mail)
  let kind: CheckReport['mx']['kind'] = 'explicit';
  let mxList: { host: string; preference: number }[] = [];
  const invalidMx: InvalidMx[] = [];
  if (mxDns.outcome === 'answer') {
    const all: { host: string; preference: number }[] = [];
    for (const r of mxDns.records)
      if (r.type === 'MX') all.push({ host: r.data.exchange, preference: r.data.preference });
    all.sort((a, b) => a.preference - b.preference || (a.host < b.host ? -1 : 1));
    const isNull = (h: string): boolean => h === '' || h === '.';
    if (all.length > 0 && all.every((m) => isNull(m.host))) kind = 'null';
    else
      for (const m of all) {
        // RFC 7505 §3: a domain that publishes a null MX "MUST NOT advertise any other MX RR".
        // Beside other MXes the "." is malformed: senders find no host by that name and use the
        // others, so it is reported and skipped, never looked up.
        if (isNull(m.host)) {
          invalidMx.push({ ...m, issue: issue(checkIssues, 'mx-null-mixed', 'error') });
          continue;
        }
        // Every name taken from DNS is validated before it is queried, probed or printed.
        const v = validateHostname(m.host);
        if (v.ok) mxList.push({ host: v.value.ascii, preference: m.preference });
        else invalidMx.push({ ...m, issue: v.errors[0] });
      }
  } else if (mxDns.outcome === 'nodata') {
    kind = 'implicit';
    mxList = [{ host: name, preference: 0 }];
  } else kind = 'none';

  const policy = sts.policy;
  const listed =
    options.policyList === undefined ? undefined : lookupPolicy(options.policyList, name, { now });
  const hosts = await Promise.all(
    mxList.map((mx) => checkMx(mx, name, mxDns.ad === true, policy, options, resolver, counts, now)),
  );

  const stsFailures: CheckFailure[] = [];
  if (sts.record !== undefined && sts.fetch !== undefined && !sts.fetch.ok) {
    const first = sts.fetch.errors[0];
    stsFailures.push({
      policy: 'sts',
      resultType: sts.fetch.resultType ?? 'sts-policy-fetch-error',
      detail: sts.fetch.networkError ?? first?.message ?? 'policy fetch failed',
    });
  }
  const lint =
    sts.record !== undefined || policy !== undefined
      ? lintMtaSts({
          domain: name,
          record: sts.record ?? null,
          policy: policy ?? null,
          mxHosts: kind === 'explicit' ? mxList.map((m) => m.host) : kind === 'null' ? ['.'] : [],
        })
      : [];

  const rptTxt = rptDns.records.flatMap((r) => (r.type === 'TXT' ? [r.data] : []));
  const rpt = selectTlsrptRecord(rptTxt);
  const tlsrpt: CheckReport['tlsrpt'] = rpt.ok
    ? { outcome: rptDns.outcome, record: rpt.value, issues: rpt.warnings }
    : { outcome: rptDns.outcome, issues: [...rpt.errors, ...rpt.warnings] };

  // Verdict
  const reasons: string[] = [];
  let verdict: CheckReport['verdict'] = 'pass';
  const worse = (v: 'warn' | 'fail', why: string): void => {
    reasons.push(why);
    if (v === 'fail' || verdict === 'pass') verdict = v;
  };
  if (kind === 'none') worse('fail', `MX lookup failed: ${mxDns.outcome}`);
  if (kind === 'null') worse('warn', 'null MX: the domain accepts no mail');
  for (const m of invalidMx)
    worse(
      'warn',
      m.issue.code === 'mx-null-mixed'
        ? 'null MX (".") beside other MX records (RFC 7505 §3): senders skip it'
        : `invalid MX ${quote(m.host)} skipped: ${m.issue.message}`,
    );
  if (kind === 'explicit' && mxList.length === 0)
    worse('fail', 'no valid MX host: the domain cannot receive mail');
  if (sts.record !== undefined && policy === undefined)
    worse('fail', 'MTA-STS record published but no valid policy');
  if (sts.recordIssues.some((i) => i.code === 'record-multiple')) worse('fail', 'several MTA-STS records');
  if (policy?.mode === 'testing') worse('warn', 'MTA-STS policy in testing mode');
  for (const h of hosts) {
    if (h.mtaSts.decision === 'refuse') worse('fail', `${h.host}: MTA-STS enforce would refuse this MX`);
    if (h.dane.decision === 'defer') worse('fail', `${h.host}: TLSA lookup failed, DANE senders defer`);
    if (h.dane.status === 'failed') worse('fail', `${h.host}: DANE verification failed`);
    // dane spec §6.4: an expired trust anchor still verifies for OpenSSL and Postfix, but a
    // verifier that checks its dates fails: renew it before they do
    if (h.dane.verification?.warnings?.some((w) => w.code === 'trust-anchor-expired'))
      worse('warn', `${h.host}: DANE trust anchor expired (verifiers that check its dates fail)`);
    if (h.starttls !== undefined && !h.starttls.starttlsOffered)
      worse(
        h.dane.decision === 'verify' || policy?.mode === 'enforce' ? 'fail' : 'warn',
        `${h.host}: no STARTTLS`,
      );
    if (!h.authenticated && h.failures.length === 0)
      worse('warn', `${h.host}: not authenticated (no DANE, no MTA-STS enforce)`);
    else if (!h.authenticated && verdict === 'pass') worse('warn', `${h.host}: not authenticated`);
  }
  if (hosts.length > 0 && policy === undefined && hosts.every((h) => h.dane.decision === 'no-dane'))
    worse('warn', 'no MTA-STS policy and no DANE: opportunistic TLS only');
  if (tlsrpt.record === undefined) reasons.push('no TLSRPT record: failures are not reported to the domain');

  const out: { -readonly [K in keyof CheckReport]: CheckReport[K] } = {
    domain: name,
    mx: {
      outcome: mxDns.outcome,
      dnssec: mxDns.ad,
      kind,
      hosts,
      ...(invalidMx.length > 0 ? { invalid: invalidMx } : {}),
    },
    mtaSts: { ...sts, lint, failures: stsFailures },
    tlsrpt,
    verdict,
    reasons: [...new Set(reasons)],
    counts,
  };
  delete (out.mtaSts as { dns?: unknown }).dns;
  if (options.policyList !== undefined)
    out.policyList = listed === undefined ? { listed: false } : { listed: true, policy: listed };
  return out;
}

type Input = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly issue: Issue };

/** The domain as a validated A-label name, or why it cannot be checked. */
function validateInput(domain: unknown, options: unknown): Input {
  const resolver =
    typeof options === 'object' && options !== null ? (options as CheckOptions).resolver : undefined;
  if (typeof resolver !== 'object' || resolver === null || typeof resolver.query !== 'function')
    return { ok: false, issue: issue(checkIssues, 'options-invalid', 'error') };
  if (typeof domain !== 'string')
    return { ok: false, issue: issue(checkIssues, 'domain-not-string', 'error') };
  // RFC 5321 §2.3.5: a mail domain is LDH labels (U-labels are converted to A-labels here).
  const v = validateHostname(domain);
  return v.ok ? { ok: true, name: v.value.ascii } : { ok: false, issue: v.errors[0] };
}

/** The report for an unusable input: nothing queried, verdict `fail`. */
function inputError(domain: string, why: Issue, counts: CheckCounters): CheckReport {
  return {
    domain,
    inputIssues: [why],
    mx: { outcome: 'error', dnssec: undefined, kind: 'none', hosts: [] },
    mtaSts: { recordIssues: [], lint: [], failures: [] },
    tlsrpt: { outcome: 'error', issues: [] },
    verdict: 'fail',
    reasons: [`${why.code === 'options-invalid' ? 'invalid options' : 'not a valid domain'}: ${why.message}`],
    counts,
  };
}

/** A thrown value as one line of text, whatever it is. */
function describeError(e: unknown, fallback: string): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : fallback;
}

function webpkiResultType(r: ProbeResult): string {
  const e = r.tls?.webpkiError ?? '';
  if (r.tls !== undefined && !r.tls.webpkiValid) {
    if (/EXPIRED/.test(e)) return 'certificate-expired';
    return 'certificate-not-trusted';
  }
  return 'certificate-host-mismatch';
}

async function checkMx(
  mx: { host: string; preference: number },
  domain: string,
  mxSecure: boolean,
  policy: MtaStsPolicy | undefined,
  options: CheckOptions,
  resolver: Resolver,
  counts: CheckCounters,
  now: number,
): Promise<MxReport> {
  const [a, aaaa, tlsa] = await Promise.all([
    resolver.query(mx.host, 'A'),
    resolver.query(mx.host, 'AAAA'),
    lookupTlsa(resolver, mx.host),
  ]);
  const addresses = [...a.records, ...aaaa.records].flatMap((r) =>
    r.type === 'A' || r.type === 'AAAA' ? [r.data] : [],
  );
  const failures: CheckFailure[] = [];
  let probe: ProbeResult | undefined;
  if (options.probe !== undefined) {
    const target = addresses[0] === undefined ? { host: mx.host } : { host: mx.host, address: addresses[0] };
    try {
      probe = await options.probe(target);
    } catch (e) {
      // A probe should resolve with its failure; one that rejects is reported the same way.
      probe = {
        host: mx.host,
        connected: false,
        starttlsOffered: false,
        error: describeError(e, 'probe failed'),
      };
    }
    if (probe.tls !== undefined || probe.starttlsOffered) counts.tlsHandshakes++;
  }
  const tls = probe?.tls;
  const records = tlsa.records.map((r) => formatTlsaRecord(r));
  let verification: DaneVerification | undefined;
  if (tlsa.evaluation.decision === 'verify' && tls !== undefined) {
    verification = await verifyDane({
      chain: tls.chain,
      records: tlsa.records,
      // RFC 7672 §3.2.2: the MX host name; the domain too when the MX RRset was secure
      referenceIds: mxSecure ? [mx.host, domain] : [mx.host],
      now: new Date(now),
      ...(options.signatureVerifier === undefined ? {} : { signatureVerifier: options.signatureVerifier }),
    });
  }
  const decision = tlsa.evaluation.decision;
  const status: MxDane['status'] =
    decision === 'verify'
      ? verification === undefined
        ? probe === undefined
          ? 'not-checked'
          : 'failed'
        : verification.verified
          ? 'verified'
          : 'failed'
      : decision;
  const dane: { -readonly [K in keyof MxDane]: MxDane[K] } = {
    owner: tlsa.owner,
    dnssec: tlsa.dnssec,
    outcome: tlsa.dns.outcome,
    records,
    cnames: tlsa.dns.cnames,
    decision,
    status,
  };
  if (tlsa.dns.ede !== undefined) dane.ede = tlsa.dns.ede;
  if (verification !== undefined) {
    const v: {
      verified: boolean;
      depth: number;
      error?: NonNullable<DaneVerification['error']>;
      warnings?: NonNullable<DaneVerification['warnings']>;
    } = { verified: verification.verified, depth: verification.depth };
    if (verification.error !== undefined) v.error = verification.error;
    if (verification.warnings?.length) v.warnings = verification.warnings;
    dane.verification = v;
  }

  // STARTTLS itself
  if (probe !== undefined && !probe.starttlsOffered) {
    failures.push({
      policy: 'starttls',
      resultType: 'starttls-not-supported',
      detail: probe.connected ? 'STARTTLS not offered (stripped?)' : (probe.error ?? 'connection failed'),
    });
  } else if (probe !== undefined && tls === undefined) {
    failures.push({
      policy: 'starttls',
      resultType: 'validation-failure',
      detail: probe.error ?? 'TLS handshake failed',
    });
  }

  // DANE failures, with their TLSRPT types (@mailtls/dane)
  if (decision !== 'no-dane' && (decision !== 'verify' || probe !== undefined)) {
    const t = toTlsrptPolicy({
      baseDomain: mx.host,
      records: tlsa.records,
      dnssec: tlsa.dnssec,
      ...(verification === undefined ? {} : { verification }),
    });
    const noTls = decision === 'verify' && verification === undefined;
    if (noTls)
      failures.push({
        policy: 'tlsa',
        resultType: 'starttls-not-supported',
        detail: 'DANE requires STARTTLS',
      });
    else if (t.resultType !== undefined)
      failures.push({
        policy: 'tlsa',
        resultType: t.resultType,
        detail: t.failureReasonCode ?? verification?.error?.message ?? '',
      });
  }

  // MTA-STS (§4.1 MX match, §4.2 certificate validity)
  const certificateValid = tls?.webpkiValid === true && tls.nameMatch;
  const allowed =
    policy === undefined
      ? undefined
      : mtaStsDecision({ mode: 'enforce', mx: policy.mx }, mx.host, true) === 'deliver';
  const stsDecision =
    probe === undefined && policy !== undefined && policy.mode !== 'none'
      ? allowed
        ? 'deliver'
        : mtaStsDecision(policy, mx.host, true)
      : mtaStsDecision(policy, mx.host, certificateValid);
  if (policy !== undefined && policy.mode !== 'none') {
    if (allowed === false)
      failures.push({
        policy: 'sts',
        resultType: 'validation-failure',
        detail: `MX ${mx.host} not covered by the policy's mx patterns`,
      });
    if (probe !== undefined && tls !== undefined && !certificateValid)
      failures.push({
        policy: 'sts',
        resultType: webpkiResultType(probe),
        detail:
          tls.webpkiError ?? `certificate names ${tls.names.join(', ') || '(none)'} do not match ${mx.host}`,
      });
    if (probe !== undefined && !probe.starttlsOffered)
      failures.push({
        policy: 'sts',
        resultType: 'starttls-not-supported',
        detail: 'MTA-STS requires STARTTLS',
      });
  }

  const mtaSts: { -readonly [K in keyof MxReport['mtaSts']]: MxReport['mtaSts'][K] } = {
    decision: stsDecision,
  };
  if (allowed !== undefined) mtaSts.allowed = allowed;
  if (probe !== undefined) mtaSts.certificateValid = certificateValid;
  const authenticated =
    status === 'verified' || (policy?.mode === 'enforce' && stsDecision === 'deliver' && probe !== undefined);
  const out: { -readonly [K in keyof MxReport]: MxReport[K] } = {
    host: mx.host,
    preference: mx.preference,
    addresses,
    dane,
    mtaSts,
    failures,
    authenticated,
  };
  if (probe !== undefined) out.starttls = probe;
  if (options.policyList !== undefined) {
    const v = isMxAllowedByList(options.policyList, domain, mx.host, { now });
    if (v !== undefined) out.policyList = v;
  }
  return out;
}
