// Punycode (RFC 3492) for IDNA A-labels. Internal: callers use hostname.ts.
// Pure code-point arithmetic on numbers; no Node APIs, no lookup tables.

// The RFC 3492 §5 parameters are written as literals, each with its name: top-level consts become
// `var`s in our dist, which a consumer's minifier cannot inline (about 40 B per bundle).

// RFC 3492 §6.1. Every quotient here is ≥ 0 and below 2^31 (deltas are bounded by the decoder's
// max_int check and the encoder's 63 code points), so `| 0` is Math.floor, in fewer bytes.
function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? (delta / 700) /* damp */ | 0 : delta >> 1;
  d += (d / numPoints) | 0;
  let k = 0;
  while (d > ((36 /* base */ - 1) /* t_min */ * 26) /* t_max */ >> 1) {
    d = (d / (36 /* base */ - 1)) /* t_min */ | 0;
    k += 36 /* base */;
  }
  return k + ((((36 /* base */ - 1 /* t_min */ + 1) * d) / (d + 38)) /* skew */ | 0);
}

// 0..25 → a..z, 26..35 → 0..9 (RFC 3492 §5)
const digitChar = (d: number): string => String.fromCharCode(d < 26 ? d + 0x61 : d + 22);

function charDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 22; // 0-9 → 26..35
  if (c >= 0x41 && c <= 0x5a) return c - 0x41; // A-Z
  if (c >= 0x61 && c <= 0x7a) return c - 0x61; // a-z
  return 36 /* base */; // invalid
}

/**
 * Encodes a label's code points (RFC 3492 §6.3) as an A-label: "xn--" and the punycode (RFC 5891
 * §4.4; the prefix here saves a step in every caller). Returns undefined for more than 63 code points:
 * such a label cannot fit a DNS label, and the bound keeps every intermediate value far below the
 * 2^31 overflow limit §6.4 guards against (at most 64 × 0x10FFFF per step).
 */
export function punycodeEncode(input: string): string | undefined {
  const cps = Array.from(input, (ch) => ch.codePointAt(0) as number);
  if (cps.length > 63) return undefined;
  // RFC 3492 §6.3: the basic (ASCII) code points first, in order
  let out = input.replace(/[^\0-\x7f]/gu, '');
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out += '-';
  let n = 0x80 /* initial_n */;
  let delta = 0;
  let bias = 72 /* initial_bias */;
  while (handled < cps.length) {
    // the least code point not yet handled; one remains, as handled < cps.length
    const m = Math.min(...cps.filter((c) => c >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c !== n) continue;
      let q = delta;
      for (let k = 36 /* base */; ; k += 36 /* base */) {
        const t = k <= bias ? 1 /* t_min */ : k >= bias + 26 /* t_max */ ? 26 /* t_max */ : k - bias;
        if (q < t) break;
        out += digitChar(t + ((q - t) % (36 /* base */ - t)));
        q = ((q - t) / (36 /* base */ - t)) | 0; // Math.floor: see adapt()
      }
      out += digitChar(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return `xn--${out}`;
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
  let n = 0x80 /* initial_n */;
  let i = 0;
  let bias = 72 /* initial_bias */;
  for (let pos = b > 0 ? b + 1 : 0; pos < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = 36 /* base */; ; k += 36 /* base */) {
      if (pos >= input.length) return undefined;
      const digit = charDigit(input.charCodeAt(pos++));
      if (digit >= 36 /* base */ || digit > Math.floor((0x7fffffff /* max_int */ - i) / w)) return undefined;
      i += digit * w;
      const t = k <= bias ? 1 /* t_min */ : k >= bias + 26 /* t_max */ ? 26 /* t_max */ : k - bias;
      if (digit < t) break;
      // RFC 3492 §6.2 guards w against 32-bit overflow; with doubles the digit check above and
      // the code-point range check below reject every input that guard would.
      w *= 36 /* base */ - t;
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
