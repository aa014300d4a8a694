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
  /**
   * Required for `certificate-not-trusted` and `validation-failure`: §4.3.1 and §4.3.3 say
   * SHOULD, and the spec notes' generation rules (section 10) make it a must, so that the output
   * passes strict mode with no warning. The builder throws without it.
   */
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
  /**
   * The report so far: canonical and RFC-conformant; format it with `formatTlsrptReport`. Throws
   * `TypeError` when no session was added: a report needs at least one policy (§4.4).
   */
  build(): TlsrptReport;
}

const MS_PER_DAY = 86_400_000;

interface PolicyState {
  readonly policy: TlsrptPolicy;
  ok: number;
  failed: number;
  readonly details: Map<string, { detail: Omit<TlsrptFailureDetail, 'failedSessionCount'>; count: number }>;
}

// Free text goes into I-JSON (RFC 7493 §2.1): no unpaired surrogate. With the u flag a pair is
// one code point, so this class matches only a lone half.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/**
 * Creates a report builder for one submitter and one UTC day (§4.1). Inputs are validated and
 * normalised as they arrive (A-labels, RFC 5952 IPs, canonical TLSA strings); input that would
 * make the report fail strict mode or draw a warning there throws `TypeError` at the call that
 * gives it (empty or ill-formed text, a count total past 2^53 - 1, a missing
 * `failureReasonCode` where §4.3.1 wants one), and the builder is left as it was. The result
 * follows the spec notes' generation rules (section 10): `Z` times from `00:00:00Z` to
 * `23:59:59Z`, policies merged by (type, domain, strings, mx-host), details merged by every field
 * but the count, optionals omitted rather than `null`.
 * @example
 * const b = createTlsrptReportBuilder({ organizationName: 'Example', contactInfo: 'tlsrpt@mta.example', day: '2025-01-01' });
 * b.addSuccess({ policyType: 'sts', policyDomain: 'example.com', policyStrings: ['version: STSv1', 'mode: enforce', 'mx: mx.example.com', 'max_age: 86400'] }, 10);
 * formatTlsrptReport(b.build()) // '{"organization-name":"Example","date-range":{…},…}'
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-4
 */
export function createTlsrptReportBuilder(options: TlsrptReportBuilderOptions): TlsrptReportBuilder {
  if (typeof options !== 'object' || options === null) throw new TypeError('options are required');
  const organizationName = text(options.organizationName, 'organizationName');
  if (typeof options.contactInfo !== 'string' || !isAddrSpec(options.contactInfo))
    throw new TypeError(`contactInfo is not an e-mail address: ${JSON.stringify(options.contactInfo)}`);
  text(options.contactInfo, 'contactInfo');
  const contactInfo = options.contactInfo;
  // §4.4 report-id is required and a string: an empty one reads as missing
  const givenId = options.reportId === undefined ? undefined : text(options.reportId, 'reportId');
  const startMs = dayStart(options.day);
  const policies = new Map<string, PolicyState>();

  /** The state of `p`'s policy; a new one is not kept until the caller commits it. */
  const state = (p: TlsrptSessionPolicy): { s: PolicyState; commit: () => void } => {
    const policy = normalisePolicy(p);
    const key = `${policy.policyType}\n${policy.policyDomain}\n${policy.policyStrings.join('\n')}\n${policy.mxHost.join(',')}`;
    const found = policies.get(key);
    if (found !== undefined) return { s: found, commit: () => undefined };
    const s: PolicyState = { policy, ok: 0, failed: 0, details: new Map() };
    return { s, commit: () => policies.set(key, s) };
  };

  const builder: TlsrptReportBuilder = {
    addSuccess(policy, count = 1) {
      checkCount(count);
      const { s, commit } = state(policy);
      const ok = total(s.ok, count, 'total-successful-session-count');
      commit();
      s.ok = ok;
      return builder;
    },
    addFailure(policy, failure, count = 1) {
      checkCount(count);
      const list = Array.isArray(failure)
        ? (failure as readonly TlsrptFailureInput[])
        : [failure as TlsrptFailureInput];
      if (list.length === 0) throw new TypeError('addFailure: at least one failure is required');
      const { s, commit } = state(policy);
      // Everything is checked before anything is counted, so a throw leaves the builder as it was
      const failed = total(s.failed, count, 'total-failure-session-count');
      const next = new Map<
        string,
        { detail: Omit<TlsrptFailureDetail, 'failedSessionCount'>; count: number }
      >();
      for (const f of list) {
        const detail = normaliseDetail(f);
        const key = JSON.stringify(detail);
        const prev = next.get(key) ?? s.details.get(key);
        next.set(key, { detail, count: total(prev?.count ?? 0, count, 'failed-session-count') });
      }
      commit();
      s.failed = failed;
      for (const [key, d] of next) {
        const kept = s.details.get(key);
        if (kept === undefined) s.details.set(key, d);
        else kept.count = d.count;
      }
      return builder;
    },
    build() {
      if (policies.size === 0)
        throw new TypeError('build: no session was added; a report needs at least one policy (§4.4)');
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
      const contactDomain = contactInfo.slice(contactInfo.lastIndexOf('@') + 1).toLowerCase();
      const first = results[0]?.policy.policyDomain ?? contactDomain;
      const reportId = givenId ?? `${start.slice(0, 10).replaceAll('-', '')}.${first}@${contactDomain}`;
      return {
        organizationName,
        dateRange: {
          start,
          end,
          startMs,
          endMs: startMs + MS_PER_DAY - 1000,
          endExclusiveMs: startMs + MS_PER_DAY,
        },
        contactInfo,
        reportId,
        policies: results,
      };
    },
  };
  return builder;
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new TypeError(`count must be a non-negative safe integer, got ${String(n)}`);
}

/** A running total, which must stay a safe integer (§4.4 counts; I-JSON, RFC 7493 §2.2). */
function total(sum: number, n: number, what: string): number {
  if (sum + n > Number.MAX_SAFE_INTEGER)
    throw new TypeError(`${what} would exceed 2^53 - 1 (${sum} + ${n}): start another report`);
  return sum + n;
}

/** Free text for the report: a non-empty string with no unpaired surrogate (I-JSON). */
function text(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new TypeError(`${what} must be a non-empty string`);
  if (LONE_SURROGATE.test(v)) throw new TypeError(`${what} holds an unpaired surrogate: not I-JSON`);
  return v;
}

function dayStart(day: string | number | undefined): number {
  if (day === undefined) return Math.floor(Date.now() / MS_PER_DAY) * MS_PER_DAY - MS_PER_DAY;
  if (typeof day === 'number') {
    const ms = Math.floor(day / MS_PER_DAY) * MS_PER_DAY;
    // RFC 3339 years 0000–9999: the range must be writable as date-times
    if (formatDateTime(ms) === undefined || formatDateTime(ms + MS_PER_DAY - 1000) === undefined)
      throw new TypeError(`day must be a time in the years 0000–9999, got ${day}`);
    return ms;
  }
  if (typeof day !== 'string') throw new TypeError('day must be YYYY-MM-DD or epoch milliseconds');
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
  const policyStrings = (p.policyStrings ?? []).map((s) => {
    const given = text(s, 'an STS policy string');
    // trailing WSP and line breaks, by a loop (/[ \t\r\n]+$/ is quadratic on inner white space)
    let e = given.length;
    while (e > 0 && ' \t\r\n'.includes(given[e - 1] as string)) e--;
    const line = given.slice(0, e);
    if (/[\r\n]/.test(line)) throw new TypeError(`one policy line per string: ${JSON.stringify(s)}`);
    return line;
  });
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
  else if (f.resultType === 'certificate-not-trusted' || f.resultType === 'validation-failure') {
    // §4.3.1/§4.3.3 SHOULD, and spec notes section 10 "Include failure-reason-code" for these two;
    // without it strict mode warns (failure-reason-code-missing)
    throw new TypeError(`failureReasonCode is required for ${f.resultType} (RFC 8460 §4.3.1)`);
  }
  return d as Omit<TlsrptFailureDetail, 'failedSessionCount'>;
}
