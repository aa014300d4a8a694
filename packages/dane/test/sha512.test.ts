// The in-house SHA-512 (src/_sha512.ts): the FIPS 180-4 / NIST examples, then node:crypto as the
// oracle on arbitrary inputs, with lengths concentrated around the padding boundaries (a message
// of 111 bytes pads into one block, 112 needs a second; likewise 239/240, and multiples of 128).
import { createHash } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { bytesToHex } from '@mailtls/core/bytes';
import { describe, expect, it } from 'vitest';
import { sha512 } from '../src/_sha512.ts';
import { associationData } from '../src/index.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const nodeSha512 = (b: Uint8Array): string => createHash('sha512').update(b).digest('hex');

describe('SHA-512, NIST examples (FIPS 180-4; NIST CSRC "SHA512.pdf", FIPS 180-2 Appendix C)', () => {
  it('"abc" (one block)', () => {
    expect(bytesToHex(sha512(ascii('abc')))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a' +
        '2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });
  it('the 896-bit message (two blocks)', () => {
    const m =
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';
    expect(m.length).toBe(112);
    expect(bytesToHex(sha512(ascii(m)))).toBe(
      '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018' +
        '501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909',
    );
  });
  it('the empty string', () => {
    expect(bytesToHex(sha512(new Uint8Array(0)))).toBe(
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce' +
        '47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    );
  });
  it('one million "a"', () => {
    expect(bytesToHex(sha512(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      'e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb' +
        'de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b',
    );
  });
  it('is what matching type 2 computes', () => {
    expect(bytesToHex(associationData(ascii('abc'), 2))).toBe(bytesToHex(sha512(ascii('abc'))));
  });
});

describe('SHA-512 against node:crypto', () => {
  it('every length from 0 to 400 bytes (all padding cases of three blocks)', () => {
    for (let n = 0; n <= 400; n++) {
      const m = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n * 7) & 0xff);
      expect(bytesToHex(sha512(m)), `length ${n}`).toBe(nodeSha512(m));
    }
  });
  it('all-0xff and all-zero blocks (carries through every 32-bit half)', () => {
    for (const n of [111, 112, 127, 128, 129, 1000]) {
      for (const fill of [0x00, 0xff, 0x80, 0x7f]) {
        const m = new Uint8Array(n).fill(fill);
        expect(bytesToHex(sha512(m))).toBe(nodeSha512(m));
      }
    }
  });
  it('a subarray view hashes its own bytes only', () => {
    const big = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const view = big.subarray(17, 250);
    expect(bytesToHex(sha512(view))).toBe(nodeSha512(Uint8Array.from(view)));
  });
  const nearBoundary = fc
    .oneof(
      fc.integer({ min: 100, max: 140 }),
      fc.integer({ min: 228, max: 268 }),
      fc.integer({ min: 0, max: 3000 }),
    )
    .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
  test.prop([nearBoundary], { numRuns: 300 })('equals createHash("sha512") on arbitrary bytes', (m) => {
    expect(bytesToHex(sha512(m))).toBe(nodeSha512(m));
  });
  test.prop([fc.uint8Array({ maxLength: 2000 })])('arbitrary byte arrays', (m) => {
    expect(bytesToHex(sha512(m))).toBe(nodeSha512(m));
  });
});
