/**
 * Sender side: accumulate session outcomes over a UTC day and emit an RFC 8460 report.
 * @module
 */
import { formatDateTime, validateHostname } from '@mailtls/core';
import { parseIp } from './_ip.ts';
import {
  formatTlsaString,
  parseStsStrings,
  parseTlsaString,
  type TlsrptTlsaRecord,
} from './_policy-strings.ts';
import { checkUri, isAddrSpec } from './_uri.ts';
import type { TlsrptFailureDetail, TlsrptPolicy, TlsrptPolicyResult, TlsrptReport } from './report.ts';
import { isTlsrptResultType } from './result-types.ts';

/** The policy a session was evaluated against. */
export interface TlsrptSessionPolicy {
  /** `policy-type`. */
  readonly policyType: 'sts' | 'tlsa' | 'no-policy-found';
  /** `policy-domain`: the recipient domain for STS, the TLSA base domain (MX host) for DANE (§3). */
  readonly policyDomain: string;
  /** STS: the policy lines in file order, one per element; TLSA: one RR per element. */
  readonly policyStrings?: readonly string[];
  /** STS only: the `mx` patterns; default: read from the `mx:` policy lines. */
  readonly mxHost?: readonly string[];
}

/** One failure of a session: a result type and what is known about the connection. */
export interface TlsrptFailureInput {
  /** A registered result type (§4.3); an unregistered value throws. */
  readonly resultType: string;
  readonly sendingMtaIp?: string;
  readonly receivingMxHostname?: string;
  readonly receivingMxHelo?: string;
  readonly receivingIp?: string;
  readonly additionalInformation?: string;
  /** SHOULD be given for `certificate-not-trusted` and `validation-failure` (§4.3.1). */
  readonly failureReasonCode?: string;
}

/** Options for {@link createTlsrptReportBuilder}. */
export interface TlsrptReportBuilderOptions {
  /** `organization-name`. */
  readonly organizationName: string;
  /** `contact-info`: an e-mail address whose domain is the submitter domain (§5.3). */
  readonly contactInfo: string;
  /** The UTC day reported: `YYYY-MM-DD`, or epoch milliseconds within it. Default: yesterday (UTC). */
  readonly day?: string | number;
  /**
   * `report-id`; default `<YYYYMMDD>.<first policy domain>@<contact domain>` (mox's scheme): unique
   * per submitter, domain and day, and msg-id compatible so the Subject can carry it unchanged.
   */
  readonly reportId?: string;
}

/** Accumulates session results; see {@link createTlsrptReportBuilder}. */
export interface TlsrptReportBuilder {
  /** Counts `count` (default 1) successful sessions under `policy`. */
  addSuccess(policy: TlsrptSessionPolicy, count?: number): TlsrptReportBuilder;
  /**
   * Counts `count` (default 1) failed sessions under `policy`. Several failures describe one
   * session (counted once in the summary, once under each result type: §4.2 counts overlap).
   */
  addFailure(
    policy: TlsrptSessionPolicy,
    failure: TlsrptFailureInput | readonly TlsrptFailureInput[],
    count?: number,
  ): TlsrptReportBuilder;
  /** The report so far: canonical and RFC-conformant; format it with `formatTlsrptReport`. */
  build(): TlsrptReport;
}

const MS_PER_DAY = 86_400_000;

interface PolicyState {
  readonly policy: TlsrptPolicy;
  ok: number;
  failed: number;
  readonly details: Map<string, { detail: Omit<TlsrptFailureDetail, 'failedSessionCount'>; count: number }>;
}

/**
 * Creates a report builder for one submitter and one UTC day (§4.1). Inputs are validated and
 * normalised as they arrive (A-labels, RFC 5952 IPs, canonical TLSA strings); programmer errors
 * throw `TypeError`. The result follows the spec notes' generation rules: `Z` times from
 * `00:00:00Z` to `23:59:59Z`, policies merged by (type, domain, strings, mx-host), details merged
 * by every field but the count, optionals omitted rather than `null`.
 * @example
 * const b = createTlsrptReportBuilder({ organizationName: 'Example', contactInfo: 'tlsrpt@mta.example', day: '2025-01-01' });
 * b.addSuccess({ policyType: 'sts', policyDomain: 'example.com', policyStrings: ['version: STSv1', 'mode: enforce', 'mx: mx.example.com', 'max_age: 86400'] }, 10);
 * formatTlsrptReport(b.build()) // '{"organization-name":"Example","date-range":{…},…}'
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-4
 */
export function createTlsrptReportBuilder(options: TlsrptReportBuilderOptions): TlsrptReportBuilder {
  if (typeof options.organizationName !== 'string' || options.organizationName === '') {
    throw new TypeError('organizationName is required');
  }
  if (!isAddrSpec(options.contactInfo))
    throw new TypeError(`contactInfo is not an e-mail address: ${JSON.stringify(options.contactInfo)}`);
  const startMs = dayStart(options.day);
  const policies = new Map<string, PolicyState>();

  const state = (p: TlsrptSessionPolicy): PolicyState => {
    const policy = normalisePolicy(p);
    const key = `${policy.policyType}\n${policy.policyDomain}\n${policy.policyStrings.join('\n')}\n${policy.mxHost.join(',')}`;
    let s = policies.get(key);
    if (s === undefined) {
      s = { policy, ok: 0, failed: 0, details: new Map() };
      policies.set(key, s);
    }
    return s;
  };

  const builder: TlsrptReportBuilder = {
    addSuccess(policy, count = 1) {
      checkCount(count);
      state(policy).ok += count;
      return builder;
    },
    addFailure(policy, failure, count = 1) {
      checkCount(count);
      const list = Array.isArray(failure)
        ? (failure as readonly TlsrptFailureInput[])
        : [failure as TlsrptFailureInput];
      if (list.length === 0) throw new TypeError('addFailure: at least one failure is required');
      const s = state(policy);
      s.failed += count;
      for (const f of list) {
        const detail = normaliseDetail(f);
        const key = JSON.stringify(detail);
        const d = s.details.get(key);
        if (d === undefined) s.details.set(key, { detail, count });
        else d.count += count;
      }
      return builder;
    },
    build() {
      const results: TlsrptPolicyResult[] = [];
      for (const s of policies.values()) {
        results.push({
          policy: s.policy,
          summary: { totalSuccessfulSessionCount: s.ok, totalFailureSessionCount: s.failed },
          failureDetails: [...s.details.values()].map(({ detail, count }) => ({
            ...detail,
            failedSessionCount: count,
          })),
        });
      }
      const start = formatDateTime(startMs) as string;
      const end = formatDateTime(startMs + MS_PER_DAY - 1000) as string;
      const contactDomain = options.contactInfo.slice(options.contactInfo.lastIndexOf('@') + 1).toLowerCase();
      const first = results[0]?.policy.policyDomain ?? contactDomain;
      const reportId =
        options.reportId ?? `${start.slice(0, 10).replaceAll('-', '')}.${first}@${contactDomain}`;
      return {
        organizationName: options.organizationName,
        dateRange: {
          start,
          end,
          startMs,
          endMs: startMs + MS_PER_DAY - 1000,
          endExclusiveMs: startMs + MS_PER_DAY,
        },
        contactInfo: options.contactInfo,
        reportId,
        policies: results,
      };
    },
  };
  return builder;
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new TypeError(`count must be a non-negative safe integer, got ${n}`);
}

function dayStart(day: string | number | undefined): number {
  if (day === undefined) return Math.floor(Date.now() / MS_PER_DAY) * MS_PER_DAY - MS_PER_DAY;
  if (typeof day === 'number') {
    if (!Number.isFinite(day)) throw new TypeError('day must be finite');
    return Math.floor(day / MS_PER_DAY) * MS_PER_DAY;
  }
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(day);
  const ms = m === null ? Number.NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (m === null || formatDateTime(ms)?.slice(0, 10) !== day)
    throw new TypeError(`day must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
  return ms;
}

function host(name: string, what: string, wildcard = false): string {
  const r = validateHostname(name, { wildcard });
  if (!r.ok) throw new TypeError(`${what} is not a host name: ${JSON.stringify(name)}`);
  return r.value.ascii;
}

function normalisePolicy(p: TlsrptSessionPolicy): TlsrptPolicy {
  const policyDomain = host(p.policyDomain, 'policyDomain');
  if (p.policyType === 'no-policy-found')
    return { policyType: 'no-policy-found', policyStrings: [], policyDomain, mxHost: [] };
  if (p.policyType === 'tlsa') {
    const tlsa: TlsrptTlsaRecord[] = (p.policyStrings ?? []).map((s) => {
      const r = parseTlsaString(s);
      if (r === undefined) throw new TypeError(`not a TLSA record: ${JSON.stringify(s)}`);
      return r;
    });
    return { policyType: 'tlsa', policyStrings: tlsa.map(formatTlsaString), policyDomain, mxHost: [], tlsa };
  }
  if (p.policyType !== 'sts') throw new TypeError(`unknown policyType ${JSON.stringify(p.policyType)}`);
  // Spec notes section 10: one element per policy line, no trailing white space
  const policyStrings = (p.policyStrings ?? []).map((s) => s.replace(/[ \t\r\n]+$/, ''));
  const { policy: sts, bad } = parseStsStrings(policyStrings);
  if (bad.length > 0)
    throw new TypeError(`not an STS policy line: ${JSON.stringify(policyStrings[bad[0] as number])}`);
  const mxHost = (p.mxHost ?? sts.mx).map((m) => host(m, 'mx-host', true));
  return policyStrings.length === 0
    ? { policyType: 'sts', policyStrings, policyDomain, mxHost }
    : { policyType: 'sts', policyStrings, policyDomain, mxHost, sts };
}

function normaliseDetail(f: TlsrptFailureInput): Omit<TlsrptFailureDetail, 'failedSessionCount'> {
  if (!isTlsrptResultType(f.resultType))
    throw new TypeError(`unregistered result type ${JSON.stringify(f.resultType)}`);
  const ip = (v: string, what: string): string => {
    const r = parseIp(v);
    if (r === undefined) throw new TypeError(`${what} is not an IP address: ${JSON.stringify(v)}`);
    return r.canonical;
  };
  const text = (v: string, what: string): string => {
    if (v === '') throw new TypeError(`${what} must not be empty: omit it instead`);
    return v;
  };
  const d: { -readonly [K in keyof TlsrptFailureDetail]?: TlsrptFailureDetail[K] } = {
    resultType: f.resultType,
  };
  if (f.sendingMtaIp !== undefined) d.sendingMtaIp = ip(f.sendingMtaIp, 'sendingMtaIp');
  if (f.receivingMxHostname !== undefined)
    d.receivingMxHostname = host(f.receivingMxHostname, 'receivingMxHostname');
  if (f.receivingMxHelo !== undefined) d.receivingMxHelo = text(f.receivingMxHelo, 'receivingMxHelo');
  if (f.receivingIp !== undefined) d.receivingIp = ip(f.receivingIp, 'receivingIp');
  if (f.additionalInformation !== undefined) {
    if (typeof checkUri(f.additionalInformation) === 'number')
      throw new TypeError('additionalInformation is not a URI');
    d.additionalInformation = f.additionalInformation;
  }
  if (f.failureReasonCode !== undefined) d.failureReasonCode = text(f.failureReasonCode, 'failureReasonCode');
  return d as Omit<TlsrptFailureDetail, 'failedSessionCount'>;
}
