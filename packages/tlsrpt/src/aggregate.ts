/**
 * Receiver side: deduplicate reports and aggregate session counts along the dimensions operators
 * build dashboards on (spec notes section 9).
 * @module
 */
import { type Issue, issue } from '@mailtls/core';
import { formatTlsrptReport } from './format.ts';
import { type TlsrptIssueCode, tlsrptIssues } from './issues.ts';
import type { TlsrptReport } from './report.ts';

/** A report, optionally with the transport submitter (`TLS-Report-Submitter` or the filename's sender). */
export type TlsrptAggregateInput =
  | TlsrptReport
  | {
      readonly report: TlsrptReport;
      readonly submitter?: string;
      readonly meta?: { readonly submitter?: string };
    };

/** Successful and failed sessions for one (day, reporter, organisation, policy domain, policy type). */
export interface TlsrptSessionRow {
  /** UTC date of the report's start, `YYYY-MM-DD`. */
  readonly day: string;
  /** Who reported: lower-cased contact-info, else organisation name, else the submitter. */
  readonly reporter: string;
  /** `organization-name` as sent (`''` when absent). */
  readonly organization: string;
  /** The policy domain (`''` when absent), after `mapPolicyDomain`. */
  readonly policyDomain: string;
  /** `sts`, `tlsa`, `no-policy-found`, or `other` for unknown types. */
  readonly policyType: string;
  /** Sum of `total-successful-session-count`. */
  readonly successful: number;
  /** Sum of `total-failure-session-count`. */
  readonly failed: number;
  /** How many policy entries contributed. */
  readonly policies: number;
}

/** Failed sessions for one failure-detail combination. Only failures carry IP and MX breakdowns. */
export interface TlsrptFailureRow {
  readonly day: string;
  readonly reporter: string;
  readonly policyDomain: string;
  readonly policyType: string;
  /** `result-type` as reported. */
  readonly resultType: string;
  /** `sending-mta-ip` (`''` when absent). */
  readonly sendingMtaIp: string;
  /** `receiving-ip` (`''` when absent). */
  readonly receivingIp: string;
  /** `receiving-mx-hostname` (`''` when absent). */
  readonly receivingMxHostname: string;
  /** Sum of `failed-session-count`. Not exclusive across result types (§4.2): do not add rows of different types. */
  readonly sessions: number;
}

/** The aggregate of a set of reports. Rows are sorted by their key, so equal inputs give equal output. */
export interface TlsrptAggregate {
  /** Reports counted (after deduplication). */
  readonly reports: number;
  /** Reports dropped as duplicates. */
  readonly duplicates: number;
  /** The dedupe keys counted, sorted (so aggregates can be merged). */
  readonly keys: readonly string[];
  readonly sessions: readonly TlsrptSessionRow[];
  readonly failures: readonly TlsrptFailureRow[];
  /** `duplicate-key-conflict`, `range-multi-day`; sorted. */
  readonly warnings: readonly Issue<TlsrptIssueCode>[];
}

/** Options for {@link aggregateTlsrptReports}. */
export interface AggregateOptions {
  /** Drop duplicate reports (same reporter, report-id and policy domains). Default true. */
  readonly dedupe?: boolean;
  /**
   * Maps a policy domain before grouping, e.g. a TLSA base domain (MX host, per the RFC) to the
   * recipient domain (as Microsoft and Stalwart report it).
   */
  readonly mapPolicyDomain?: (policyDomain: string, policyType: string) => string;
}

const KNOWN_TYPES = new Set(['sts', 'tlsa', 'no-policy-found']);
const SEP = '\u0000';

function unpack(input: TlsrptAggregateInput): { report: TlsrptReport; submitter: string | undefined } {
  if ('report' in input) return { report: input.report, submitter: input.submitter ?? input.meta?.submitter };
  return { report: input, submitter: undefined };
}

/**
 * Who sent a report: lower-cased `contact-info`, else the trimmed, case-folded
 * `organization-name`, else the transport submitter, else `''`.
 * @example tlsrptReporter(googleReport) // 'smtp-tls-reporting@google.com'
 */
export function tlsrptReporter(report: TlsrptReport, submitter?: string): string {
  if (report.contactInfo !== undefined) return report.contactInfo.toLowerCase();
  if (report.organizationName !== undefined && report.organizationName.trim() !== '')
    return report.organizationName.trim().toLowerCase();
  return submitter?.toLowerCase() ?? '';
}

/**
 * The deduplication key: reporter, report-id and the sorted unique policy domains (a report-id
 * is unique only per reporter: sys4's `<date>_idx<n>_<domain>` repeats on every Postfix host).
 * Without a report-id, the range stands in for it.
 * @example tlsrptDedupeKey(report) // 'smtp-tls-reporting@google.com\n2024-09-03T00:00:00Z_example.com\nexample.com'
 */
export function tlsrptDedupeKey(report: TlsrptReport, submitter?: string): string {
  const domains = [...new Set(report.policies.map((p) => p.policy.policyDomain ?? ''))].sort().join(',');
  const id = report.reportId ?? `${report.dateRange.startMs}-${report.dateRange.endExclusiveMs}`;
  return `${tlsrptReporter(report, submitter)}\n${id}\n${domains}`;
}

/** Result of {@link dedupeTlsrptReports}. */
export interface TlsrptDedupeResult<T> {
  /** The first report of each key, in input order. */
  readonly reports: readonly T[];
  readonly duplicates: number;
  /** `duplicate-key-conflict` for a same-key report with different content. */
  readonly warnings: readonly Issue<TlsrptIssueCode>[];
}

/**
 * Drops duplicate reports (the same report delivered to several rua addresses, through a relay,
 * or re-sent). Same key and same content: dropped silently. Same key, different content: the
 * first is kept, warning `duplicate-key-conflict`. Idempotent.
 * @example dedupeTlsrptReports([a, a, b]).reports.length // 2
 */
export function dedupeTlsrptReports<T extends TlsrptAggregateInput>(
  inputs: Iterable<T>,
): TlsrptDedupeResult<T> {
  const seen = new Map<string, TlsrptReport>();
  const reports: T[] = [];
  const warnings: Issue<TlsrptIssueCode>[] = [];
  let duplicates = 0;
  for (const input of inputs) {
    const { report, submitter } = unpack(input);
    const key = tlsrptDedupeKey(report, submitter);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, report);
      reports.push(input);
      continue;
    }
    duplicates++;
    // Content is compared only on a key collision, so the common path costs one Map lookup
    if (first !== report && formatTlsrptReport(first) !== formatTlsrptReport(report)) {
      warnings.push(
        issue(tlsrptIssues, 'duplicate-key-conflict', 'warning', { pointer: '' }, key.replaceAll('\n', ' ')),
      );
    }
  }
  return { reports, duplicates, warnings };
}

interface MutableSession {
  day: string;
  reporter: string;
  organization: string;
  policyDomain: string;
  policyType: string;
  successful: number;
  failed: number;
  policies: number;
}

interface MutableFailure {
  day: string;
  reporter: string;
  policyDomain: string;
  policyType: string;
  resultType: string;
  sendingMtaIp: string;
  receivingIp: string;
  receivingMxHostname: string;
  sessions: number;
}

/**
 * Aggregates reports into success and failure session counts per day, reporter, organisation,
 * policy domain and policy type, and failure sessions per result type, sending IP, receiving IP
 * and MX. Deduplicates first (see {@link dedupeTlsrptReports}). Successes are never attributed to
 * IPs or MX hosts (only failure details carry those); a report spanning several days counts on
 * its start day (warning `range-multi-day`).
 * @example aggregateTlsrptReports(reports).sessions[0]
 * // { day: '2024-09-03', reporter: 'smtp-tls-reporting@google.com', organization: 'Google Inc.',
 * //   policyDomain: 'example.com', policyType: 'sts', successful: 48, failed: 0, policies: 1 }
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-4.2
 */
export function aggregateTlsrptReports(
  inputs: Iterable<TlsrptAggregateInput>,
  options: AggregateOptions = {},
): TlsrptAggregate {
  const dedupe = options.dedupe !== false;
  const map = options.mapPolicyDomain;
  const sessions = new Map<string, MutableSession>();
  const failures = new Map<string, MutableFailure>();
  const keys = new Map<string, TlsrptReport>();
  const warnings: Issue<TlsrptIssueCode>[] = [];
  let reports = 0;
  let duplicates = 0;
  for (const input of inputs) {
    const { report, submitter } = unpack(input);
    const key = tlsrptDedupeKey(report, submitter);
    const first = keys.get(key);
    if (first !== undefined && dedupe) {
      duplicates++;
      if (first !== report && formatTlsrptReport(first) !== formatTlsrptReport(report)) {
        warnings.push(
          issue(
            tlsrptIssues,
            'duplicate-key-conflict',
            'warning',
            { pointer: '' },
            key.replaceAll('\n', ' '),
          ),
        );
      }
      continue;
    }
    if (first === undefined) keys.set(key, report);
    reports++;
    const day = report.dateRange.start.slice(0, 10);
    if (report.dateRange.endExclusiveMs - report.dateRange.startMs > 86_400_000) {
      warnings.push(
        issue(
          tlsrptIssues,
          'range-multi-day',
          'warning',
          { pointer: '/date-range' },
          `${report.dateRange.start} ${key.replaceAll('\n', ' ')}`,
        ),
      );
    }
    const reporter = tlsrptReporter(report, submitter);
    const organization = report.organizationName ?? '';
    for (const p of report.policies) {
      const policyType = KNOWN_TYPES.has(p.policy.policyType) ? p.policy.policyType : 'other';
      const rawDomain = p.policy.policyDomain ?? '';
      const policyDomain = map === undefined ? rawDomain : map(rawDomain, policyType);
      const base = day + SEP + reporter + SEP + policyDomain + SEP + policyType;
      const sk = base + SEP + organization;
      let s = sessions.get(sk);
      if (s === undefined) {
        s = { day, reporter, organization, policyDomain, policyType, successful: 0, failed: 0, policies: 0 };
        sessions.set(sk, s);
      }
      s.successful += p.summary.totalSuccessfulSessionCount;
      s.failed += p.summary.totalFailureSessionCount;
      s.policies++;
      for (const d of p.failureDetails) {
        const sendingMtaIp = d.sendingMtaIp ?? '';
        const receivingIp = d.receivingIp ?? '';
        const receivingMxHostname = d.receivingMxHostname ?? '';
        const fk =
          base + SEP + d.resultType + SEP + sendingMtaIp + SEP + receivingIp + SEP + receivingMxHostname;
        let f = failures.get(fk);
        if (f === undefined) {
          f = {
            day,
            reporter,
            policyDomain,
            policyType,
            resultType: d.resultType,
            sendingMtaIp,
            receivingIp,
            receivingMxHostname,
            sessions: 0,
          };
          failures.set(fk, f);
        }
        f.sessions += d.failedSessionCount;
      }
    }
  }
  return {
    reports,
    duplicates,
    keys: [...keys.keys()].sort(),
    sessions: sortedValues(sessions),
    failures: sortedValues(failures),
    warnings: sortIssues(warnings),
  };
}

/**
 * Merges two aggregates of disjoint report sets: rows with equal keys are summed. Associative
 * and commutative. A dedupe key present in both means the sets overlapped: an aggregate keeps
 * counts, not reports, so that report is counted twice, with the warning `aggregate-overlap`
 * naming its key (aggregate the union of the reports instead, which deduplicates).
 * @example mergeTlsrptAggregates(aggregateTlsrptReports(monday), aggregateTlsrptReports(tuesday))
 */
export function mergeTlsrptAggregates(a: TlsrptAggregate, b: TlsrptAggregate): TlsrptAggregate {
  const sessions = new Map<string, MutableSession>();
  for (const r of [...a.sessions, ...b.sessions]) {
    const k = sessionKey(r);
    const s = sessions.get(k);
    if (s === undefined) sessions.set(k, { ...r });
    else {
      s.successful += r.successful;
      s.failed += r.failed;
      s.policies += r.policies;
    }
  }
  const failures = new Map<string, MutableFailure>();
  for (const r of [...a.failures, ...b.failures]) {
    const k = failureKey(r);
    const f = failures.get(k);
    if (f === undefined) failures.set(k, { ...r });
    else f.sessions += r.sessions;
  }
  const keys = new Set(a.keys);
  const warnings = [...a.warnings, ...b.warnings];
  for (const k of b.keys) {
    if (keys.has(k))
      warnings.push(
        issue(tlsrptIssues, 'aggregate-overlap', 'warning', { pointer: '' }, k.replaceAll('\n', ' ')),
      );
    keys.add(k);
  }
  return {
    reports: a.reports + b.reports,
    duplicates: a.duplicates + b.duplicates,
    keys: [...keys].sort(),
    sessions: sortedValues(sessions),
    failures: sortedValues(failures),
    warnings: sortIssues(warnings),
  };
}

const sessionKey = (r: TlsrptSessionRow): string =>
  r.day + SEP + r.reporter + SEP + r.policyDomain + SEP + r.policyType + SEP + r.organization;
const failureKey = (r: TlsrptFailureRow): string =>
  r.day +
  SEP +
  r.reporter +
  SEP +
  r.policyDomain +
  SEP +
  r.policyType +
  SEP +
  r.resultType +
  SEP +
  r.sendingMtaIp +
  SEP +
  r.receivingIp +
  SEP +
  r.receivingMxHostname;

function sortedValues<T>(m: Map<string, T>): T[] {
  const ks = [...m.keys()].sort();
  return ks.map((k) => m.get(k) as T);
}

function sortIssues(list: Issue<TlsrptIssueCode>[]): Issue<TlsrptIssueCode>[] {
  const k = (i: Issue<TlsrptIssueCode>) => `${i.code}\n${i.message}`;
  return list.sort((x, y) => (k(x) < k(y) ? -1 : k(x) > k(y) ? 1 : 0));
}
