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
    // punycodeEncode gives the whole A-label: "xn--" and the RFC 3492 encoding
    expect(punycodeEncode('bücher')).toBe('xn--bcher-kva');
    expect(punycodeEncode('ü')).toBe('xn--tda');
    expect(punycodeEncode('他们为什么不说中文')).toBe('xn--ihqwcrb4cv8a8dqg056pqjye');
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
    expect(punycodeEncode('é'.repeat(63))).toMatch(/^xn--[a-z0-9-]+$/);
    // 63 astral code points are 126 code units, and still encodable
    expect(punycodeEncode(String.fromCodePoint(0x1d4b6).repeat(63))).toMatch(/^xn--[a-z0-9-]+$/);
    expect(labelToAscii(`${'é'.repeat(10)}${'a'.repeat(60)}`)).toBeUndefined();
  });
  it('normalizeHostname is total for non-string JavaScript input', () => {
    expect(normalizeHostname(undefined as unknown as string)).toBe('');
    expect(matchesWildcard(42 as unknown as string, null as unknown as string)).toBe(false);
  });
  test.prop([fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 })])('decode ∘ encode = id', (s) => {
    const e = punycodeEncode(s);
    if (e !== undefined) expect(punycodeDecode(e.slice(4))).toBe(s);
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

// Audit findings 1–4 (IDNA mapping, ignorables, full stops, positions and codes).
describe('UTS #46 mapping', () => {
  const ascii = (name: string) => {
    const r = validateHostname(name);
    return r.ok ? r.value.ascii : r.errors[0].code;
  };
  // UTS #46 as the WHATWG URL parser applies it: the reference for names we accept
  const whatwg = (name: string) => new URL(`http://${name}/`).hostname.replace(/\.$/, '');
  it.each([
    ['ℌü.example', 'xn--h-eha.example'], // U+210C is "H" under NFKC: case folds after it
    ['ℌ.example', 'h.example'],
    ['ℍ.example', 'h.example'],
    ['ℑ.example', 'i.example'],
    ['Ｍｘ.example', 'mx.example'],
  ])('compatibility capitals fold to lower case: %s → %s', (name, expected) => {
    expect(ascii(name)).toBe(expected);
    expect(normalizeHostname(name)).toBe(expected);
    expect(whatwg(name)).toBe(expected);
    expect(matchesWildcard(expected, name)).toBe(true);
  });
  it.each([
    ['a\uFE0F.com', 'a.com'],
    ['a\u034Fb.com', 'ab.com'],
    ['a\u180Bb.com', 'ab.com'],
    ['a\u{E0100}.com', 'a.com'],
    ['a\u00ADb.com', 'ab.com'], // soft hyphen
    ['a\u200Bb.com', 'ab.com'],
    ['a\u2060b.com', 'ab.com'],
    ['a\u2064b.com', 'ab.com'],
    ['a\uFEFFb.com', 'ab.com'],
    ['bü\u00ADcher.example', 'xn--bcher-kva.example'],
  ])('code points UTS #46 ignores are mapped to nothing: %j → %s', (name, expected) => {
    expect(ascii(name)).toBe(expected);
    expect(normalizeHostname(name)).toBe(expected);
    expect(whatwg(name)).toBe(expected);
  });
  it.each([
    '\u3164.com',
    'a\u3164.com',
    'a\u115Fb.com',
    'a\uFFA0b.com',
    'a\u17B4b.com',
    'a\u200Eb.com',
    'a\u202Eb.com',
    'a\u{E0001}b.com',
    'a\u{1BCA0}b.com', // UTS #46 ignores it; refused here (a judgement call, see hostname.ts)
  ])('other default-ignorables are DISALLOWED (RFC 5892 §2.6): %j', (name) => {
    expect(ascii(name)).toBe('hostname-idna-invalid');
    expect(labelToAscii(name.split('.')[0] as string)).toBeUndefined();
  });
  it('A-labels that decode to an ignored or disallowed code point, or a capital, are invalid', () => {
    expect(punycodeEncode('a\uFE0F')).toBe('xn--a-i89h');
    for (const u of ['a\uFE0F', 'a\u3164', 'a\u00AD', '\u210Cü'])
      expect(ascii(`${punycodeEncode(u)}.com`)).toBe('hostname-idna-invalid');
    expect(ascii('xn--h-eha.example')).toBe('xn--h-eha.example');
  });
  it('ideographic, fullwidth and halfwidth full stops separate labels', () => {
    for (const name of ['mx1\u3002example\u3002com', 'mx1\uFF0Eexample\uFF61com', 'MX1。Example.com']) {
      expect(ascii(name)).toBe('mx1.example.com');
      expect(normalizeHostname(name)).toBe('mx1.example.com');
      expect(matchesWildcard('*.example.com', name)).toBe(true);
    }
    expect(validateHostname('example.com\u3002')).toMatchObject({
      ok: true,
      value: { ascii: 'example.com', trailingDot: true, converted: false },
    });
    expect(normalizeHostname('bücher.example\u3002')).toBe('xn--bcher-kva.example');
    expect(validateHostname('example.com\u3002', { trailingDot: false })).toMatchObject({
      ok: false,
      errors: [{ code: 'hostname-trailing-dot', at: { offset: 11 } }],
    });
    expect(validateHostname('mx1\u3002example', { unicode: false })).toMatchObject({
      ok: false,
      errors: [{ code: 'hostname-invalid-char' }],
    });
  });
  // The letters, compatibility characters, ignorables and full stops the mapping handles, with
  // hyphens: whatever validateHostname accepts, UTS #46 converts to the same A-labels. Left out,
  // the known gap between String#toLowerCase and the full case folding UTS #46 applies (see
  // hostname.ts): Σ (a final ς, not σ) and the Greek capitals with prosgegrammeni (ᾼ → ᾳ, not αι).
  const unit = fc.constantFrom(
    ...'abcxyzABCXYZ-üÜßçé'.split(''),
    'ℌ',
    'ℑ',
    'Ｋ',
    '\u212A',
    'Ϊ',
    '\u0301',
    '他',
    '\u00AD',
    '\uFE0F',
    '\u034F',
    '\u200B',
    '\u3164',
    '.',
    '\u3002',
    '\uFF0E',
  );
  test.prop([fc.string({ unit, minLength: 1, maxLength: 30 })])(
    'agrees with UTS #46 (WHATWG URL) on what it accepts',
    (name) => {
      const r = validateHostname(name);
      if (r.ok) {
        expect(whatwg(name)).toBe(r.value.ascii);
        expect(normalizeHostname(name)).toBe(r.value.ascii);
      }
    },
  );
});

describe('validateHostname positions and codes', () => {
  const first = (name: string) => {
    const r = validateHostname(name);
    return r.ok ? undefined : r.errors[0];
  };
  it('a name whose A-labels pass 253 octets is too long at the label that crosses, inside the input', () => {
    const label = '他们为什么不说中文他们为什么不说中文'; // 18 code points, a 52-octet A-label
    const name = Array(6).fill(label).join('.');
    expect(name.length).toBe(113);
    const e = first(name);
    expect(e).toMatchObject({ code: 'hostname-too-long', at: { offset: 95 } }); // the fifth label
    expect(e?.at && 'offset' in e.at && e.at.offset < name.length).toBe(true);
    // without conversion, the 254th character is named, as before
    expect(first(Array(64).fill('abcd').join('.'))).toMatchObject({ at: { offset: 253 } });
  });
  it('a U-label too long for any A-label is hostname-label-too-long, not hostname-idna-invalid', () => {
    expect(first(`${'é'.repeat(64)}.com`)).toMatchObject({
      code: 'hostname-label-too-long',
      at: { offset: 0 },
    });
    expect(first(`mx.${'é'.repeat(60)}.com`)).toMatchObject({
      code: 'hostname-label-too-long',
      at: { offset: 3 },
    });
    expect(first(`${'💩'.repeat(64)}.com`)?.code).toBe('hostname-idna-invalid'); // not a U-label at all
    expect(validateHostname(`${'a\u00AD'.repeat(40)}.com`).ok).toBe(true); // ignored code points do not count
  });
  it('a port is the character it is; only bracketed or bare IPv6 addresses are IP literals', () => {
    const e = first('mx.example:25');
    expect(e).toMatchObject({ code: 'hostname-invalid-char', at: { offset: 10, column: 11 } });
    expect(e?.message).toBe('Not a letter, digit or hyphen: ":"');
    for (const ip of ['2001:db8::1', '::1', '::ffff:192.0.2.1', 'FE80::1', '[192.0.2.1]'])
      expect(first(ip)?.code).toBe('hostname-ip-literal');
  });
  test.prop([fc.string({ maxLength: 1100 })])('every error position lies inside the input', (s) => {
    const r = validateHostname(s, { wildcard: true });
    if (!r.ok && r.errors[0].at && 'offset' in r.errors[0].at) {
      expect(r.errors[0].at.offset).toBeGreaterThanOrEqual(0);
      expect(r.errors[0].at.offset).toBeLessThanOrEqual(s.length);
    }
  });
  test.prop([
    fc.array(fc.constantFrom('他们为什么', 'bücher', 'ab', 'ü'.repeat(20)), { minLength: 1, maxLength: 30 }),
  ])('long IDNs: too long exactly when the A-label name is, at a label start inside the input', (labels) => {
    const name = labels.join('.');
    const total = labels.map((l) => (labelToAscii(l) as string).length).reduce((a, b) => a + b + 1, -1);
    const r = validateHostname(name);
    expect(r.ok).toBe(total <= 253);
    if (!r.ok) {
      expect(r.errors[0].code).toBe('hostname-too-long');
      const at = (r.errors[0].at as { offset: number }).offset;
      expect(at === 0 || name[at - 1] === '.').toBe(true);
    }
  });
});
