// TLSA policy strings are parsed "with the @mailtls/dane presentation parser" (spec notes 2.3).
// The report parser keeps a small local reader instead of bundling dane; these properties hold
// it to dane's strict parser on RDATA text (every string without a zone line's type mnemonic).
import { fc, test } from '@fast-check/vitest';
import { formatTlsaRecord, parseTlsaRecord } from '@mailtls/dane';
import { describe, expect, it } from 'vitest';
import { formatTlsaString, parseTlsaString } from '../src/_policy-strings.ts';
import { parseTlsrptReport } from '../src/report.ts';
import { BASE } from './fixtures/deviations.ts';

const hexOf = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0').toUpperCase()).join('');
const HASH = 'AB'.repeat(32);

/** dane's strict reading, in this package's model; undefined when dane refuses. */
function oracle(s: string) {
  const r = parseTlsaRecord(s, { strict: true });
  if (!r.ok) return undefined;
  const { usage, selector, matchingType, data } = r.value;
  return { usage, selector, matchingType, data: hexOf(data) };
}

// A zone line ("… IN TLSA 3 1 1 …") is dane's and not a policy string (see _policy-strings.ts)
const zoneLine = (s: string) => s.split(/[ \t\n\r;()]+/).some((t) => /^(tlsa|type52)$/i.test(t));

const sep = fc.constantFrom(' ', '\t', '  ', ' \t ', '\n', '(', ')', ';', '\u00a0', '');
const num = fc.oneof(
  fc.stringMatching(/^[0-9]{1,4}$/),
  fc.constantFrom('0', '3', '003', '0003', '255', '256', '0255', '-1', '+3', 'DANE-EE', 'spki', '1x'),
);
const hexTok = fc.oneof(
  fc.stringMatching(/^[0-9a-fA-F]{1,10}$/),
  fc.constantFrom('', 'AB'.repeat(32), '0x1F', 'GG', 'ab\u00e9'),
);
const presentation = fc
  .tuple(
    fc.constantFrom('', ' ', '\t'),
    num,
    sep,
    num,
    sep,
    num,
    sep,
    fc.array(hexTok, { maxLength: 3 }),
    sep,
    fc.constantFrom('', ' ', '\t', '\n'),
  )
  .map(
    ([lead, u, s1, s, s2, m, s3, hex, s4, trail]) =>
      `${lead}${u}${s1}${s}${s2}${m}${s3}${hex.join(s4)}${trail}`,
  );
const generic = fc
  .tuple(
    fc.uint8Array({ maxLength: 40 }),
    fc.integer({ min: -2, max: 2 }),
    fc.constantFrom('', '0', '00'),
    fc.nat({ max: 8 }),
    fc.boolean(),
  )
  .map(([bytes, skew, pad, split, lower]) => {
    let hex = hexOf(bytes);
    if (lower) hex = hex.toLowerCase();
    const cut = Math.min(split * 2 + 1, hex.length);
    return `\\# ${pad}${bytes.length + skew} ${hex.slice(0, cut)} ${hex.slice(cut)}`.trimEnd();
  });
const anyText = fc.string({ unit: fc.constantFrom(...'0123 \t\\#aBfG\n(;'.split('')), maxLength: 24 });

describe('TLSA policy strings agree with @mailtls/dane', () => {
  test.prop([fc.oneof(presentation, generic, anyText)], { numRuns: 3000 })(
    'parseTlsaString accepts exactly what dane accepts (strict), with the same fields',
    (s) => {
      fc.pre(!zoneLine(s));
      expect(parseTlsaString(s)).toEqual(oracle(s));
    },
  );
  test.prop([fc.oneof(presentation, generic)])('formatTlsaString writes what dane writes', (s) => {
    const mine = parseTlsaString(s);
    const r = parseTlsaRecord(s, { strict: true });
    if (mine !== undefined && r.ok) expect(formatTlsaString(mine)).toBe(formatTlsaRecord(r.value));
  });
  it.each([
    [`0003 1 1 ${HASH}`, { usage: 3, selector: 1, matchingType: 1, data: HASH }],
    [`03 01 01 ${HASH.toLowerCase()}`, { usage: 3, selector: 1, matchingType: 1, data: HASH }],
    ['\\# 3 030101', { usage: 3, selector: 1, matchingType: 1, data: '' }],
    [`\\# 35 030101 ${HASH}`, { usage: 3, selector: 1, matchingType: 1, data: HASH }],
    ['3 1 1', undefined],
    ['3 1 1 ABC', undefined],
    ['256 1 1 AB', undefined],
    ['DANE-EE SPKI SHA2-256 AB', undefined],
    ['\\# 2 0301', undefined],
    ['\\# 4 030101', undefined],
    ['3 1 1 ( AB )', undefined],
  ])('%s', (s, expected) => {
    expect(parseTlsaString(s)).toEqual(expected);
    expect(parseTlsaString(s)).toEqual(oracle(s));
  });
  it('a report reads them as dane does: leading zeros and the generic form are TLSA, not syntax errors', () => {
    const json = JSON.stringify({
      ...BASE,
      policies: [
        {
          ...BASE.policies[0],
          policy: {
            'policy-type': 'tlsa',
            'policy-string': [`0003 1 1 ${HASH}`, '\\# 3 030101'],
            'policy-domain': 'mx.example.com',
          },
        },
      ],
    });
    for (const strict of [false, true]) {
      const r = parseTlsrptReport(json, { strict });
      expect(r.ok).toBe(true);
      const codes = r.warnings.map((w) => w.code);
      expect(codes).not.toContain('policy-string-tlsa-syntax');
      expect(codes).toContain('policy-string-tlsa-noncanonical');
      expect(r.ok && r.value.policies[0]?.policy.policyStrings).toEqual([`3 1 1 ${HASH}`, '\\# 3 030101']);
      expect(r.ok && r.value.policies[0]?.policy.tlsa).toHaveLength(2);
    }
  });
});
