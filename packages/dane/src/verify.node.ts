/**
 * `@mailtls/dane/node`: a node:crypto signature verifier for `verifyDane`, with the verdicts of
 * the default WebCrypto verifier. The difference is where the work runs: WebCrypto hands every
 * `verify` to libuv's thread pool and resolves a promise when it comes back, a round trip that
 * costs more than an RSA-2048 verification itself on a busy machine; node:crypto's one-shot
 * `verify` runs the same OpenSSL call on the calling thread.
 * @module
 */
import { createPublicKey, KeyObject, verify, webcrypto } from 'node:crypto';
import { ecdsaRaw, isSignatureCheck, signaturePlan } from './_signature.ts';
import {
  type SignatureCheck,
  type SignatureVerdict,
  type SignatureVerifier,
  webCryptoSignatureVerifier,
} from './signature.ts';

export type { SignatureCheck, SignatureVerdict, SignatureVerifier } from './signature.ts';

/** node:crypto's digest names for WebCrypto's. */
const NODE_HASH = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

/**
 * Verifies certificate signatures through node:crypto on the calling thread, with exactly the
 * verdicts of {@link webCryptoSignatureVerifier}, to which it hands everything else:
 *
 * - RSASSA-PKCS1-v1_5 with SHA-256/384/512 and a canonical RSA key (RFC 8017 §8.2.2):
 *   synchronous. The key is built from the same JWK `{ n, e }` WebCrypto imports (both end in
 *   Node's `KeyObjectHandle.initJwk`; node:crypto's DER decoder would cost ≈ 5× a verification).
 * - ECDSA on P-256/P-384/P-521 with a canonical key (RFC 5758 §3.2): the key is imported as the
 *   same raw point as WebCrypto's (Node does that on the calling thread), then verified
 *   synchronously in the same r‖s form. No DER or JWK import is cheaper for EC keys in Node.
 * - Everything else (Ed25519, RSASSA-PSS, non-canonical keys), and anything that throws on the
 *   fast path: the WebCrypto verifier itself, so the verdict is its verdict by construction.
 *
 * Both paths end in the same OpenSSL verification through Node's `SignJob`, which answers
 * false, never throws, for a signature that does not verify.
 * @example await verifyDane({ chain, records, referenceIds, signatureVerifier: nodeSignatureVerifier })
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3
 */
export const nodeSignatureVerifier: SignatureVerifier = (
  check: SignatureCheck,
): SignatureVerdict | Promise<SignatureVerdict> => {
  if (!isSignatureCheck(check)) return 'unsupported'; // total, as the WebCrypto verifier
  const plan = signaturePlan(check.algorithm, check.publicKey);
  if (plan.kind === 'rsa' && plan.jwk !== undefined) {
    try {
      const key = createPublicKey({ key: plan.jwk, format: 'jwk' });
      return verify(NODE_HASH[plan.hash], check.data, key, check.signature) ? 'ok' : 'bad';
    } catch {
      return webCryptoSignatureVerifier(check);
    }
  }
  if (plan.kind === 'ecdsa' && plan.point !== undefined) {
    const { curve, hash, point, size } = plan;
    return webcrypto.subtle
      .importKey('raw', point, { name: 'ECDSA', namedCurve: curve }, false, ['verify'])
      .then((cryptoKey): SignatureVerdict | Promise<SignatureVerdict> => {
        // WebCrypto's order: a key that imports, then a signature that must be an ECDSA-Sig-Value
        const raw = ecdsaRaw(check.signature, size);
        if (raw === undefined) return 'bad';
        const key = { key: KeyObject.from(cryptoKey), dsaEncoding: 'ieee-p1363' as const };
        return verify(NODE_HASH[hash], check.data, key, raw) ? 'ok' : 'bad';
      })
      .catch(() => webCryptoSignatureVerifier(check));
  }
  return webCryptoSignatureVerifier(check);
};
