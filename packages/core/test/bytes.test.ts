import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesIssues,
  bytesToBase64,
  bytesToHex,
  decodeUtf8,
  derToPem,
  hexToBytes,
  pemToDer,
} from '../src/bytes.ts';

const bytes = fc.uint8Array({ maxLength: 300 });
const code = (r: { ok: boolean; errors?: readonly { code: string }[] }) => (r.ok ? 'ok' : r.errors![0]!.code);

describe('hex', () => {
  it('decodes either case, optionally skipping whitespace', () => {
    expect(hexToBytes('0aFF')).toEqual({ ok: true, value: new Uint8Array([10, 255]), warnings: [] });
    expect(hexToBytes('0a ff\n\t01', { whitespace: true })).toMatchObject({
      ok: true,
      value: new Uint8Array([10, 255, 1]),
    });
    expect(hexToBytes('')).toMatchObject({ ok: true, value: new Uint8Array() });
  });
  it('names the bad digit and its offset', () => {
    const r = hexToBytes('0ag1');
    expect(r).toMatchObject({ ok: false, errors: [{ code: 'hex-invalid', at: { offset: 2 } }] });
    expect(code(hexToBytes('0a f'))).toBe('hex-invalid');
    expect(hexToBytes('abc')).toMatchObject({
      ok: false,
      errors: [{ code: 'hex-odd-length', at: { offset: 2 } }],
    });
  });
  test.prop([bytes])('round-trip, and agrees with Buffer', (b) => {
    const hex = bytesToHex(b);
    expect(hex).toBe(Buffer.from(b).toString('hex'));
    expect(hexToBytes(hex)).toMatchObject({ ok: true, value: b });
    expect(hexToBytes(hex.toUpperCase())).toMatchObject({ ok: true, value: b });
  });
});

describe('base64', () => {
  it('RFC 4648 §10 test vectors', () => {
    const vectors = ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy'];
    const plain = ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'];
    vectors.forEach((v, i) => {
      expect(bytesToBase64(new TextEncoder().encode(plain[i]))).toBe(v);
      expect(base64ToBytes(v)).toMatchObject({ ok: true, value: new TextEncoder().encode(plain[i]) });
    });
  });
  it.each(['Zg=', 'Zg', 'Z===', 'Zh==', 'Zm9=', 'Zm9v=', 'Zg==Zg==', 'Zm9v!', 'Zm9vé', '=Zg=', 'Zm 9v'])(
    'rejects %s',
    (s) => {
      expect(code(base64ToBytes(s))).toBe('base64-invalid');
    },
  );
  it('skips whitespace only when asked', () => {
    expect(base64ToBytes('Zm9v\r\nYmFy', { whitespace: true })).toMatchObject({ ok: true });
  });
  test.prop([bytes])('round-trip, and agrees with Buffer', (b) => {
    const s = bytesToBase64(b);
    expect(s).toBe(Buffer.from(b).toString('base64'));
    expect(base64ToBytes(s)).toMatchObject({ ok: true, value: b });
  });
  test.prop([fc.string({ maxLength: 40 })])(
    'accepts exactly the canonical encodings Buffer would produce',
    (s) => {
      const r = base64ToBytes(s);
      if (r.ok) expect(Buffer.from(r.value).toString('base64')).toBe(s);
      else expect(Object.keys(bytesIssues)).toContain(r.errors[0].code);
    },
  );
});

describe('PEM', () => {
  it('round-trips and reads every block in order, skipping text between blocks', () => {
    const a = new Uint8Array(100).map((_, i) => i);
    const b = new Uint8Array([1, 2, 3]);
    const text = `leaf\n${derToPem(a)}issuer\n${derToPem(b, 'PUBLIC KEY')}trailer`;
    expect(derToPem(a).split('\n')[1]).toHaveLength(64);
    expect(pemToDer(text)).toMatchObject({
      ok: true,
      value: [
        { label: 'CERTIFICATE', der: a },
        { label: 'PUBLIC KEY', der: b },
      ],
    });
    expect(pemToDer(text, 'PUBLIC KEY')).toMatchObject({
      ok: true,
      value: [{ label: 'PUBLIC KEY', der: b }],
    });
    expect(pemToDer(text.replaceAll('\n', '\r\n'))).toMatchObject({ ok: true });
  });
  it('reports what is wrong', () => {
    expect(code(pemToDer('nothing here'))).toBe('pem-missing');
    expect(code(pemToDer(derToPem(new Uint8Array([1])), 'PRIVATE KEY'))).toBe('pem-missing');
    expect(code(pemToDer('-----BEGIN CERTIFICATE-----\nAQID\n'))).toBe('pem-unterminated');
    expect(code(pemToDer('-----BEGIN CERTIFICATE\nAQID\n-----END CERTIFICATE-----'))).toBe(
      'pem-unterminated',
    );
    expect(code(pemToDer('-----BEGIN CERTIFICATE-----\nAQ!D\n-----END CERTIFICATE-----\n'))).toBe(
      'pem-invalid',
    );
  });
  test.prop([bytes])('derToPem ∘ pemToDer round-trip', (b) => {
    expect(pemToDer(derToPem(b))).toMatchObject({ ok: true, value: [{ der: b }] });
  });
});

describe('decodeUtf8', () => {
  it('decodes, keeps a BOM, and names the first bad byte', () => {
    expect(decodeUtf8(new Uint8Array([0x68, 0x69]))).toMatchObject({ ok: true, value: 'hi' });
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toMatchObject({
      ok: true,
      value: '\ufeffa',
    });
    const cases: [number[], number][] = [
      [[0x61, 0xff], 1],
      [[0x61, 0xc0, 0x80], 1], // overlong
      [[0xe0, 0x80, 0x80], 0], // overlong 3-byte
      [[0xed, 0xa0, 0x80], 0], // surrogate
      [[0xf0, 0x80, 0x80, 0x80], 0],
      [[0xf4, 0x90, 0x80, 0x80], 0], // > U+10FFFF
      [[0x61, 0x62, 0xe2, 0x82], 2], // truncated
      [[0xc3, 0x41], 0],
      [[0xf5], 0],
    ];
    for (const [b, at] of cases) {
      expect(decodeUtf8(new Uint8Array(b))).toMatchObject({
        ok: false,
        errors: [{ code: 'utf8-invalid', at: { offset: at } }],
      });
    }
  });
  test.prop([fc.string({ unit: 'binary', maxLength: 100 })])('round-trips any well-formed string', (s) => {
    expect(decodeUtf8(new TextEncoder().encode(s))).toMatchObject({ ok: true, value: s });
  });
  test.prop([fc.uint8Array({ maxLength: 64 })])('agrees with a fatal TextDecoder', (b) => {
    let expected: string | undefined;
    try {
      expected = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
    } catch {
      expected = undefined;
    }
    const r = decodeUtf8(b);
    expect(r.ok ? r.value : undefined).toBe(expected);
  });
});

describe('base64 positions (audit finding 9)', () => {
  const e = (s: string, options = {}) => {
    const r = base64ToBytes(s, options);
    return r.ok ? undefined : r.errors[0];
  };
  it('spare bits set: the last data character holding them is named', () => {
    // was 'Invalid base64: ""' at offset 4
    expect(e('AR==')).toMatchObject({
      code: 'base64-invalid',
      message: 'Invalid base64: "R"',
      at: { offset: 1 },
    });
    expect(e('Zh==')).toMatchObject({ at: { offset: 1 }, message: 'Invalid base64: "h"' });
    expect(e('Zm9=')).toMatchObject({ at: { offset: 2 }, message: 'Invalid base64: "9"' });
    expect(e('Zm9v\nZh==', { whitespace: true })).toMatchObject({ at: { offset: 6 } });
  });
  it('an incomplete quantum is named at the end of input', () => {
    expect(e('Zg=')).toMatchObject({ at: { offset: 3 }, message: 'Invalid base64: "end of input"' });
    expect(e('Zm9vY')).toMatchObject({ at: { offset: 5 } });
  });
  test.prop([fc.uint8Array({ minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 15 })])(
    'setting spare bits is caught at the last data character',
    (b, bits) => {
      const s = bytesToBase64(b);
      const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
      if (pad === 0) return;
      const spare = pad === 2 ? 4 : 2; // 4 spare bits before "==", 2 before "="
      const last = s.length - pad - 1;
      const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      const v = B64.indexOf(s[last] as string) | (bits & ((1 << spare) - 1));
      if ((v & ((1 << spare) - 1)) === 0) return;
      const spoiled = `${s.slice(0, last)}${B64[v]}${s.slice(last + 1)}`;
      expect(e(spoiled)).toMatchObject({ code: 'base64-invalid', at: { offset: last } });
    },
  );
});

describe('bytes helpers for JavaScript callers', () => {
  it('encoders give "" for anything but a Uint8Array; derToPem defaults the label', () => {
    expect(bytesToHex('ab' as unknown as Uint8Array)).toBe('');
    expect(bytesToBase64(undefined as unknown as Uint8Array)).toBe('');
    expect(derToPem(new Uint8Array([1]), 42 as unknown as string)).toBe(derToPem(new Uint8Array([1])));
    expect(code(pemToDer(derToPem(new Uint8Array([1])), 42 as unknown as string))).toBe('pem-missing');
  });
  it('decodeUtf8 reads any ArrayBuffer view as its bytes and refuses the rest', () => {
    expect(decodeUtf8(new Uint16Array([0x6968]) as unknown as Uint8Array)).toMatchObject({
      ok: true,
      value: 'hi',
    });
    expect(decodeUtf8(new Uint16Array([0xff61]) as unknown as Uint8Array)).toMatchObject({
      ok: false,
      errors: [{ code: 'utf8-invalid', at: { offset: 1 } }],
    });
    // TextDecoder alone would read undefined as no bytes at all
    for (const v of [undefined, 'hi', new ArrayBuffer(1), [0x68]])
      expect(code(decodeUtf8(v as unknown as Uint8Array))).toBe('input-type');
  });
});
