/**
 * Host names: normalisation (ASCII case, one trailing dot, IDNA A-labels), LDH validation,
 * one-label wildcards (MTA-STS MX patterns, the policy list) and certificate DNS-ID matching
 * (RFC 6125 / RFC 9525).
 * @module
 */

import { typeName } from './_input.ts';
import { punycodeDecode, punycodeEncode } from './_punycode.ts';
import { type CoreIssueCode, type HostnameIssueCode, hostnameIssues } from './issues.ts';
import { issue, type Result } from './result.ts';

// The characters the matchers test are written as literals with their names (0x2e /* . */): top-level
// consts become `var`s in our dist, which a consumer's minifier cannot inline (13 bytes gzipped in
// every matcher bundle, as in _punycode.ts).
const HYPHEN = 0x2d;
const UNDERSCORE = 0x5f;
/** RFC 1035 §2.3.4: 63 octets per label, 255 per name on the wire, so 253 in text without the root dot. */
export const MAX_LABEL_LENGTH = 63;
export const MAX_HOSTNAME_LENGTH = 253;
// Longer input (1024 code units, written as a literal: see above) is rejected before any
// per-character work.
const isLetDig = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);

// UTS #46 (non-transitional) is approximated in three steps. (1) The code points its mapping table
// marks "ignored" are removed: soft hyphen, combining grapheme joiner, zero width space, word
// joiner, invisible plus, zero width no-break space and the variation selectors (\p{VS}:
// U+180B–180D, U+180F, U+FE00–FE0F, U+E0100–E01EF); not the shorthand format controls
// U+1BCA0–1BCA3, which are refused instead (11 bytes in every matcher bundle). (2) NFKC, then
// lower case, then NFKC again: about NFKC_Casefold. NFKC comes first because compatibility
// characters can map to capitals (U+210C BLACK-LETTER CAPITAL H is "H", which UTS #46 gives as
// "h"). (3) The result may hold only letters, marks, digits and hyphens (IDNA 2008), must not
// begin with a mark (RFC 5891 §5.4) or a hyphen, must not end with a hyphen, must not have "--"
// in positions 3–4 (RFC 5891 §4.2.3.1), and must hold no Default_Ignorable_Code_Point left after
// step 1 (U+3164 HANGUL FILLER, U+17B4…): RFC 5892 §2.6 makes them DISALLOWED. Bidi and CONTEXTJ
// rules are not applied: labels that break them are still converted, and registries refuse them
// anyway. A judgement call to stay within the core size budget. Lookaheads are fixed-length or
// run once from the start; no quantifier is nested.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is removed on its own (u flag); U+034F is the point, not a mark on the one before. This order is the smallest gzipped.
const IGNORED = /[\p{VS}\u034f\u200b\u2060\u2064\xad\ufeff]/gu;
const U_LABEL = /^(?![\p{M}-])(?!..--)(?!.*\p{DI})[\p{L}\p{M}\p{N}-]+(?<!-)$/u;
// UTS #46 §2.3: U+3002 IDEOGRAPHIC, U+FF0E FULLWIDTH and U+FF61 HALFWIDTH IDEOGRAPHIC FULL STOP
// separate labels as "." does. Each is one code unit, so offsets into the input stay valid.
const DOTS = /[.\u3002\uff0e\uff61]/;
const ASCII = /^[\x00-\x7f]*$/;
const UPPER = /[A-Z]+/g;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
// Two or more colons among hex digits and dots: a bare IPv6 address. One colon is no address
// ("mx.example:25" names a port) and is reported as the character it is. The first two segments
// exclude ":", so the pattern cannot backtrack.
const IPV6 = /^[\da-f.]*:[\da-f.]*:[\da-f.:]*$/i;

/**
 * Converts one label to its A-label (ASCII) form; ASCII labels are only lower-cased.
 * Returns undefined for a label IDNA cannot represent, and for a value that is not a string.
 * @example labelToAscii('Bücher') // 'xn--bcher-kva'
 * @example labelToAscii('a\u00ADb') // 'ab': UTS #46 ignores the soft hyphen
 * @see https://www.rfc-editor.org/rfc/rfc5891#section-4
 * @see https://www.unicode.org/reports/tr46/#Processing
 */
export function labelToAscii(label: string): string | undefined {
  return typeof label === 'string' ? toAscii(label) : undefined; // total for JavaScript callers
}

/** {@link labelToAscii} for a string: what the matchers call, without the type guard. */
const toAscii = (label: string): string | undefined =>
  ASCII.test(label) ? lower(label) : toALabel(mapLabel(label));

/** UTS #46 mapping, as approximated above: steps (1) and (2). */
const mapLabel = (label: string): string =>
  label.replace(IGNORED, '').normalize('NFKC').toLowerCase().normalize('NFKC');

/**
 * Step (3), then punycode: undefined for no U-label, or one over 63 code points (no DNS label
 * holds it). The mapping may itself yield pure ASCII (fullwidth letters, a dropped soft hyphen):
 * that is the label then.
 */
const toALabel = (mapped: string): string | undefined =>
  U_LABEL.test(mapped) ? (ASCII.test(mapped) ? mapped : punycodeEncode(mapped)) : undefined;

/**
 * Lower-cases ASCII A–Z only (toLowerCase() would also map the Kelvin sign to "k").
 * `''` for a value that is not a string.
 * @example asciiLower('MX.Bücher') // 'mx.bücher'
 */
export function asciiLower(s: string): string {
  return typeof s === 'string' ? lower(s) : ''; // total for JavaScript callers
}

// On pure ASCII, toLowerCase() touches A–Z only; elsewhere fold run by run.
const lower = (s: string): string =>
  ASCII.test(s) ? s.toLowerCase() : s.replace(UPPER, (m) => m.toLowerCase());

/**
 * The canonical form of a host name for comparison: ASCII lower case, one trailing dot removed,
 * U-labels converted to A-labels (UTS #46: its ideographic and fullwidth full stops separate
 * labels too). Never throws: a label IDNA cannot convert is kept as it was (lower-cased), so it
 * can never equal a valid A-label name; a value that is not a string gives `''`.
 * @example normalizeHostname('MX1.Bücher.example.') // 'mx1.xn--bcher-kva.example'
 * @example normalizeHostname('mx1。bücher。example') // 'mx1.xn--bcher-kva.example'
 * @see https://www.rfc-editor.org/rfc/rfc4343#section-3
 */
export function normalizeHostname(name: string): string {
  if (typeof name !== 'string') return ''; // total for JavaScript callers: matches nothing
  let end = name.length;
  if (end > 0 && name.charCodeAt(end - 1) === 0x2e /* . */) end--;
  // Only non-ASCII input needs IDNA, label by label. That work lives in idnaName() so that this
  // function stays small enough for the engine to inline into the matchers (measured: about 25 M/s
  // for a canonical name, 19 M/s for one to fold, against 21 and 13.5 with it inline).
  for (let i = 0; i < end; i++) {
    if (name.charCodeAt(i) >= 0x80) {
      return name.length > 1024 /* max input */ ? name.slice(0, end) : idnaName(name);
    }
  }
  // All ASCII here, so toLowerCase() touches A–Z only; it returns the string itself when nothing
  // changes.
  return name.slice(0, end).toLowerCase();
}

/** {@link normalizeHostname} of a name holding a non-ASCII character. */
function idnaName(name: string): string {
  const labels = name.split(DOTS);
  // One trailing root dot, whichever full stop spells it. A non-ASCII character was seen, so
  // there are labels to keep.
  if (labels.at(-1) === '') labels.pop();
  return labels.map((l) => toAscii(l) ?? lower(l)).join('.');
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
 * ends, 63 octets per label and 253 per name (in A-label form), A-labels that decode, and not an
 * IP literal. U-labels are converted (UTS #46, non-transitional), and the ideographic and
 * fullwidth full stops separate labels, unless `unicode: false`. Returns the normalised form.
 * Total: a value that is not a string is the error `input-type`.
 * @example validateHostname('Mail.Example.COM.').ok // true, ascii 'mail.example.com'
 * @example validateHostname('mx.example:25').errors[0].code // 'hostname-invalid-char', at offset 10
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
  if (typeof name !== 'string') return fail('input-type', 0, typeName(name));
  const o: HostnameOptions = options ?? {}; // null from JavaScript callers
  const unicode = o.unicode !== false;
  if (name.length === 0) return fail('hostname-empty', 0, '');
  if (name.length > 1024 /* max input */) return fail('hostname-too-long', MAX_HOSTNAME_LENGTH, name);
  // RFC 5321 §4.1.3: an address literal in brackets, or a bare IPv6 address
  if (name.charCodeAt(0) === 0x5b || IPV6.test(name)) return fail('hostname-ip-literal', 0);
  const raw = name.split(unicode ? DOTS : '.');
  const trailingDot = raw.length > 1 && raw[raw.length - 1] === '';
  if (trailingDot) {
    if (o.trailingDot === false) return fail('hostname-trailing-dot', name.length - 1);
    raw.pop();
  }
  const labels: string[] = [];
  let wildcard = false;
  let converted = false;
  let offset = 0;
  let length = -1; // of the A-label name so far, dots included
  for (let li = 0; li < raw.length; li++) {
    const label = raw[li] as string;
    if (label.length === 0) return fail('hostname-empty-label', offset);
    let ascii: string;
    if (li === 0 && label === '*' && raw.length > 1) {
      if (!o.wildcard) return fail('hostname-wildcard', 0);
      wildcard = true;
      ascii = label;
    } else if (!ASCII.test(label)) {
      if (!unicode) return fail('hostname-invalid-char', offset, label);
      const mapped = mapLabel(label);
      const a = toALabel(mapped);
      // A U-label IDNA accepts fails only when over 63 code points: then its A-label could never
      // fit a DNS label, which is the error to name.
      if (a === undefined) {
        return fail(
          U_LABEL.test(mapped) ? 'hostname-label-too-long' : 'hostname-idna-invalid',
          offset,
          label,
        );
      }
      ascii = a;
      converted = true;
    } else {
      for (let i = 0; i < label.length; i++) {
        const c = label.charCodeAt(i);
        if (isLetDig(c) || c === HYPHEN || (c === UNDERSCORE && o.underscore)) continue;
        if (c === 0x2a /* * */) return fail('hostname-wildcard', offset + i, label);
        return fail('hostname-invalid-char', offset + i, label[i]);
      }
      ascii = lower(label);
      // An A-label must decode to something IDNA would produce again (RFC 5891 §5.4): lower case,
      // no ignored or DISALLOWED code point, nothing the mapping changes.
      if (ascii.startsWith('xn--')) {
        const u = punycodeDecode(ascii.slice(4));
        if (u === undefined || u.length === 0 || toAscii(u) !== ascii) {
          return fail('hostname-idna-invalid', offset, label);
        }
      }
    }
    if (ascii.length > MAX_LABEL_LENGTH) return fail('hostname-label-too-long', offset, label);
    if (ascii.charCodeAt(0) === HYPHEN || ascii.charCodeAt(ascii.length - 1) === HYPHEN) {
      return fail('hostname-hyphen', offset, label);
    }
    // RFC 1035 §2.3.4 counts the A-label form. While no label has been converted, input and
    // A-label offsets agree and the 254th character is named; after a conversion (U-labels grow)
    // the label that crosses the limit is, so the position always lies inside the input.
    length += ascii.length + 1;
    if (length > MAX_HOSTNAME_LENGTH) {
      return fail('hostname-too-long', converted ? offset : MAX_HOSTNAME_LENGTH);
    }
    labels.push(ascii);
    offset += label.length + 1;
  }
  const ascii = labels.join('.');
  if (isIpv4Literal(ascii)) return fail('hostname-ip-literal', 0);
  return { ok: true, value: { ascii, labels, wildcard, trailingDot, converted }, warnings: [] };
}

/**
 * Whether `name` is a dotted-quad IPv4 address (four decimal labels 0–255). Such a string fits
 * RFC 5321's `Domain` grammar, but it is an address, never a host name.
 * @example isIpv4Literal('192.0.2.1') // true
 */
export function isIpv4Literal(name: string): boolean {
  return typeof name === 'string' && IPV4.test(name) && name.split('.').every((part) => +part < 256);
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
  if (!matchable(h, 0)) return false;
  const p = normalizeHostname(pattern);
  if (p.length < 3 || p.charCodeAt(0) !== 0x2a /* * */ || p.charCodeAt(1) !== 0x2e /* . */) return p === h;
  if (!matchable(p, 2)) return false;
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
  if (starAt < 0) return p.length > 0 && matchable(p, 0) && p === normalizeHostname(host);
  // The only acceptable wildcard is "*." followed by at least two labels, with no other "*".
  if (starAt !== 0 || p.charCodeAt(1) !== 0x2e /* . */ || p.indexOf('*', 1) >= 0) return false;
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
  // total for JavaScript callers: `!(x >= 0)` also refuses a start that is NaN or no number
  return typeof h === 'string' && typeof start === 'number' && start >= 0 && matchable(h, start);
}

/** {@link isMatchableHost} for a string and a number: what the matchers call. */
function matchable(h: string, start: number): boolean {
  if (h.length <= start || h.length > 1024 /* max input */) return false;
  let prev = 0x2e; /* . */
  for (let i = start; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if (c === 0x2a /* * */ || c >= 0x80 || c <= 0x20 || (c === 0x2e && prev === 0x2e)) return false;
    prev = c;
  }
  return prev !== 0x2e; /* . */
}
