/**
 * Sender side, serialisation: the canonical report JSON (§4.4 key order), gzip encoding (§5.2),
 * the §5.1 filename and the §5.3 Subject.
 * @module
 */
import { validateHostname } from '@mailtls/core';
import { gzip } from './_streams.ts';
import type { TlsrptFailureDetail, TlsrptPolicyResult, TlsrptReport } from './report.ts';

const q = JSON.stringify;

/**
 * Serialises a report as compact RFC 8460 JSON: §4.4 key order, `Z` date-times, `mx-host` as an
 * array (erratum 6241), `policy-string` present for `sts` and `tlsa`, `failure-details` always
 * present, absent optionals omitted (never `null` or `""`). `extra` members are not written: a
 * conformant report has none. The output passes `parseTlsrptReport(…, { strict: true })`
 * whenever the model came from a strict parse or the builder.
 * @example formatTlsrptReport(report).startsWith('{"organization-name":') // true
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-4.4
 */
export function formatTlsrptReport(report: TlsrptReport): string {
  let out = '{';
  if (report.organizationName !== undefined) out += `"organization-name":${q(report.organizationName)},`;
  out += `"date-range":{"start-datetime":${q(report.dateRange.start)},"end-datetime":${q(report.dateRange.end)}},`;
  if (report.contactInfo !== undefined) out += `"contact-info":${q(report.contactInfo)},`;
  if (report.reportId !== undefined) out += `"report-id":${q(report.reportId)},`;
  out += '"policies":[';
  for (let i = 0; i < report.policies.length; i++) {
    if (i > 0) out += ',';
    out += formatPolicyResult(report.policies[i] as TlsrptPolicyResult);
  }
  return `${out}]}`;
}

function formatPolicyResult(r: TlsrptPolicyResult): string {
  const p = r.policy;
  let out = `{"policy":{"policy-type":${q(p.policyType)}`;
  // §4.4: an array of strings; always written for sts and tlsa so consumers can index it
  if (p.policyStrings.length > 0 || p.policyType === 'sts' || p.policyType === 'tlsa') {
    out += `,"policy-string":${q(p.policyStrings)}`;
  }
  if (p.policyDomain !== undefined) out += `,"policy-domain":${q(p.policyDomain)}`;
  if (p.mxHost.length > 0 || p.policyType === 'sts') out += `,"mx-host":${q(p.mxHost)}`;
  out += `},"summary":{"total-successful-session-count":${r.summary.totalSuccessfulSessionCount},"total-failure-session-count":${r.summary.totalFailureSessionCount}},"failure-details":[`;
  for (let i = 0; i < r.failureDetails.length; i++) {
    if (i > 0) out += ',';
    out += formatDetail(r.failureDetails[i] as TlsrptFailureDetail);
  }
  return `${out}]}`;
}

function formatDetail(d: TlsrptFailureDetail): string {
  let out = `{"result-type":${q(d.resultType)}`;
  if (d.sendingMtaIp !== undefined) out += `,"sending-mta-ip":${q(d.sendingMtaIp)}`;
  if (d.receivingMxHostname !== undefined) out += `,"receiving-mx-hostname":${q(d.receivingMxHostname)}`;
  if (d.receivingMxHelo !== undefined) out += `,"receiving-mx-helo":${q(d.receivingMxHelo)}`;
  if (d.receivingIp !== undefined) out += `,"receiving-ip":${q(d.receivingIp)}`;
  out += `,"failed-session-count":${d.failedSessionCount}`;
  if (d.additionalInformation !== undefined) out += `,"additional-information":${q(d.additionalInformation)}`;
  if (d.failureReasonCode !== undefined) out += `,"failure-reason-code":${q(d.failureReasonCode)}`;
  return `${out}}`;
}

/** Options for {@link encodeTlsrptReport}. */
export interface EncodeOptions {
  /** gzip the JSON (§5.2 SHOULD). Default true. */
  readonly gzip?: boolean;
}

/**
 * Encodes a report for delivery: UTF-8 JSON without BOM, gzip-compressed by default (the body
 * of an `application/tlsrpt+gzip` part or HTTPS POST).
 * @example (await encodeTlsrptReport(report)).subarray(0, 2) // Uint8Array [0x1f, 0x8b]
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-5.2
 */
export async function encodeTlsrptReport(
  report: TlsrptReport | string,
  options: EncodeOptions = {},
): Promise<Uint8Array> {
  const json = typeof report === 'string' ? report : formatTlsrptReport(report);
  const bytes = new TextEncoder().encode(json);
  return options.gzip === false ? bytes : gzip(bytes);
}

/** The parts of a §5.1 report filename. */
export interface TlsrptFilename {
  /** The submitter's domain (the domain of `contact-info`), A-labels. */
  readonly sender: string;
  /** The Policy Domain, A-labels. */
  readonly policyDomain: string;
  /** `begin-timestamp`: seconds since the epoch. */
  readonly begin: number;
  /** `end-timestamp`: seconds since the epoch. */
  readonly end: number;
  /** `unique-id`, when present. */
  readonly uniqueId?: string;
  /** `json` or `json.gz`. */
  readonly extension: 'json' | 'json.gz';
}

/** Options for {@link tlsrptFilename}. */
export interface FilenameOptions {
  /** The sender domain; default: the domain of `contact-info`. */
  readonly sender?: string;
  /** The Policy Domain; default: the first policy's. */
  readonly policyDomain?: string;
  /** A `unique-id` (letters and digits), for several generators reporting on one domain. */
  readonly uniqueId?: string;
  /** Name a `.json.gz` file (default) or a `.json` file. */
  readonly gzip?: boolean;
}

/**
 * The §5.1 filename of a report:
 * `sender "!" policy-domain "!" begin-timestamp "!" end-timestamp [ "!" unique-id ] "." extension`.
 * Throws `TypeError` when the sender or policy domain is unknown or not a host name.
 * @example tlsrptFilename(report, { uniqueId: '001' })
 * // 'mail.sndr.example.com!example.net!1470013207!1470186007!001.json.gz'
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-5.1
 */
export function tlsrptFilename(report: TlsrptReport, options: FilenameOptions = {}): string {
  const sender = aLabel(options.sender ?? contactDomain(report.contactInfo), 'sender');
  const policyDomain = aLabel(
    options.policyDomain ?? report.policies[0]?.policy.policyDomain,
    'policy domain',
  );
  if (options.uniqueId !== undefined && !/^[A-Za-z0-9]+$/.test(options.uniqueId)) {
    throw new TypeError('tlsrptFilename: unique-id must be letters and digits');
  }
  const begin = Math.floor(report.dateRange.startMs / 1000);
  const end = Math.floor(report.dateRange.endMs / 1000);
  const unique = options.uniqueId === undefined ? '' : `!${options.uniqueId}`;
  return `${sender}!${policyDomain}!${begin}!${end}${unique}.${options.gzip === false ? 'json' : 'json.gz'}`;
}

/**
 * Parses a §5.1 filename (split at `!`: domain names cannot contain it). Also accepts `.gz`
 * alone (IANA's registered extension). Returns undefined when it does not fit.
 * @example parseTlsrptFilename('google.com!example.com!1725321600!1725407999!001.json.gz')
 * // { sender: 'google.com', policyDomain: 'example.com', begin: 1725321600, end: 1725407999,
 * //   uniqueId: '001', extension: 'json.gz' }
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-5.1
 */
export function parseTlsrptFilename(name: string): TlsrptFilename | undefined {
  if (typeof name !== 'string' || name.length > 1024) return undefined; // total for JavaScript callers
  let extension: 'json' | 'json.gz';
  let base: string;
  const lower = name.toLowerCase();
  if (lower.endsWith('.json.gz')) [extension, base] = ['json.gz', name.slice(0, -8)];
  else if (lower.endsWith('.json')) [extension, base] = ['json', name.slice(0, -5)];
  else if (lower.endsWith('.gz')) [extension, base] = ['json.gz', name.slice(0, -3)];
  else return undefined;
  const parts = base.split('!');
  if (parts.length !== 4 && parts.length !== 5) return undefined;
  const [sender, policyDomain, b, e, uniqueId] = parts as [
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  if (!/^[0-9]{1,12}$/.test(b) || !/^[0-9]{1,12}$/.test(e)) return undefined;
  if (uniqueId !== undefined && !/^[A-Za-z0-9]+$/.test(uniqueId)) return undefined;
  const s = validateHostname(sender);
  const d = validateHostname(policyDomain);
  if (!s.ok || !d.ok) return undefined;
  const out = {
    sender: s.value.ascii,
    policyDomain: d.value.ascii,
    begin: Number(b),
    end: Number(e),
    extension,
  };
  return uniqueId === undefined ? out : { ...out, uniqueId };
}

/** Options for {@link tlsrptSubject}. */
export interface SubjectOptions {
  /** The submitter domain; default: the domain of `contact-info`. */
  readonly submitter?: string;
  /** The Policy Domain; default: the first policy's. */
  readonly policyDomain?: string;
}

/**
 * The §5.3 Subject: `Report Domain: <policy-domain> Submitter: <submitter> Report-ID: <report-id>`.
 * The report-id must be msg-id compatible (`left@right`, as the builder's default is), so the
 * Subject and the JSON carry the same id. Throws `TypeError` otherwise.
 * @example tlsrptSubject(report)
 * // 'Report Domain: example.com Submitter: mta.sender.example Report-ID: <20250101.example.com@mta.sender.example>'
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-5.3
 */
export function tlsrptSubject(report: TlsrptReport, options: SubjectOptions = {}): string {
  const submitter = aLabel(options.submitter ?? contactDomain(report.contactInfo), 'submitter');
  const policyDomain = aLabel(
    options.policyDomain ?? report.policies[0]?.policy.policyDomain,
    'policy domain',
  );
  const id = report.reportId ?? '';
  if (!isMsgIdBody(id)) throw new TypeError(`tlsrptSubject: report-id is not msg-id compatible: ${q(id)}`);
  return `Report Domain: ${policyDomain} Submitter: ${submitter} Report-ID: <${id}>`;
}

/** Whether `id` fits RFC 5322 §3.6.4 `id-left "@" id-right` (dot-atom-text both sides, or a no-fold literal right). */
export function isMsgIdBody(id: string): boolean {
  const at = id.lastIndexOf('@');
  if (at <= 0 || at === id.length - 1 || id.length > 998) return false;
  const right = id.slice(at + 1);
  return isDotAtomText(id.slice(0, at)) && (isDotAtomText(right) || /^\[[!-Z^-~]*\]$/.test(right));
}

const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;

/** RFC 5322 §3.2.3 dot-atom-text: atext runs separated by single dots. */
function isDotAtomText(s: string): boolean {
  for (const part of s.split('.')) if (!ATEXT.test(part)) return false;
  return true;
}

function contactDomain(contact: string | undefined): string | undefined {
  if (contact === undefined) return undefined;
  const at = contact.lastIndexOf('@');
  return at < 0 ? undefined : contact.slice(at + 1);
}

function aLabel(name: string | undefined, what: string): string {
  if (name === undefined) throw new TypeError(`no ${what} known: pass it in the options`);
  const r = validateHostname(name);
  if (!r.ok) throw new TypeError(`${what} is not a host name: ${q(name)}`);
  return r.value.ascii;
}
