/**
 * RFC 3339 date-times, parsed without ever consulting local time. `Date.parse` and
 * `new Date(string)` read an offset-less string as local time; nothing here calls them.
 * @module
 */

import { typeName } from './_input.ts';
import { type CoreIssueCode, type DateTimeIssueCode, datetimeIssues } from './issues.ts';
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

// RFC 3339 §5.6
//   date-time      = full-date "T" full-time       ; "T" and "Z" may be lower case (§5.6 NOTE)
//   full-date      = date-fullyear "-" date-month "-" date-mday
//   full-time      = partial-time time-offset
//   partial-time   = time-hour ":" time-minute ":" time-second [time-secfrac]
//   time-secfrac   = "." 1*DIGIT
//   time-offset    = "Z" / time-numoffset
//   time-numoffset = ("+" / "-") time-hour ":" time-minute
// The pattern also admits the lenient shapes (space separator, no offset, "+hhmm", "+hh"), which
// are then judged one by one below. Anchored, no nested quantifiers, input capped at 64 chars.
const DATE_TIME =
  /^(\d{4})-(\d\d)-(\d\d)([Tt ])(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([Zz])|([+-])(\d\d)(:?)(\d\d)?)?$/;

/**
 * Parses an RFC 3339 `date-time`. Strict: the grammar exactly. Lenient (default) also reads a
 * missing offset as UTC, accepts a space instead of `T`, and `+hhmm`/`+hh` offsets, each with a
 * warning. A leap second (`:60`) is valid in both and read as `:59` with an info issue. A syntax
 * error points at the first character the grammar cannot take. Total: a value that is not a
 * string is the error `input-type`.
 * @example parseDateTime('2016-04-01T00:00:00Z') // ok, epochMs 1459468800000
 * @example parseDateTime('2023-01-10T00:00:00').warnings[0].code // 'datetime-no-offset'
 * @example parseDateTime('2016-04-01T00:00Z').errors[0].at.offset // 16: seconds expected
 * @see https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */
export function parseDateTime(text: string, options: ParseOptions = {}): Result<DateTime, CoreIssueCode> {
  const strict = options?.strict === true; // options may be null from JavaScript callers
  const warnings: Issue<CoreIssueCode>[] = [];
  const fail = (
    code: DateTimeIssueCode,
    offset: number,
    token: string = text,
  ): Result<DateTime, CoreIssueCode> => ({
    ok: false,
    errors: [issue(datetimeIssues, code, 'error', lineAt(offset), token)],
    warnings,
  });
  if (typeof text !== 'string') return fail('input-type', 0, typeName(text));
  // A deviation is an error under strict, else a warning; returns whether parsing may go on.
  const deviation = (code: DateTimeIssueCode, offset: number): boolean => {
    if (!strict) warnings.push(issue(datetimeIssues, code, 'warning', lineAt(offset), text));
    return !strict;
  };
  const m = text.length > MAX_LENGTH ? null : DATE_TIME.exec(text);
  if (m === null) return fail('datetime-syntax', syntaxAt(text));
  const [, y, mo, d, sep, h, mi, sec, fraction = '', zulu, sign, oh, colon, om] = m;
  const year = +y!;
  const month = +mo!;
  const day = +d!;
  const hour = +h!;
  const minute = +mi!;
  const second = +sec!;
  // Leniency: RFC 3339 §5.6 NOTE lets applications use a space; some generators do. Strict names
  // the same code as an error, as the offset-format deviation does.
  if (sep === ' ' && !deviation('datetime-separator', 10)) return fail('datetime-separator', 10);
  if (month < 1 || month > 12) return fail('datetime-range', 5);
  if (day < 1 || day > daysInMonth(year, month)) return fail('datetime-range', 8);
  if (hour > 23) return fail('datetime-range', 11);
  if (minute > 59) return fail('datetime-range', 14);
  // RFC 3339 §5.7: 60 only for a leap second; whether one occurred needs a table, so it is not
  // checked. Read as 59 so arithmetic stays sane.
  if (second > 60) return fail('datetime-range', 17);
  const leapSecond = second === 60;
  if (leapSecond) warnings.push(issue(datetimeIssues, 'datetime-leap-second', 'info', lineAt(17), text));
  const offsetAt = 19 + (fraction.length > 0 ? fraction.length + 1 : 0);
  let offsetMinutes = 0;
  const hasOffset = zulu !== undefined || sign !== undefined;
  if (!hasOffset) {
    // Leniency: RFC 3339 §5.6 requires a time-offset, but Microsoft sent TLSRPT date-range values
    // like "2023-01-10T00:00:00" until at least February 2023, and EFF policy lists carry
    // offset-less dates. Read as UTC, never local time; an error under { strict: true }.
    if (!deviation('datetime-no-offset', offsetAt)) return fail('datetime-syntax', offsetAt);
  } else if (sign !== undefined) {
    // Leniency: "+0000" (ISO 8601 basic) and "+00" appear in hand-written policy lists.
    if (colon !== ':' || om === undefined) {
      if (colon === ':' || !deviation('datetime-offset-format', offsetAt))
        return fail('datetime-offset-format', offsetAt);
    }
    if (+oh! > 23 || +(om ?? 0) > 59) return fail('datetime-range', offsetAt);
    offsetMinutes = (sign === '-' ? -1 : 1) * (+oh! * 60 + +(om ?? 0));
  }
  const ms = +`${fraction}00`.slice(0, 3);
  const epochMs =
    daysFromCivil(year, month, day) * 86_400_000 +
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
  // toISOString is UTC by definition; it switches to six-digit years outside 0000–9999.
  if (typeof epochMs !== 'number' || !(epochMs >= -62_167_219_200_000 && epochMs < 253_402_300_800_000))
    return undefined;
  const iso = new Date(Math.floor(epochMs)).toISOString();
  // options may be null from JavaScript callers
  const digits = options?.fractionDigits ?? (iso.endsWith('.000Z') ? 0 : 3);
  return digits === 3 ? iso : `${iso.slice(0, 19)}Z`;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date, for any year ≥ 0. `Date.UTC` maps years
 * 0–99 to 1900–1999, so the year is moved into 2000–2399 and shifted back by whole 400-year
 * cycles of 146 097 days.
 * @example daysFromCivil(1970, 1, 2) // 1
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  // total for JavaScript callers: NaN, as for any day that is no date
  if (typeof year !== 'number' || typeof month !== 'number' || typeof day !== 'number') return Number.NaN;
  const r = ((year % 400) + 400) % 400;
  return Date.UTC(2000 + r, month - 1, day) / 86_400_000 + ((year - r) / 400 - 5) * 146_097;
}

// Day 0 of the next month is the last day of this one; 2000–2399 has the same leap pattern.
const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate();

const lineAt = (offset: number) => ({ offset, line: 1, column: offset + 1 });

// Where DATE_TIME stopped matching, for the datetime-syntax position: the first character of the
// fixed "yyyy-mm-ddThh:mm:ss" part that does not fit it (digits compared as 0, the separator, T,
// t or leniently a space, as T), or the end of a text that stops inside it. When the fixed part is
// whole, the fraction or offset after it broke the pattern, and offset 19, where they begin, is
// named: a judgement call, since a pattern for each of them costs about 50 bytes in every bundle
// holding parseDateTime. Linear: two replaces over at most 19 characters.
const SHAPE = '0000-00-00T00:00:00';

function syntaxAt(t: string): number {
  const head = t.slice(0, 19).replace(/\d/g, '0').replace(/[t ]/, 'T');
  let i = 0;
  while (i < head.length && head[i] === SHAPE[i]) i++;
  return i;
}
