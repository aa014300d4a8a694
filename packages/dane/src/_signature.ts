/**
 * What a certificate signature check needs to know, read with the DER walker and shared by every
 * signature verifier (WebCrypto by default, node:crypto in `@mailtls/dane/node`): the scheme and
 * hash a signatureAlgorithm names (RFC 5280 §4.1.1.2, RFC 4055, RFC 5758), and the key in the one
 * form each runtime imports fastest when the SubjectPublicKeyInfo has its canonical shape. A
 * non-canonical key is left as DER, so that it keeps the exact verdict a DER import gives it.
 * Internal: total, `undefined` on anything unexpected.
 * @module
 */
import { oidToString, sigKeyType } from './_x509.ts';
import { bytesEqual, expectTlv, readTlv, TAG } from './der.ts';
import type { SignatureCheck } from './signature.ts';

/** A public RSA JSON Web Key (RFC 7518 §6.3.1); a type literal, so it is a JsonWebKey too. */
export type RsaJwk = {
  readonly kty: 'RSA';
  readonly n: string;
  readonly e: string;
};

/** How a signature is to be checked, before any key is imported. */
export type SignaturePlan =
  /** RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) with an rsaEncryption key; `jwk` when the key is canonical. */
  | { readonly kind: 'rsa'; readonly hash: WebHash; readonly jwk: RsaJwk | undefined }
  /**
   * ECDSA (RFC 5758 §3.2) with an id-ecPublicKey key on a named NIST curve; `point` (the SEC 1
   * uncompressed point, WebCrypto's `raw` format) when the key is canonical.
   */
  | {
      readonly kind: 'ecdsa';
      readonly hash: WebHash;
      readonly curve: 'P-256' | 'P-384' | 'P-521';
      /** Field size in bytes: r and s are each this long in WebCrypto's r‖s form. */
      readonly size: number;
      readonly point: Uint8Array | undefined;
    }
  /** Ed25519 (RFC 8410 §6). */
  | { readonly kind: 'ed25519' }
  /** A known key type whose parameters WebCrypto cannot take directly (RSASSA-PSS): pkijs. */
  | { readonly kind: 'other' }
  /** An algorithm no key type is known for. */
  | { readonly kind: 'unsupported' }
  /** The key is not a SubjectPublicKeyInfo. */
  | { readonly kind: 'bad-key' };

export type WebHash = 'SHA-256' | 'SHA-384' | 'SHA-512';

const RSA_HASH: Readonly<Record<string, WebHash>> = {
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};
const ECDSA_HASH: Readonly<Record<string, WebHash>> = {
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};
const CURVES: Readonly<Record<string, readonly ['P-256' | 'P-384' | 'P-521', number]>> = {
  '1.2.840.10045.3.1.7': ['P-256', 32],
  '1.3.132.0.34': ['P-384', 48],
  '1.3.132.0.35': ['P-521', 66],
};
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const ED25519 = '1.3.101.112';

/**
 * Classifies a signature by its algorithm OID and the signer's DER SubjectPublicKeyInfo. The
 * branches and their order are those of the WebCrypto verifier, which the Node adapter follows
 * for the cases it takes over.
 */
export function signaturePlan(algorithm: string, spki: Uint8Array): SignaturePlan {
  const alg = spkiAlgorithm(spki);
  if (alg === undefined) return { kind: 'bad-key' };
  // own keys only: a caller's algorithm string may be "constructor" or "__proto__"
  const rsaHash = Object.hasOwn(RSA_HASH, algorithm) ? RSA_HASH[algorithm] : undefined;
  if (rsaHash !== undefined && alg.oid === RSA_ENCRYPTION) {
    return { kind: 'rsa', hash: rsaHash, jwk: rsaJwk(spki) };
  }
  const ecHash = Object.hasOwn(ECDSA_HASH, algorithm) ? ECDSA_HASH[algorithm] : undefined;
  const curve = alg.param === undefined ? undefined : CURVES[alg.param];
  if (ecHash !== undefined && alg.oid === EC_PUBLIC_KEY && curve !== undefined) {
    return { kind: 'ecdsa', hash: ecHash, curve: curve[0], size: curve[1], point: ecPoint(spki, curve[1]) };
  }
  if (algorithm === ED25519 && alg.oid === ED25519) return { kind: 'ed25519' };
  return sigKeyType(algorithm) === undefined ? { kind: 'unsupported' } : { kind: 'other' };
}

/**
 * Whether a verifier's argument has the shape of a {@link SignatureCheck}: the public verifiers
 * answer `unsupported` for anything else rather than throw. `algorithmIdentifier` is only read on
 * the pkijs path, which already answers `unsupported` when it is missing.
 */
export function isSignatureCheck(check: unknown): check is SignatureCheck {
  if (typeof check !== 'object' || check === null) return false;
  const c = check as Record<string, unknown>;
  return (
    typeof c.algorithm === 'string' &&
    c.publicKey instanceof Uint8Array &&
    c.signature instanceof Uint8Array &&
    c.data instanceof Uint8Array
  );
}

/** Key algorithm and curve of a DER SubjectPublicKeyInfo. */
function spkiAlgorithm(spki: Uint8Array): { oid: string; param: string | undefined } | undefined {
  const seq = expectTlv(spki, 0, spki.length, TAG.SEQUENCE);
  const alg = seq === undefined ? undefined : expectTlv(spki, seq.body, seq.end, TAG.SEQUENCE);
  const oid = alg === undefined ? undefined : expectTlv(spki, alg.body, alg.end, TAG.OID);
  if (alg === undefined || oid === undefined) return undefined;
  const p = readTlv(spki, oid.end, alg.end);
  return {
    oid: oidToString(spki, oid.body, oid.end),
    param: p?.tag === TAG.OID ? oidToString(spki, p.body, p.end) : undefined,
  };
}

const B64URL = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', (c) =>
  c.charCodeAt(0),
);
let ascii: TextDecoder | undefined;

/**
 * base64url without padding (RFC 4648 §5), as JWK requires (RFC 7515 §2). Written into bytes and
 * decoded once: twice as fast as appending characters for a 2048-bit modulus.
 */
export function base64url(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil((n * 4) / 3));
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = B64URL[v >> 18] as number;
    out[o++] = B64URL[(v >> 12) & 63] as number;
    out[o++] = B64URL[(v >> 6) & 63] as number;
    out[o++] = B64URL[v & 63] as number;
  }
  if (i < n) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out[o++] = B64URL[v >> 18] as number;
    out[o++] = B64URL[(v >> 12) & 63] as number;
    if (i + 1 < n) out[o++] = B64URL[(v >> 6) & 63] as number;
  }
  ascii ??= new TextDecoder();
  return ascii.decode(out.subarray(0, o));
}

/** AlgorithmIdentifier { rsaEncryption, NULL } (RFC 3279 §2.3.1), the only form the fast path takes. */
const RSA_ENCRYPTION_NULL = Uint8Array.of(
  0x30,
  0x0d,
  0x06,
  0x09,
  0x2a,
  0x86,
  0x48,
  0x86,
  0xf7,
  0x0d,
  0x01,
  0x01,
  0x01,
  0x05,
  0x00,
);

/** The magnitude of a minimal, positive DER INTEGER (X.690 §8.3), or `undefined`. */
function positiveInteger(
  der: Uint8Array,
  at: number,
  limit: number,
): { bytes: Uint8Array; end: number } | undefined {
  const t = expectTlv(der, at, limit, TAG.INTEGER);
  if (t === undefined || t.end === t.body) return undefined;
  const first = der[t.body] as number;
  if (first & 0x80) return undefined; // negative
  if (first === 0 && (t.end - t.body === 1 || ((der[t.body + 1] as number) & 0x80) === 0)) return undefined;
  return { bytes: der.subarray(first === 0 ? t.body + 1 : t.body, t.end), end: t.end };
}

/**
 * An rsaEncryption SubjectPublicKeyInfo as a JWK, when it has the one canonical shape (NULL
 * parameters, RSAPublicKey { n, e } as minimal positive INTEGERs, nothing trailing; RFC 3279
 * §2.3.1); otherwise `undefined` and the caller imports the DER as it always did, so that odd
 * encodings keep the exact verdict WebCrypto gives them.
 *
 * Why: importing 'spki' sends the key through OpenSSL 3's generic DER decoder framework, which
 * made `importKey` the bottleneck of DANE-TA verification in Node (≈ 9 k/s for RSA-2048, against
 * ≈ 30 k/s for `verify` itself); a JWK is built from n and e directly (≈ 60 k/s). Same key, same
 * `verify`: nothing is cached across calls.
 */
export function rsaJwk(spki: Uint8Array): RsaJwk | undefined {
  const seq = expectTlv(spki, 0, spki.length, TAG.SEQUENCE);
  if (seq === undefined || seq.end !== spki.length) return undefined;
  const alg = expectTlv(spki, seq.body, seq.end, TAG.SEQUENCE);
  if (alg === undefined || !bytesEqual(spki.subarray(alg.start, alg.end), RSA_ENCRYPTION_NULL))
    return undefined;
  const bits = expectTlv(spki, alg.end, seq.end, TAG.BIT_STRING);
  if (bits === undefined || bits.end !== seq.end || bits.end === bits.body || spki[bits.body] !== 0)
    return undefined;
  const key = expectTlv(spki, bits.body + 1, bits.end, TAG.SEQUENCE);
  if (key === undefined || key.end !== bits.end) return undefined;
  const n = positiveInteger(spki, key.body, key.end);
  const e = n === undefined ? undefined : positiveInteger(spki, n.end, key.end);
  if (n === undefined || e === undefined || e.end !== key.end) return undefined;
  return { kty: 'RSA', n: base64url(n.bytes), e: base64url(e.bytes) };
}

/**
 * The SEC 1 §2.3.3 uncompressed point (`04 ‖ X ‖ Y`, WebCrypto's `raw` EC public key) of an
 * id-ecPublicKey SubjectPublicKeyInfo, when it has the canonical shape: namedCurve parameters
 * and nothing else in the AlgorithmIdentifier (RFC 5480 §2.1.1), a BIT STRING with no unused
 * bits holding exactly one uncompressed point of the curve's size, nothing trailing. Otherwise
 * `undefined`: compressed or hybrid points, explicit curve parameters and stray bytes keep the
 * DER import and its verdict.
 *
 * Why: Node imports a `raw` EC key straight into an EC_KEY (≈ 40 µs for P-256 on the bench
 * machine), a DER `spki` through OpenSSL 3's decoder framework (≈ 125 µs), a JWK through a full
 * key check (≈ 80 µs). Same key, same `verify`.
 */
export function ecPoint(spki: Uint8Array, size: number): Uint8Array | undefined {
  const seq = expectTlv(spki, 0, spki.length, TAG.SEQUENCE);
  if (seq === undefined || seq.end !== spki.length) return undefined;
  const alg = expectTlv(spki, seq.body, seq.end, TAG.SEQUENCE);
  const oid = alg === undefined ? undefined : expectTlv(spki, alg.body, alg.end, TAG.OID);
  const param =
    oid === undefined || alg === undefined ? undefined : expectTlv(spki, oid.end, alg.end, TAG.OID);
  if (alg === undefined || param === undefined || param.end !== alg.end) return undefined;
  const bits = expectTlv(spki, alg.end, seq.end, TAG.BIT_STRING);
  if (bits === undefined || bits.end !== seq.end || bits.end - bits.body !== 2 + 2 * size) return undefined;
  if (spki[bits.body] !== 0 || spki[bits.body + 1] !== 0x04) return undefined;
  return spki.subarray(bits.body + 1, bits.end);
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3) to WebCrypto's r‖s. */
export function ecdsaRaw(sig: Uint8Array, size: number): Uint8Array | undefined {
  const seq = expectTlv(sig, 0, sig.length, TAG.SEQUENCE);
  if (seq === undefined || seq.end !== sig.length) return undefined;
  const r = expectTlv(sig, seq.body, seq.end, TAG.INTEGER);
  const s = r === undefined ? undefined : expectTlv(sig, r.end, seq.end, TAG.INTEGER);
  if (r === undefined || s === undefined || s.end !== seq.end) return undefined;
  const out = new Uint8Array(size * 2);
  for (const [t, at] of [
    [r, 0],
    [s, size],
  ] as const) {
    let b = t.body;
    while (b < t.end - 1 && sig[b] === 0) b++;
    const len = t.end - b;
    if (len > size || len === 0) return undefined;
    out.set(sig.subarray(b, t.end), at + size - len);
  }
  return out;
}
