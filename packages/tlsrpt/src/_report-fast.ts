/**
 * The happy path of `parseTlsrptReport` for text: a report that the general path (core's
 * `parseJson`, then the member-by-member reader in report.ts) would accept with no issue at all,
 * read straight from what `JSON.parse` returns, with no issue plumbing, pointers or member loops.
 * It returns undefined ("take the general path") at the first thing that path would report, warn
 * about or change, so it never produces an issue itself; test/report-fast.test.ts pins it to the
 * general path.
 *
 * It also stands in for core's proof that `JSON.parse` lost nothing (see `parseJson`), folded
 * into the same reads. No `\u` escape and well-formed text mean every string is well-formed;
 * every number it accepts is a safe integer; and the text's colons must equal the member names
 * it read plus the colons inside the strings it read. Valid JSON has colons nowhere else, so one
 * more colon in the text is a member it did not read: a duplicate `JSON.parse` dropped, or an
 * unknown or misspelt member (an issue on the general path). That one count replaces both core's
 * walk over the value and a loop over each object's members.
 * @module
 */
import { isProvableJsonText } from '@mailtls/core/json';
import { canonicalUtcMs, isPlainAddress, isPlainHostname } from './_fast.ts';
import { parseIp } from './_ip.ts';
import { parseStsStrings } from './_policy-strings.ts';
import { checkUri, isAddrSpec } from './_uri.ts';
import type {
  TlsrptDateRange,
  TlsrptFailureDetail,
  TlsrptPolicy,
  TlsrptPolicyResult,
  TlsrptReport,
  TlsrptSummary,
} from './report.ts';
import { isTlsrptResultType } from './result-types.ts';

type Obj = { readonly [key: string]: unknown };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const MS_PER_DAY = 86_400_000;

// The report being read is the only one in progress (the reader is synchronous and does not
// re-enter): the colons its member names and strings account for so far.
let colons = 0;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Counts the colons of a string value, by native search. */
function colonsOf(s: string): void {
  for (let i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) colons++;
}

/**
 * Counts the name of an optional member when present (registered names hold no colon; a JSON
 * value is never undefined). Required members are counted as a group once all are known present.
 */
function optionalMember(v: unknown): unknown {
  if (v !== undefined) colons++;
  return v;
}

/** A non-empty string; undefined for anything else, which the general path would report. */
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** {@link str}, its colons counted: for free text, where they may occur. */
function text(v: unknown): string | undefined {
  const s = str(v);
  if (s !== undefined) colonsOf(s);
  return s;
}

/** An optional free-text member: absent, a non-empty string, or null for anything else. */
const optional = (v: unknown): string | undefined | null => (v === undefined ? undefined : (text(v) ?? null));

/** A session count as the general path takes it silently: a non-negative safe integer. */
const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;

/** An IP member written in canonical form (RFC 5952 for IPv6). */
function ip(v: unknown): string | undefined {
  const s = text(v);
  return s !== undefined && parseIp(s)?.canonical === s ? s : undefined;
}

/**
 * The report in `text`, when the general path would return it with no issue; else undefined.
 * `maxLength` is parseTlsrptReport's input cap.
 */
export function fastReport(json: string, maxLength: number): TlsrptReport | undefined {
  // core's conditions for trusting JSON.parse (no \u escape, no unpaired surrogate), and no BOM,
  // which the general path reports
  if (json.length > maxLength || json.charCodeAt(0) === 0xfeff || !isProvableJsonText(json)) return undefined;
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch {
    return undefined;
  }
  colons = 0;
  const report = readReport(root);
  if (report === undefined) return undefined;
  for (let i = json.indexOf(':'); i >= 0; i = json.indexOf(':', i + 1)) {
    colons--;
    // Every number a report on this path holds is a count, a member value after a colon. Written
    // with a fraction or an exponent, JSON.parse may have rounded it to an integer
    // (4503599627370496.5, 1e-400) that only the general path's token check judges (spec notes
    // 2.3). A colon in a string followed by such digits ("a: 1.5") just declines the fast path.
    let c = json.charCodeAt(i + 1);
    let j = i + 1;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = json.charCodeAt(++j);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      do c = json.charCodeAt(++j);
      while (c >= 0x30 && c <= 0x39);
      if (c === 0x2e || c === 0x65 || c === 0x45) return undefined;
    }
  }
  return colons === 0 ? report : undefined;
}

function readReport(v: unknown): TlsrptReport | undefined {
  if (!isObject(v)) return undefined;
  const organizationName = text(v['organization-name']);
  const contactInfo = str(v['contact-info']);
  const reportId = text(v['report-id']);
  const dateRange = readRange(v['date-range']);
  const list = v.policies;
  if (
    organizationName === undefined ||
    contactInfo === undefined ||
    reportId === undefined ||
    dateRange === undefined ||
    !Array.isArray(list) ||
    list.length === 0
  )
    return undefined;
  colons += 5; // the five members, all required
  if (!isPlainAddress(contactInfo)) {
    // a plain address holds no colon; a quoted local part may
    if (!isAddrSpec(contactInfo)) return undefined;
    colonsOf(contactInfo);
  }
  const policies: TlsrptPolicyResult[] = [];
  for (const item of list) {
    const r = readPolicyResult(item);
    if (r === undefined) return undefined;
    policies.push(r);
  }
  return { organizationName, dateRange, contactInfo, reportId, policies };
}

function readRange(v: unknown): TlsrptDateRange | undefined {
  if (!isObject(v)) return undefined;
  const start = v['start-datetime'];
  const end = v['end-datetime'];
  if (typeof start !== 'string' || typeof end !== 'string') return undefined;
  // Canonical UTC times spanning one whole UTC day with the inclusive …23:59:59Z end (§4.1):
  // any other range draws at least an info issue on the general path. So the start is a
  // canonical midnight (NaN fails too) and the end the same day's "T23:59:59Z", character for
  // character; each holds two colons, beside the two member names.
  const startMs = canonicalUtcMs(start);
  if (startMs % MS_PER_DAY !== 0 || end.length !== 20 || !end.endsWith('T23:59:59Z')) return undefined;
  for (let i = 0; i < 10; i++) if (end.charCodeAt(i) !== start.charCodeAt(i)) return undefined;
  colons += 6;
  const endMs = startMs + MS_PER_DAY - 1000;
  return { start, end, startMs, endMs, endExclusiveMs: endMs + 1000 };
}

function readPolicyResult(v: unknown): TlsrptPolicyResult | undefined {
  if (!isObject(v)) return undefined;
  const policy = readPolicy(v.policy);
  const summary = readSummary(v.summary);
  const failureDetails = readDetails(optionalMember(v['failure-details']));
  if (policy === undefined || summary === undefined || failureDetails === undefined) return undefined;
  colons += 2; // policy, summary
  // §4.2: the general path reports any difference between the details and the total
  let sum = 0;
  for (const d of failureDetails) sum += d.failedSessionCount;
  if (sum !== summary.totalFailureSessionCount) return undefined;
  return { policy, summary, failureDetails };
}

function readPolicy(v: unknown): TlsrptPolicy | undefined {
  if (!isObject(v)) return undefined;
  const policyType = v['policy-type'];
  const policyDomain = v['policy-domain'];
  const strings = optionalMember(v['policy-string']);
  const hosts = optionalMember(v['mx-host']);
  // TLSA policies take the general path, which parses and normalises their strings; a plain
  // policy-type, domain or host name holds no colon
  if (
    (policyType !== 'sts' && policyType !== 'no-policy-found') ||
    typeof policyDomain !== 'string' ||
    !isPlainHostname(policyDomain, false)
  )
    return undefined;
  colons += 2; // policy-type, policy-domain
  let policyStrings: string[] = [];
  if (strings !== undefined) {
    if (!Array.isArray(strings)) return undefined;
    for (const s of strings) {
      if (typeof s !== 'string') return undefined;
      colonsOf(s);
    }
    policyStrings = strings as string[];
    // one string holding a JSON array: Microsoft's stringified RRset, unwrapped with a warning
    if (policyStrings.length === 1 && (policyStrings[0] as string).startsWith('[')) return undefined;
  } else if (policyType === 'sts') return undefined; // expected: a warning when absent
  let mxHost: string[] = [];
  if (hosts !== undefined) {
    if (!Array.isArray(hosts)) return undefined;
    for (const h of hosts) if (typeof h !== 'string' || !isPlainHostname(h, true)) return undefined;
    mxHost = hosts as string[];
  }
  const out: Mutable<TlsrptPolicy> = { policyType, policyStrings, policyDomain, mxHost };
  if (policyType === 'sts' && policyStrings.length > 0) {
    const { policy, bad } = parseStsStrings(policyStrings);
    if (bad.length > 0) return undefined;
    out.sts = policy;
  }
  return out;
}

function readSummary(v: unknown): TlsrptSummary | undefined {
  if (!isObject(v)) return undefined;
  const ok = count(v['total-successful-session-count']);
  const failed = count(v['total-failure-session-count']);
  if (ok === undefined || failed === undefined) return undefined;
  colons += 2;
  return { totalSuccessfulSessionCount: ok, totalFailureSessionCount: failed };
}

function readDetails(v: unknown): TlsrptFailureDetail[] | undefined {
  if (v === undefined) return []; // absent when there were no failures (Google, Microsoft)
  if (!Array.isArray(v)) return undefined;
  const out: TlsrptFailureDetail[] = [];
  for (const item of v) {
    const d = readDetail(item);
    if (d === undefined) return undefined;
    out.push(d);
  }
  return out;
}

function readDetail(v: unknown): TlsrptFailureDetail | undefined {
  if (!isObject(v)) return undefined;
  const resultType = v['result-type'];
  const sendingMtaIp = ip(v['sending-mta-ip']);
  const receivingMxHostname = v['receiving-mx-hostname'];
  const receivingMxHelo = optional(optionalMember(v['receiving-mx-helo']));
  const receivingIp = ip(v['receiving-ip']);
  const failedSessionCount = count(v['failed-session-count']);
  const additionalInformation = optional(optionalMember(v['additional-information']));
  const failureReasonCode = optional(optionalMember(v['failure-reason-code']));
  // a registered result type and a plain host name hold no colon
  if (
    typeof resultType !== 'string' ||
    !isTlsrptResultType(resultType) ||
    sendingMtaIp === undefined ||
    typeof receivingMxHostname !== 'string' ||
    !isPlainHostname(receivingMxHostname, false) ||
    receivingMxHelo === null ||
    receivingIp === undefined ||
    failedSessionCount === undefined ||
    additionalInformation === null ||
    (additionalInformation !== undefined && typeof checkUri(additionalInformation) === 'number') ||
    failureReasonCode === null ||
    // §4.3.1/§4.3.3 SHOULD: its absence is an info issue on the general path
    (failureReasonCode === undefined &&
      (resultType === 'certificate-not-trusted' || resultType === 'validation-failure'))
  )
    return undefined;
  colons += 5; // the five required members
  // the general path's key order
  const out = { resultType, sendingMtaIp, receivingMxHostname } as Mutable<TlsrptFailureDetail>;
  if (receivingMxHelo !== undefined) out.receivingMxHelo = receivingMxHelo;
  out.receivingIp = receivingIp;
  out.failedSessionCount = failedSessionCount;
  if (additionalInformation !== undefined) out.additionalInformation = additionalInformation;
  if (failureReasonCode !== undefined) out.failureReasonCode = failureReasonCode;
  return out;
}
