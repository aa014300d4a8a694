/**
 * Policy retrieval rules (RFC 8461 §3.3) as pure code: the policy URL, and a check of an HTTP
 * response that any client (fetch in a browser or worker, Node, Deno, Bun) can apply.
 * @module
 */
import {
  asciiLower,
  type Issue,
  issue,
  matchesDnsId,
  normalizeHostname,
  type ParseOptions,
  type Result,
  validateHostname,
} from '@mailtls/core';
import { type MtaStsHttpIssueCode, type MtaStsPolicyIssueCode, mtaStsHttpIssues } from './issues.ts';
import { MAX_POLICY_BYTES, type MtaStsPolicy, parseMtaStsPolicy } from './policy.ts';

const WELL_KNOWN = '/.well-known/mta-sts.txt';

/**
 * The policy URL for a policy domain: `https://mta-sts.<domain>/.well-known/mta-sts.txt`, with
 * the domain in lower-case A-labels and no trailing dot. Throws a `TypeError` when `domain` is
 * not a valid host name (an IP address, an empty label, a wildcard…): address literals have no
 * MTA-STS policy (RFC 8461 §3.4).
 * @example mtaStsPolicyUrl('Example.COM.') // 'https://mta-sts.example.com/.well-known/mta-sts.txt'
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.3
 */
export function mtaStsPolicyUrl(domain: string): string {
  const h = validateHostname(String(domain));
  if (!h.ok) throw new TypeError(`Not a policy domain: ${h.errors[0].message}`);
  return `https://mta-sts.${h.value.ascii}${WELL_KNOWN}`;
}

/** Response headers: a WHATWG `Headers` object, or a plain object such as Node's `IncomingHttpHeaders`. */
export type HeadersLike =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** What {@link checkPolicyResponse} needs to know about one HTTP exchange. */
export interface PolicyResponse {
  /** The URL that was requested (for fetch, `response.url`: the final URL). */
  readonly url: string;
  /** The HTTP status code. */
  readonly status: number;
  /** Response headers; `Content-Type`, `Content-Length` and `Location` are read. */
  readonly headers: HeadersLike;
  /** The body: raw bytes (preferred: decoded as UTF-8 whatever the charset) or text. */
  readonly body: string | Uint8Array;
  /** Whether the client followed a redirect to get here (fetch's `response.redirected`). */
  readonly redirected?: boolean;
  /**
   * The SAN dNSNames of the policy host's certificate, when the client can see them (Node's
   * `tls` socket; not browsers). Checked with RFC 9525 DNS-ID rules against the URL's host.
   */
  readonly certificateNames?: readonly string[];
}

/**
 * Applies the RFC 8461 §3.3 retrieval rules to an HTTP response, then parses the body: HTTPS
 * to `mta-sts.<domain>/.well-known/mta-sts.txt` only, status 200 only (204 and 206 included in
 * the failures), no redirects, `Content-Type: text/plain` (parameters ignored; otherwise an
 * error in strict mode and a warning in lenient mode), 64 KiB at most by `Content-Length` and
 * by actual size. The body is not parsed after a status, redirect or size failure. Never throws,
 * whatever it is given: a missing response (`null`, `undefined`, not an object) fails like an
 * empty one, with `http-not-https` and `http-status`.
 * Fetch with `redirect: 'manual'`, no cache and `Accept-Encoding: identity`.
 * @example
 * const url = mtaStsPolicyUrl('example.com');
 * const res = await fetch(url, { redirect: 'manual', cache: 'no-store' });
 * const body = new Uint8Array(await res.arrayBuffer());
 * checkPolicyResponse({ url, status: res.status, headers: res.headers, body }).ok // true for a good policy
 * @example checkPolicyResponse({ url, status: 301, headers: { location: 'https://www.example.com/' }, body: '' }).errors[0].code // 'http-redirect'
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.3
 */
export function checkPolicyResponse(
  response: PolicyResponse,
  options: ParseOptions = {},
): Result<MtaStsPolicy, MtaStsHttpIssueCode | MtaStsPolicyIssueCode> {
  const strict = options.strict === true;
  const errors: Issue<MtaStsHttpIssueCode | MtaStsPolicyIssueCode>[] = [];
  const warnings: Issue<MtaStsHttpIssueCode | MtaStsPolicyIssueCode>[] = [];
  const add = (
    code: MtaStsHttpIssueCode,
    severity: 'error' | 'warning',
    path: string,
    detail?: string,
  ): void => {
    (severity === 'error' ? errors : warnings).push(
      issue(mtaStsHttpIssues, code, severity, { pointer: path }, detail),
    );
  };
  // Total for JavaScript callers: anything but an object reads as an empty response, which
  // fails on its URL and status below.
  const r: Partial<PolicyResponse> = typeof response === 'object' && response !== null ? response : {};
  const { url, status, headers, body } = r;

  // The URL: HTTPS, the mta-sts host, port 443, the well-known path, nothing else (§3.3).
  const target = splitUrl(typeof url === 'string' ? url : '');
  if (target === undefined) add('http-not-https', 'error', '/url', shown(url));
  else if (!target.ok) add('http-url', 'error', '/url', url);

  // §3.3: "Senders MUST NOT follow HTTP redirects"; only 200 is a successful retrieval.
  let fetched = true;
  if (r.redirected === true || (typeof status === 'number' && status >= 300 && status < 400)) {
    add('http-redirect', 'error', '/status', header(headers, 'location') ?? shown(status));
    fetched = false;
  } else if (status !== 200) {
    add('http-status', 'error', '/status', shown(status));
    fetched = false;
  }

  // §3.3: senders may limit the body size; check the announced length and the actual one.
  const length = header(headers, 'content-length');
  const tooLong =
    length !== undefined && /^[0-9]+$/.test(length.trim()) && Number(length.trim()) > MAX_POLICY_BYTES;
  const size = typeof body === 'string' || body instanceof Uint8Array ? body.length : 0;
  if (tooLong || size > MAX_POLICY_BYTES) {
    add('http-too-large', 'error', '/body', tooLong ? length : String(size));
    fetched = false;
  }

  // §3.2: the policy "SHOULD" be served as text/plain. Media type compared case-insensitively,
  // parameters (charset) ignored. Strict: a failure (as mailauth strict and Postfix resolvers);
  // lenient: a warning, as mox and most senders do not check it.
  const type = header(headers, 'content-type');
  if (type === undefined || mediaType(type) !== 'text/plain') {
    add('http-content-type', strict ? 'error' : 'warning', '/headers/content-type', type ?? '');
  }

  // §3.3: the certificate must be valid for the policy host (DNS-ID only, RFC 9525).
  const names = r.certificateNames;
  if (names !== undefined && target?.ok === true) {
    let match = false;
    const list = (Array.isArray(names) ? names : []).filter((n): n is string => typeof n === 'string');
    for (const n of list) if (matchesDnsId(n, target.host)) match = true;
    if (!match) add('webpki-name-mismatch', 'error', '/certificateNames', list.join(', '));
  }

  if (fetched) {
    // status is 200 here, so r is an object; a missing body is not a policy (policy-syntax)
    const parsed = parseMtaStsPolicy(body as string | Uint8Array, options);
    warnings.push(...parsed.warnings);
    if (!parsed.ok) errors.push(...parsed.errors);
    else if (errors.length === 0) return { ok: true, value: parsed.value, warnings };
  }
  const [first, ...rest] = errors;
  // fetched && parsed.ok && errors.length === 0 returned above, so an error exists here.
  return { ok: false, errors: [first!, ...rest], warnings };
}

/** A field's value for a message: strings and numbers as they are, anything else by its type. */
const shown = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : typeof v);

/** The type/subtype of a Content-Type value, lower-cased, without parameters or OWS. */
function mediaType(value: string): string {
  const semi = value.indexOf(';');
  const t = semi < 0 ? value : value.slice(0, semi);
  let a = 0;
  let b = t.length;
  while (a < b && (t.charCodeAt(a) === 0x20 || t.charCodeAt(a) === 0x09)) a++;
  while (b > a && (t.charCodeAt(b - 1) === 0x20 || t.charCodeAt(b - 1) === 0x09)) b--;
  return asciiLower(t.slice(a, b));
}

/** One header value, case-insensitively, from a Headers object or a plain record. */
function header(headers: HeadersLike | undefined, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    try {
      return (headers as { get(name: string): string | null }).get(name) ?? undefined;
    } catch {
      return undefined;
    }
  }
  for (const key of Object.keys(headers)) {
    if (asciiLower(key) !== name) continue;
    const v = (headers as Record<string, unknown>)[key];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v)) return v.join(', ');
  }
  return undefined;
}

/**
 * Splits an https URL by hand (`new URL` keeps a trailing dot and reads numeric shorthand as
 * IPv4). Undefined when the scheme is not https; `ok: false` when anything but
 * `https://mta-sts.<domain>[:443]/.well-known/mta-sts.txt` is asked for.
 */
function splitUrl(url: string): { ok: true; host: string } | { ok: false } | undefined {
  if (asciiLower(url.slice(0, 8)) !== 'https://') return undefined;
  let end = 8;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 0x2f || c === 0x3f || c === 0x23) break; // "/", "?", "#"
    end++;
  }
  let authority = url.slice(8, end);
  if (authority.includes('@')) return { ok: false };
  const colon = authority.lastIndexOf(':');
  if (colon >= 0) {
    if (authority.slice(colon + 1) !== '443' && authority.slice(colon + 1) !== '') return { ok: false };
    authority = authority.slice(0, colon);
  }
  const host = normalizeHostname(authority);
  if (!host.startsWith('mta-sts.') || !validateHostname(host).ok) return { ok: false };
  if (url.slice(end) !== WELL_KNOWN) return { ok: false };
  return { ok: true, host };
}
