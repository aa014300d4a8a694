import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkUri, isAddrSpec } from '../src/_uri.ts';
import { parseTlsrptRecord } from '../src/record.ts';
import * as refUri from './_reference/_uri.ts';
import { parseTlsrptRecord as refParse } from './_reference/record.ts';

// The rewritten record scanner and URI checker must agree exactly with the first versions
// (./_reference): the same value, and the same issues (code, severity, message, position) in
// the same order, in both modes.

// Records built from the pieces that steer the grammar: separators, WSP, quotes, case variants,
// URIs with every kind of flaw the checker distinguishes.
const piece = fc.constantFrom(
  'v=TLSRPTv1',
  'V=tlsrptV1',
  'v = TLSRPTv1',
  'v=TLSRPTv10',
  ';',
  '; ',
  ' ;',
  ';;',
  ' ',
  '\t',
  '"',
  ',',
  ' , ',
  '=',
  ' = ',
  'rua=',
  'RUA=',
  'Rua =',
  'v=',
  'x-ext=1',
  '_x=1',
  'junk',
  'mailto:a@example.com',
  'mailto:tls%21rpt@example.com',
  'mailto:%ZZ@example.com',
  'mailto:%C3%28@example.com',
  'mailto:"a b"@example.com',
  'mailto:a@[192.0.2.1]',
  'mailto:a..b@example.com',
  'mailto:a@example.com?subject=x',
  'mailto:a@example.com,b@example.com',
  '!10m',
  '!10',
  '!x',
  '!',
  'https://r.example/v1',
  'https://u@r.example:443/p?q#f',
  'https://[2001:db8::1]:8443/x',
  'https://[2001:db8::1/x',
  'https://r.example:44a/',
  'https://r[.example/',
  'https:/path',
  'https://',
  'http://r.example/',
  'ftp://r.example/a#b#c',
  '/a[b]',
  '%4',
  '%41',
  'x^y',
  '1abc:',
  'a+b.c-d:rest',
  '#',
  '?',
  '@',
  ':',
  '[',
  ']',
  'é',
  '\u00a0',
  '\n',
  '\x7f',
  '\u{1F600}',
);
const soup = fc.array(piece, { maxLength: 14 }).map((p) => p.join(''));
// …and records shaped like the grammar: version, then fields of name "=" URI list
const wsp = fc.constantFrom('', '', ' ', '\t', '  ');
const uriList = fc
  .array(
    fc.tuple(
      wsp,
      fc.array(piece, { maxLength: 3 }).map((p) => p.join('')),
      wsp,
    ),
    { maxLength: 4 },
  )
  .map((l) => l.map(([a, u, b]) => `${a}${u}${b}`).join(','));
const field = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('rua', 'RUA', 'v', 'x-ext', '_x', '', 'rua '),
      fc.constantFrom('=', ' =', '= ', ''),
      uriList,
    )
    .map(([n, e, v]) => `${n}${e}${v}`),
  piece,
);
const shaped = fc
  .tuple(
    fc.constantFrom('', '"'),
    wsp,
    fc.constantFrom('v=TLSRPTv1', 'v=TLSRPTv1', 'V=TLSRPTv1', 'v = TLSRPTv1', 'v=tlsrptv1'),
    fc.array(fc.tuple(wsp, fc.constantFrom(';', ';', ';;'), wsp, field), { maxLength: 4 }),
    fc.constantFrom('', ';', '; ', ' ', ' ;'),
    fc.constantFrom('', '"'),
  )
  .map(([q1, w, v, fields, end, q2]) => `${q1}${w}${v}${fields.map((f) => f.join('')).join('')}${end}${q2}`);
const record = fc.oneof(shaped, shaped, soup);
const anyText = fc.oneof(
  record,
  fc.string({ maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(...'v=TLSRPTv1;rua:mailto@example.com,! \t"%[]#?/é\n'.split('')),
    maxLength: 60,
  }),
);

describe('parseTlsrptRecord ≡ reference', () => {
  test.prop([anyText, fc.boolean()], { numRuns: 3000 })('same result', (txt, strict) => {
    expect(parseTlsrptRecord(txt, { strict })).toEqual(refParse(txt, { strict }));
  });
  test.prop([fc.array(record, { maxLength: 3 }), fc.boolean()])(
    'same result for character-strings',
    (rr, strict) => {
      expect(parseTlsrptRecord(rr, { strict })).toEqual(refParse(rr, { strict }));
    },
  );
  test.prop([record], { numRuns: 20 })('same result when too long or not ASCII', (txt) => {
    for (const t of [`v=TLSRPTv1; rua=${txt}${'a'.repeat(8200)}`, `${txt}é`])
      expect(parseTlsrptRecord(t)).toEqual(refParse(t));
  });
});

describe('edge records ≡ reference', () => {
  // an empty list element quotes the whole list; a URI that is only a size suffix quotes ""
  it.each([
    'v=TLSRPTv1; rua=!10m',
    'v=TLSRPTv1; rua=mailto:a@example.com,!10m',
    'v=TLSRPTv1; rua=,',
    'v=TLSRPTv1; rua=mailto:a@example.com, ,x',
    'v=TLSRPTv1; rua= !1 , x',
    '"v=TLSRPTv1"',
    '"v=TLSRPTv1; rua=mailto:a@example.com;\n"',
  ])('%s', (txt) => {
    for (const strict of [false, true])
      expect(parseTlsrptRecord(txt, { strict })).toEqual(refParse(txt, { strict }));
  });
});

// The record parser accepts the usual destinations with one regex test (PLAIN_RUA in
// src/record.ts) and sends everything else through checkUri / decodeURIComponent / isAddrSpec. These
// URIs sit on both sides of that test's edges: dots at the ends of a part or doubled, characters
// just outside its classes, other cases and schemes, addresses around the 320-character limit.
describe('the fast path for plain destinations ≡ reference', () => {
  const part = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'aZ09_+-.~%!/@?#:'.split('')), maxLength: 10 }),
    fc.string({ unit: fc.constantFrom(...'ab_+-.'.split('')), maxLength: 10 }), // inside the classes
    fc.constantFrom('a.b', 'a..b', 'x.example', 'tls-rpt', 'a'),
  );
  const near = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('mailto:', 'mailto:', 'MAILTO:', 'Mailto:', 'mailto:.', 'mailto://', 'mail:'),
        part,
        fc.constantFrom('@', '@', '.@', '@.', '@@', '', '-@'),
        part,
        fc.constantFrom('', '', '.', '..', '-', '?subject=x', '#f', '!10m', '%41', '.com'),
      )
      .map((p) => p.join('')),
    fc
      .tuple(
        fc.constantFrom('https://', 'https://', 'HTTPS://', 'https:/', 'https:', 'http://', 'https:///'),
        part,
        fc.constantFrom('', '', '/', '/v1/tlsrpt', ':443', ':x', '?q', '#f', '/~a/..', '[::1]', '@h'),
      )
      .map((p) => p.join('')),
    fc
      .tuple(fc.integer({ min: 300, max: 330 }), fc.constantFrom('a', '.', 'ab.', '_'))
      .map(([n, c]) => `mailto:${c.repeat(Math.ceil(n / c.length)).slice(0, n - 12)}@example.com`),
  );
  test.prop([fc.array(near, { minLength: 1, maxLength: 3 }), fc.boolean()], { numRuns: 3000 })(
    'same result',
    (uris, strict) => {
      const txt = `v=TLSRPTv1; rua=${uris.join(',')}`;
      expect(parseTlsrptRecord(txt, { strict })).toEqual(refParse(txt, { strict }));
    },
  );
});

describe('checkUri and isAddrSpec ≡ reference', () => {
  const uri = fc.oneof(
    fc.array(piece, { maxLength: 6 }).map((p) => p.join('')),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: fc.constantFrom(...'ab:/@[]%#?1FZ.-+é'.split('')), maxLength: 24 }),
  );
  test.prop([uri], { numRuns: 3000 })('checkUri', (u) => {
    expect(checkUri(u)).toEqual(refUri.checkUri(u));
  });
  // every part of the authority, and brackets before, inside and after it, around "?" and "#"
  test.prop(
    [
      fc
        .tuple(
          fc.constantFrom('https:', 'x:', 'mailto:'),
          fc.constantFrom(
            ...['', '//', '//u@', '//[::1]', '//[::1]:8', '//h]', '//[h', '//h:1[]', '//u:p@h', '//h:'],
            ...['//h:1a', '//a@b@', '//[v1.a]', '//[%41]', '//%41@h%2e', '//u p@h', '//h:8:8'],
          ),
          fc.string({ unit: fc.constantFrom(...'a/[]?#:@%'.split(''), '%4', '%4F', ' '), maxLength: 10 }),
        )
        .map((p) => p.join('')),
    ],
    { numRuns: 2000 },
  )('checkUri with brackets', (u) => {
    expect(checkUri(u)).toEqual(refUri.checkUri(u));
  });
  test.prop([fc.oneof(fc.emailAddress(), uri)], { numRuns: 2000 })('isAddrSpec', (a) => {
    expect(isAddrSpec(a)).toBe(refUri.isAddrSpec(a));
  });
  // isAddrSpec is one regex over the whole address: "@" inside quoted local parts and
  // domain-literals, dots at every edge, escapes, lengths around its 320-character limit
  test.prop(
    [
      fc.oneof(
        fc.string({ unit: fc.constantFrom(...'a.@"\\[] _!'.split('')), maxLength: 16 }),
        fc
          .tuple(
            fc.constantFrom('', '"', '.', 'a', '"a@b"', '"a\\"@b"'),
            fc.constantFrom('@', '@@', '.@', '@.'),
          )
          .chain(([l, at]) =>
            fc
              .tuple(
                fc.string({ unit: fc.constantFrom(...'a.@"[]'.split('')), maxLength: 8 }),
                fc.constantFrom('', 'b', 'b.c', '[1.2]', '[a@b]', '.', 'b.'),
              )
              .map(([m, d]) => `${l}${m}${at}${d}`),
          ),
        fc.integer({ min: 300, max: 330 }).map((n) => `${'a'.repeat(n - 12)}@example.com`),
      ),
    ],
    { numRuns: 3000 },
  )('isAddrSpec near its edges', (a) => {
    expect(isAddrSpec(a)).toBe(refUri.isAddrSpec(a));
  });
});

describe('extension grammar ≡ core', () => {
  const part = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: fc.constantFrom(...'aZ09_.-!:<>~é\x7f'.split('')), minLength: 1, maxLength: 34 }),
  );
  test.prop([part, part], { numRuns: 2000 })(
    'a field name=value is kept exactly when core says it fits ext-name and ext-value',
    async (name, value) => {
      const { isTxtExtName, isTxtExtValue } = await import('@mailtls/core/txt');
      const r = parseTlsrptRecord(`v=TLSRPTv1; rua=mailto:a@example.com; ${name}=${value}`);
      const kept = r.ok && r.value.extensions.length === 1;
      const simple =
        !/[;\s="]/.test(name + value) &&
        name !== '' &&
        value !== '' &&
        name.toLowerCase() !== 'v' &&
        name.toLowerCase() !== 'rua';
      if (simple) expect(kept).toBe(isTxtExtName(name) && isTxtExtValue(value));
    },
  );
});
