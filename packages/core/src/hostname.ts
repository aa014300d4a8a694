/**
 * Host names: normalisation (ASCII case, one trailing dot, IDNA A-labels), LDH validation,
 * one-label wildcards (MTA-STS MX patterns, the policy list) and certificate DNS-ID matching
 * (RFC 6125 / RFC 9525).
 * @module
 */

import { punycodeDecode, punycodeEncode } from './_punycode.ts';
import { type CoreIssueCode, type HostnameIssueCode, hostnameIssues } from './issues.ts';
import { issue, type Result } from './result.ts';

const DOT = 0x2e;
const HYPHEN = 0x2d;
const STAR = 0x2a;
const UNDERSCORE = 0x5f;
/** RFC 1035 §2.3.4: 63 octets per label, 255 per name on the wire, so 253 in text without the root dot. */
export const MAX_LABEL_LENGTH = 63;
export const MAX_HOSTNAME_LENGTH = 253;
/** Longer input is rejected before any per-character work. */
const MAX_INPUT = 1024;

const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLetDig = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);

// UTS #46 (non-transitional) is approximated by full case folding (toLowerCase) and NFKC, then
// NFC; a U-label may then hold only letters, marks, digits and hyphens (IDNA 2008), must not begin
// with a mark (RFC 5891 §5.4) or a hyphen, must not end with a hyphen, and must not have "--" in
// positions 3–4 (RFC 5891 §4.2.3.1). Bidi and CONTEXTJ rules are not applied: labels that break
// them are still converted, and registries refuse them anyway. A judgement call to stay within
// the core size budget. Lookaheads are fixed-length; the one quantifier is not nested.
const U_LABEL = /^(?![\p{M}-])(?!..--)[\p{L}\p{M}\p{N}-]+(?<!-)$/u;
const ASCII = /^[\x00-\x7f]*$/;
const UPPER = /[A-Z]+/g;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Converts one label to its A-label (ASCII) form; ASCII labels are only lower-cased.
 * Returns undefined for a label IDNA cannot represent.
 * @example labelToAscii('Bücher') // 'xn--bcher-kva'
 * @see https://www.rfc-editor.org/rfc/rfc5891#section-4
 */
export function labelToAscii(label: string): string | undefined {
  if (ASCII.test(label)) return asciiLower(label);
  const mapped = label.toLowerCase().normalize('NFKC').normalize('NFC');
  if (!U_LABEL.test(mapped)) return undefined;
  // The mapping may itself yield pure ASCII (e.g. fullwidth letters): that is the label then.
  if (ASCII.test(mapped)) return mapped;
  const encoded = punycodeEncode(mapped);
  return encoded === undefined ? undefined : `xn--${encoded}`;
}

/** Lower-cases ASCII A–Z only (toLowerCase() would also map the Kelvin sign to "k"). */
export function asciiLower(s: string): string {
  // On pure ASCII, toLowerCase() touches A–Z only; elsewhere fold run by run.
  return ASCII.test(s) ? s.toLowerCase() : s.replace(UPPER, (m) => m.toLowerCase());
}

/**
 * The canonical form of a host name for comparison: ASCII lower case, one trailing dot removed,
 * U-labels converted to A-labels. Never throws: a label IDNA cannot convert is kept as it was
 * (lower-cased), so it can never equal a valid A-label name.
 * @example normalizeHostname('MX1.Bücher.example.') // 'mx1.xn--bcher-kva.example'
 * @see https://www.rfc-editor.org/rfc/rfc4343#section-3
 */
export function normalizeHostname(name: string): string {
  if (typeof name !== 'string') return ''; // total for JavaScript callers: matches nothing
  let end = name.length;
  if (end > 0 && name.charCodeAt(end - 1) === DOT) end--;
  let upper = false;
  for (let i = 0; i < end; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) {
      // Only non-ASCII input needs IDNA, label by label.
      const base = name.slice(0, end);
      return base.length > MAX_INPUT
        ? base
        : base
            .split('.')
            .map((l) => labelToAscii(l) ?? asciiLower(l))
            .join('.');
    }
    if (isUpper(c)) upper = true;
  }
  const base = end === name.length ? name : name.slice(0, end);
  // All ASCII here, so toLowerCase() touches A–Z only.
  return upper ? base.toLowerCase() : base;
}

/** Options for {@link validateHostname}. */
export interface HostnameOptions {
  /** Accept a leading `*.` label (a wildcard pattern). Default false. */
  readonly wildcard?: boolean;
  /** Accept `_` in labels (service names such as `_25._tcp`). Default false: LDH only. */
  readonly underscore?: boolean;
  /** Accept one trailing root dot. Default true. */
  readonly trailingDot?: boolean;
  /** Accept U-labels and convert them. Default true. */
  readonly unicode?: boolean;
}

/** A validated host name. */
export interface Hostname {
  /** The normalised A-label form, lower case, no trailing dot. */
  readonly ascii: string;
  /** Labels of `ascii`, left to right. */
  readonly labels: readonly string[];
  /** Whether the name began with a `*.` wildcard label. */
  readonly wildcard: boolean;
  /** Whether the input had a trailing root dot. */
  readonly trailingDot: boolean;
  /** Whether any label was given as a U-label and converted. */
  readonly converted: boolean;
}

/**
 * Validates a host name: LDH labels (RFC 952/1123, RFC 5321 `Domain`), no hyphen at a label's
 * ends, 63 octets per label and 253 per name, A-labels that decode, and not an IP literal.
 * Returns the normalised form.
 * @example validateHostname('Mail.Example.COM.').ok // true, ascii 'mail.example.com'
 * @see https://www.rfc-editor.org/rfc/rfc5321#section-4.1.2
 */
export function validateHostname(
  name: string,
  options: HostnameOptions = {},
): Result<Hostname, CoreIssueCode> {
  const fail = (
    code: HostnameIssueCode,
    offset: number,
    token?: string,
  ): Result<Hostname, CoreIssueCode> => ({
    ok: false,
    errors: [issue(hostnameIssues, code, 'error', { offset, line: 1, column: offset + 1 }, token ?? name)],
    warnings: [],
  });
  if (name.length === 0) return fail('hostname-empty', 0, '');
  if (name.length > MAX_INPUT) return fail('hostname-too-long', MAX_HOSTNAME_LENGTH, name);
  const first = name.charCodeAt(0);
  if (first === 0x5b || name.includes(':')) return fail('hostname-ip-literal', 0);
  let text = name;
  const trailingDot = text.charCodeAt(text.length - 1) === DOT && text.length > 1;
  if (trailingDot) {
    if (options.trailingDot === false) return fail('hostname-trailing-dot', text.length - 1);
    text = text.slice(0, -1);
  }
  const raw = text.split('.');
  const labels: string[] = [];
  let wildcard = false;
  let converted = false;
  let offset = 0;
  for (let li = 0; li < raw.length; li++) {
    const label = raw[li] as string;
    if (label.length === 0) return fail('hostname-empty-label', offset);
    if (li === 0 && label === '*' && raw.length > 1) {
      if (!options.wildcard) return fail('hostname-wildcard', 0);
      wildcard = true;
      labels.push('*');
      offset += 2;
      continue;
    }
    let ascii = label;
    if (!ASCII.test(label)) {
      if (options.unicode === false) return fail('hostname-invalid-char', offset, label);
      const a = labelToAscii(label);
      if (a === undefined) return fail('hostname-idna-invalid', offset, label);
      ascii = a;
      converted = true;
    } else {
      for (let i = 0; i < label.length; i++) {
        const c = label.charCodeAt(i);
        if (isLetDig(c) || c === HYPHEN || (c === UNDERSCORE && options.underscore)) continue;
        if (c === STAR) return fail('hostname-wildcard', offset + i, label);
        return fail('hostname-invalid-char', offset + i, label[i]);
      }
      ascii = asciiLower(label);
      // An A-label must decode to something IDNA would produce again (RFC 5891 §5.4).
      if (ascii.startsWith('xn--')) {
        const u = punycodeDecode(ascii.slice(4));
        if (u === undefined || u.length === 0 || labelToAscii(u) !== ascii) {
          return fail('hostname-idna-invalid', offset, label);
        }
      }
    }
    if (ascii.length > MAX_LABEL_LENGTH) return fail('hostname-label-too-long', offset, label);
    if (ascii.charCodeAt(0) === HYPHEN || ascii.charCodeAt(ascii.length - 1) === HYPHEN) {
      return fail('hostname-hyphen', offset, label);
    }
    labels.push(ascii);
    offset += label.length + 1;
  }
  const ascii = labels.join('.');
  if (ascii.length > MAX_HOSTNAME_LENGTH) return fail('hostname-too-long', MAX_HOSTNAME_LENGTH);
  if (isIpv4Literal(ascii)) return fail('hostname-ip-literal', 0);
  return { ok: true, value: { ascii, labels, wildcard, trailingDot, converted }, warnings: [] };
}

/**
 * Whether `name` is a dotted-quad IPv4 address (four decimal labels 0–255). Such a string fits
 * RFC 5321's `Domain` grammar, but it is an address, never a host name.
 * @example isIpv4Literal('192.0.2.1') // true
 */
export function isIpv4Literal(name: string): boolean {
  const m = IPV4.exec(name);
  return m?.every((part, i) => i === 0 || +part <= 255) ?? false;
}

/**
 * Whether `host` matches `pattern`, where a leading `*.` stands for exactly one whole left-most
 * label: never zero labels (the apex), never two. Case and one trailing dot are ignored on both
 * sides; a `*` in the host is never a wildcard, and an empty label never matches. This is the
 * MTA-STS `mx` rule (RFC 8461 §4.1) and the policy list's `.example.com` rule.
 * @example matchesWildcard('*.mx.example.org', 'a.MX.example.org.') // true
 * @example matchesWildcard('*.mx.example.org', 'mx.example.org') // false
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-4.1
 */
export function matchesWildcard(pattern: string, host: string): boolean {
  const h = normalizeHostname(host);
  if (!isMatchableHost(h)) return false;
  const p = normalizeHostname(pattern);
  if (p.length < 3 || p.charCodeAt(0) !== STAR || p.charCodeAt(1) !== DOT) return p === h;
  if (!isMatchableHost(p, 2)) return false;
  // RFC 8461 §4.1: the wildcard is exactly one whole label. The host has no empty label, so that
  // label is everything before its first dot, and the rest must be the pattern's base.
  const dot = h.indexOf('.');
  return dot > 0 && h.length - dot === p.length - 1 && h.endsWith(p.slice(1));
}

/**
 * Whether a certificate's DNS-ID (a SAN dNSName) matches the reference identifier `host`, per
 * RFC 6125 §6.4 as tightened by RFC 9525 §6.3: a `*` only as the complete left-most label,
 * covering exactly one label, with at least two labels after it; no partial wildcards
 * (`f*.example.com`), no CN fallback (the caller passes SAN dNSNames only).
 * @example matchesDnsId('*.example.com', 'mx.example.com') // true
 * @example matchesDnsId('*.com', 'example.com') // false
 * @see https://www.rfc-editor.org/rfc/rfc9525#section-6.3
 */
export function matchesDnsId(dnsId: string, host: string): boolean {
  const p = normalizeHostname(dnsId);
  const starAt = p.indexOf('*');
  if (starAt < 0) return p.length > 0 && isMatchableHost(p) && p === normalizeHostname(host);
  // The only acceptable wildcard is "*." followed by at least two labels, with no other "*".
  if (starAt !== 0 || p.charCodeAt(1) !== DOT || p.indexOf('*', 1) >= 0) return false;
  if (p.indexOf('.', 2) < 0) return false;
  return matchesWildcard(p, host);
}

/**
 * Whether a *normalised* name (from {@link normalizeHostname}) can take part in matching, read
 * from `start`: non-empty, no `*`, no space or control character, no empty label, and ASCII (a
 * label IDNA could not convert stays non-ASCII, and so never matches). The validity bar of
 * {@link matchesWildcard}, for matchers with other reach (the policy list's any-depth mode).
 * @example isMatchableHost('mx.example.org') // true
 * @example isMatchableHost('a..example') // false
 */
export function isMatchableHost(h: string, start = 0): boolean {
  if (h.length <= start || h.length > MAX_INPUT) return false;
  let prev = DOT;
  for (let i = start; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if (c === STAR || c >= 0x80 || c <= 0x20 || (c === DOT && prev === DOT)) return false;
    prev = c;
  }
  return prev !== DOT;
}
