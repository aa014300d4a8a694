import { fc, test } from '@fast-check/vitest';
import { formatDateTime, parseDateTime, validateHostname } from '@mailtls/core';
import { describe, expect, it } from 'vitest';
import { canonicalUtcMs, isPlainAddress, isPlainHostname } from '../src/_fast.ts';
import { isAddrSpec } from '../src/_uri.ts';

// The shortcuts must accept only what core accepts unchanged and without any issue, and agree
// with core on the value: they replace core calls on the happy path.

const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('canonicalUtcMs', () => {
  it.each([
    ['2024-11-08T00:00:00Z', 1731024000000],
    ['1970-01-01T00:00:00Z', 0],
    ['1969-12-31T23:59:59Z', -1000],
    ['0000-01-01T00:00:00Z', -62167219200000],
    ['9999-12-31T23:59:59Z', 253402300799000],
    ['2000-02-29T12:34:56Z', 951827696000],
  ])('%s', (s, ms) => {
    expect(canonicalUtcMs(s)).toBe(ms);
  });
  it.each([
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-11-08T23:59:60Z',
    '2024-11-08t00:00:00Z',
    '2024-11-08T00:00:00z',
    '2024-11-08 00:00:00Z',
    '2024-11-08T00:00:00.0Z',
    '2024-11-08T00:00:00+00:00',
    '2024-11-08T00:00:00',
    '2024-13-08T00:00:00Z',
    '2024-00-08T00:00:00Z',
    '2024-11-00T00:00:00Z',
    '2024-11-08T24:00:00Z',
    '2024-11-08T00:60:00Z',
    '２024-11-08T00:00:00Z',
  ])('declines %s', (s) => {
    expect(canonicalUtcMs(s)).toBeNaN();
  });
  test.prop([
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 60 }),
  ])('agrees with core parseDateTime and formatDateTime', (y, mo, d, h, mi, s) => {
    const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}Z`;
    const fast = canonicalUtcMs(text);
    const core = parseDateTime(text, { strict: true });
    if (Number.isNaN(fast)) {
      // declined: either core rejects it or it is a leap second (an info issue)
      expect(!core.ok || core.warnings.length > 0).toBe(true);
    } else {
      expect(core.ok && core.warnings).toEqual([]);
      expect(core.ok && core.value.epochMs).toBe(fast);
      expect(formatDateTime(fast)).toBe(text);
    }
  });
  test.prop([fc.string({ maxLength: 24 })])('never accepts what core rejects or changes', (text) => {
    const fast = canonicalUtcMs(text);
    if (Number.isNaN(fast)) return;
    const core = parseDateTime(text, { strict: true });
    expect(core.ok && core.warnings.length === 0 && core.value.epochMs === fast).toBe(true);
  });
});

describe('isPlainHostname', () => {
  it.each([
    ['mail.example.com', false],
    ['*.example.com', true],
    ['a', false],
    ['a-b.c1', false],
    ['1.2.3.example', false],
  ])('accepts %s (wildcard %s)', (s, w) => {
    expect(isPlainHostname(s, w)).toBe(true);
  });
  it.each([
    ['', false],
    ['*.example.com', false],
    ['*.', true],
    ['Mail.example.com', false],
    ['mail.example.com.', false],
    ['mail..example.com', false],
    ['-a.example', false],
    ['a-.example', false],
    ['xn--bcher-kva.example', false],
    ['192.0.2.1', false],
    ['example.123', false],
    ['a_b.example', false],
    ['bücher.example', false],
    [`${'a'.repeat(64)}.example`, false],
    [`${'a.'.repeat(127)}ab`, false],
  ])('declines %s (wildcard %s)', (s, w) => {
    expect(isPlainHostname(s, w)).toBe(false);
  });
  const label = fc.stringMatching(/^[a-z0-9*.\-_A-Z]{0,12}$/);
  test.prop([fc.array(label, { minLength: 1, maxLength: 5 }), fc.boolean()])(
    'never accepts what core rejects or changes',
    (labels, wildcard) => {
      const name = labels.join('.');
      if (!isPlainHostname(name, wildcard)) return;
      const core = validateHostname(name, { wildcard });
      expect(core.ok && core.warnings.length === 0 && core.value.ascii === name).toBe(true);
    },
  );
  test.prop([fc.domain(), fc.boolean()])(
    'accepts what core returns unchanged (bar the declined shapes)',
    (name, wildcard) => {
      const core = validateHostname(name, { wildcard });
      if (isPlainHostname(name, wildcard)) expect(core.ok && core.value.ascii).toBe(name);
      else if (core.ok && core.value.ascii === name && !/(^|\.)xn--|(^|\.)[0-9]+$/.test(name))
        expect.unreachable(`declined ${name}`);
    },
  );
});

describe('isPlainAddress', () => {
  it.each([
    'smtp-tls-reporting@google.com',
    'tls+rpt@example.com',
    'a.b_c@mail.example-1.com',
    'a@b',
    `${'a'.repeat(299)}@${'b'.repeat(20)}`,
  ])('accepts %s', (s) => {
    expect(isPlainAddress(s)).toBe(true);
  });
  it.each([
    '',
    '@example.com',
    'a@',
    'a@b@c',
    '.a@example.com',
    'a.@example.com',
    'a..b@example.com',
    'a@.example.com',
    'a@example.com.',
    'a@exa..mple.com',
    'a@ex+ample.com',
    '"a b"@example.com',
    'a@[192.0.2.1]',
    'é@example.com',
    `${'a'.repeat(300)}@${'b'.repeat(20)}`,
  ])('declines %s', (s) => {
    expect(isPlainAddress(s)).toBe(false);
  });
  const near = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'ab.@_+-Z9"[]!é'.split('')), maxLength: 14 }),
    fc.emailAddress(),
    fc.integer({ min: 310, max: 330 }).map((n) => `${'a'.repeat(n - 12)}@example.com`),
  );
  test.prop([near], { numRuns: 3000 })('never accepts what isAddrSpec rejects', (s) => {
    if (isPlainAddress(s)) expect(isAddrSpec(s)).toBe(true);
  });
});
