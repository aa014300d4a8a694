import { deflateRawSync, gzipSync } from 'node:zlib';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { anyValue } from '../../../test-utils/anything.ts';
import { decodeTlsrptReport } from '../src/decode.ts';
import { encodeTlsrptReport, formatTlsrptReport } from '../src/format.ts';
import { parseTlsrptReport } from '../src/report.ts';
import { BASE } from './fixtures/deviations.ts';

const json = JSON.stringify(BASE);
const bytes = new TextEncoder().encode(json);

/** A minimal one-entry ZIP (APPNOTE 4.3.7), stored or deflated. */
function zip(data: Uint8Array, deflate: boolean): Uint8Array {
  const body = deflate ? new Uint8Array(deflateRawSync(data)) : data;
  const name = new TextEncoder().encode('report.json');
  const h = new Uint8Array(30 + name.length);
  const v = new DataView(h.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(8, deflate ? 8 : 0, true);
  v.setUint32(18, body.length, true);
  v.setUint32(22, data.length, true);
  v.setUint16(26, name.length, true);
  h.set(name, 30);
  const out = new Uint8Array(h.length + body.length);
  out.set(h);
  out.set(body, h.length);
  return out;
}

const stream = (chunks: Uint8Array[]): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(c) {
      for (const x of chunks) c.enqueue(x);
      c.close();
    },
  });

describe('decodeTlsrptReport', () => {
  it('reads plain JSON and gzip, from bytes or a stream', async () => {
    const expected = parseTlsrptReport(json);
    expect(await decodeTlsrptReport(bytes)).toEqual(expected);
    expect(await decodeTlsrptReport(new Uint8Array(gzipSync(bytes)))).toEqual(expected);
    const gz = new Uint8Array(gzipSync(bytes));
    expect(await decodeTlsrptReport(stream([gz.subarray(0, 10), gz.subarray(10)]))).toEqual(expected);
  });
  it('accepts concatenated gzip members', async () => {
    const a = gzipSync(bytes.subarray(0, 100));
    const b = gzipSync(bytes.subarray(100));
    const r = await decodeTlsrptReport(new Uint8Array(Buffer.concat([a, b])));
    expect(r.ok).toBe(true);
  });
  it('round-trips encodeTlsrptReport', async () => {
    const model = parseTlsrptReport(json);
    if (!model.ok) throw new Error('fixture');
    const gz = await encodeTlsrptReport(model.value);
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    const back = await decodeTlsrptReport(gz);
    expect(back.ok && back.value).toEqual(model.value);
    expect(new TextDecoder().decode(await encodeTlsrptReport(model.value, { gzip: false }))).toBe(
      formatTlsrptReport(model.value),
    );
  });
  it('stops a real gzip bomb at the cap', async () => {
    // 64 MiB of zeros compress to ~64 KiB
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 }));
    expect(bomb.length).toBeLessThan(200_000);
    const r = await decodeTlsrptReport(bomb, { maxDecompressed: 1024 * 1024 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].code).toBe('decompress-limit');
    const def = await decodeTlsrptReport(bomb);
    expect(!def.ok && def.errors[0].code).toBe('decompress-limit');
  });
  it('reports corrupt gzip and oversized input', async () => {
    const gz = new Uint8Array(gzipSync(bytes));
    gz[20] = (gz[20] ?? 0) ^ 0xff;
    const r = await decodeTlsrptReport(gz.subarray(0, gz.length - 4));
    expect(!r.ok && r.errors[0].code).toBe('decompress-failed');
    const big = await decodeTlsrptReport(bytes, { maxInput: 10 });
    expect(!big.ok && big.errors[0].code).toBe('input-too-large');
    const bigStream = await decodeTlsrptReport(stream([bytes, bytes]), { maxInput: bytes.length });
    expect(!bigStream.ok && bigStream.errors[0].code).toBe('input-too-large');
    const plainBig = await decodeTlsrptReport(bytes, { maxDecompressed: 10 });
    expect(!plainBig.ok && plainBig.errors[0].code).toBe('decompress-limit');
  });
  it('reads ZIP in lenient mode only', async () => {
    for (const deflate of [false, true]) {
      const r = await decodeTlsrptReport(zip(bytes, deflate));
      expect(r.ok).toBe(true);
      expect(r.warnings.map((w) => w.code)).toContain('zip-container');
      const s = await decodeTlsrptReport(zip(bytes, deflate), { strict: true });
      expect(!s.ok && s.errors[0].code).toBe('zip-container');
    }
    const broken = zip(bytes, false).subarray(0, 40);
    const b = await decodeTlsrptReport(broken);
    expect(!b.ok && b.errors[0].code).toBe('zip-unsupported');
  });
});

describe('totality (any JavaScript value)', () => {
  test.prop([anyValue, fc.anything({ withNullPrototype: true })], { numRuns: 300 })(
    'resolves to a result with positioned issues, never rejects',
    async (body, options) => {
      const r = await decodeTlsrptReport(body as Uint8Array, options as object);
      expect(typeof r.ok).toBe('boolean');
      for (const i of [...(r.ok ? [] : r.errors), ...r.warnings]) expect(i.at).toBeDefined();
    },
  );
  it('reads an ArrayBuffer as bytes and a string as report text; refuses other values', async () => {
    const expected = parseTlsrptReport(json);
    const gz = new Uint8Array(gzipSync(bytes));
    expect(await decodeTlsrptReport(gz.slice().buffer)).toEqual(expected);
    expect(await decodeTlsrptReport(json)).toEqual(expected);
    for (const body of [null, undefined, 5, {}, [1, 2]]) {
      const r = await decodeTlsrptReport(body as unknown as Uint8Array);
      expect(!r.ok && r.errors[0]).toMatchObject({ code: 'report-not-object', at: { offset: 0 } });
    }
    expect((await decodeTlsrptReport(bytes, null as unknown as object)).ok).toBe(true);
  });
  it('a locked stream or a stream of non-bytes is an error, not a rejection', async () => {
    const s = stream([bytes]);
    s.getReader();
    const locked = await decodeTlsrptReport(s);
    expect(!locked.ok && locked.errors[0].code).toBe('decompress-failed');
    const strings = new ReadableStream({
      start(c) {
        c.enqueue(json);
        c.close();
      },
    }) as unknown as ReadableStream<Uint8Array>;
    const r = await decodeTlsrptReport(strings);
    expect(!r.ok && r.errors[0].code).toBe('decompress-failed');
  });
});
