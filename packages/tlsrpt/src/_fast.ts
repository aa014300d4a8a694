/**
 * Happy-path shortcuts for the report parser. Nearly every real report carries canonical
 * `YYYY-MM-DDTHH:MM:SSZ` times and lower-case LDH host names; for exactly those inputs core's
 * `parseDateTime`, `formatDateTime` and `validateHostname` would return the input itself with no
 * issue, at several hundred nanoseconds each (a regex with 13 groups, `Date` objects, a split).
 * These checks accept a strict SUBSET of what core accepts unchanged and say "don't know"
 * otherwise, so the caller falls back to core and every issue still comes from core.
 * @module
 */

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** The two digits at `i` as a number, or -1000 when either is not a digit (fails every range check). */
const d2 = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 0x30;
  const b = s.charCodeAt(i + 1) - 0x30;
  return a >>> 0 > 9 || b >>> 0 > 9 ? -1000 : a * 10 + b;
};

/**
 * Epoch milliseconds of a canonical RFC 3339 UTC time `YYYY-MM-DDTHH:MM:SSZ` (upper-case `T` and
 * `Z`, no fraction, seconds 00–59, a real calendar day), or NaN for anything else, including
 * values that are valid but not canonical: those go to core's `parseDateTime`. For accepted
 * input, `formatDateTime(result) === s`.
 * @see https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */
export function canonicalUtcMs(s: string): number {
  if (
    s.length !== 20 ||
    s.charCodeAt(4) !== 0x2d ||
    s.charCodeAt(7) !== 0x2d ||
    s.charCodeAt(10) !== 0x54 ||
    s.charCodeAt(13) !== 0x3a ||
    s.charCodeAt(16) !== 0x3a ||
    s.charCodeAt(19) !== 0x5a
  )
    return Number.NaN;
  const hi = d2(s, 0);
  const lo = d2(s, 2);
  const m = d2(s, 5);
  const d = d2(s, 8);
  const hh = d2(s, 11);
  const mm = d2(s, 14);
  const ss = d2(s, 17);
  if (
    hi < 0 ||
    lo < 0 ||
    m < 1 ||
    m > 12 ||
    d < 1 ||
    hh < 0 ||
    hh > 23 ||
    mm < 0 ||
    mm > 59 ||
    ss < 0 ||
    ss > 59
  )
    return Number.NaN;
  const y = hi * 100 + lo;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31))
    return Number.NaN;
  return daysFromCivil(y, m, d) * 86_400_000 + ((hh * 60 + mm) * 60 + ss) * 1000;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date: H. Hinnant's days_from_civil, in integer
 * arithmetic (core's version goes through Date.UTC, several times slower). Exact for every year
 * 0000–9999, as the tests check against core.
 * @see https://howardhinnant.github.io/date_algorithms.html#days_from_civil
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146_097 + doe - 719_468;
}

/**
 * Whether `s` is a host name core's `validateHostname(s, { wildcard })` accepts with no issue and
 * returns unchanged: lower-case LDH labels of 1–63 characters, no hyphen at a label's ends, at
 * most 253 characters, no trailing dot, no `xn--` label (A-labels need IDNA checks), a last label
 * that is not all digits (rules out IPv4 literals), and, with `wildcard`, an optional leading `*.`.
 * False means "ask core", not "invalid".
 * @see https://www.rfc-editor.org/rfc/rfc5321#section-4.1.2
 */
export function isPlainHostname(s: string, wildcard: boolean): boolean {
  const n = s.length;
  let i = wildcard && n > 2 && s.charCodeAt(0) === 0x2a && s.charCodeAt(1) === 0x2e ? 2 : 0;
  if (n > 253 || i === n) return false;
  let start = i;
  let digitsOnly = true;
  for (; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      const len = i - start;
      if (len === 0 || len > 63) return false;
      if (s.charCodeAt(start) === 0x2d || s.charCodeAt(i - 1) === 0x2d) return false;
      if (
        len >= 4 &&
        s.charCodeAt(start) === 0x78 &&
        s.charCodeAt(start + 1) === 0x6e &&
        s.charCodeAt(start + 2) === 0x2d &&
        s.charCodeAt(start + 3) === 0x2d
      )
        return false;
      if (i === n) return !digitsOnly;
      start = i + 1;
      digitsOnly = true;
    } else if (isDigit(c)) {
      // digits keep digitsOnly as it is
    } else if ((c >= 0x61 && c <= 0x7a) || c === 0x2d) digitsOnly = false;
    else return false;
  }
  return false;
}

/**
 * Whether `s` is a plain e-mail address that `isAddrSpec` (./_uri.ts) accepts: two dot-atoms of
 * letters, digits and "_" "-" ("+" too in the local part) around one "@", neither beginning or
 * ending with "." nor holding "..", at most 320 characters in all. False means "ask isAddrSpec",
 * not "invalid".
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-3.4.1
 */
export function isPlainAddress(s: string): boolean {
  const n = s.length;
  if (n > 320) return false;
  let at = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) {
      // not first or last in a part, never doubled
      if (i === at + 1 || i === n - 1 || s.charCodeAt(i + 1) === 0x2e || s.charCodeAt(i + 1) === 0x40)
        return false;
    } else if (c === 0x40) {
      if (at >= 0 || i === 0) return false;
      at = i;
    } else if (!(isAlnum(c) || c === 0x5f || c === 0x2d || (c === 0x2b && at < 0))) return false;
  }
  return at >= 0 && at < n - 1;
}

const isAlnum = (c: number): boolean => isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);

// RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ]
const NUMBER = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;
/**
 * A count written as a member value with a fraction or an exponent: the only number tokens whose
 * `JSON.parse` value can be an integer the text is not. A colon inside a string can match too
 * (`"::ffff:192.0.2.1"`); that only costs a scan.
 */
export const INEXACT_MEMBER_NUMBER = /:[\t\n\r ]*-?[0-9]+[.eE]/;

/**
 * Whether a JSON number token is exactly a non-negative integer no larger than 2^53 - 1, judged on
 * its decimal value rather than `JSON.parse`'s nearest double. Judgement call: `1.0` and `1e2` are
 * integers (as JSON Schema's `integer` reads them); `-0` is zero.
 * @example isExactCount('4503599627370496.5') // false
 * @example isExactCount('1e2') // true
 */
export function isExactCount(token: string): boolean {
  const m = NUMBER.exec(token);
  if (m === null) return false;
  const fraction = m[3] ?? '';
  let digits = `${m[2]}${fraction}`.replace(/^0+/, '');
  if (digits === '') return true; // zero, however it is written
  // trailing zeros, counted by a loop: /0+$/ rescans a long run of zeros at every start (quadratic)
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 0x30) end--;
  const trimmed = digits.slice(0, end);
  const exp = Number(m[4] ?? 0) - fraction.length + (digits.length - trimmed.length);
  digits = trimmed;
  // negative, or a non-zero digit after the decimal point
  if (m[1] === '-' || exp < 0) return false;
  return digits.length + exp <= 16 && Number(digits + '0'.repeat(exp)) <= Number.MAX_SAFE_INTEGER;
}
