// RSASSA-PKCS1-v1_5 certificate signatures (RFC 8017 §8.2.2) as verifySignature checks them: the
// key goes to WebCrypto as a JWK built from the SPKI when the SPKI is canonical (the fast path),
// as DER otherwise. Signatures are crafted with the raw RSA private operation (no padding), so
// that malformed encoded messages can be "validly" signed and must still be refused. Every case
// runs through both verifiers: WebCrypto (the default) and @mailtls/dane/node's node:crypto one.
import { constants, createHash, generateKeyPairSync, type KeyObject, privateEncrypt } from 'node:crypto';
import { bytesToHex } from '@mailtls/core/bytes';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifySignature as verifySignatureWith } from '../src/_path.ts';
import { rsaJwk } from '../src/_signature.ts';
import type { X509 } from '../src/_x509.ts';
import { tlv, VERIFIERS } from './helpers.ts';

const SHA256_RSA = '1.2.840.113549.1.1.11';
const SHA384_RSA = '1.2.840.113549.1.1.12';
const SHA512_RSA = '1.2.840.113549.1.1.13';
// RFC 8017 §9.2 note 1: the DER DigestInfo prefixes
const PREFIX: Record<string, string> = {
  sha1: '3021300906052b0e03021a05000414',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};
const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
const K = 256; // RSA-2048 modulus length in bytes

let privateKey: KeyObject;
let spki: Uint8Array;
let modulus: Uint8Array; // n, K bytes big-endian

beforeAll(() => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privateKey = pair.privateKey;
  spki = Uint8Array.from(pair.publicKey.export({ format: 'der', type: 'spki' }));
  modulus = Uint8Array.from(Buffer.from(pair.publicKey.export({ format: 'jwk' }).n as string, 'base64url'));
});

/** s = EM^d mod n for an arbitrary K-byte EM: the raw private operation. */
const rawSign = (em: Uint8Array): Uint8Array =>
  Uint8Array.from(privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, em));

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2): 00 01 FF…FF 00 || DigestInfo, exactly K bytes. */
function emsa(hash: string, data: Uint8Array, prefix = PREFIX[hash] as string): Uint8Array {
  const t = hex(prefix + createHash(hash).update(data).digest('hex'));
  const em = new Uint8Array(K).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[K - t.length - 1] = 0;
  em.set(t, K - t.length);
  return em;
}

const subject = (tbs: Uint8Array, signature: Uint8Array, sigAlgOid = SHA256_RSA): X509 =>
  ({ tbs, signature, sigAlgOid, sigAlg: new Uint8Array(0) }) as unknown as X509;

const TBS = new TextEncoder().encode('a TBSCertificate stands here');

/** What importing the DER SPKI into WebCrypto and verifying gives: the pre-fast-path behaviour. */
async function derVerdict(key: Uint8Array, signature: Uint8Array): Promise<'ok' | 'bad' | 'unsupported'> {
  const scheme = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  try {
    const k = await crypto.subtle.importKey('spki', key.slice(), scheme, false, ['verify']);
    return (await crypto.subtle.verify(scheme, k, signature.slice(), TBS)) ? 'ok' : 'bad';
  } catch {
    return 'unsupported';
  }
}

it('the SPKI takes the JWK fast path, with n and e as Node exports them', () => {
  const jwk = rsaJwk(spki);
  expect(jwk).toBeDefined();
  expect(Buffer.from(jwk?.n ?? '', 'base64url').equals(Buffer.from(modulus))).toBe(true);
  expect(jwk?.e).toBe('AQAB');
});

describe.each(VERIFIERS)('RSASSA-PKCS1-v1_5 verification (%s)', (_label, verifier) => {
  const verifySignature = (x: X509, key: Uint8Array) => verifySignatureWith(x, key, verifier);

  it('accepts a valid signature, for SHA-256, SHA-384 and SHA-512', async () => {
    expect(await verifySignature(subject(TBS, rawSign(emsa('sha256', TBS))), spki)).toBe('ok');
    expect(await verifySignature(subject(TBS, rawSign(emsa('sha384', TBS)), SHA384_RSA), spki)).toBe('ok');
    expect(await verifySignature(subject(TBS, rawSign(emsa('sha512', TBS)), SHA512_RSA), spki)).toBe('ok');
  });

  it('refuses a signature with one bit flipped, and a changed TBS', async () => {
    const sig = rawSign(emsa('sha256', TBS));
    for (const bit of [0, 7, 1000, 2047]) {
      const bad = sig.slice();
      bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
      expect(await verifySignature(subject(TBS, bad), spki)).toBe('bad');
    }
    const tbs = TBS.slice();
    tbs[3] = (tbs[3] as number) ^ 1;
    expect(await verifySignature(subject(tbs, sig), spki)).toBe('bad');
  });

  it('refuses a DigestInfo for another hash than the signature algorithm names', async () => {
    // sha256WithRSAEncryption, but the block carries a SHA-512 (or SHA-1) DigestInfo
    expect(await verifySignature(subject(TBS, rawSign(emsa('sha512', TBS))), spki)).toBe('bad');
    expect(await verifySignature(subject(TBS, rawSign(emsa('sha1', TBS))), spki)).toBe('bad');
    // right hash, SHA-256 digest, but the DigestInfo says SHA-384
    const mislabelled = emsa('sha256', TBS, PREFIX.sha256?.replace('0201', '0202'));
    expect(await verifySignature(subject(TBS, rawSign(mislabelled)), spki)).toBe('bad');
  });

  it('refuses s ≥ n and s = 0', async () => {
    expect(await verifySignature(subject(TBS, modulus.slice()), spki)).toBe('bad');
    expect(await verifySignature(subject(TBS, new Uint8Array(K).fill(0xff)), spki)).toBe('bad');
    expect(await verifySignature(subject(TBS, new Uint8Array(K)), spki)).toBe('bad');
  });

  it('refuses a signature of the wrong length', async () => {
    const sig = rawSign(emsa('sha256', TBS));
    expect(await verifySignature(subject(TBS, sig.subarray(1)), spki)).toBe('bad');
    expect(await verifySignature(subject(TBS, Uint8Array.of(0, ...sig)), spki)).toBe('bad');
    expect(await verifySignature(subject(TBS, sig.subarray(0, 128)), spki)).toBe('bad');
    expect(await verifySignature(subject(TBS, new Uint8Array(0)), spki)).toBe('bad');
  });

  it('refuses forged blocks: short padding with garbage after the DigestInfo, or a missing 00 separator', async () => {
    // Bleichenbacher 2006: 00 01 FF 00 || DigestInfo || garbage, the shape a parser that reads
    // the block instead of comparing all of it would accept
    const t = hex(PREFIX.sha256 + createHash('sha256').update(TBS).digest('hex'));
    const forged = new Uint8Array(K).fill(0x5a);
    forged.set([0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]);
    forged.set(t, 11);
    expect(await verifySignature(subject(TBS, rawSign(forged)), spki)).toBe('bad');
    // block type 02, and a padding byte that is not FF
    const type2 = emsa('sha256', TBS);
    type2[1] = 2;
    expect(await verifySignature(subject(TBS, rawSign(type2)), spki)).toBe('bad');
    const notFf = emsa('sha256', TBS);
    notFf[20] = 0xfe;
    expect(await verifySignature(subject(TBS, rawSign(notFf)), spki)).toBe('bad');
    // DigestInfo without the NULL parameters (RFC 8017 §9.2 note 1 requires them for SHA-2)
    const noNull = emsa('sha256', TBS, '302f300b0609608648016503040201' + '0420');
    expect(await verifySignature(subject(TBS, rawSign(noNull)), spki)).toBe('bad');
  });
});

describe.each(VERIFIERS)('the JWK fast path takes only canonical RSA keys (%s)', (_label, verifier) => {
  const verifySignature = (x: X509, key: Uint8Array) => verifySignatureWith(x, key, verifier);
  /** The SPKI rebuilt with other parameter bytes or a modified RSAPublicKey. */
  const rebuild = (algorithmHex: string, keyHex: string): Uint8Array => {
    return hex(tlv('30', algorithmHex + tlv('03', `00${keyHex}`)));
  };
  const rsaPublicKey = (nHex: string, eHex = '010001'): string => {
    const body = tlv('02', nHex) + tlv('02', eHex);
    const n = body.length / 2;
    return `30${n < 256 ? `81${n.toString(16)}` : `82${n.toString(16).padStart(4, '0')}`}${body}`;
  };
  const ALG = '300d06092a864886f70d0101010500';
  const ALG_NO_NULL = '300b06092a864886f70d010101';

  it('the rebuilder reproduces the canonical SPKI', () => {
    expect(bytesToHex(rebuild(ALG, rsaPublicKey(`00${bytesToHex(modulus)}`)))).toBe(bytesToHex(spki));
  });

  it('falls back to DER import for anything else, with the same verdicts as before', async () => {
    const n = bytesToHex(modulus);
    const sig = rawSign(emsa('sha256', TBS));
    // absent NULL parameters: not the fast path, still the same key to WebCrypto
    const noNull = rebuild(ALG_NO_NULL, rsaPublicKey(`00${n}`));
    expect(rsaJwk(noNull)).toBeUndefined();
    // a negative modulus (no 00 sign octet), a non-minimal one, a non-minimal or zero exponent,
    // trailing bytes
    const odd = [
      noNull,
      rebuild(ALG, rsaPublicKey(n)),
      rebuild(ALG, rsaPublicKey(`0000${n}`)),
      rebuild(ALG, rsaPublicKey(`00${n}`, '00010001')),
      rebuild(ALG, rsaPublicKey(`00${n}`, '00')),
      Uint8Array.of(...spki, 0),
    ];
    for (const key of odd) expect(rsaJwk(key)).toBeUndefined();
    // the verdict is exactly the one DER import gave before the fast path existed (OpenSSL, for
    // one, reads the unpadded "negative" modulus as positive and verifies)
    for (const key of [...odd, spki]) {
      for (const signature of [sig, rawSign(emsa('sha512', TBS)), new Uint8Array(K)]) {
        expect(await verifySignature(subject(TBS, signature), key)).toBe(await derVerdict(key, signature));
      }
    }
  });
});
