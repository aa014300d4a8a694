/**
 * RFC 3339 date-times, parsed without ever consulting local time. `Date.parse` and
 * `new Date(string)` read an offset-less string as local time; nothing here calls them.
 * @module
 */
import { coreIssues, type CoreIssueCode } from './issues.ts';
import { type Issue, issue, type ParseOptions, type Result } from './result.ts';

/** A parsed RFC 3339 date-time. */
export interface DateTime {
  /** Milliseconds since 1970-01-01T00:00:00Z; fractions beyond milliseconds are truncated. */
  readonly epochMs: number;
  /** Whether the text carried a time offset (`Z` or `±hh:mm`). Without one it was read as UTC. */
  readonly hasOffset: boolean;
  /** The offset in minutes east of UTC (0 for `Z` and for no offset). */
  readonly offsetMinutes: number;
  /** The fraction digits as written, without the dot (`''` when none): kept exactly. */
  readonly fraction: string;
  /** Whether the seconds field was `60` (then read as 59). */
  readonly leapSecond: boolean;
}

const MAX_LENGTH = 64;
const MS_PER_DAY = 86_400_000;

// RFC 3339 §5.6
//   date-time      = full-date "T" full-time       ; "T" and "Z" may be lower case (§5.6 NOTE)
//   full-date      = date-fullyear "-" date-month "-" date-mday
//   full-time      = partial-time time-offset
//   partial-time   = time-hour ":" time-minute ":" time-second [time-secfrac]
//   time-secfrac   = "." 1*DIGIT
//   time-offset    = "Z" / time-numoffset
//   time-numoffset = ("+" / "-") time-hour ":" time-minute

/**
 * Parses an RFC 3339 `date-time`. Strict: the grammar exactly. Lenient (default) also reads a
 * missing offset as UTC, accepts a space instead of `T`, and `+hhmm`/`+hh` offsets, each with a
 * warning. A leap second (`:60`) is valid in both and read as `:59` with an info issue.
 * @example parseDateTime('2016-04-01T00:00:00Z') // ok, epochMs 1459468800000
 * @example parseDateTime('2023-01-10T00:00:00').warnings[0].code // 'datetime-no-offset'
 * @see https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */
export function parseDateTime(text: string, options: ParseOptions = {}): Result<DateTime, CoreIssueCode> {
  const strict = options.strict === true;
  const warnings: Issue<CoreIssueCode>[] = [];
  const at = (offset: number) => ({ offset, line: 1, column: offset + 1 });
  const fail = (code: CoreIssueCode, offset: number): Result<DateTime, CoreIssueCode> => ({
    ok: false,
    errors: [issue(coreIssues, code, 'error', at(offset), text)],
    warnings,
  });
  const deviation = (code: CoreIssueCode, offset: number): boolean => {
    if (strict) return false;
    warnings.push(issue(coreIssues, code, 'warning', at(offset), text));
    return true;
  };
  if (text.length > MAX_LENGTH || text.length < 19) return fail('datetime-syntax', 0);

  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return fail('datetime-syntax', 0);
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':') return fail('datetime-syntax', 0);
  const sep = text[10];
  if (sep !== 'T' && sep !== 't') {
    // Leniency: RFC 3339 §5.6 NOTE permits applications to use a space; some generators do.
    if (sep !== ' ' || !deviation('datetime-separator', 10)) return fail('datetime-syntax', 10);
  }
  if (month < 1 || month > 12) return fail('datetime-range', 5);
  if (day < 1 || day > daysInMonth(year, month)) return fail('datetime-range', 8);
  if (hour > 23) return fail('datetime-range', 11);
  if (minute > 59) return fail('datetime-range', 14);
  // RFC 3339 §5.7: 60 only for a leap second; whether one occurred is not checked (§5.7 says
  // that needs a table). Clamp to 59 so arithmetic stays sane.
  if (second > 60) return fail('datetime-range', 17);
  const leapSecond = second === 60;
  if (leapSecond) warnings.push(issue(coreIssues, 'datetime-leap-second', 'info', at(17), text));

  let i = 19;
  let fraction = '';
  if (text[i] === '.') {
    const start = ++i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return fail('datetime-syntax', start);
    fraction = text.slice(start, i);
  }

  let hasOffset = true;
  let offsetMinutes = 0;
  const z = text[i];
  if (i === text.length) {
    // Leniency: RFC 3339 §5.6 requires a time-offset, but Microsoft sent TLSRPT date-range values
    // like "2023-01-10T00:00:00" until at least February 2023, and EFF policy lists carry
    // offset-less dates. Read as UTC, never local time; an error under { strict: true }.
    if (!deviation('datetime-no-offset', i)) return fail('datetime-syntax', i);
    hasOffset = false;
  } else if (z === 'Z' || z === 'z') {
    if (i + 1 !== text.length) return fail('datetime-syntax', i + 1);
  } else if (z === '+' || z === '-') {
    const sign = z === '-' ? -1 : 1;
    const oh = digits(text, i + 1, 2);
    let om = -1;
    const rest = text.length - (i + 3);
    if (rest === 3 && text[i + 3] === ':') om = digits(text, i + 4, 2);
    else if (rest === 2 || rest === 0) {
      // Leniency: "+0000" (ISO 8601 basic) and "+00" appear in hand-written policy lists.
      if (!deviation('datetime-offset-format', i)) return fail('datetime-offset-format', i);
      om = rest === 0 ? 0 : digits(text, i + 3, 2);
    } else return fail('datetime-offset-format', i);
    if (oh < 0 || om < 0) return fail('datetime-offset-format', i);
    if (oh > 23 || om > 59) return fail('datetime-range', i);
    offsetMinutes = sign * (oh * 60 + om);
  } else {
    return fail('datetime-syntax', i);
  }

  const ms = fraction.length === 0 ? 0 : Number(`${fraction.slice(0, 3)}00`.slice(0, 3));
  const epochMs =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute - offsetMinutes) * 60 + (leapSecond ? 59 : second)) * 1000 +
    ms;
  return { ok: true, value: { epochMs, hasOffset, offsetMinutes, fraction, leapSecond }, warnings };
}

/** Options for {@link formatDateTime}. */
export interface FormatDateTimeOptions {
  /** Fraction digits: 0 (default when the time is on a whole second) or 3 (default otherwise). */
  readonly fractionDigits?: 0 | 3;
}

/**
 * Formats epoch milliseconds as an RFC 3339 UTC date-time ending in `Z`, for years 0000–9999.
 * Returns undefined outside that range or for a non-finite input.
 * @example formatDateTime(1459468800000) // '2016-04-01T00:00:00Z'
 * @see https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */
export function formatDateTime(epochMs: number, options: FormatDateTimeOptions = {}): string | undefined {
  if (!Number.isFinite(epochMs)) return undefined;
  const t = Math.floor(epochMs);
  const days = Math.floor(t / MS_PER_DAY);
  let rem = t - days * MS_PER_DAY;
  const [y, m, d] = civilFromDays(days);
  if (y < 0 || y > 9999) return undefined;
  const ms = rem % 1000;
  rem = (rem - ms) / 1000;
  const s = rem % 60;
  rem = (rem - s) / 60;
  const mi = rem % 60;
  const h = (rem - mi) / 60;
  const digitsWanted = options.fractionDigits ?? (ms === 0 ? 0 : 3);
  const frac = digitsWanted === 3 ? `.${pad(ms, 3)}` : '';
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac}Z`;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
 * @example daysFromCivil(1970, 1, 2) // 1
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** The decimal value of `n` digits at `start`, or -1 if any is not a digit or out of bounds. */
function digits(text: string, start: number, n: number): number {
  if (start + n > text.length) return -1;
  let v = 0;
  for (let i = start; i < start + n; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
