// Certificate signature verifiers: the default WebCrypto one, the node:crypto one of
// @mailtls/dane/node, and how verifyDane drives them. Every fast path is pinned to its general
// path: raw EC points and JWK RSA keys to DER imports, node:crypto to WebCrypto, and the DER
// walker's string and OID fast paths to their straightforward forms.
import { ECDH, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../src/_path.ts';
import { base64url, ecdsaRaw, ecPoint } from '../src/_signature.ts';
import { canonicalText, canonicalTextGeneral, oidToString, parseX509, type X509 } from '../src/_x509.ts';
import {
  createTlsaRecord,
  type SignatureCheck,
  type SignatureVerdict,
  type SignatureVerifier,
  type TlsaRecord,
  verifyDane,
  webCryptoSignatureVerifier,
} from '../src/index.ts';
import { nodeSignatureVerifier } from '../src/verify.node.ts';
import { fixtureChain, tlv, VERIFIERS } from './helpers.ts';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const TBS = new TextEncoder().encode('a TBSCertificate stands here');
const subject = (tbs: Uint8Array, signature: Uint8Array, sigAlgOid: string): X509 =>
  ({ tbs, signature, sigAlgOid, sigAlg: new Uint8Array(0) }) as unknown as X509;

// --- ECDSA: the raw-point import -------------------------------------------------------------

const CURVES = [
  {
    curve: 'P-256',
    node: 'prime256v1',
    oid: '06082a8648ce3d030107',
    size: 32,
    hash: 'sha256',
    sig: '1.2.840.10045.4.3.2',
  },
  {
    curve: 'P-384',
    node: 'secp384r1',
    oid: '06052b81040022',
    size: 48,
    hash: 'sha384',
    sig: '1.2.840.10045.4.3.3',
  },
  {
    curve: 'P-521',
    node: 'secp521r1',
    oid: '06052b81040023',
    size: 66,
    hash: 'sha512',
    sig: '1.2.840.10045.4.3.4',
  },
] as const;
const EC_OID = '06072a8648ce3d0201';

/** What importing the DER SPKI into WebCrypto gives: the pre-fast-path behaviour. */
async function ecDerVerdict(
  key: Uint8Array,
  signature: Uint8Array,
  c: (typeof CURVES)[number],
): Promise<SignatureVerdict> {
  try {
    const k = await crypto.subtle.importKey(
      'spki',
      key.slice(),
      { name: 'ECDSA', namedCurve: c.curve },
      false,
      ['verify'],
    );
    const raw = ecdsaRaw(signature, c.size);
    if (raw === undefined) return 'bad';
    const hash = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' }[c.hash];
    return (await crypto.subtle.verify({ name: 'ECDSA', hash }, k, raw.slice(), TBS)) ? 'ok' : 'bad';
  } catch {
    return 'unsupported';
  }
}

describe.each(CURVES)('ECDSA $curve', (c) => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: c.curve });
  const spki = Uint8Array.from(publicKey.export({ format: 'der', type: 'spki' }));
  const point = spki.subarray(spki.length - (1 + 2 * c.size));
  const signed = (data: Uint8Array, key: KeyObject = privateKey) =>
    Uint8Array.from(sign(c.hash, data, { key, dsaEncoding: 'der' }));
  const good = signed(TBS);
  const rebuild = (alg: string, bits: string) => hex(tlv('30', tlv('30', alg) + tlv('03', bits)));
  const compressed = toHex(
    ECDH.convertKey(Buffer.from(point), c.node, undefined, undefined, 'compressed') as Buffer,
  );
  const offCurve = point.slice();
  offCurve[offCurve.length - 1] = (offCurve[offCurve.length - 1] as number) ^ 1;
  const variants: [string, Uint8Array][] = [
    ['canonical', spki],
    ['compressed point', rebuild(EC_OID + c.oid, `00${compressed}`)],
    ['point off the curve', rebuild(EC_OID + c.oid, `00${toHex(offCurve)}`)],
    ['extra AlgorithmIdentifier element', rebuild(`${EC_OID + c.oid}0500`, `00${toHex(point)}`)],
    ['unused bits', rebuild(EC_OID + c.oid, `01${toHex(point)}`)],
    ['trailing byte', Uint8Array.of(...spki, 0)],
    ['point one byte short', rebuild(EC_OID + c.oid, `00${toHex(point.subarray(0, -1))}`)],
  ];

  it('takes the raw-point fast path only for the canonical SPKI', () => {
    expect(ecPoint(spki, c.size)).toEqual(point);
    for (const [name, key] of variants.slice(1)) {
      if (name === 'point off the curve') expect(ecPoint(key, c.size)).toBeDefined();
      else expect(ecPoint(key, c.size), name).toBeUndefined();
    }
  });

  it.each(VERIFIERS)('verdicts equal the DER import for every key shape (%s)', async (_label, verifier) => {
    const flipped = good.slice();
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] as number) ^ 4;
    const other = generateKeyPairSync('ec', { namedCurve: c.curve }).privateKey;
    for (const [name, key] of variants) {
      for (const signature of [good, flipped, signed(TBS, other), Uint8Array.of(0x30, 0x00)]) {
        expect(await verifySignature(subject(TBS, signature, c.sig), key, verifier), name).toBe(
          await ecDerVerdict(key, signature, c),
        );
      }
    }
    expect(await verifySignature(subject(TBS, good, c.sig), spki, verifier)).toBe('ok');
  });
});

// --- node:crypto ≡ WebCrypto on real certificate signatures ----------------------------------

for (const fixture of ['rsa-chain.pem', 'ecdsa-chain.pem', 'ec-leaf-chain.pem'] as const) {
  const [leafDer, intDer] = fixtureChain(fixture) as [Uint8Array, Uint8Array];
  const leaf = parseX509(leafDer) as X509;
  const int = parseX509(intDer) as X509;
  const check: SignatureCheck = {
    algorithm: leaf.sigAlgOid,
    algorithmIdentifier: leaf.sigAlg,
    publicKey: int.spki,
    signature: leaf.signature,
    data: leaf.tbs,
  };
  const mutate = (b: Uint8Array, at: number, bit: number) => {
    const m = b.slice();
    m[at % m.length] = (m[at % m.length] as number) ^ (1 << bit);
    return m;
  };

  describe(`node:crypto and WebCrypto agree (${fixture})`, () => {
    it('the untouched signature verifies through both, node:crypto synchronously for RSA', async () => {
      expect(await webCryptoSignatureVerifier(check)).toBe('ok');
      const node = nodeSignatureVerifier(check);
      if (check.algorithm === '1.2.840.113549.1.1.11') expect(node).toBe('ok');
      expect(await node).toBe('ok');
    });

    test.prop([fc.constantFrom('publicKey', 'signature', 'data', 'algorithm'), fc.nat(), fc.nat(7)], {
      numRuns: 40,
    })('any one flipped bit: the same verdict', async (field, at, bit) => {
      const mutated: SignatureCheck =
        field === 'algorithm'
          ? { ...check, algorithm: bit < 4 ? '1.2.840.113549.1.1.12' : '1.2.840.10045.4.3.3' }
          : { ...check, [field]: mutate(check[field], at, bit) };
      expect(await nodeSignatureVerifier(mutated)).toBe(await webCryptoSignatureVerifier(mutated));
    });
  });
}

// --- verifyDane drives the verifier ----------------------------------------------------------

describe('verifyDane with a signature verifier', () => {
  const chain = fixtureChain('rsa-chain.pem');
  const [leaf, int, root] = chain as [Uint8Array, Uint8Array, Uint8Array];
  const rec = (cert: Uint8Array, usage: number, selector: number, matchingType: number): TlsaRecord => {
    const r = createTlsaRecord(cert, { usage, selector, matchingType });
    if (!r.ok) throw new Error('fixture');
    return r.value;
  };
  const REF = ['mx.example.com'];

  it('hands it the signature, the signed bytes and the issuer key', async () => {
    const seen: SignatureCheck[] = [];
    const v = await verifyDane({
      chain: [leaf, int],
      records: [rec(int, 2, 1, 1)],
      referenceIds: REF,
      signatureVerifier: (c) => {
        seen.push(c);
        return webCryptoSignatureVerifier(c);
      },
    });
    expect(v).toMatchObject({ verified: true, depth: 1 });
    const l = parseX509(leaf) as X509;
    expect(seen).toEqual([
      {
        algorithm: '1.2.840.113549.1.1.11',
        algorithmIdentifier: l.sigAlg,
        publicKey: (parseX509(int) as X509).spki,
        signature: l.signature,
        data: l.tbs,
      },
    ]);
  });

  it('reads a verifier that throws, rejects or answers nonsense as unsupported, and never throws', async () => {
    const verifiers: SignatureVerifier[] = [
      () => {
        throw new Error('boom');
      },
      () => Promise.reject(new Error('boom')),
      () => 'maybe' as SignatureVerdict,
      () => Promise.resolve(undefined as unknown as SignatureVerdict),
    ];
    for (const signatureVerifier of verifiers) {
      const v = await verifyDane({
        chain: [leaf, int],
        records: [rec(int, 2, 1, 1)],
        referenceIds: REF,
        signatureVerifier,
      });
      expect(v).toMatchObject({ verified: false, depth: 1, error: { code: 'unsupported-algorithm' } });
    }
    const bad = await verifyDane({
      chain: [leaf, int],
      records: [rec(int, 2, 1, 1)],
      referenceIds: REF,
      signatureVerifier: () => 'bad',
    });
    expect(bad).toMatchObject({ verified: false, depth: 1, error: { code: 'bad-signature' } });
  });

  it('starts every signature of the path at once, and still reports the top-most failure first', async () => {
    const started: string[] = [];
    const release: (() => void)[] = [];
    const deferred: SignatureVerifier = (c) => {
      started.push(toHex(c.publicKey).slice(-16));
      return new Promise((resolve) => release.push(() => resolve('bad')));
    };
    const pending = verifyDane({
      chain,
      records: [rec(root, 2, 0, 1)],
      referenceIds: REF,
      signatureVerifier: deferred,
    });
    await new Promise((r) => setTimeout(r, 10));
    // both signatures (int by root, leaf by int) are in flight before either verdict is in
    expect(started).toHaveLength(2);
    for (const r of release) r();
    const v = await pending;
    // OpenSSL's internal_verify walks top down: the intermediate's signature fails first
    expect(v).toMatchObject({ verified: false, depth: 2, error: { code: 'bad-signature' } });
    expect(v.error?.message).toContain('depth 1');
  });

  it.each(VERIFIERS)(
    '%s: bare keys are checked together; the one that signed the top wins',
    async (_l, sv) => {
      const records = [rec(leaf, 2, 1, 0), rec(root, 2, 1, 0), rec(int, 2, 1, 0)];
      const v = await verifyDane({ chain: [leaf], records, referenceIds: REF, signatureVerifier: sv });
      expect(v).toMatchObject({ verified: true, depth: 0, matched: records[2] });
      const w = await verifyDane({
        chain: [leaf, int],
        records: records.slice(0, 2),
        referenceIds: REF,
        signatureVerifier: sv,
      });
      expect(w).toMatchObject({ verified: true, depth: 1, matched: records[1] });
    },
  );
});

// --- the DER walker's fast paths -------------------------------------------------------------

/** oidToString as first written (an array of arcs and a join): the reference. */
function oidReference(bytes: Uint8Array, start: number, end: number): string {
  if (start >= end) return '';
  const parts: number[] = [];
  let v = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    if (v === 0 && b === 0x80) return '';
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 256) return '';
    if ((b & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    } else if (i === end - 1) return '';
  }
  return parts.join('.');
}

describe('DER walker fast paths equal their general forms', () => {
  const realOids = ['2a864886f70d01010b', '550403', '551d13', '2b06010505070301', '2a8648ce3d030107', '8837'];
  const oidBytes = fc.oneof(
    fc.uint8Array({ maxLength: 24 }),
    // near-canonical: real OIDs with one byte changed, continuation bits included
    fc.tuple(fc.constantFrom(...realOids), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([h, at, b]) => {
      const bytes = hex(h);
      bytes[at % bytes.length] = b;
      return bytes;
    }),
    fc
      .array(fc.constantFrom(0x80, 0xff, 0x7f, 0x00, 0x01, 0x28, 0x4f, 0x50), { maxLength: 12 })
      .map((a) => Uint8Array.from(a)),
  );
  test.prop([oidBytes], { numRuns: 500 })('oidToString', (b) => {
    expect(oidToString(b, 0, b.length)).toBe(oidReference(b, 0, b.length));
  });

  const nearCanonical = fc
    .array(
      fc.constantFrom(
        'a',
        'z',
        '0',
        '.',
        '-',
        ' ',
        '  ',
        'A',
        'Z',
        '\t',
        '\n',
        '\u00a0',
        '\u2028',
        'é',
        '\u007f',
        '@',
      ),
      {
        maxLength: 16,
      },
    )
    .map((a) => a.join(''));
  test.prop([fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nearCanonical)], { numRuns: 500 })(
    'canonicalText (OpenSSL name canonicalisation)',
    (s) => {
      expect(canonicalText(s)).toBe(canonicalTextGeneral(s));
    },
  );

  test.prop([fc.uint8Array({ maxLength: 600 })], { numRuns: 300 })('base64url', (b) => {
    expect(base64url(b)).toBe(Buffer.from(b).toString('base64url'));
  });
});

describe('the default verifier', () => {
  it('is node:crypto under the node condition (Node runs these tests), WebCrypto elsewhere', async () => {
    const chosen = await import('#default-verifier');
    const node = await import('@mailtls/dane/node');
    expect(chosen.defaultSignatureVerifier).toBe(node.nodeSignatureVerifier);
    const web = await import('../src/_default-verifier.ts');
    expect(web.defaultSignatureVerifier).toBe(webCryptoSignatureVerifier);
  });
});
