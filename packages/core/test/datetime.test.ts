import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { datetimeIssues, daysFromCivil, formatDateTime, parseDateTime } from '../src/index.ts';

const code = (s: string, strict = false) => {
  const r = parseDateTime(s, { strict });
  return r.ok ? 'ok' : r.errors[0].code;
};

describe('parseDateTime', () => {
  it('RFC 3339 §5.8 examples', () => {
    expect(parseDateTime('1985-04-12T23:20:50.52Z')).toMatchObject({
      ok: true,
      value: { epochMs: 482196050520, fraction: '52', hasOffset: true, offsetMinutes: 0 },
    });
    expect(parseDateTime('1996-12-19T16:39:57-08:00')).toMatchObject({
      ok: true,
      value: { epochMs: 851042397000, offsetMinutes: -480 },
    });
    expect(parseDateTime('1990-12-31T23:59:60Z')).toMatchObject({
      ok: true,
      value: { epochMs: 662687999000, leapSecond: true },
    });
    expect(parseDateTime('1990-12-31T23:59:60Z').warnings[0]).toMatchObject({
      code: 'datetime-leap-second',
      severity: 'info',
    });
    expect(parseDateTime('1990-12-31T15:59:60-08:00')).toMatchObject({
      ok: true,
      value: { epochMs: 662687999000 },
    });
    expect(parseDateTime('1937-01-01T12:00:27.87+00:20')).toMatchObject({
      ok: true,
      value: { epochMs: Date.UTC(1937, 0, 1, 12, 0, 27, 870) - 20 * 60_000, offsetMinutes: 20 },
    });
  });
  it('lower-case t and z are RFC 3339 (§5.6 NOTE); fractions are kept exactly', () => {
    expect(parseDateTime('2016-04-01t00:00:00z', { strict: true }).ok).toBe(true);
    expect(parseDateTime('2016-04-01T00:00:00.123456789Z')).toMatchObject({
      value: { epochMs: 1459468800123, fraction: '123456789' },
    });
    expect(parseDateTime('2016-04-01T00:00:00.5Z')).toMatchObject({ value: { epochMs: 1459468800500 } });
  });
  it('never reads local time: no offset is UTC with a warning, an error when strict', () => {
    const r = parseDateTime('2023-01-10T00:00:00');
    expect(r).toMatchObject({ ok: true, value: { epochMs: Date.UTC(2023, 0, 10), hasOffset: false } });
    expect(r.warnings[0]).toMatchObject({ code: 'datetime-no-offset', at: { offset: 19 } });
    expect(code('2023-01-10T00:00:00', true)).toBe('datetime-syntax');
  });
  it('lenient shapes each warn, and fail under strict', () => {
    expect(parseDateTime('2020-05-20 00:00:00Z').warnings.map((w) => w.code)).toEqual(['datetime-separator']);
    // strict names the same code as the lenient warning, as the offset-format deviation does
    expect(code('2020-05-20 00:00:00Z', true)).toBe('datetime-separator');
    expect(parseDateTime('2020-05-20T00:00:00+0000')).toMatchObject({
      ok: true,
      value: { offsetMinutes: 0 },
    });
    expect(parseDateTime('2020-05-20T00:00:00+0130').warnings[0]?.code).toBe('datetime-offset-format');
    expect(parseDateTime('2020-05-20T00:00:00-02')).toMatchObject({
      ok: true,
      value: { offsetMinutes: -120 },
    });
    expect(code('2020-05-20T00:00:00+0000', true)).toBe('datetime-offset-format');
    expect(code('2020-05-20T00:00:00+00:')).toBe('datetime-offset-format');
  });
  it.each([
    ['2021-02-29T00:00:00Z', 'datetime-range'],
    ['2020-02-30T00:00:00Z', 'datetime-range'],
    ['2020-13-01T00:00:00Z', 'datetime-range'],
    ['2020-00-01T00:00:00Z', 'datetime-range'],
    ['2020-01-00T00:00:00Z', 'datetime-range'],
    ['2020-01-01T24:00:00Z', 'datetime-range'],
    ['2020-01-01T00:60:00Z', 'datetime-range'],
    ['2020-01-01T00:00:61Z', 'datetime-range'],
    ['2020-01-01T00:00:00+24:00', 'datetime-range'],
    ['2020-01-01T00:00:00+01:60', 'datetime-range'],
    ['2020-01-01T00:00:00.Z', 'datetime-syntax'],
    ['2020-01-01', 'datetime-syntax'],
    ['2020-1-01T00:00:00Z', 'datetime-syntax'],
    ['20200101T000000Z', 'datetime-syntax'],
    ['2020-01-01T00:00:00ZZ', 'datetime-syntax'],
    ['１９８５-04-12T23:20:50Z', 'datetime-syntax'],
    [`2020-01-01T00:00:00.${'1'.repeat(60)}Z`, 'datetime-syntax'],
    ['', 'datetime-syntax'],
  ])('%s → %s', (s, c) => expect(code(s)).toBe(c));
  it('leap years follow the Gregorian rule', () => {
    expect(code('2000-02-29T00:00:00Z')).toBe('ok');
    expect(code('1900-02-29T00:00:00Z')).toBe('datetime-range');
    expect(code('2024-02-29T00:00:00Z')).toBe('ok');
    expect(code('0000-02-29T00:00:00Z')).toBe('ok');
  });
  test.prop([fc.string({ maxLength: 40 })])('total; every code is in the catalogue', (s) => {
    const r = parseDateTime(s);
    for (const i of [...(r.ok ? [] : r.errors), ...r.warnings])
      expect(Object.keys(datetimeIssues)).toContain(i.code);
  });
  // Round trip against a reference formatter: Date#toISOString is UTC by definition.
  const instant = fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 });
  test.prop([instant])('parse(toISOString(t)) = t and formatDateTime matches toISOString', (t) => {
    const iso = new Date(t).toISOString();
    expect(parseDateTime(iso, { strict: true })).toMatchObject({ ok: true, value: { epochMs: t } });
    expect(formatDateTime(t, { fractionDigits: 3 })).toBe(iso);
    const formatted = formatDateTime(t)!;
    expect(parseDateTime(formatted, { strict: true })).toMatchObject({ ok: true, value: { epochMs: t } });
  });
  test.prop([instant, fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 })])(
    'an offset shifts the instant, not the reading',
    (t, off) => {
      const local = new Date(t + off * 60_000).toISOString().slice(0, 23);
      const sign = off < 0 ? '-' : '+';
      const a = Math.abs(off);
      const text = `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
      const r = parseDateTime(text, { strict: true });
      if (r.ok) expect(r.value.epochMs).toBe(t);
      else expect(r.errors[0].code).toBe('datetime-syntax'); // year left 0000–9999 after shifting
    },
  );
});

describe('formatDateTime and daysFromCivil', () => {
  it('formats whole seconds without a fraction and refuses what RFC 3339 cannot show', () => {
    expect(formatDateTime(1459468800000)).toBe('2016-04-01T00:00:00Z');
    expect(formatDateTime(1459468800001)).toBe('2016-04-01T00:00:00.001Z');
    expect(formatDateTime(1459468800001, { fractionDigits: 0 })).toBe('2016-04-01T00:00:00Z');
    expect(formatDateTime(Number.NaN)).toBeUndefined();
    expect(formatDateTime(253_402_300_800_000)).toBeUndefined();
    expect(formatDateTime(-62_167_219_200_001)).toBeUndefined();
  });
  test.prop([
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  ])('daysFromCivil agrees with Date for years 0–9999', (y, m, d) => {
    const ref = new Date(0);
    ref.setUTCFullYear(y, m - 1, d);
    expect(daysFromCivil(y, m, d)).toBe(Math.round(ref.getTime() / 86_400_000));
  });
});

describe('parseDateTime syntax positions (audit finding 9)', () => {
  const at = (s: string, strict = false) => {
    const r = parseDateTime(s, { strict });
    return r.ok ? 'ok' : `${r.errors[0].code}@${(r.errors[0].at as { offset: number }).offset}`;
  };
  it.each([
    ['2016-04-01T00:00Z', 'datetime-syntax@16'], // seconds expected where "Z" stands
    ['2016-04-01', 'datetime-syntax@10'], // the text ends where "T" belongs
    ['2016-4-01T00:00:00Z', 'datetime-syntax@6'],
    ['2016-04-01X00:00:00Z', 'datetime-syntax@10'],
    ['１９８５-04-12T23:20:50Z', 'datetime-syntax@0'],
    ['', 'datetime-syntax@0'],
    // past the fixed part, the fraction or offset is named where it begins
    ['2020-01-01T00:00:00ZZ', 'datetime-syntax@19'],
    ['2020-01-01T00:00:00.Z', 'datetime-syntax@19'],
    [`2020-01-01T00:00:00.${'1'.repeat(60)}Z`, 'datetime-syntax@19'],
  ])('%s → %s', (s, expected) => expect(at(s)).toBe(expected));
  it('strict names a space separator datetime-separator, as lenient does', () => {
    expect(at('2016-04-01 00:00:00Z', true)).toBe('datetime-separator@10');
    expect(parseDateTime('2016-04-01 00:00:00Z').warnings[0]).toMatchObject({
      code: 'datetime-separator',
      at: { offset: 10 },
    });
  });
  const instant = fc.integer({ min: 0, max: 253_402_300_799_999 });
  test.prop([instant, fc.integer({ min: 0, max: 18 }), fc.constantFrom('x', '/', '_', 'é')])(
    'a character spoiled in the fixed part is the one named',
    (t, i, bad) => {
      const iso = new Date(t).toISOString();
      const spoiled = `${iso.slice(0, i)}${bad}${iso.slice(i + 1)}`;
      expect(at(spoiled)).toBe(`datetime-syntax@${i}`);
    },
  );
  test.prop([fc.string({ maxLength: 80 })])('the position never leaves the input', (s) => {
    const r = parseDateTime(s);
    if (!r.ok) expect((r.errors[0].at as { offset: number }).offset).toBeLessThanOrEqual(s.length);
  });
});
