/**
 * DANE-TA(2), PKIX-TA(0) and PKIX-EE(1) path building and validation (RFC 7671 §5.2–5.4,
 * RFC 5280 §6), modelled step by step on OpenSSL 3.0's `x509_vfy.c` so that verdicts and match
 * depths agree with the reference implementation Postfix and Exim use. Signatures go through
 * WebCrypto (every runtime has it); algorithms WebCrypto cannot take directly (RSASSA-PSS with
 * its parameters) go through pkijs, loaded lazily. Internal: imported statically by `verifyDane`
 * (a dynamic import cost a module-loader round trip on every call, and made bundlers that inline
 * it wrap every module it shares with the "3 x x" path in a lazy initialiser: +230 B gzipped);
 * `matchDaneEe` users never reach it.
 * @module
 */
import { matchesDnsId } from '@mailtls/core';
import { KU, likelyIssued, oidToString, parseX509, sigKeyType, type X509 } from './_x509.ts';
import { bytesEqual, expectTlv, readTlv, TAG } from './der.ts';
import type { DaneIssueCode } from './issues.ts';
import { matchAt } from './match.ts';
import type { TlsaRecord } from './record.ts';

export { parseX509 } from './_x509.ts';

/** How the dates of a trust-anchor certificate are treated (spec §6.4). */
export type TaValidity = 'openssl' | 'ignore' | 'check';

export interface PathInput {
  readonly chain: readonly Uint8Array[];
  /** Usable records after agility, in matching order. */
  readonly records: readonly TlsaRecord[];
  /** A PKIX-EE(1) record that matched the leaf, if any. */
  readonly eeMatch: TlsaRecord | undefined;
  readonly referenceIds: readonly string[];
  readonly trustAnchors: readonly Uint8Array[];
  readonly now: number;
  readonly taValidity: TaValidity;
}

export interface PathOutcome {
  readonly verified: boolean;
  readonly depth: number;
  readonly matched: TlsaRecord | undefined;
  readonly code?: DaneIssueCode;
  /** Chain index of the certificate the error is about. */
  readonly errorDepth?: number;
}

/** RFC 5280 has no depth limit; OpenSSL's default verify depth is 100. Servers send a handful. */
const MAX_DEPTH = 32;

interface Node {
  readonly cert: X509;
  /** From the caller's trust store (PKIX usages only). */
  readonly trusted: boolean;
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const NS_SGC = '2.16.840.1.113730.4.1';
const MS_SGC = '1.3.6.1.4.1.311.10.3.3';

/**
 * Builds the path from the leaf, finds the trust anchor and validates everything below it.
 * The caller has already handled DANE-EE(3) (RFC 7671 §5.1).
 */
export async function verifyPath(input: PathInput): Promise<PathOutcome> {
  const { records, now } = input;
  let mdpth = input.eeMatch === undefined ? -1 : 0;
  let mrec = input.eeMatch;
  const fail = (code: DaneIssueCode, errorDepth?: number): PathOutcome =>
    errorDepth === undefined
      ? { verified: false, depth: mdpth, matched: mrec, code }
      : { verified: false, depth: mdpth, matched: mrec, code, errorDepth };

  const presented: X509[] = [];
  for (const der of input.chain) {
    const c = parseX509(der);
    if (c === undefined) return fail('malformed-certificate', presented.length);
    presented.push(c);
  }
  const leaf = presented[0];
  if (leaf === undefined) return fail('malformed-certificate', 0);
  const hasPkix = records.some((r) => r.usage === 0 || r.usage === 1);
  const hasDaneTa = records.some((r) => r.usage === 2);
  // Full(0) certificates from DNS (2 0 0 and 0 0 0) are preferred issuer candidates: OpenSSL
  // prepends them to the untrusted set (PR #16473, dane-cross.in)
  const pool: X509[] = [];
  for (const r of records) {
    if ((r.usage === 2 || r.usage === 0) && r.selector === 0 && r.matchingType === 0) {
      const c = parseX509(r.data);
      if (c !== undefined) pool.push(c);
    }
  }
  pool.push(...presented.slice(1));
  // OpenSSL build_chain: "If we're doing DANE and not doing PKIX-TA/PKIX-EE, we never look in
  // the trust_store"
  const store: X509[] = [];
  if (hasPkix) {
    for (const der of input.trustAnchors) {
      const c = parseX509(der);
      if (c !== undefined) store.push(c);
    }
  }

  const path: Node[] = [{ cert: leaf, trusted: false }];
  let numUntrusted = 1;
  let trust: 'dane' | 'pkix' | 'key' | undefined;
  let pdpth = -1;

  /** OpenSSL dane_match at depth ≥ 1: true when a DANE-TA record makes the path trusted. */
  const matchTa = (node: Node, depth: number): boolean => {
    const candidates = records.filter(
      (r) =>
        // TA usages only above the leaf; trust-store certificates match PKIX-TA only; once a PKIX
        // record matched, further PKIX records are moot (x509_vfy.c dane_match)
        (r.usage === 2 && !node.trusted) || (r.usage === 0 && mdpth < 0),
    );
    const m = candidates.length === 0 ? undefined : matchAt(candidates, node.cert.der);
    if (m === undefined) return false;
    if (m.usage === 2) {
      mdpth = depth;
      mrec = m;
      return true;
    }
    if (mdpth < 0) {
      mdpth = depth;
      mrec = m;
    }
    return false;
  };
  /** OpenSSL check_trust after a trust-store certificate joined the path. */
  const onTrusted = (): boolean => {
    if (pdpth < 0) pdpth = numUntrusted;
    return mdpth >= 0; // "With DANE, PKIX alone is not trusted until we have both"
  };

  let searchUntrusted = true;
  while (trust === undefined && path.length < MAX_DEPTH) {
    const top = (path[path.length - 1] as Node).cert;
    const selfSigned = isSelfSigned(top);
    if (store.length > 0) {
      // trusted-first (OpenSSL 3 default)
      if (!selfSigned) {
        const issuer = pickIssuer(store, top, path, now);
        if (issuer !== undefined) {
          const node = { cert: issuer, trusted: true };
          path.push(node);
          searchUntrusted = false;
          const ta = matchTa(node, path.length - 1);
          if (ta || onTrusted()) {
            trust = ta ? 'dane' : 'pkix';
            break;
          }
          if (isSelfSigned(issuer)) break;
          continue;
        }
      } else if (!(path[path.length - 1] as Node).trusted && path.length === numUntrusted) {
        // A self-signed untrusted top identical to a trust-store certificate is replaced by it
        const same = store.find((s) => bytesEqual(s.der, top.der));
        if (same !== undefined && path.length > 1) {
          path[path.length - 1] = { cert: same, trusted: true };
          numUntrusted--;
          if (onTrusted()) trust = 'pkix';
          break;
        }
      }
    }
    if (!searchUntrusted || selfSigned) break;
    const issuer = pickIssuer(pool, top, path, now);
    if (issuer === undefined) break;
    pool.splice(pool.indexOf(issuer), 1);
    const node = { cert: issuer, trusted: false };
    path.push(node);
    numUntrusted++;
    if (matchTa(node, path.length - 1)) {
      trust = 'dane';
      break;
    }
  }
  if (trust === undefined && path.length >= MAX_DEPTH) return fail('chain-too-long', path.length - 1);

  // OpenSSL check_dane_pkeys: a 2 1 0 bare key that signed the top-most untrusted certificate
  // (RFC 7671 §5.2.3); its depth is that certificate's
  let bareKey: { spki: Uint8Array; record: TlsaRecord } | undefined;
  if (trust === undefined && hasDaneTa) {
    const top = (path[numUntrusted - 1] as Node).cert;
    for (const r of records) {
      if (r.usage !== 2 || r.selector !== 1 || r.matchingType !== 0) continue;
      if ((await verifySignature(top, r.data)) !== 'ok') continue;
      mdpth = numUntrusted - 1;
      mrec = r;
      path.length = numUntrusted;
      bareKey = { spki: r.data, record: r };
      trust = 'key';
      break;
    }
  }
  if (trust === undefined) {
    // x509_vfy.c build_chain: with only DANE records, or a PKIX path that no record matched,
    // the failure is "no match"; otherwise the PKIX path itself is missing
    if (!hasPkix || pdpth >= 0) return fail('no-match', path.length - 1);
    return fail('untrusted', path.length - 1);
  }

  // check_extensions (RFC 5280 §6.1.4, OpenSSL order): critical extensions, CA, purpose, pathLen
  const num = path.length;
  let plen = 0;
  for (let i = 0; i < num; i++) {
    const x = (path[i] as Node).cert;
    if (x.unknownCritical) return fail('unhandled-critical-extension', i);
    if (i > 0) {
      const ca = checkCa(x);
      // intermediates must be proper CAs; the top may also be a v1 root or keyCertSign-only
      if (ca === 0 || (i + 1 < num && ca !== 1)) return fail('invalid-ca', i);
    }
    if (!purposeOk(x, i > 0)) return fail('unsuitable-purpose', i);
    const pathLen = x.basicConstraints?.pathLen ?? -1;
    // RFC 5280 §4.2.1.9: pathLenConstraint counts the non-self-issued intermediates below
    if (i > 1 && pathLen !== -1 && plen > pathLen) return fail('path-length-exceeded', i);
    if (i > 0 && !x.selfIssued) plen++;
  }

  // check_id: RFC 7671 §5.2 and §10.2 (SAN DNS-IDs, else CN; any reference identifier)
  if (!namesMatch(leaf, input.referenceIds)) return fail('name-mismatch', 0);

  // internal_verify: signatures and dates, top down
  let n = num - 1;
  let xs = (path[n] as Node).cert;
  let xi: X509 | undefined = xs;
  let checkTime = true;
  if (bareKey !== undefined) {
    xi = undefined; // already verified against the bare key
  } else if (!likelyIssued(xs, xs)) {
    // The TA is not self-issued: its own dates are not checked (OpenSSL; spec §6.4)
    if (input.taValidity === 'check') {
      const t = timeCheck(xs, now);
      if (t !== undefined) return fail(t, n);
    }
    if (n === 0) return fail('untrusted', 0); // OpenSSL: unable to verify the leaf signature
    n--;
    xs = (path[n] as Node).cert;
  } else if (input.taValidity === 'ignore' && n > 0) {
    checkTime = false; // RFC 5280 reading: trust-anchor dates are not checked
  }
  for (;;) {
    if (xi !== undefined && xs !== xi) {
      // RFC 5280 §4.2.1.3: the issuer's keyUsage, if present, must allow keyCertSign
      if (xi.keyUsage !== undefined && (xi.keyUsage & KU.KEY_CERT_SIGN) === 0)
        return fail('invalid-ca', n + 1);
      const s = await verifySignature(xs, xi.spki);
      if (s !== 'ok') return fail(s === 'bad' ? 'bad-signature' : 'unsupported-algorithm', n);
    }
    if (checkTime) {
      const t = timeCheck(xs, now);
      if (t !== undefined) return fail(t, n);
    }
    checkTime = true;
    if (--n < 0) break;
    xi = xs;
    xs = (path[n] as Node).cert;
  }

  // check_name_constraints (RFC 5280 §4.2.1.10), dNSName subtrees
  for (let i = num - 1; i >= 0; i--) {
    const x = (path[i] as Node).cert;
    if (i > 0 && x.selfIssued) continue;
    const names = x.dnsNames.length > 0 || i > 0 ? x.dnsNames : x.commonNames.filter((c) => c.includes('.'));
    for (let j = num - 1; j > i; j--) {
      const nc = (path[j] as Node).cert;
      if (!nc.hasNameConstraints) continue;
      for (const name of names) {
        if (nc.excludedDns.some((b) => ncDnsMatch(b, name))) return fail('name-constraints', i);
        if (nc.permittedDns.length > 0 && !nc.permittedDns.some((b) => ncDnsMatch(b, name))) {
          return fail('name-constraints', i);
        }
      }
    }
  }
  return { verified: true, depth: mdpth, matched: mrec };
}

/**
 * OpenSSL find_issuer: the first plausible issuer that is time-valid; failing that, the one
 * that expires last (the first of equals).
 */
function pickIssuer(
  candidates: readonly X509[],
  subject: X509,
  path: readonly Node[],
  now: number,
): X509 | undefined {
  let found: X509 | undefined;
  for (const c of candidates) {
    if (!likelyIssued(c, subject)) continue;
    if (path.some((n) => n.cert === c || bytesEqual(n.cert.der, c.der))) {
      if (!(subject.selfIssued && path.length === 1)) continue;
    }
    if (timeCheck(c, now) === undefined) return c;
    if (found === undefined || c.notAfter > found.notAfter) found = c;
  }
  return found;
}

/** OpenSSL EXFLAG_SS: self-issued, the AKID agrees and the signature algorithm fits the key. */
function isSelfSigned(x: X509): boolean {
  return x.selfIssued && likelyIssued(x, x);
}

/** OpenSSL check_ca: 1 CA, 3 v1 self-signed root, 4 keyCertSign without basicConstraints, 0 not a CA. */
function checkCa(x: X509): number {
  if (x.keyUsage !== undefined && (x.keyUsage & KU.KEY_CERT_SIGN) === 0) return 0;
  if (x.basicConstraints !== undefined) return x.basicConstraints.ca ? 1 : 0;
  if (x.version === 0 && isSelfSigned(x)) return 3;
  if (x.keyUsage !== undefined) return 4;
  return 0;
}

/** OpenSSL's `ssl_server` purpose (v3_purp.c check_purpose_ssl_server). */
function purposeOk(x: X509, ca: boolean): boolean {
  const eku = x.extKeyUsage;
  if (eku !== undefined && !eku.some((o) => o === SERVER_AUTH || o === NS_SGC || o === MS_SGC)) return false;
  if (ca) return checkCa(x) !== 0;
  // RFC 5280 §4.2.1.3 with TLS: digitalSignature, keyEncipherment or keyAgreement
  const ku = x.keyUsage;
  return ku === undefined || (ku & (KU.DIGITAL_SIGNATURE | KU.KEY_ENCIPHERMENT | KU.KEY_AGREEMENT)) !== 0;
}

/** Validity period check (RFC 5280 §6.1.3 (a)(2)). */
function timeCheck(x: X509, now: number): DaneIssueCode | undefined {
  if (x.notBefore > now) return 'certificate-not-yet-valid';
  if (x.notAfter < now) return 'certificate-expired';
  return undefined;
}

/**
 * Name check (RFC 7671 §10.2; RFC 6125 §6.4 via core's DNS-ID rule): the SAN dNSNames when there
 * is at least one, otherwise the subject CNs; a match with any reference identifier suffices.
 */
export function namesMatch(leaf: X509, referenceIds: readonly string[]): boolean {
  const ids = leaf.dnsNames.length > 0 ? leaf.dnsNames : leaf.commonNames;
  return ids.some((id) => referenceIds.some((ref) => matchesDnsId(id, ref)));
}

/** RFC 5280 §4.2.1.10 dNSName constraint, as OpenSSL nc_dns applies it. */
function ncDnsMatch(base: string, name: string): boolean {
  if (base.length === 0) return true;
  const b = base.toLowerCase();
  const n = name.toLowerCase();
  if (n.length < b.length) return false;
  if (n.length > b.length && b[0] !== '.' && n[n.length - b.length - 1] !== '.') return false;
  return n.endsWith(b);
}

// --- signatures -----------------------------------------------------------------------------

interface Subtle {
  importKey(
    format: 'spki' | 'jwk',
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

const RSA_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};
const ECDSA_HASH: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};
const CURVES: Record<string, [string, number]> = {
  '1.2.840.10045.3.1.7': ['P-256', 32],
  '1.3.132.0.34': ['P-384', 48],
  '1.3.132.0.35': ['P-521', 66],
};

/** A public RSA JSON Web Key (RFC 7518 §6.3.1). */
interface RsaJwk {
  readonly kty: 'RSA';
  readonly n: string;
  readonly e: string;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding (RFC 4648 §5), as JWK requires (RFC 7515 §2). */
function base64url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    s += B64URL[v >> 18]! + B64URL[(v >> 12) & 63]!;
    if (i + 1 < bytes.length) s += B64URL[(v >> 6) & 63]!;
    if (i + 2 < bytes.length) s += B64URL[v & 63]!;
  }
  return s;
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

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3) to WebCrypto's r‖s. */
function ecdsaRaw(sig: Uint8Array, size: number): Uint8Array | undefined {
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

/** Verifies `subject`'s signature with a DER SubjectPublicKeyInfo. */
export async function verifySignature(
  subject: X509,
  spki: Uint8Array,
): Promise<'ok' | 'bad' | 'unsupported'> {
  const alg = spkiAlgorithm(spki);
  const sc = subtle();
  if (alg === undefined) return 'bad';
  const keyType = sigKeyType(subject.sigAlgOid);
  try {
    const rsaHash = RSA_HASH[subject.sigAlgOid];
    if (rsaHash !== undefined && alg.oid === '1.2.840.113549.1.1.1' && sc !== undefined) {
      const scheme = { name: 'RSASSA-PKCS1-v1_5', hash: rsaHash };
      const jwk = rsaJwk(spki);
      const key = await (jwk === undefined
        ? sc.importKey('spki', spki, scheme, false, ['verify'])
        : sc.importKey('jwk', jwk, scheme, false, ['verify']));
      return (await sc.verify(scheme, key, subject.signature, subject.tbs)) ? 'ok' : 'bad';
    }
    const ecHash = ECDSA_HASH[subject.sigAlgOid];
    const curve = alg.param === undefined ? undefined : CURVES[alg.param];
    if (ecHash !== undefined && alg.oid === '1.2.840.10045.2.1' && curve !== undefined && sc !== undefined) {
      const key = await sc.importKey('spki', spki, { name: 'ECDSA', namedCurve: curve[0] }, false, [
        'verify',
      ]);
      const raw = ecdsaRaw(subject.signature, curve[1]);
      if (raw === undefined) return 'bad';
      return (await sc.verify({ name: 'ECDSA', hash: ecHash }, key, raw, subject.tbs)) ? 'ok' : 'bad';
    }
    if (subject.sigAlgOid === '1.3.101.112' && alg.oid === '1.3.101.112' && sc !== undefined) {
      const key = await sc.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']);
      return (await sc.verify({ name: 'Ed25519' }, key, subject.signature, subject.tbs)) ? 'ok' : 'bad';
    }
    if (keyType === undefined) return 'unsupported';
    return await verifyWithPkijs(subject, spki);
  } catch {
    return 'unsupported';
  }
}

/**
 * Everything WebCrypto cannot take as is (RSASSA-PSS parameters above all) goes through pkijs,
 * which maps X.509 algorithm identifiers onto WebCrypto. Loaded only when needed.
 */
async function verifyWithPkijs(subject: X509, spki: Uint8Array): Promise<'ok' | 'bad' | 'unsupported'> {
  const [pkijs, asn1js] = await Promise.all([import('pkijs'), import('asn1js')]);
  const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;
  const keyAsn = asn1js.fromBER(buf(spki));
  const algAsn = asn1js.fromBER(buf(subject.sigAlg));
  if (keyAsn.offset === -1 || algAsn.offset === -1) return 'bad';
  const publicKeyInfo = new pkijs.PublicKeyInfo({ schema: keyAsn.result });
  const signatureAlgorithm = new pkijs.AlgorithmIdentifier({ schema: algAsn.result });
  const engine = pkijs.getCrypto(true);
  // pkijs throws for algorithms it does not know; the caller maps that to "unsupported"
  const ok = await engine.verifyWithPublicKey(
    buf(subject.tbs),
    new asn1js.BitString({ valueHex: buf(subject.signature) }),
    publicKeyInfo,
    signatureAlgorithm,
  );
  return ok ? 'ok' : 'bad';
}
