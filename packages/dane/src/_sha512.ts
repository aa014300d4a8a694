/**
 * SHA-512 (FIPS 180-4 §6.4), synchronous and compact, for TLSA matching type 2 (SHA2-512).
 * @noble/hashes stays the SHA-256 provider (the "3 1 1" hot path); its SHA-512 carries a 64-bit
 * word library and 160 literal round constants that would cost ~2.2 KB gzipped in the "3 x x"
 * bundle. Here 64-bit words are pairs of 32-bit halves (hi, lo) in plain `number`s: `>>> 0` makes a
 * low half unsigned, sums of a few halves stay exact below 2^53, and one carry `lo / 2^32 | 0` per
 * addition brings them back to 64 bits mod 2^64 (an `Int32Array` store or `| 0` wraps).
 * The round constants and initial hash value are derived once, at first use, from their FIPS
 * definition (§4.2.3, §5.3.5: the first 64 bits of the fractional parts of the cube and square
 * roots of the first primes) with exact BigInt integer roots: a few dozen bytes of code instead of
 * 1.3 KB of hex, and BigInt never runs in the compression loop.
 * Internal; verified against the NIST examples and `node:crypto` in test/sha512.test.ts.
 * @module
 */

/** K[0..159] (hi, lo interleaved) then H(0)[160..175], derived on first use. */
let table: Int32Array | undefined;

/** floor(p^(1/k) · 2^64) mod 2^64: the first 64 bits of the fractional part of p's k-th root. */
function fraction(p: number, k: bigint): [number, number] {
  const n = BigInt(p) << (64n * k);
  // Integer Newton iteration from above decreases strictly to floor(n^(1/k)) (AM-GM); the
  // float start is above the root by construction (+1 on 20 bits of a 52-bit estimate)
  let x = (BigInt(Math.ceil(p ** (1 / Number(k)) * 2 ** 20)) + 1n) << 44n;
  for (;;) {
    const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (y >= x) break;
    x = y;
  }
  return [Number((x >> 32n) & 0xffffffffn) | 0, Number(x & 0xffffffffn) | 0];
}

function constants(): Int32Array {
  const t = new Int32Array(176);
  const primes: number[] = [];
  for (let n = 2; primes.length < 80; n++) if (primes.every((p) => n % p)) primes.push(n);
  // FIPS 180-4 §4.2.3: K = cube roots of the first 80 primes; §5.3.5: H(0) = square roots of the first 8
  for (let i = 0; i < 80; i++) {
    t.set(fraction(primes[i] as number, 3n), 2 * i);
    if (i < 8) t.set(fraction(primes[i] as number, 2n), 160 + 2 * i);
  }
  return t;
}

/** Bits [n, n + 32) of the 64-bit word (x, y) rotated right, for 0 < n < 32: one half of ROTR^n. */
const r = (x: number, y: number, n: number): number => (x >>> n) | (y << (32 - n));
/** The carry out of a sum of unsigned low halves (< 2^53). */
const carry = (lo: number): number => (lo / 0x100000000) | 0;

/**
 * The SHA-512 digest of `message` (FIPS 180-4 §6.4). The working variables are 16 locals (a
 * ring-buffer variant saved 36 bytes gzipped but ran a third slower).
 * @example bytesToHex(sha512(new Uint8Array(0))).slice(0, 16) // 'cf83e1357eefb8bd'
 * @see https://csrc.nist.gov/pubs/fips/180-4/upd1/final
 */
export function sha512(message: Uint8Array): Uint8Array {
  const k = (table ??= constants());
  const n = message.length;
  // §5.1.2 padding: 0x80, zeros, the bit length as a 128-bit big-endian integer (setUint32
  // truncates and reduces mod 2^32)
  const len = Math.ceil((n + 17) / 128) * 128;
  const buf = new Uint8Array(len);
  buf.set(message);
  buf[n] = 0x80;
  const view = new DataView(buf.buffer);
  view.setUint32(len - 8, n / 0x20000000);
  view.setUint32(len - 4, n * 8);
  const H = k.slice(160);
  const W = new Int32Array(160);
  for (let at = 0; at < len; at += 128) {
    // §6.4.2 step 1, the message schedule: W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]
    for (let i = 0; i < 32; i++) W[i] = view.getInt32(at + 4 * i);
    for (let i = 32; i < 160; i += 2) {
      const xh = W[i - 4] as number;
      const xl = W[i - 3] as number;
      const yh = W[i - 30] as number;
      const yl = W[i - 29] as number;
      const lo =
        ((r(xl, xh, 19) ^ r(xh, xl, 29) ^ r(xl, xh, 6)) >>> 0) +
        ((W[i - 13] as number) >>> 0) +
        ((r(yl, yh, 1) ^ r(yl, yh, 8) ^ r(yl, yh, 7)) >>> 0) +
        ((W[i - 31] as number) >>> 0);
      W[i] =
        (r(xh, xl, 19) ^ r(xl, xh, 29) ^ (xh >>> 6)) +
        (W[i - 14] as number) +
        (r(yh, yl, 1) ^ r(yh, yl, 8) ^ (yh >>> 7)) +
        (W[i - 32] as number) +
        carry(lo);
      W[i + 1] = lo;
    }
    let ah = H[0] as number;
    let al = H[1] as number;
    let bh = H[2] as number;
    let bl = H[3] as number;
    let ch = H[4] as number;
    let cl = H[5] as number;
    let dh = H[6] as number;
    let dl = H[7] as number;
    let eh = H[8] as number;
    let el = H[9] as number;
    let fh = H[10] as number;
    let fl = H[11] as number;
    let gh = H[12] as number;
    let gl = H[13] as number;
    let hh = H[14] as number;
    let hl = H[15] as number;
    // §6.4.2 step 3: T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]; T2 = Σ0(a) + Maj(a, b, c)
    for (let i = 0; i < 160; i += 2) {
      const t1l =
        (hl >>> 0) +
        ((r(el, eh, 14) ^ r(el, eh, 18) ^ r(eh, el, 9)) >>> 0) +
        (((el & fl) ^ (~el & gl)) >>> 0) +
        ((k[i + 1] as number) >>> 0) +
        ((W[i + 1] as number) >>> 0);
      const t1h =
        hh +
        (r(eh, el, 14) ^ r(eh, el, 18) ^ r(el, eh, 9)) +
        ((eh & fh) ^ (~eh & gh)) +
        (k[i] as number) +
        (W[i] as number);
      const t2l =
        ((r(al, ah, 28) ^ r(ah, al, 2) ^ r(ah, al, 7)) >>> 0) + (((al & bl) ^ (al & cl) ^ (bl & cl)) >>> 0);
      const t2h = (r(ah, al, 28) ^ r(al, ah, 2) ^ r(al, ah, 7)) + ((ah & bh) ^ (ah & ch) ^ (bh & ch));
      hh = gh;
      hl = gl;
      gh = fh;
      gl = fl;
      fh = eh;
      fl = el;
      let lo = (dl >>> 0) + t1l;
      eh = (dh + t1h + carry(lo)) | 0;
      el = lo | 0;
      dh = ch;
      dl = cl;
      ch = bh;
      cl = bl;
      bh = ah;
      bl = al;
      lo = t1l + t2l;
      ah = (t1h + t2h + carry(lo)) | 0;
      al = lo | 0;
    }
    // §6.4.2 step 4: H(i) = (a, …, h) + H(i-1)
    const v = [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl];
    for (let i = 0; i < 16; i += 2) {
      const lo = ((H[i + 1] as number) >>> 0) + ((v[i + 1] as number) >>> 0);
      H[i] = (H[i] as number) + (v[i] as number) + carry(lo);
      H[i + 1] = lo;
    }
  }
  const out = new Uint8Array(64);
  const o = new DataView(out.buffer);
  for (let i = 0; i < 16; i++) o.setInt32(4 * i, H[i] as number);
  return out;
}
