import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { bytesToHex } from '@mailtls/core/bytes';
import { describe, expect, it } from 'vitest';
import { corpus } from '../../../test-utils/corpus.ts';
import {
  daneIssues,
  encodeTlsaRdata,
  formatTlsaRecord,
  parseTlsaRdata,
  parseTlsaRecord,
  type TlsaRecord,
  tlsaOwnerName,
} from '../src/index.ts';

const H32 = '0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6';
const codeOf = (r: ReturnType<typeof parseTlsaRecord>) => (r.ok ? 'ok' : r.errors[0].code);
const value = (r: ReturnType<typeof parseTlsaRecord>): TlsaRecord => {
  if (!r.ok) throw new Error(r.errors[0].message);
  return r.value;
};

describe('parseTlsaRecord: vectors', () => {
  it.each([
    // [source, input, code or 'ok', strict?]
    ['RFC 6698 §2.2 plain', `3 1 1 ${H32}`, 'ok'],
    ['leading zeros (danetool)', `03 01 01 ${H32}`, 'ok'],
    ['spaces inside the hex, even inside a byte', `3 1 1 ${H32.slice(0, 5)} ${H32.slice(5)}`, 'ok'],
    ['lower case hex', `3 1 1 ${H32.toLowerCase()}`, 'ok'],
    ['whole RR line', `_25._tcp.mx.example.com. 3600 IN TLSA 3 1 1 ${H32}`, 'ok'],
    ['RR line without TTL and class', `_25._tcp.mx.example.com. TLSA 3 1 1 ${H32}`, 'ok'],
    ['RR line, class before TTL', `_25._tcp.mx.example.com. IN 1h TLSA 3 1 1 ${H32}`, 'ok'],
    [
      'RR line with parentheses and comments',
      `_25._tcp.mx.example.com. IN TLSA ( 3 1 1 ; DANE-EE\n ${H32.slice(0, 32)}\n ${H32.slice(32)} ) ; end`,
      'ok',
    ],
    ['RFC 3597 generic form', `\\# 35 030101${H32}`, 'ok'],
    ['RFC 3597 on a TYPE52 line', `_25._tcp.mx.example.com. IN TYPE52 \\# 35 030101${H32}`, 'ok'],
    ['RFC 3597, exactly 3 octets (empty data)', '\\# 3 030101', 'ok'],
    ['unassigned values parse (unusable later)', `4 2 3 ${H32}`, 'ok'],
    ['too long', `3 1 1 ${'a'.repeat(300_000)}`, 'tlsa-too-long'],
    ['too long data', `3 1 1 ${'ab'.repeat(65_533)}`, 'tlsa-too-long'],
    ['generic form length too big', '\\# 70000 00', 'tlsa-too-long'],
    ['other RR type', 'mx.example.com. IN A 192.0.2.1 TLSA', 'tlsa-syntax'],
    ['too many tokens before TLSA', `a b c d TLSA 3 1 1 ${H32}`, 'tlsa-syntax'],
    ['unknown token before TLSA', `_25._tcp.mx.example.com. IN IN TLSA 3 1 1 ${H32}`, 'tlsa-syntax'],
    ['two entries', `3 1 1 ${H32}\n3 1 1 ${H32}`, 'tlsa-zone-syntax'],
    ['unbalanced parenthesis', `_25._tcp.x. TLSA ( 3 1 1 ${H32}`, 'tlsa-zone-syntax'],
    ['nested parentheses', `_25._tcp.x. TLSA ( ( 3 1 1 ${H32} ) )`, 'tlsa-zone-syntax'],
    ['bad owner', `_25._tcp.exa$mple.com. TLSA 3 1 1 ${H32}`, 'tlsa-owner-invalid'],
    ['empty', '', 'tlsa-missing-field'],
    ['two fields', '3 1', 'tlsa-missing-field'],
    ['RR line without RDATA', '_25._tcp.x. IN TLSA', 'tlsa-missing-field'],
    ['generic form without length', '\\#', 'tlsa-missing-field'],
    ['sign', `+3 1 1 ${H32}`, 'tlsa-field-syntax'],
    ['negative', `-1 1 1 ${H32}`, 'tlsa-field-syntax'],
    ['hex number', `0x3 1 1 ${H32}`, 'tlsa-field-syntax'],
    ['generic length not decimal', '\\# x3 030101', 'tlsa-field-syntax'],
    ['256', `256 1 1 ${H32}`, 'tlsa-field-range'],
    ['huge', `3 1 99999999999999999999 ${H32}`, 'tlsa-field-range'],
    ['no data', '3 1 1', 'tlsa-data-missing'],
    ['no data after fields', '3 1 1 ', 'tlsa-data-missing'],
    ['0x prefix', `3 1 1 0x${H32}`, 'tlsa-hex-invalid'],
    ['non-hex', `3 1 1 ${H32.slice(0, -1)}G`, 'tlsa-hex-invalid'],
    ['odd digits (ldns pads; we do not)', `3 1 1 ${H32}A`, 'tlsa-hex-odd'],
    ['generic length mismatch', '\\# 4 030101', 'tlsa-generic-length'],
    ['generic form, 2 octets', '\\# 2 0301', 'tlsa-rdata-short'],
    ['generic form, 0 octets', '\\# 0', 'tlsa-rdata-short'],
  ])('%s', (_source, input, code) => {
    expect(codeOf(parseTlsaRecord(input))).toBe(code);
  });

  it('reports no-data separately from a missing field', () => {
    expect(codeOf(parseTlsaRecord('3 1 1 ;'))).toBe('tlsa-data-missing');
    expect(codeOf(parseTlsaRecord('_25._tcp.x. TLSA 3 1 1'))).toBe('tlsa-data-missing');
  });

  it('decodes the fields and the data', () => {
    const r = value(parseTlsaRecord(`_25._tcp.mx.example.com. 3600 IN TLSA 03 1 2 ${H32}${H32}`));
    expect([r.usage, r.selector, r.matchingType, bytesToHex(r.data)]).toEqual([
      3,
      1,
      2,
      (H32 + H32).toLowerCase(),
    ]);
    const g = value(parseTlsaRecord('\\# 3 020100'));
    expect([g.usage, g.selector, g.matchingType, g.data.length]).toEqual([2, 1, 0, 0]);
  });

  it('positions errors by line and column', () => {
    const r = parseTlsaRecord(`_25._tcp.x. TLSA (\n 3 1 1\n ${H32}Z )`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].at).toMatchObject({ line: 3, column: 66 });
  });

  it('accepts RFC 7218 mnemonics only in lenient mode, with a warning', () => {
    const text = `DANE-EE SPKI SHA2-256 ${H32}`;
    const lenient = parseTlsaRecord(text);
    expect(value(lenient)).toMatchObject({ usage: 3, selector: 1, matchingType: 1 });
    expect(lenient.warnings.map((w) => w.code)).toEqual(['tlsa-mnemonic', 'tlsa-mnemonic', 'tlsa-mnemonic']);
    expect(codeOf(parseTlsaRecord(text, { strict: true }))).toBe('tlsa-mnemonic');
    // "case does not matter" (RFC 7218 §2), mixing numbers and acronyms is fine
    expect(value(parseTlsaRecord(`dane-ta 0 sha2-512 ${H32}${H32}`))).toMatchObject({
      usage: 2,
      selector: 0,
      matchingType: 2,
    });
    expect(value(parseTlsaRecord(`PrivCert CERT PrivMatch ${H32}`))).toMatchObject({
      usage: 255,
      selector: 0,
      matchingType: 255,
    });
  });

  it('strips parentheses pasted into bare RDATA in lenient mode only', () => {
    const text = `3 1 1 ( ${H32.slice(0, 10)}\n${H32.slice(10)} )`;
    const lenient = parseTlsaRecord(text);
    expect(lenient.ok).toBe(true);
    expect(lenient.warnings.map((w) => w.code)).toEqual(['tlsa-zone-syntax']);
    expect(codeOf(parseTlsaRecord(text, { strict: true }))).toBe('tlsa-zone-syntax');
    // on a whole RR line the master-file layer is legitimate in both modes
    expect(parseTlsaRecord(`_25._tcp.x. IN TLSA ( 3 1 1\n ${H32} )`, { strict: true }).ok).toBe(true);
  });

  it('never throws on non-string input', () => {
    expect(codeOf(parseTlsaRecord(42 as unknown as string))).toBe('tlsa-syntax');
  });
});

const rfc = corpus('dane/rfc-examples.json');
describe.runIf(rfc !== undefined)('RFC examples', () => {
  // describe.runIf(false) still runs this body to collect tests: read only when the corpus exists
  const json = (rfc === undefined ? {} : JSON.parse(readFileSync(rfc, 'utf8'))) as Record<string, unknown>;
  const texts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') return;
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string' && /^\s*(\d|[A-Za-z]+-)/.test(o.text)) texts.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(json);
  it('finds the RFC records', () => {
    expect(texts.length).toBeGreaterThanOrEqual(3);
  });
  it.each(texts.map((t) => [t]))('parses %s (lenient)', (t) => {
    const r = parseTlsaRecord(t);
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(parseTlsaRecord(formatTlsaRecord(r.value), { strict: true })).toEqual({
        ok: true,
        value: r.value,
        warnings: [],
      });
  });
});

describe('wire RDATA', () => {
  it('parses 3 octets as empty data, rejects fewer', () => {
    expect(parseTlsaRdata(Uint8Array.of(3, 1, 1))).toMatchObject({
      ok: true,
      value: { usage: 3, data: new Uint8Array() },
    });
    expect(parseTlsaRdata(Uint8Array.of(3, 1)).ok).toBe(false);
    expect(parseTlsaRdata(new Uint8Array(70_000)).ok).toBe(false);
    expect(parseTlsaRdata('x' as unknown as Uint8Array).ok).toBe(false);
  });
  it('encodes', () => {
    expect([
      ...encodeTlsaRdata({ usage: 3, selector: 1, matchingType: 1, data: Uint8Array.of(0xab) }),
    ]).toEqual([3, 1, 1, 0xab]);
    expect(() =>
      encodeTlsaRdata({ usage: 256, selector: 1, matchingType: 1, data: new Uint8Array() }),
    ).toThrow(TypeError);
  });
});

describe('formatTlsaRecord', () => {
  const r = { usage: 3, selector: 1, matchingType: 1, data: Uint8Array.of(0xab, 0x01) };
  it('writes the canonical form', () => {
    expect(formatTlsaRecord(r)).toBe('3 1 1 AB01');
    expect(formatTlsaRecord(r, { mnemonic: true })).toBe('DANE-EE SPKI SHA2-256 AB01');
    expect(formatTlsaRecord({ ...r, usage: 255, selector: 7 }, { mnemonic: true })).toBe(
      'PrivCert 7 SHA2-256 AB01',
    );
    expect(formatTlsaRecord({ ...r, data: new Uint8Array() })).toBe('\\# 3 030101');
  });
});

describe('tlsaOwnerName', () => {
  it('builds _port._proto.host in lower-case A-labels', () => {
    expect(tlsaOwnerName('Mail.Example.com.')).toBe('_25._tcp.mail.example.com');
    expect(tlsaOwnerName('example.com', 443)).toBe('_443._tcp.example.com');
    expect(tlsaOwnerName('bücher.example', 25, 'udp')).toBe('_25._udp.xn--bcher-kva.example');
    expect(() => tlsaOwnerName('x', 70000)).toThrow(TypeError);
    expect(() => tlsaOwnerName('', 25)).toThrow(TypeError);
    expect(() => tlsaOwnerName('x', 25, 'quic' as 'tcp')).toThrow(TypeError);
  });
});

// --- properties ----------------------------------------------------------------------------

const recordArb = fc.record({
  usage: fc.integer({ min: 0, max: 255 }),
  selector: fc.integer({ min: 0, max: 255 }),
  matchingType: fc.integer({ min: 0, max: 255 }),
  data: fc.uint8Array({ minLength: 1, maxLength: 80 }),
});

test.prop([fc.string({ unit: 'binary', maxLength: 300 }), fc.boolean()])(
  'total: never throws, codes from the catalogue',
  (s, strict) => {
    const r = parseTlsaRecord(s, { strict });
    for (const i of r.ok ? r.warnings : [...r.errors, ...r.warnings])
      expect(daneIssues).toHaveProperty(i.code);
  },
);

test.prop([fc.uint8Array({ maxLength: 200 })])('total on bytes', (b) => {
  const r = parseTlsaRdata(b);
  expect(r.ok).toBe(b.length >= 3);
});

test.prop([recordArb, fc.boolean()])(
  'round-trip: parse ∘ format = id (strict), in both spellings',
  (r, mnemonic) => {
    const text = formatTlsaRecord(r, { mnemonic });
    const parsed = parseTlsaRecord(text, { strict: !mnemonic });
    expect(parsed.ok && parsed.value).toEqual(r);
    expect(parseTlsaRdata(encodeTlsaRdata(r))).toEqual({ ok: true, value: r, warnings: [] });
  },
);

test.prop([recordArb, fc.array(fc.constantFrom(' ', '\t'), { minLength: 1, maxLength: 3 }), fc.nat()])(
  'metamorphic: whitespace anywhere inside the hex changes nothing',
  (r, ws, at) => {
    const text = formatTlsaRecord(r);
    const hexStart = text.lastIndexOf(' ') + 1;
    const cut = hexStart + (at % (text.length - hexStart));
    const spaced = `${text.slice(0, cut)}${ws.join('')}${text.slice(cut)}`;
    expect(parseTlsaRecord(spaced, { strict: true })).toEqual(parseTlsaRecord(text, { strict: true }));
  },
);

test.prop([recordArb])('metamorphic: an owner/TTL/class prefix and the generic form change nothing', (r) => {
  const text = formatTlsaRecord(r);
  const expected = parseTlsaRecord(text, { strict: true });
  expect(parseTlsaRecord(`_25._tcp.mx.example.com. 300 IN TLSA ${text}`, { strict: true })).toEqual(expected);
  const generic = `\\# ${r.data.length + 3} ${bytesToHex(encodeTlsaRdata(r))}`;
  expect(parseTlsaRecord(generic, { strict: true })).toEqual(expected);
});

it('handles a 1 MB adversarial input quickly and totally', () => {
  expect(codeOf(parseTlsaRecord('('.repeat(1 << 20)))).toBe('tlsa-too-long');
  expect(codeOf(parseTlsaRecord(`3 1 1 ${'a '.repeat(100_001)}`))).toBe('tlsa-hex-odd');
  expect(join).toBeTypeOf('function');
});
