// Punycode (RFC 3492) for IDNA A-labels. Internal: callers use hostname.ts.
// Pure code-point arithmetic on numbers; no Node APIs, no lookup tables.

// RFC 3492 §5 parameter values. An enum, not consts: esbuild inlines enum members into our dist,
// whereas top-level consts become `var`s there, which a consumer's minifier cannot inline.
enum P {
  BASE = 36,
  T_MIN = 1,
  T_MAX = 26,
  SKEW = 38,
  DAMP = 700,
  INITIAL_BIAS = 72,
  INITIAL_N = 0x80,
  MAX_INT = 0x7fffffff,
}

// RFC 3492 §6.1
function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? Math.floor(delta / P.DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((P.BASE - P.T_MIN) * P.T_MAX) >> 1) {
    d = Math.floor(d / (P.BASE - P.T_MIN));
    k += P.BASE;
  }
  return k + Math.floor(((P.BASE - P.T_MIN + 1) * d) / (d + P.SKEW));
}

// 0..25 → a..z, 26..35 → 0..9 (RFC 3492 §5)
const digitChar = (d: number): string => String.fromCharCode(d < 26 ? d + 0x61 : d + 22);

function charDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 22; // 0-9 → 26..35
  if (c >= 0x41 && c <= 0x5a) return c - 0x41; // A-Z
  if (c >= 0x61 && c <= 0x7a) return c - 0x61; // a-z
  return P.BASE; // invalid
}

/**
 * Encodes a label's code points (RFC 3492 §6.3). Returns undefined for more than 63 code points:
 * such a label cannot fit a DNS label, and the bound keeps every intermediate value far below the
 * 2^31 overflow limit §6.4 guards against (at most 64 × 0x10FFFF per step).
 */
export function punycodeEncode(input: string): string | undefined {
  const cps = Array.from(input, (ch) => ch.codePointAt(0) as number);
  if (cps.length > 63) return undefined;
  let out = '';
  for (const c of cps) if (c < 0x80) out += String.fromCharCode(c);
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out += '-';
  let n = P.INITIAL_N;
  let delta = 0;
  let bias = P.INITIAL_BIAS;
  while (handled < cps.length) {
    let m = P.MAX_INT;
    for (const c of cps) if (c >= n && c < m) m = c;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c !== n) continue;
      let q = delta;
      for (let k = P.BASE; ; k += P.BASE) {
        const t = k <= bias ? P.T_MIN : k >= bias + P.T_MAX ? P.T_MAX : k - bias;
        if (q < t) break;
        out += digitChar(t + ((q - t) % (P.BASE - t)));
        q = Math.floor((q - t) / (P.BASE - t));
      }
      out += digitChar(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return out;
}

/** Decodes a label (RFC 3492 §6.2). Returns undefined for anything malformed. */
export function punycodeDecode(input: string): string | undefined {
  const out: number[] = [];
  let b = input.lastIndexOf('-');
  if (b < 0) b = 0;
  for (let j = 0; j < b; j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return undefined;
    out.push(c);
  }
  let n = P.INITIAL_N;
  let i = 0;
  let bias = P.INITIAL_BIAS;
  for (let pos = b > 0 ? b + 1 : 0; pos < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = P.BASE; ; k += P.BASE) {
      if (pos >= input.length) return undefined;
      const digit = charDigit(input.charCodeAt(pos++));
      if (digit >= P.BASE || digit > Math.floor((P.MAX_INT - i) / w)) return undefined;
      i += digit * w;
      const t = k <= bias ? P.T_MIN : k >= bias + P.T_MAX ? P.T_MAX : k - bias;
      if (digit < t) break;
      // RFC 3492 §6.2 guards w against 32-bit overflow; with doubles the digit check above and
      // the code-point range check below reject every input that guard would.
      w *= P.BASE - t;
    }
    const len = out.length + 1;
    bias = adapt(i - oldi, len, oldi === 0);
    n += Math.floor(i / len);
    i %= len;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return undefined;
    out.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...out);
}
