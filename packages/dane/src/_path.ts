/**
 * DANE-TA(2), PKIX-TA(0) and PKIX-EE(1) path building and validation (RFC 7671 §5.2–5.4,
 * RFC 5280 §6), modelled step by step on OpenSSL 3.0's `x509_vfy.c` so that verdicts and match
 * depths agree with the reference implementation Postfix and Exim use. Signatures go through the
 * caller's {@link SignatureVerifier}, WebCrypto by default (every runtime has it; pkijs, loaded
 * lazily, for what WebCrypto cannot take directly). Internal: imported statically by `verifyDane`
 * (a dynamic import cost a module-loader round trip on every call, and made bundlers that inline
 * it wrap every module it shares with the "3 x x" path in a lazy initialiser: +230 B gzipped);
 * `matchDaneEe` users never reach it.
 * @module
 */
import { matchesDnsId } from '@mailtls/core';
import { KU, likelyIssued, parseX509, type X509 } from './_x509.ts';
import { bytesEqual } from './der.ts';
import type { DaneIssueCode } from './issues.ts';
import { matchAt } from './match.ts';
import type { TlsaRecord } from './record.ts';
import { type SignatureVerdict, type SignatureVerifier, webCryptoSignatureVerifier } from './signature.ts';

export { parseX509 } from './_x509.ts';

/** How the dates of a trust-anchor certificate are treated (spec §6.4). */
export type TaValidity = 'openssl' | 'ignore' | 'check';

export interface PathInput {
  readonly chain: readonly Uint8Array[];
  /** Usable records after agility, in matching order. */
  readonly records: readonly TlsaRecord[];
  /** Where each record sits in the caller's input (`/records/<i>`), for positions. */
  readonly recordAt: ReadonlyMap<TlsaRecord, number>;
  /** A PKIX-EE(1) record that matched the leaf, if any. */
  readonly eeMatch: TlsaRecord | undefined;
  readonly referenceIds: readonly string[];
  readonly trustAnchors: readonly Uint8Array[];
  readonly now: number;
  readonly taValidity: TaValidity;
  readonly verifier: SignatureVerifier;
}

export interface PathOutcome {
  readonly verified: boolean;
  readonly depth: number;
  readonly matched: TlsaRecord | undefined;
  readonly code?: DaneIssueCode;
  /** Depth in the built path of the certificate the error is about (chain index if unparsable). */
  readonly errorDepth?: number;
  /** Where that certificate came from: an RFC 6901 pointer into the input (`/chain/<i>`, …). */
  readonly errorAt?: string;
  /** The trust-anchor certificate has expired (spec §6.4): its depth and origin. */
  readonly taExpired?: { readonly depth: number; readonly at: string };
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
  const path: Node[] = [];
  /** Where each certificate came from, as an RFC 6901 pointer into the caller's input. */
  const origin = new Map<X509, string>();
  const pointerOf = (node: Node | undefined) => (node === undefined ? undefined : origin.get(node.cert));
  let taExpired: PathOutcome['taExpired'];
  const outcome = (o: { -readonly [K in keyof PathOutcome]: PathOutcome[K] }): PathOutcome => {
    if (taExpired !== undefined) o.taExpired = taExpired;
    return o;
  };
  const fail = (code: DaneIssueCode, errorDepth: number, at = pointerOf(path[errorDepth])): PathOutcome => {
    const o: { -readonly [K in keyof PathOutcome]: PathOutcome[K] } = {
      verified: false,
      depth: mdpth,
      matched: mrec,
      code,
      errorDepth,
    };
    if (at !== undefined) o.errorAt = at;
    return outcome(o);
  };

  const presented: X509[] = [];
  for (const [i, der] of input.chain.entries()) {
    const c = parseX509(der);
    if (c === undefined) return fail('malformed-certificate', i, `/chain/${i}`);
    origin.set(c, `/chain/${i}`);
    presented.push(c);
  }
  const leaf = presented[0];
  if (leaf === undefined) return fail('malformed-certificate', 0, '/chain/0');
  const hasPkix = records.some((r) => r.usage === 0 || r.usage === 1);
  const hasDaneTa = records.some((r) => r.usage === 2);
  // Full(0) certificates from DNS (2 0 0 and 0 0 0) are preferred issuer candidates: OpenSSL
  // prepends them to the untrusted set (PR #16473, dane-cross.in)
  const pool: X509[] = [];
  for (const r of records) {
    if ((r.usage === 2 || r.usage === 0) && r.selector === 0 && r.matchingType === 0) {
      const c = parseX509(r.data);
      if (c === undefined) continue;
      const k = input.recordAt.get(r);
      origin.set(c, k === undefined ? '/records' : `/records/${k}`);
      pool.push(c);
    }
  }
  pool.push(...presented.slice(1));
  // OpenSSL build_chain: "If we're doing DANE and not doing PKIX-TA/PKIX-EE, we never look in
  // the trust_store"
  const store: X509[] = [];
  if (hasPkix) {
    for (const [k, der] of input.trustAnchors.entries()) {
      const c = parseX509(der);
      if (c === undefined) continue;
      origin.set(c, `/trustAnchors/${k}`);
      store.push(c);
    }
  }

  path.push({ cert: leaf, trusted: false });
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
    const m = candidates.length === 0 ? undefined : matchAt(candidates, node.cert.der, node.cert.spki);
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
    const keys = records.filter((r) => r.usage === 2 && r.selector === 1 && r.matchingType === 0);
    // independent checks: all started at once, the first key in record order that verifies wins
    const checks = keys.map((r) => verifySignature(top, r.data, input.verifier));
    for (const [i, r] of keys.entries()) {
      if ((await checks[i]) !== 'ok') continue;
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

  // spec §6.4: an expired trust-anchor certificate is reported whatever `taValidity` makes of it
  // (a bare key has no dates)
  if (trust !== 'key') {
    const top = path[path.length - 1] as Node;
    const at = pointerOf(top);
    if (timeCheck(top.cert, now) === 'certificate-expired' && at !== undefined) {
      taExpired = { depth: path.length - 1, at };
    }
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
  // The signatures this walk checks do not depend on each other: start them all now, so that an
  // asynchronous verifier (WebCrypto's thread pool) runs them concurrently. The walk still takes
  // each verdict in OpenSSL's order, so the first failure reported is the same.
  const signatures: (SignatureVerdict | Promise<SignatureVerdict> | undefined)[] = [];
  for (let k = n, issuer = xi; k >= 0; issuer = (path[k] as Node).cert, k--) {
    const subject = (path[k] as Node).cert;
    if (issuer !== undefined && subject !== issuer) {
      signatures[k] = verifySignature(subject, issuer.spki, input.verifier);
    }
  }
  for (;;) {
    if (xi !== undefined && xs !== xi) {
      // RFC 5280 §4.2.1.3: the issuer's keyUsage, if present, must allow keyCertSign
      if (xi.keyUsage !== undefined && (xi.keyUsage & KU.KEY_CERT_SIGN) === 0)
        return fail('invalid-ca', n + 1);
      const s = await signatures[n];
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
  return outcome({ verified: true, depth: mdpth, matched: mrec });
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

/**
 * Checks `subject`'s signature with a DER SubjectPublicKeyInfo through `verifier`. Never throws
 * and never rejects: a verifier that does is read as `unsupported`.
 */
export function verifySignature(
  subject: X509,
  spki: Uint8Array,
  verifier: SignatureVerifier = webCryptoSignatureVerifier,
): SignatureVerdict | Promise<SignatureVerdict> {
  const check = {
    algorithm: subject.sigAlgOid,
    algorithmIdentifier: subject.sigAlg,
    publicKey: spki,
    signature: subject.signature,
    data: subject.tbs,
  };
  try {
    const v = verifier(check);
    return typeof v === 'string' ? verdict(v) : Promise.resolve(v).then(verdict, () => 'unsupported');
  } catch {
    return 'unsupported';
  }
}

/** A verifier's answer, anything unexpected read as `unsupported`. */
const verdict = (v: unknown): SignatureVerdict => (v === 'ok' || v === 'bad' ? v : 'unsupported');
