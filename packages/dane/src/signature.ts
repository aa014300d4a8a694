/**
 * Certificate signature verification for the path validator (RFC 5280 §6.1.3 (a)(1)): the
 * pluggable {@link SignatureVerifier} interface of `verifyDane`, and its default, WebCrypto,
 * which every runtime has. `@mailtls/dane/node` adds a synchronous node:crypto verifier.
 * @module
 */
import { ecdsaRaw, isSignatureCheck, type RsaJwk, signaturePlan } from './_signature.ts';

/** One certificate signature to check (RFC 5280 §4.1.1.2–§4.1.1.3). */
export interface SignatureCheck {
  /** The certificate's `signatureAlgorithm` OID, dotted (`1.2.840.113549.1.1.11`). */
  readonly algorithm: string;
  /** The whole `signatureAlgorithm` AlgorithmIdentifier, DER, parameters included (RSASSA-PSS). */
  readonly algorithmIdentifier: Uint8Array;
  /** The signer's DER SubjectPublicKeyInfo, exactly as encoded in its certificate or TLSA record. */
  readonly publicKey: Uint8Array;
  /** `signatureValue`: the BIT STRING's contents after the unused-bits octet (DER for ECDSA). */
  readonly signature: Uint8Array;
  /** The signed bytes: the DER `tbsCertificate`. */
  readonly data: Uint8Array;
}

/**
 * `ok`, `bad` (reported as `bad-signature`) or `unsupported` (reported as
 * `unsupported-algorithm`: the algorithm, or the key, cannot be used).
 */
export type SignatureVerdict = 'ok' | 'bad' | 'unsupported';

/**
 * Checks one certificate signature, synchronously or not. `verifyDane` may run several at once,
 * and treats a verifier that throws or rejects as `unsupported`. A verifier must give the
 * verdicts {@link webCryptoSignatureVerifier} gives; delegating to it for anything it does not
 * handle itself is the simplest way.
 */
export type SignatureVerifier = (check: SignatureCheck) => SignatureVerdict | Promise<SignatureVerdict>;

interface Subtle {
  importKey(
    format: 'spki' | 'jwk' | 'raw',
    data: Uint8Array | RsaJwk,
    algorithm: object,
    extractable: boolean,
    usages: string[],
  ): Promise<unknown>;
  verify(algorithm: object, key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

/** The one WebCrypto accessor (Node ≥ 20, Deno, Bun, browsers and workers all have it). */
function subtle(): Subtle | undefined {
  return (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle;
}

/**
 * The default signature verifier: `crypto.subtle` in every runtime (RSASSA-PKCS1-v1_5, ECDSA on
 * P-256/P-384/P-521, Ed25519), and pkijs, loaded only when needed, for what WebCrypto cannot take
 * directly (RSASSA-PSS with its parameters). Canonical RSA keys are imported as JWK and canonical
 * EC keys as raw points, the fastest imports in Node; anything else as DER.
 * @example await webCryptoSignatureVerifier({ algorithm: '1.2.840.113549.1.1.11', algorithmIdentifier, publicKey: issuerSpki, signature, data: tbs }) // 'ok'
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3
 */
export async function webCryptoSignatureVerifier(check: SignatureCheck): Promise<SignatureVerdict> {
  // total for JavaScript callers: never rejects, whatever it is given
  if (!isSignatureCheck(check)) return 'unsupported';
  const { publicKey: spki, signature, data } = check;
  const plan = signaturePlan(check.algorithm, spki);
  if (plan.kind === 'bad-key') return 'bad';
  if (plan.kind === 'unsupported') return 'unsupported';
  const sc = subtle();
  try {
    if (sc !== undefined && plan.kind === 'rsa') {
      const scheme = { name: 'RSASSA-PKCS1-v1_5', hash: plan.hash };
      const key = await (plan.jwk === undefined
        ? sc.importKey('spki', spki, scheme, false, ['verify'])
        : sc.importKey('jwk', plan.jwk, scheme, false, ['verify']));
      return (await sc.verify(scheme, key, signature, data)) ? 'ok' : 'bad';
    }
    if (sc !== undefined && plan.kind === 'ecdsa') {
      const params = { name: 'ECDSA', namedCurve: plan.curve };
      let key: unknown;
      if (plan.point !== undefined) {
        try {
          key = await sc.importKey('raw', plan.point, params, false, ['verify']);
        } catch {
          // whatever a runtime refuses as a raw point it gets as DER, exactly as before the fast path
        }
      }
      key ??= await sc.importKey('spki', spki, params, false, ['verify']);
      const raw = ecdsaRaw(signature, plan.size);
      if (raw === undefined) return 'bad';
      return (await sc.verify({ name: 'ECDSA', hash: plan.hash }, key, raw, data)) ? 'ok' : 'bad';
    }
    if (sc !== undefined && plan.kind === 'ed25519') {
      const key = await sc.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']);
      return (await sc.verify({ name: 'Ed25519' }, key, signature, data)) ? 'ok' : 'bad';
    }
    return await verifyWithPkijs(check);
  } catch {
    return 'unsupported';
  }
}

/**
 * Everything WebCrypto cannot take as is (RSASSA-PSS parameters above all) goes through pkijs,
 * which maps X.509 algorithm identifiers onto WebCrypto. Loaded only when needed.
 */
async function verifyWithPkijs(check: SignatureCheck): Promise<SignatureVerdict> {
  const [pkijs, asn1js] = await Promise.all([import('pkijs'), import('asn1js')]);
  const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;
  const keyAsn = asn1js.fromBER(buf(check.publicKey));
  const algAsn = asn1js.fromBER(buf(check.algorithmIdentifier));
  if (keyAsn.offset === -1 || algAsn.offset === -1) return 'bad';
  const publicKeyInfo = new pkijs.PublicKeyInfo({ schema: keyAsn.result });
  const signatureAlgorithm = new pkijs.AlgorithmIdentifier({ schema: algAsn.result });
  const engine = pkijs.getCrypto(true);
  // pkijs throws for algorithms it does not know; the caller maps that to "unsupported"
  const ok = await engine.verifyWithPublicKey(
    buf(check.data),
    new asn1js.BitString({ valueHex: buf(check.signature) }),
    publicKeyInfo,
    signatureAlgorithm,
  );
  return ok ? 'ok' : 'bad';
}
