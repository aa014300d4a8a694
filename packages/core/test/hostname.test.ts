import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { punycodeDecode, punycodeEncode } from '../src/_punycode.ts';
import {
  asciiLower,
  hostnameIssues,
  isIpv4Literal,
  isMatchableHost,
  labelToAscii,
  matchesDnsId,
  matchesWildcard,
  normalizeHostname,
  validateHostname,
} from '../src/index.ts';

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const domain = fc.array(label, { minLength: 2, maxLength: 4 }).map((ls) => ls.join('.'));

describe('normalizeHostname', () => {
  it.each([
    ['MX1.Example.COM.', 'mx1.example.com'],
    ['mx1.example.com', 'mx1.example.com'],
    ['Bücher.example', 'xn--bcher-kva.example'],
    ['faß.de', 'xn--fa-hia.de'], // UTS #46 non-transitional keeps ß
    ['ＡＢＣ.example', 'abc.example'], // fullwidth maps to ASCII
    ['\u212Aelvin.example', 'kelvin.example'], // the Kelvin sign maps to k under IDNA, not by ASCII folding
    ['a..b', 'a..b'],
    ['.', ''],
    ['', ''],
  ])('%s → %s', (input, expected) => expect(normalizeHostname(input)).toBe(expected));
  it('keeps a label IDNA cannot convert, so it never equals an A-label name', () => {
    expect(normalizeHostname('É💩.Example')).toBe('É💩.example');
    expect(normalizeHostname('A B.Éx')).toBe('a b.xn--x-9fa');
    expect(normalizeHostname(`${'É'.repeat(1100)}`)).toBe('É'.repeat(1100));
  });
  test.prop([fc.string({ maxLength: 80 })])('idempotent', (s) => {
    const once = normalizeHostname(s);
    // A second pass may strip one more trailing dot; otherwise it is a fixed point.
    expect(normalizeHostname(once)).toBe(once.endsWith('.') ? once.slice(0, -1) : once);
  });
  test.prop([domain])('case and one trailing dot do not matter', (d) => {
    expect(normalizeHostname(`${d.toUpperCase()}.`)).toBe(d);
  });
});

describe('IDNA', () => {
  it('punycode RFC 3492 §7.1 samples', () => {
    expect(punycodeEncode('bücher')).toBe('bcher-kva');
    expect(punycodeEncode('ü')).toBe('tda');
    expect(punycodeEncode('他们为什么不说中文')).toBe('ihqwcrb4cv8a8dqg056pqjye');
    expect(punycodeDecode('ihqwcrb4cv8a8dqg056pqjye')).toBe('他们为什么不说中文');
    expect(punycodeDecode('bcher-kva')).toBe('bücher');
    expect(punycodeDecode('abc-')).toBe('abc');
    expect(punycodeDecode('BCHER-KVA')).toBe('BüCHER'); // digits are case-insensitive
    for (const bad of ['a-!', 'ü-a', 'a-b', '99999999999']) expect(punycodeDecode(bad)).toBeUndefined();
    expect(punycodeDecode('dn32g')).toBe('\u{10ffff}');
    expect(punycodeDecode('dn30h')).toBeUndefined(); // U+110000 is past Unicode
    expect(punycodeDecode('ib9b')).toBeUndefined(); // U+D800 is a surrogate
  });
  it('refuses labels of more than 63 code points, which no DNS label can hold', () => {
    expect(punycodeEncode(`${'a'.repeat(3000)}\u{10ffff}`)).toBeUndefined();
    expect(punycodeEncode('é'.repeat(64))).toBeUndefined();
    expect(punycodeEncode('é'.repeat(63))).toMatch(/^[a-z0-9-]+$/);
    // 63 astral code points are 126 code units, and still encodable
    expect(punycodeEncode(String.fromCodePoint(0x1d4b6).repeat(63))).toMatch(/^[a-z0-9-]+$/);
    expect(labelToAscii(`${'é'.repeat(10)}${'a'.repeat(60)}`)).toBeUndefined();
  });
  it('normalizeHostname is total for non-string JavaScript input', () => {
    expect(normalizeHostname(undefined as unknown as string)).toBe('');
    expect(matchesWildcard(42 as unknown as string, null as unknown as string)).toBe(false);
  });
  test.prop([fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 })])('decode ∘ encode = id', (s) => {
    const e = punycodeEncode(s);
    if (e !== undefined) expect(punycodeDecode(e)).toBe(s);
  });
  it('labelToAscii rejects what IDNA 2008 forbids', () => {
    expect(labelToAscii('ab')).toBe('ab');
    expect(labelToAscii('\u0301a')).toBeUndefined(); // leading combining mark
    expect(labelToAscii('é-')).toBeUndefined();
    expect(labelToAscii('-é')).toBeUndefined();
    expect(labelToAscii('éa--b')).toBeUndefined(); // "--" in positions 3–4
    expect(labelToAscii('é b')).toBeUndefined();
    expect(labelToAscii('💩')).toBeUndefined(); // symbols are not letters
  });
  // Differential: WHATWG URL applies full UTS #46. For labels of letters, the results must agree.
  // (UTS #46 also admits symbols such as U+00F7 that IDNA 2008 forbids; we follow IDNA 2008.)
  test.prop([fc.stringMatching(/^[a-zà-öø-ÿα-ωа-я]{1,12}$/)])(
    'agrees with WHATWG URL on letter labels',
    (l) => {
      const expected = new URL(`http://${l}.example`).hostname.slice(0, -'.example'.length);
      expect(labelToAscii(l)).toBe(expected);
    },
  );
});

describe('validateHostname', () => {
  it('accepts and normalises', () => {
    expect(validateHostname('Mail.Example.COM.')).toEqual({
      ok: true,
      value: {
        ascii: 'mail.example.com',
        labels: ['mail', 'example', 'com'],
        wildcard: false,
        trailingDot: true,
        converted: false,
      },
      warnings: [],
    });
    expect(validateHostname('*.mx.example', { wildcard: true })).toMatchObject({
      ok: true,
      value: { wildcard: true, labels: ['*', 'mx', 'example'] },
    });
    expect(validateHostname('bücher.example')).toMatchObject({
      ok: true,
      value: { ascii: 'xn--bcher-kva.example', converted: true },
    });
    expect(validateHostname('xn--bcher-kva.example')).toMatchObject({ ok: true });
    expect(validateHostname('_25._tcp.mx.example', { underscore: true })).toMatchObject({ ok: true });
    expect(validateHostname('localhost')).toMatchObject({ ok: true });
    expect(validateHostname(`${'a'.repeat(63)}.example`).ok).toBe(true);
  });
  const code = (name: string, options = {}) => {
    const r = validateHostname(name, options);
    return r.ok ? 'ok' : r.errors[0].code;
  };
  it.each([
    ['', 'hostname-empty'],
    ['a..b', 'hostname-empty-label'],
    ['.a', 'hostname-empty-label'],
    [`${'a'.repeat(64)}.example`, 'hostname-label-too-long'],
    [Array(64).fill('abcd').join('.'), 'hostname-too-long'],
    ['x'.repeat(2000), 'hostname-too-long'],
    ['mx_1.example', 'hostname-invalid-char'],
    ['mx 1.example', 'hostname-invalid-char'],
    ['-mx.example', 'hostname-hyphen'],
    ['mx-.example', 'hostname-hyphen'],
    ['xn--abc-.example', 'hostname-idna-invalid'],
    ['xn--a.example', 'hostname-idna-invalid'],
    ['\u0301a.example', 'hostname-idna-invalid'],
    ['192.0.2.1', 'hostname-ip-literal'],
    ['[192.0.2.1]', 'hostname-ip-literal'],
    ['2001:db8::1', 'hostname-ip-literal'],
    ['*.example.com', 'hostname-wildcard'],
    ['f*.example.com', 'hostname-wildcard'],
  ])('%s → %s', (name, expected) => expect(code(name)).toBe(expected));
  it('honours the options', () => {
    expect(code('example.com.', { trailingDot: false })).toBe('hostname-trailing-dot');
    expect(code('bücher.example', { unicode: false })).toBe('hostname-invalid-char');
    expect(code('_a.example')).toBe('hostname-invalid-char');
  });
  it('errors carry a position, the token and the catalogue ref', () => {
    const r = validateHostname('mx.ex ample.com');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]).toMatchObject({
        code: 'hostname-invalid-char',
        ref: 'RFC 5321 §4.1.2',
        at: { offset: 5, line: 1, column: 6 },
      });
      expect(r.errors[0].message).toContain('" "');
    }
  });
  test.prop([fc.string({ maxLength: 300 })])('total: every code is in the catalogue', (s) => {
    const r = validateHostname(s, { wildcard: true });
    for (const i of r.ok ? r.warnings : r.errors) expect(Object.keys(hostnameIssues)).toContain(i.code);
  });
  test.prop([domain])('valid names round-trip through normalisation', (d) => {
    const r = validateHostname(d);
    if (isIpv4Literal(d)) expect(r.ok).toBe(false);
    else expect(r).toMatchObject({ ok: true, value: { ascii: normalizeHostname(d) } });
  });
});

describe('isMatchableHost', () => {
  it('accepts plain normalised names, from an offset too', () => {
    expect(isMatchableHost('mx.example.org')).toBe(true);
    expect(isMatchableHost('.example.org', 1)).toBe(true);
    for (const bad of ['', 'a..b', '.a', 'a.', '*.a', 'a b', 'é.a', 'x'.repeat(1025)])
      expect(isMatchableHost(bad)).toBe(false);
    expect(isMatchableHost('.', 1)).toBe(false);
  });
});

describe('isIpv4Literal and asciiLower', () => {
  it('dotted quads only', () => {
    expect(isIpv4Literal('192.0.2.255')).toBe(true);
    expect(isIpv4Literal('192.0.2.256')).toBe(false);
    expect(isIpv4Literal('192.0.2')).toBe(false);
    expect(isIpv4Literal('1.2.3.4.5')).toBe(false);
    expect(isIpv4Literal('a.b.c.d')).toBe(false);
  });
  it('folds A–Z only (never the Kelvin sign)', () => {
    expect(asciiLower('AbC\u212A')).toBe('abc\u212A');
  });
});

describe('matchesWildcard (RFC 8461 §4.1)', () => {
  it.each([
    ['*.mx.example.org', 'a.mx.example.org', true],
    ['*.mx.example.org', 'A.MX.Example.ORG.', true],
    ['*.mx.example.org.', 'a.mx.example.org', true],
    ['*.mx.example.org', 'mx.example.org', false],
    ['*.mx.example.org', 'b.a.mx.example.org', false],
    ['*.mx.example.org', 'amx.example.org', false],
    ['*.mx.example.org', '*.mx.example.org', false],
    ['*.mx.example.org', '.mx.example.org', false],
    ['mx.example.org', 'mx.example.org', true],
    ['mx.example.org', 'MX.EXAMPLE.ORG.', true],
    ['mx.example.org', 'a.mx.example.org', false],
    ['mx.example.org', 'mx.example.org.evil', false],
    ['*.', 'a.', false],
    ['*.example', 'a..example', false],
    ['mx.bücher.example', 'mx.xn--bcher-kva.example', true],
    ['', '', false],
    ['*.a..b', 'x.a..b', false],
    ['*.*.example', 'a.b.example', false],
  ])('%s ~ %s = %s', (p, h, m) => expect(matchesWildcard(p, h)).toBe(m));

  test.prop([label, domain])('a wildcard covers exactly one label, never the apex, never two', (l, d) => {
    expect(matchesWildcard(`*.${d}`, `${l}.${d}`)).toBe(true);
    expect(matchesWildcard(`*.${d}`, d)).toBe(false);
    expect(matchesWildcard(`*.${d}`, `${l}.${l}.${d}`)).toBe(false);
  });
  test.prop([domain, domain])('without a wildcard, matching is equality of normalised names', (p, h) => {
    expect(matchesWildcard(p, h)).toBe(normalizeHostname(p) === normalizeHostname(h));
    expect(matchesWildcard(p.toUpperCase(), `${p}.`)).toBe(true);
  });
  test.prop([fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 })])(
    'total and case-insensitive',
    (p, h) => {
      expect(matchesWildcard(p, h)).toBe(matchesWildcard(p, asciiLower(h)));
    },
  );
});

describe('matchesDnsId (RFC 6125 / RFC 9525)', () => {
  it.each([
    ['mx.example.com', 'mx.example.com', true],
    ['MX.example.com', 'mx.EXAMPLE.com.', true],
    ['*.example.com', 'mx.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['*.com', 'example.com', false], // at least two labels after the wildcard
    ['f*.example.com', 'foo.example.com', false], // no partial wildcards
    ['*f.example.com', 'ff.example.com', false],
    ['mx.*.example.com', 'mx.a.example.com', false],
    ['*.*.example.com', 'a.b.example.com', false],
    ['*', 'com', false],
    ['', '', false],
    ['mx.example.com', 'mx2.example.com', false],
  ])('%s ~ %s = %s', (p, h, m) => expect(matchesDnsId(p, h)).toBe(m));
  test.prop([domain, domain])('agrees with matchesWildcard whenever the DNS-ID has no wildcard', (p, h) => {
    expect(matchesDnsId(p, h)).toBe(matchesWildcard(p, h));
  });
});
