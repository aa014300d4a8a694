/**
 * The TLSRPT aggregate report (RFC 8460 §4): a strict conformance linter and a lenient ingest
 * parser that returns one normalised model.
 * @module
 */
import {
  formatDateTime,
  type Issue,
  issue,
  type ParseOptions,
  parseDateTime,
  pointer,
  type Result,
  validateHostname,
} from '@mailtls/core';
import { decodeUtf8 } from '@mailtls/core/bytes';
import { type JsonValue, parseJson } from '@mailtls/core/json';
import {
  canonicalUtcMs,
  INEXACT_MEMBER_NUMBER,
  isExactCount,
  isPlainAddress,
  isPlainHostname,
} from './_fast.ts';
import { parseIp } from './_ip.ts';
import {
  formatTlsaString,
  parseStsStrings,
  parseTlsaString,
  type TlsrptStsPolicy,
  type TlsrptTlsaRecord,
} from './_policy-strings.ts';
import { fastReport } from './_report-fast.ts';
import { checkUri, isAddrSpec } from './_uri.ts';
import { type TlsrptIssueCode, tlsrptIssues } from './issues.ts';
import { describeResultType, isTlsrptResultType } from './result-types.ts';

export type { TlsrptStsPolicy, TlsrptTlsaRecord };

/** The three policy types §4.4 allows; others are kept as raw strings. */
export type TlsrptPolicyType = 'sts' | 'tlsa' | 'no-policy-found';

/** The report's time frame as a half-open UTC range (§4.1). */
export interface TlsrptDateRange {
  /** `start-datetime`, normalised to UTC: `YYYY-MM-DDTHH:MM:SS[.sss]Z`. */
  readonly start: string;
  /** `end-datetime`, normalised to UTC (inclusive `…23:59:59Z` or exclusive next midnight, as sent). */
  readonly end: string;
  /** `start` in epoch milliseconds. */
  readonly startMs: number;
  /** `end` in epoch milliseconds, as written (the §5.1 filename's end-timestamp). */
  readonly endMs: number;
  /** The exclusive end in epoch milliseconds: `…23:59:59` + 1 s; a midnight end as is. */
  readonly endExclusiveMs: number;
  /** `start-datetime` as written, when it differs from `start`. */
  readonly startRaw?: string;
  /** `end-datetime` as written, when it differs from `end`. */
  readonly endRaw?: string;
}

/** `policy`: the policy the sessions were evaluated against. */
export interface TlsrptPolicy {
  /** `policy-type`: `sts`, `tlsa`, `no-policy-found`, or an unknown raw value (lenient). */
  readonly policyType: TlsrptPolicyType | (string & {});
  /** `policy-string`: always an array; TLSA strings in canonical `u s m HEX` form. */
  readonly policyStrings: readonly string[];
  /** `policy-domain`, lower-case A-labels; absent only when the report omits it (lenient). */
  readonly policyDomain?: string;
  /** `mx-host`: always an array (a string is wrapped, erratum 6241); A-labels, `*.` wildcards kept. */
  readonly mxHost: readonly string[];
  /** For `tlsa` policies: each policy string that parses as a TLSA record. */
  readonly tlsa?: readonly TlsrptTlsaRecord[];
  /** For `sts` policies with policy strings: the policy they encode. */
  readonly sts?: TlsrptStsPolicy;
  /** Unknown members, as sent. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** `summary`: the session counts under one policy (§4.2). */
export interface TlsrptSummary {
  /** `total-successful-session-count`. */
  readonly totalSuccessfulSessionCount: number;
  /** `total-failure-session-count` (0 when a lenient report omits it). */
  readonly totalFailureSessionCount: number;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** One entry of `failure-details`. Counts are not exclusive across entries (§4.2). */
export interface TlsrptFailureDetail {
  /** `result-type`: a registered value, or an unregistered one as written. */
  readonly resultType: string;
  /** `sending-mta-ip`, canonical text (RFC 5952 for IPv6). */
  readonly sendingMtaIp?: string;
  /** `receiving-mx-hostname`, lower-case A-labels. */
  readonly receivingMxHostname?: string;
  /** `receiving-mx-helo`, as sent. */
  readonly receivingMxHelo?: string;
  /** `receiving-ip`, canonical text. */
  readonly receivingIp?: string;
  /** `failed-session-count`. */
  readonly failedSessionCount: number;
  /** `additional-information`: a URI. */
  readonly additionalInformation?: string;
  /** `failure-reason-code`: free text. */
  readonly failureReasonCode?: string;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** One entry of `policies`. */
export interface TlsrptPolicyResult {
  readonly policy: TlsrptPolicy;
  readonly summary: TlsrptSummary;
  /** `failure-details`: always an array (absent → `[]`). */
  readonly failureDetails: readonly TlsrptFailureDetail[];
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** A TLSRPT aggregate report, normalised: camelCase, UTC, arrays always present. */
export interface TlsrptReport {
  /** `organization-name`. */
  readonly organizationName?: string;
  /** `date-range`. */
  readonly dateRange: TlsrptDateRange;
  /** `contact-info`: an e-mail address. */
  readonly contactInfo?: string;
  /** `report-id`: free-form, unique only per reporter. */
  readonly reportId?: string;
  /** `policies`. */
  readonly policies: readonly TlsrptPolicyResult[];
  /** Unknown top-level members, as sent. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Options for {@link parseTlsrptReport}. */
export interface TlsrptReportOptions extends ParseOptions {
  /** Maximum input length (characters, or bytes for byte input). Default 20 MiB. */
  readonly maxLength?: number;
  /**
   * The policy domain from the message metadata (`TLS-Report-Domain` or the §5.1 filename). Used
   * in lenient mode only to fill a missing `policy-domain` (libtlsrpt omits it), with a warning.
   */
  readonly policyDomain?: string;
}

type Code = TlsrptIssueCode;
type Sev = Issue['severity'];
type Obj = { [key: string]: JsonValue };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const DEFAULT_MAX_LENGTH = 20 * 1024 * 1024;
const MS_PER_DAY = 86_400_000;
const POLICY_TYPES: ReadonlySet<string> = new Set(['sts', 'tlsa', 'no-policy-found']);

// Member tables: the registered keys of each object (§4.4) and, for lenient mode, the known
// misspellings and draft-era names with what they stand for (spec notes section 8.1).
/** Whether a member name is registered in an object: a `switch`, three times faster than a `Set`. */
type Known = (key: string) => boolean;
const TOP_KEYS: Known = (key) => {
  switch (key) {
    case 'organization-name':
    case 'date-range':
    case 'contact-info':
    case 'report-id':
    case 'policies':
      return true;
  }
  return false;
};
const RESULT_KEYS: Known = (key) => {
  switch (key) {
    case 'policy':
    case 'summary':
    case 'failure-details':
      return true;
  }
  return false;
};
const POLICY_KEYS: Known = (key) => {
  switch (key) {
    case 'policy-type':
    case 'policy-string':
    case 'policy-domain':
    case 'mx-host':
      return true;
  }
  return false;
};
const SUMMARY_KEYS: Known = (key) => {
  switch (key) {
    case 'total-successful-session-count':
    case 'total-failure-session-count':
      return true;
  }
  return false;
};
const RANGE_KEYS: Known = (key) => {
  switch (key) {
    case 'start-datetime':
    case 'end-datetime':
      return true;
  }
  return false;
};
const DETAIL_KEYS: Known = (key) => {
  switch (key) {
    case 'result-type':
    case 'sending-mta-ip':
    case 'receiving-mx-hostname':
    case 'receiving-mx-helo':
    case 'receiving-ip':
    case 'failed-session-count':
    case 'additional-information':
    case 'failure-reason-code':
      return true;
  }
  return false;
};
// Evidence: `email-address` (draft era), `mx-host-pattern` / `additional-info-uri` (the §4.4 value
// names read as keys), `receiving-mx-host-name` (SocketLabs 2020), `failure-error-code`
// (draft-23 Appendix B, Comcast/tlsrpt_processor).
const TOP_ALIASES: Readonly<Record<string, string>> = { 'email-address': 'contact-info' };
const POLICY_ALIASES: Readonly<Record<string, string>> = { 'mx-host-pattern': 'mx-host' };
const DETAIL_ALIASES: Readonly<Record<string, string>> = {
  'receiving-mx-host-name': 'receiving-mx-hostname',
  'failure-error-code': 'failure-reason-code',
  'additional-info-uri': 'additional-information',
};

/** How a member's absence is judged: severity in strict and lenient mode; null when optional. */
type Need = readonly [strict: Sev, lenient: Sev] | null;
const REQUIRED: Need = ['error', 'error'];
const RELAXED: Need = ['error', 'warning'];

class Ctx {
  readonly issues: Issue<Code>[] = [];
  failed = false;
  readonly strict: boolean;
  /** Number tokens written with a fraction or an exponent, by pointer (see {@link inexactNumbers}). */
  readonly numbers: ReadonlyMap<string, string> | undefined;
  constructor(strict: boolean, numbers?: ReadonlyMap<string, string>) {
    this.strict = strict;
    this.numbers = numbers;
  }
  add(code: Code, severity: Sev, pointer: string, detail?: string): void {
    if (severity === 'error') this.failed = true;
    this.issues.push(issue(tlsrptIssues, code, severity, { pointer }, detail));
  }
  /** A known real-world deviation: an error under strict, a warning otherwise. */
  dev(code: Code, pointer: string, detail?: string): void {
    this.add(code, this.strict ? 'error' : 'warning', pointer, detail);
  }
  /** Re-anchors an issue from a helper (date-time, JSON) at a pointer. */
  adopt(i: Issue<Code>, pointer: string, severity: Sev = i.severity): void {
    if (severity === 'error') this.failed = true;
    this.issues.push({ code: i.code, severity, message: i.message, ref: i.ref, at: { pointer } });
  }
}

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const esc = (key: string): string =>
  key.includes('~') || key.includes('/') ? key.replaceAll('~', '~0').replaceAll('/', '~1') : key;

/**
 * Reads the members of `obj`: applies lenient aliases (or reports them as unknown under strict)
 * and collects unknown members into `extra` (info `field-unknown`). Returns the view to read
 * registered keys from (the object itself unless an alias was applied) and `extra`.
 */
function members(
  ctx: Ctx,
  obj: Obj,
  known: Known,
  aliases: Readonly<Record<string, string>> | undefined,
  ptr: string,
): { view: Obj; extra: Record<string, unknown> | undefined } {
  let view = obj;
  let extra: Record<string, unknown> | undefined;
  for (const key in obj) {
    if (known(key)) continue;
    const target = aliases !== undefined && Object.hasOwn(aliases, key) ? aliases[key] : undefined;
    if (target !== undefined && !ctx.strict && obj[target] === undefined) {
      ctx.add('field-alias', 'warning', `${ptr}/${esc(key)}`, `${key} → ${target}`);
      if (view === obj) view = { ...obj };
      view[target] = obj[key] as JsonValue;
      continue;
    }
    ctx.add('field-unknown', 'info', `${ptr}/${esc(key)}`, key);
    // A null-prototype map: a "__proto__" member becomes an own entry, never a prototype
    extra ??= Object.create(null) as Record<string, unknown>;
    extra[key] = obj[key];
  }
  return { view, extra };
}

/**
 * Reads an optional-or-required string member. Missing, `null` and `""` follow the rules of
 * spec notes 2.4: `need` says how bad absence is; `null` and `""` are deviations read as absent
 * in lenient mode (unless the member is required in both modes).
 */
function str(ctx: Ctx, obj: Obj, key: string, ptr: string, need: Need): string | undefined {
  const v = obj[key];
  if (typeof v === 'string' && v !== '') return v;
  const p = `${ptr}/${key}`;
  if (v === undefined) {
    if (need !== null) ctx.add('field-missing', need[ctx.strict ? 0 : 1], p, key);
  } else if (v === null) {
    ctx.add(
      'field-null',
      need !== null && need[1] === 'error' ? 'error' : ctx.strict ? 'error' : 'warning',
      p,
      key,
    );
  } else if (v === '') {
    ctx.add(
      'field-empty',
      need !== null && need[1] === 'error' ? 'error' : ctx.strict ? 'error' : 'warning',
      p,
      key,
    );
  } else {
    ctx.add('field-type', 'error', p, `${key} must be a string`);
    return undefined;
  }
  // Strict: a null or empty required member is also missing (spec notes 8.1)
  if (v !== undefined && ctx.strict && need !== null && need[0] === 'error')
    ctx.add('field-missing', 'error', p, key);
  return undefined;
}

/**
 * Reads a session count: a non-negative integer no larger than 2^53 - 1 in the JSON text itself
 * (spec notes 2.3); digit strings are coerced in lenient mode.
 */
function count(ctx: Ctx, obj: Obj, key: string, ptr: string, need: Need): number | undefined {
  const v = obj[key];
  const p = `${ptr}/${key}`;
  if (typeof v === 'number') {
    // JSON.parse rounds to the nearest double, so a fraction or underflow can come back as an
    // integer (4503599627370496.5 → 4503599627370496, 1e-400 → 0): spec notes 2.3 say to read
    // counts from the raw text. Values past 2^53 - 1 are never safe integers after JSON.parse.
    const raw = ctx.numbers?.get(p);
    if (raw === undefined ? Number.isSafeInteger(v) && v >= 0 : isExactCount(raw)) return v;
    ctx.add('count-invalid', 'error', p, raw ?? String(v));
    return undefined;
  }
  if (v === undefined || v === null) {
    if (v === null) ctx.dev('field-null', p, key);
    if (need !== null) ctx.add('field-missing', need[ctx.strict ? 0 : 1], p, key);
    return undefined;
  }
  if (typeof v === 'string' && /^[0-9]{1,16}$/.test(v) && Number.isSafeInteger(Number(v))) {
    // Leniency: spec notes 2.4, counts written as JSON strings; converted with a warning
    ctx.dev('count-coerced', p, v);
    return Number(v);
  }
  ctx.add(
    typeof v === 'string' ? 'count-invalid' : 'field-type',
    'error',
    p,
    typeof v === 'string' ? v : key,
  );
  return undefined;
}

/**
 * Whether `path` is where {@link count} reads a session count: `/policies/<i>/summary/total-…`
 * or `/policies/<i>/failure-details/<j>/failed-session-count`. Only those numbers are kept, so
 * a pointer is built only for them, short by construction (building one for every number under a
 * long member name was quadratic in time and memory).
 */
function isCountPath(path: readonly (string | number)[]): boolean {
  if (path[0] !== 'policies' || typeof path[1] !== 'number') return false;
  if (path.length === 4)
    return (
      path[2] === 'summary' &&
      (path[3] === 'total-successful-session-count' || path[3] === 'total-failure-session-count')
    );
  return (
    path.length === 5 &&
    path[2] === 'failure-details' &&
    typeof path[3] === 'number' &&
    path[4] === 'failed-session-count'
  );
}

/**
 * The session-count tokens (see {@link isCountPath}) of valid JSON `text` written with a fraction
 * or an exponent, by JSON Pointer (the last of duplicate members wins, as in `JSON.parse`). One
 * linear pass.
 */
function inexactNumbers(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const path: (string | number)[] = [];
  const arrays: boolean[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      let escaped = false;
      for (let d = text.charCodeAt(j); d !== 0x22; d = text.charCodeAt(++j)) {
        if (d === 0x5c) {
          escaped = true;
          j++;
        }
      }
      let k = j + 1;
      while (isJsonWs(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) === 0x3a) {
        // a member name: the last path segment of the object
        path[path.length - 1] = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        i = k + 1;
      } else i = j + 1;
    } else if (c === 0x7b || c === 0x5b) {
      arrays.push(c === 0x5b);
      path.push(c === 0x5b ? 0 : '');
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      arrays.pop();
      path.pop();
      i++;
    } else if (c === 0x2c) {
      if (arrays[arrays.length - 1] === true) path[path.length - 1] = (path[path.length - 1] as number) + 1;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      let inexact = false;
      for (
        let d = text.charCodeAt(j);
        (d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d;
        d = text.charCodeAt(++j)
      )
        if (d === 0x2e || d === 0x65 || d === 0x45) inexact = true;
      if (inexact && isCountPath(path)) out.set(pointer(path), text.slice(i, j));
      i = j;
    } else i++;
  }
  return out;
}

const isJsonWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Normalises a domain name member; `wildcard` admits a leading `*.` (mx-host patterns). */
function domain(
  ctx: Ctx,
  raw: string,
  p: string,
  wildcard: boolean,
  invalidCode: Code = 'domain-invalid',
): string {
  // Happy path: a lower-case LDH name is returned unchanged by core, with no issue
  if (isPlainHostname(raw, wildcard)) return raw;
  const r = validateHostname(raw, { wildcard });
  if (!r.ok) {
    // Judgement call: a malformed name is an error when linting and a warning when ingesting
    // (kept lower-cased as sent), so one bad field never discards a day of counts.
    ctx.dev(invalidCode, p, raw);
    return raw.toLowerCase();
  }
  if (r.value.trailingDot) ctx.add('domain-trailing-dot', 'warning', p, raw);
  if (r.value.converted) ctx.dev('domain-unicode', p, raw);
  return r.value.ascii;
}

/** Normalises an IP member; returns undefined when absent or (lenient) unusable. */
function ip(ctx: Ctx, obj: Obj, key: string, ptr: string, pre: boolean): string | undefined {
  const p = `${ptr}/${key}`;
  const v = obj[key];
  if (v === '' && ctx.strict) {
    ctx.add('ip-invalid', 'error', p, '');
    return undefined;
  }
  // §4.4 lists no optional marker on these, but pre-connection failures cannot have them (spec
  // notes 2.2): info there, a warning elsewhere, in both modes.
  const raw = str(ctx, obj, key, ptr, pre ? ['info', 'info'] : ['warning', 'warning']);
  if (raw === undefined) return undefined;
  const parsed = parseIp(raw);
  if (parsed === undefined) {
    ctx.dev('ip-invalid', p, raw);
    return undefined;
  }
  if (parsed.canonical !== raw) {
    // RFC 5952 §4; the RFC's own Appendix B writes 2001:db8:abcd:0012::1
    ctx.add('ip-noncanonical', ctx.strict ? 'warning' : 'info', p, raw);
  }
  return parsed.canonical;
}

/**
 * Parses a TLSRPT JSON report (text or UTF-8 bytes), synchronously. Never throws.
 *
 * - **strict**: a conformance linter for report generators: RFC 8460 §4.4, I-JSON (RFC 7493:
 *   duplicate keys, precision, surrogates are errors) and RFC 3339 dates; `mx-host` as an array is
 *   accepted (erratum 6241). A report is conformant iff `ok`.
 * - **lenient** (default): ingest. Every deviation in the spec notes' matrix (section 8.1) is
 *   accepted with a warning; the result is one normalised model: camelCase fields, UTC times,
 *   `mxHost` and `policyStrings` always arrays, TLSA strings canonical, unknown members in
 *   `extra`. Unknown result types are never fatal. Of I-JSON only a BOM and duplicate member
 *   names are relaxed; a lone surrogate or a number no double holds stays an error.
 *
 * In both modes a count must be an integer in the JSON text itself, not only after `JSON.parse`
 * (`4503599627370496.5` and `1e-400` are `count-invalid`). Syntax errors carry line and column;
 * every other issue a JSON Pointer. Input that is neither a string nor a `Uint8Array` is
 * `report-not-object`.
 * @example parseTlsrptReport(googleReportJson).value.policies[0].policy.mxHost // ['mx.example.com']
 * @example parseTlsrptReport('{"a":1\n"b":2}').errors[0].at // { pointer: '/a', offset: 7, line: 2, column: 1 }
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-4.4
 */
export function parseTlsrptReport(
  json: string | Uint8Array,
  options: TlsrptReportOptions = {},
): Result<TlsrptReport, Code> {
  const maxLength = maxLengthOf(options);
  let input: unknown = json;
  if (input instanceof Uint8Array && input.length <= maxLength) {
    // Decoded here rather than in parseJson, so that the fast path sees text too: bytes within
    // the cap decode to text within the cap, the same input to parseJson.
    const decoded = decodeUtf8(input);
    if (decoded.ok) input = decoded.value;
  }
  if (typeof input === 'string') {
    // Happy path: a report the general path would accept with no issue (see _report-fast.ts)
    const value = fastReport(input, maxLength);
    if (value !== undefined) return { ok: true, value, warnings: [] };
  }
  return parseTlsrptReportGeneral(input as string | Uint8Array, options);
}

/** The input cap of `options` (any JavaScript value): a number, else the default. */
const maxLengthOf = (options: unknown): number => {
  const m = isObject(options) ? (options as TlsrptReportOptions).maxLength : undefined;
  return typeof m === 'number' && !Number.isNaN(m) ? m : DEFAULT_MAX_LENGTH;
};

/**
 * {@link parseTlsrptReport} without its fast path: core's `parseJson`, then the member-by-member
 * reader. Not part of the package's API; the tests pin the fast path to it.
 * @internal
 */
export function parseTlsrptReportGeneral(
  json: string | Uint8Array,
  options: TlsrptReportOptions = {},
): Result<TlsrptReport, Code> {
  // Total for JavaScript callers: options of any type, input of any type
  const opts: TlsrptReportOptions = isObject(options) ? options : {};
  const strict = opts.strict === true;
  const maxLength = maxLengthOf(opts);
  const fillDomain = typeof opts.policyDomain === 'string' ? opts.policyDomain : undefined;
  const root0 = { pointer: '' };
  if (typeof json !== 'string' && !(json instanceof Uint8Array)) {
    const kind = json === null ? 'null' : Array.isArray(json) ? 'array' : typeof json;
    return {
      ok: false,
      errors: [issue(tlsrptIssues, 'report-not-object', 'error', root0, kind)],
      warnings: [],
    };
  }
  if (json.length > maxLength) {
    // Checked here rather than left to parseJson, whose issue carries no position
    const detail = `${json.length} > ${maxLength}`;
    return {
      ok: false,
      errors: [issue(tlsrptIssues, 'input-too-large', 'error', root0, detail)],
      warnings: [],
    };
  }
  let input: string | Uint8Array = json;
  if (input instanceof Uint8Array) {
    // The same text parseJson would decode; invalid UTF-8 is left for it to report
    const decoded = decodeUtf8(input);
    if (decoded.ok) input = decoded.value;
  }
  const parsed = parseJson(input, { strict, maxLength });
  // Counts must be integers in the text (spec notes 2.3): find the tokens JSON.parse may have
  // rounded to one
  let numbers: Map<string, string> | undefined;
  if (parsed.ok && typeof input === 'string' && INEXACT_MEMBER_NUMBER.test(input))
    numbers = inexactNumbers(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
  const ctx = new Ctx(strict, numbers);
  for (const w of parsed.warnings) {
    // I-JSON (RFC 7493) is mandated by §4: its violations are errors when linting. Lenient mode
    // relaxes only what spec notes 2.4 list (a BOM, duplicate member names); a lone surrogate or
    // a number no double can hold stays invalid (spec notes §0: "Everything not listed stays
    // invalid"), in unknown members too.
    const error = strict || (w.code !== 'json-bom' && w.code !== 'json-duplicate-key');
    ctx.issues.push(error ? { ...w, severity: 'error' } : w);
    if (error) ctx.failed = true;
  }
  if (!parsed.ok) {
    const [first, ...rest] = parsed.errors;
    const errors = ctx.issues.filter((i) => i.severity === 'error');
    const warnings = ctx.issues.filter((i) => i.severity !== 'error');
    return { ok: false, errors: [first, ...rest, ...errors], warnings };
  }
  const root = parsed.value;
  if (!isObject(root)) {
    ctx.add('report-not-object', 'error', '');
    return finish(ctx, undefined);
  }
  const report = readReport(ctx, root, fillDomain);
  return finish(ctx, report);
}

function finish(ctx: Ctx, value: TlsrptReport | undefined): Result<TlsrptReport, Code> {
  if (!ctx.failed && value !== undefined) return { ok: true, value, warnings: ctx.issues };
  const errors: Issue<Code>[] = [];
  const warnings: Issue<Code>[] = [];
  for (const i of ctx.issues) (i.severity === 'error' ? errors : warnings).push(i);
  return { ok: false, errors: errors as [Issue<Code>, ...Issue<Code>[]], warnings };
}

function readReport(ctx: Ctx, root: Obj, fillDomain: string | undefined): TlsrptReport | undefined {
  const { view: top, extra } = members(ctx, root, TOP_KEYS, TOP_ALIASES, '');
  const organizationName = str(ctx, top, 'organization-name', '', RELAXED);
  let contactInfo = str(ctx, top, 'contact-info', '', RELAXED);
  if (contactInfo !== undefined && !isPlainAddress(contactInfo) && !isAddrSpec(contactInfo)) {
    // Judgement call: an unusable contact is a lint error but no reason to drop the counts
    ctx.dev('contact-invalid', '/contact-info', contactInfo);
    if (ctx.strict) contactInfo = undefined;
  }
  const reportId = str(ctx, top, 'report-id', '', REQUIRED);
  const dateRange = readRange(ctx, top['date-range']);

  let rawPolicies = top.policies;
  const policies: TlsrptPolicyResult[] = [];
  if (rawPolicies === undefined || rawPolicies === null) {
    ctx.add(rawPolicies === null ? 'field-null' : 'field-missing', 'error', '/policies', 'policies');
    rawPolicies = [];
  } else if (isObject(rawPolicies)) {
    // §4.4: "MUST be an array and not a singular value"
    ctx.dev('field-wrapped', '/policies', 'policies');
    rawPolicies = [rawPolicies];
  } else if (!Array.isArray(rawPolicies)) {
    ctx.add('field-type', 'error', '/policies', 'policies must be an array');
    rawPolicies = [];
  } else if (rawPolicies.length === 0) ctx.dev('policies-empty', '/policies');
  for (let i = 0; i < rawPolicies.length; i++) {
    const r = readPolicyResult(ctx, rawPolicies[i] as JsonValue, `/policies/${i}`, fillDomain);
    if (r !== undefined) policies.push(r);
  }
  if (dateRange === undefined) return undefined;
  // Fixed key order for the model (stable output for snapshots and JSON dumps), built in place
  const out = {} as Mutable<TlsrptReport>;
  if (organizationName !== undefined) out.organizationName = organizationName;
  out.dateRange = dateRange;
  if (contactInfo !== undefined) out.contactInfo = contactInfo;
  if (reportId !== undefined) out.reportId = reportId;
  out.policies = policies;
  if (extra !== undefined) out.extra = extra;
  return out;
}

function readDate(
  ctx: Ctx,
  range: Obj,
  key: string,
): { ms: number; raw: string; fraction: string; utc: string | undefined } | undefined {
  const raw = str(ctx, range, key, '/date-range', REQUIRED);
  if (raw === undefined) return undefined;
  // Happy path: already canonical UTC, so core would parse it with no issue and format it back
  // to itself
  const ms = canonicalUtcMs(raw);
  if (!Number.isNaN(ms)) return { ms, raw, fraction: '', utc: raw };
  const p = `/date-range/${key}`;
  const r = parseDateTime(raw, { strict: ctx.strict });
  // Core's deviations (no offset: Microsoft ≤ 2023; space separator; +hhmm) come back as
  // warnings in lenient mode and errors in strict; the leap second is info in both.
  for (const w of r.warnings) ctx.adopt(w as Issue<Code>, p);
  if (!r.ok) {
    for (const e of r.errors) ctx.adopt(e as Issue<Code>, p);
    return undefined;
  }
  return { ms: r.value.epochMs, raw, fraction: r.value.fraction, utc: formatDateTime(r.value.epochMs) };
}

function readRange(ctx: Ctx, v: JsonValue | undefined): TlsrptDateRange | undefined {
  if (!isObject(v)) {
    ctx.add(
      v === undefined ? 'field-missing' : v === null ? 'field-null' : 'field-type',
      'error',
      '/date-range',
      'date-range',
    );
    return undefined;
  }
  const { view, extra } = members(ctx, v, RANGE_KEYS, undefined, '/date-range');
  void extra; // unknown members of date-range are reported, not kept: the range is a value
  const s = readDate(ctx, view, 'start-datetime');
  const e = readDate(ctx, view, 'end-datetime');
  if (s === undefined || e === undefined) return undefined;
  const start = s.utc;
  const end = e.utc;
  if (start === undefined || end === undefined) {
    ctx.add(
      'datetime-range',
      'error',
      start === undefined ? '/date-range/start-datetime' : '/date-range/end-datetime',
    );
    return undefined;
  }
  if (s.ms > e.ms) {
    ctx.add('range-inverted', 'error', '/date-range', `${s.raw} > ${e.raw}`);
    return undefined;
  }
  // §4.1 "0000-2400 UTC": an end of 23:59:59 is inclusive (RFC example, Google, Microsoft), a
  // next-midnight end is exclusive (Mail.ru, Stalwart, SocketLabs). Normalise to [start, end).
  let endExclusiveMs = e.ms;
  if (e.ms % MS_PER_DAY === 0 && e.ms > s.ms)
    ctx.add('range-end-midnight', 'info', '/date-range/end-datetime', e.raw);
  else endExclusiveMs = e.ms + (e.fraction === '' ? 1000 : 1);
  if (s.ms % MS_PER_DAY !== 0 || endExclusiveMs - s.ms !== MS_PER_DAY) {
    ctx.add('range-not-full-day', 'warning', '/date-range', `${s.raw} – ${e.raw}`);
  }
  const out: Mutable<TlsrptDateRange> = { start, end, startMs: s.ms, endMs: e.ms, endExclusiveMs };
  if (s.raw !== start) out.startRaw = s.raw;
  if (e.raw !== end) out.endRaw = e.raw;
  return out;
}

function readPolicyResult(
  ctx: Ctx,
  v: JsonValue,
  ptr: string,
  fillDomain: string | undefined,
): TlsrptPolicyResult | undefined {
  if (!isObject(v)) {
    ctx.add('field-type', 'error', ptr, 'policies[] entries must be objects');
    return undefined;
  }
  const { view, extra } = members(ctx, v, RESULT_KEYS, undefined, ptr);
  const policy = readPolicy(ctx, view.policy, `${ptr}/policy`, fillDomain);
  const summary = readSummary(ctx, view.summary, `${ptr}/summary`);
  const details = readDetails(ctx, view['failure-details'], `${ptr}/failure-details`);
  if (policy === undefined || summary === undefined) return undefined;
  // §4.2: detail counts are non-exclusive; never "fix" the numbers, only say what they imply
  const failures = summary.totalFailureSessionCount;
  if (details.length === 0) {
    if (failures > 0) ctx.add('failure-details-missing', 'warning', ptr, `${failures}`);
  } else {
    let sum = 0;
    for (const d of details) sum += d.failedSessionCount;
    if (sum > failures)
      ctx.add('detail-sum-exceeds-total', 'info', `${ptr}/failure-details`, `${sum} > ${failures}`);
    else if (sum < failures)
      ctx.add('detail-sum-below-total', 'warning', `${ptr}/failure-details`, `${sum} < ${failures}`);
  }
  const out: Mutable<TlsrptPolicyResult> = { policy, summary, failureDetails: details };
  if (extra !== undefined) out.extra = extra;
  return out;
}

function readPolicy(
  ctx: Ctx,
  v: JsonValue | undefined,
  ptr: string,
  fillDomain: string | undefined,
): TlsrptPolicy | undefined {
  if (!isObject(v)) {
    ctx.add(
      v === undefined ? 'field-missing' : v === null ? 'field-null' : 'field-type',
      'error',
      ptr,
      'policy',
    );
    return undefined;
  }
  const { view, extra } = members(ctx, v, POLICY_KEYS, POLICY_ALIASES, ptr);
  const rawType = str(ctx, view, 'policy-type', ptr, REQUIRED);
  let policyType = rawType;
  if (rawType !== undefined && !POLICY_TYPES.has(rawType)) {
    const lower = rawType.toLowerCase();
    if (POLICY_TYPES.has(lower)) {
      ctx.dev('enum-case', `${ptr}/policy-type`, rawType);
      policyType = lower;
    } else {
      // Stalwart's fixture rpt03; kept raw and grouped as "other" by aggregation
      ctx.dev('policy-type-unknown', `${ptr}/policy-type`, rawType);
    }
  }
  // policy-domain: absent for libtlsrpt's no-policy-found (sys4/tlsrpt-reporter #51)
  const rawDomain = str(ctx, view, 'policy-domain', ptr, RELAXED);
  let policyDomain =
    rawDomain === undefined || isPlainHostname(rawDomain, false)
      ? rawDomain
      : domain(ctx, rawDomain, `${ptr}/policy-domain`, false);
  if (policyDomain === undefined && fillDomain !== undefined && !ctx.strict) {
    const filled = validateHostname(fillDomain);
    if (filled.ok) {
      policyDomain = filled.value.ascii;
      ctx.add('policy-domain-filled', 'warning', `${ptr}/policy-domain`, policyDomain);
    }
  }
  const policyStrings = readPolicyStrings(ctx, view['policy-string'], `${ptr}/policy-string`, policyType);
  const mxHost = readMxHost(ctx, view['mx-host'], `${ptr}/mx-host`);
  if (policyType === undefined) return undefined;
  const out: Mutable<TlsrptPolicy> =
    policyDomain === undefined
      ? { policyType, policyStrings: policyStrings.strings, mxHost }
      : { policyType, policyStrings: policyStrings.strings, policyDomain, mxHost };
  if (policyStrings.tlsa !== undefined) out.tlsa = policyStrings.tlsa;
  if (policyStrings.sts !== undefined) out.sts = policyStrings.sts;
  if (extra !== undefined) out.extra = extra;
  return out;
}

function readPolicyStrings(
  ctx: Ctx,
  v: JsonValue | undefined,
  p: string,
  policyType: string | undefined,
): { strings: string[]; tlsa?: TlsrptTlsaRecord[]; sts?: TlsrptStsPolicy } {
  const expected = policyType === 'sts' || policyType === 'tlsa';
  let strings: string[] = [];
  if (v === undefined) {
    // Absent on policy-retrieval errors (Microsoft, Mail.ru): a warning in both modes
    if (expected) ctx.add('field-missing', 'warning', p, 'policy-string');
  } else if (v === null) {
    ctx.dev('field-null', p, 'policy-string');
  } else if (typeof v === 'string') {
    // Halon's generator writes a plain string, "" included
    ctx.dev('field-wrapped', p, v);
    strings = v === '' ? [] : [v];
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const s = v[i];
      if (typeof s === 'string') strings.push(s);
      else ctx.add('field-type', 'error', `${p}/${i}`, 'policy-string entries must be strings');
    }
  } else ctx.add('field-type', 'error', p, 'policy-string must be an array of strings');

  if (strings.length === 1 && (strings[0] as string).startsWith('[')) {
    // Microsoft writes the TLSA RRset as one string holding a JSON array (2 to 13 records)
    const inner = parseJson(strings[0] as string, { maxDepth: 2 });
    if (inner.ok && Array.isArray(inner.value) && inner.value.every((x) => typeof x === 'string')) {
      ctx.dev('policy-string-stringified', p);
      strings = inner.value as string[];
    }
  }
  if (policyType === 'tlsa') {
    const tlsa: TlsrptTlsaRecord[] = [];
    for (let i = 0; i < strings.length; i++) {
      const s = strings[i] as string;
      const rec = parseTlsaString(s);
      // Both modes: the report stays valid, the string is kept as written (spec notes 2.3)
      if (rec === undefined) ctx.add('policy-string-tlsa-syntax', 'warning', `${p}/${i}`, s);
      else {
        tlsa.push(rec);
        const canonical = formatTlsaString(rec);
        if (canonical !== s) {
          ctx.add('policy-string-tlsa-noncanonical', ctx.strict ? 'warning' : 'info', `${p}/${i}`, s);
          strings[i] = canonical;
        }
      }
    }
    return { strings, tlsa };
  }
  if (policyType === 'sts' && strings.length > 0) {
    const { policy, bad } = parseStsStrings(strings);
    for (const i of bad) ctx.add('policy-string-sts-syntax', 'warning', `${p}/${i}`, strings[i]);
    return { strings, sts: policy };
  }
  return { strings };
}

function readMxHost(ctx: Ctx, v: JsonValue | undefined, p: string): string[] {
  if (v === undefined) return []; // Microsoft and Google 2020 never send it
  if (v === null) {
    ctx.dev('field-null', p, 'mx-host');
    return [];
  }
  let list: JsonValue[];
  if (typeof v === 'string') {
    // §4.4 and Appendix B show a string; erratum 6241 and every current sender use an array
    ctx.add('mx-host-string', 'info', p, v);
    list = [v];
  } else if (Array.isArray(v)) list = v;
  else {
    ctx.add('field-type', 'error', p, 'mx-host must be an array of strings');
    return [];
  }
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item === 'string' && isPlainHostname(item, true)) {
      out.push(item); // the happy path of domain(): no pointer needed
      continue;
    }
    const ip = typeof v === 'string' ? p : `${p}/${i}`;
    if (typeof item !== 'string') {
      ctx.add('field-type', 'error', ip, 'mx-host entries must be strings');
      continue;
    }
    let host = item;
    if (host.charCodeAt(0) === 0x6d && host.charCodeAt(1) === 0x78 && host.charCodeAt(2) === 0x3a) {
      // One anonymised Stalwart-style fixture leaks the policy's "mx: " prefix into mx-host
      if (ctx.strict) ctx.add('mx-host-invalid', 'error', ip, host);
      else ctx.add('mx-host-prefix', 'warning', ip, host);
      host = host.replace(/^mx:[ \t]*/, '');
    }
    out.push(domain(ctx, host, ip, true, 'mx-host-invalid'));
  }
  return out;
}

function readSummary(ctx: Ctx, v: JsonValue | undefined, ptr: string): TlsrptSummary | undefined {
  if (!isObject(v)) {
    ctx.add(
      v === undefined ? 'field-missing' : v === null ? 'field-null' : 'field-type',
      'error',
      ptr,
      'summary',
    );
    return undefined;
  }
  const { view, extra } = members(ctx, v, SUMMARY_KEYS, undefined, ptr);
  const ok = count(ctx, view, 'total-successful-session-count', ptr, REQUIRED);
  // Stalwart's fixture omits the failure total and Stalwart reads it as 0: lenient does the same
  const failed = count(ctx, view, 'total-failure-session-count', ptr, RELAXED);
  if (ok === undefined) return undefined;
  const out: Mutable<TlsrptSummary> = {
    totalSuccessfulSessionCount: ok,
    totalFailureSessionCount: failed ?? 0,
  };
  if (extra !== undefined) out.extra = extra;
  return out;
}

function readDetails(ctx: Ctx, v: JsonValue | undefined, p: string): TlsrptFailureDetail[] {
  if (v === undefined) return []; // Google and Microsoft omit it when there are no failures
  let list: JsonValue[];
  if (v === null) {
    ctx.dev('field-null', p, 'failure-details');
    return [];
  }
  if (isObject(v)) {
    ctx.dev('field-wrapped', p, 'failure-details');
    list = [v];
  } else if (Array.isArray(v)) list = v;
  else {
    ctx.add('field-type', 'error', p, 'failure-details must be an array');
    return [];
  }
  const out: TlsrptFailureDetail[] = [];
  for (let i = 0; i < list.length; i++) {
    const d = readDetail(ctx, list[i] as JsonValue, `${p}/${i}`);
    if (d !== undefined) out.push(d);
  }
  return out;
}

function readDetail(ctx: Ctx, v: JsonValue, ptr: string): TlsrptFailureDetail | undefined {
  if (!isObject(v)) {
    ctx.add('field-type', 'error', ptr, 'failure-details entries must be objects');
    return undefined;
  }
  const { view, extra } = members(ctx, v, DETAIL_KEYS, DETAIL_ALIASES, ptr);
  let resultType = str(ctx, view, 'result-type', ptr, REQUIRED);
  if (resultType !== undefined && !isTlsrptResultType(resultType)) {
    const lower = resultType.toLowerCase();
    if (isTlsrptResultType(lower)) {
      ctx.dev('enum-case', `${ptr}/result-type`, resultType);
      resultType = lower;
    } else {
      // §6.6: the registry grows by Expert Review; an unregistered value never invalidates
      ctx.add('result-type-unregistered', 'warning', `${ptr}/result-type`, resultType);
    }
  }
  const pre = resultType !== undefined && describeResultType(resultType).preConnection;
  const sendingMtaIp = ip(ctx, view, 'sending-mta-ip', ptr, pre);
  const rawMx = str(ctx, view, 'receiving-mx-hostname', ptr, pre ? ['info', 'info'] : ['warning', 'warning']);
  const receivingMxHostname =
    rawMx === undefined ? undefined : domain(ctx, rawMx, `${ptr}/receiving-mx-hostname`, false);
  const receivingMxHelo = str(ctx, view, 'receiving-mx-helo', ptr, null);
  const receivingIp = ip(ctx, view, 'receiving-ip', ptr, pre);
  const failedSessionCount = count(ctx, view, 'failed-session-count', ptr, REQUIRED);
  let additionalInformation = str(ctx, view, 'additional-information', ptr, null);
  if (additionalInformation !== undefined && typeof checkUri(additionalInformation) === 'number') {
    ctx.dev('uri-invalid', `${ptr}/additional-information`, additionalInformation);
    additionalInformation = undefined;
  }
  const failureReasonCode = str(ctx, view, 'failure-reason-code', ptr, null);
  if (
    failureReasonCode === undefined &&
    (resultType === 'certificate-not-trusted' || resultType === 'validation-failure')
  ) {
    // §4.3.1/§4.3.3 SHOULD; Google omits it
    ctx.add('failure-reason-code-missing', ctx.strict ? 'warning' : 'info', ptr, resultType);
  }
  if (resultType === undefined || failedSessionCount === undefined) return undefined;
  const out = { resultType } as Mutable<TlsrptFailureDetail>;
  if (sendingMtaIp !== undefined) out.sendingMtaIp = sendingMtaIp;
  if (receivingMxHostname !== undefined) out.receivingMxHostname = receivingMxHostname;
  if (receivingMxHelo !== undefined) out.receivingMxHelo = receivingMxHelo;
  if (receivingIp !== undefined) out.receivingIp = receivingIp;
  out.failedSessionCount = failedSessionCount;
  if (additionalInformation !== undefined) out.additionalInformation = additionalInformation;
  if (failureReasonCode !== undefined) out.failureReasonCode = failureReasonCode;
  if (extra !== undefined) out.extra = extra;
  return out;
}
