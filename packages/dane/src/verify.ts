/**
 * DANE verification of a server's certificate chain against a TLSA RRset (RFC 6698 §2.1,
 * RFC 7671 §5, RFC 7672 §3): every usage, selector and matching type, digest agility, and the
 * match depth OpenSSL reports.
 * @module
 */
import { type Issue, issue } from '@mailtls/core';
// the default verifier per runtime: node:crypto under the `node` condition, else WebCrypto
import { defaultSignatureVerifier } from '#default-verifier';
import { namesMatch, parseX509, verifyPath } from './_path.ts';
import { type DaneIssueCode, daneIssues } from './issues.ts';
import { matchAt } from './match.ts';
import type { TlsaRecord } from './record.ts';
import type { SignatureVerifier } from './signature.ts';
import { applyAgility, type DaneProfile, sortRecords } from './usability.ts';

/** Input of {@link verifyDane}. */
export interface DaneInput {
  /** DER certificates, leaf first, exactly as the server presented them. */
  readonly chain: readonly Uint8Array[];
  /** The TLSA RRset (DNSSEC-secure, as the caller established): records or presentation strings. */
  readonly records: ReadonlyArray<TlsaRecord | string>;
  /**
   * Reference identifiers: the TLSA base domain first (also the SNI value), then the other names
   * allowed for DANE-TA and PKIX (e.g. the next-hop domain when the MX RRset was secure).
   */
  readonly referenceIds: readonly string[];
  /** `smtp` (default, RFC 7672): usages 2 and 3 only. `generic`: also 0 and 1, with `trustAnchors`. */
  readonly profile?: DaneProfile;
  /** DER trust anchors for PKIX-TA(0)/PKIX-EE(1) in the generic profile; never used for 2 and 3. */
  readonly trustAnchors?: readonly Uint8Array[];
  /** Name-check DANE-EE(3) matches too (OpenSSL's default). Default false, as RFC 7672 §3.1.1 requires. */
  readonly eeNameChecks?: boolean;
  /** Digest preference, strongest first. Default `[2, 1]`: SHA2-512 over SHA2-256 (RFC 7671 §9). */
  readonly matchingTypeOrder?: readonly number[];
  /**
   * Dates of a trust-anchor certificate: `openssl` (default) checks a self-signed TA on the path
   * but not an intermediate TA, as OpenSSL and Postfix do; `ignore` never checks them (RFC 5280
   * §6.1); `check` always does.
   */
  readonly taValidity?: 'openssl' | 'ignore' | 'check';
  /** The verification time; default the current time. */
  readonly now?: Date;
  /**
   * Checks certificate signatures. Default: under the `node` export condition (Node, and Deno and
   * Bun through their Node compatibility) `nodeSignatureVerifier` from `@mailtls/dane/node`,
   * node:crypto on the calling thread; elsewhere {@link webCryptoSignatureVerifier}
   * (`crypto.subtle`). Both give the same verdicts; pass one to choose.
   */
  readonly signatureVerifier?: SignatureVerifier;
}

/** The outcome of {@link verifyDane}. */
export interface DaneVerification {
  /** Whether the chain is authenticated by the TLSA RRset. */
  readonly verified: boolean;
  /**
   * -1: no record matched; 0: the leaf matched (DANE-EE or PKIX-EE, or a `2 1 0` key signed a
   * leaf-only chain); k: the trust anchor is at chain depth k (for a `2 1 0` key, the top-most
   * certificate it signed). Reported even when a later check fails, as OpenSSL does.
   */
  readonly depth: number;
  /** The record that matched, when `depth` ≥ 0. */
  readonly matched?: TlsaRecord;
  /** The usable records (RFC 6698 §4.1), in input order, before digest agility. */
  readonly usable: TlsaRecord[];
  /** Unusable records and why; a string that does not parse is kept as given. */
  readonly unusable: { readonly record: TlsaRecord | string; readonly code: DaneIssueCode }[];
  /** Why verification failed; absent when `verified`. */
  readonly error?: Issue<DaneIssueCode>;
}

/** Caps on hostile input: far above any real server (RFC 8446 §4.4.2 leaves the count open). */
const MAX_CHAIN = 16;
const MAX_CERT = 64 * 1024;

/**
 * Verifies a server's certificate chain against its TLSA records (RFC 6698, 7671, 7672).
 *
 * - DANE-EE(3): the leaf only; no names, dates, chain or key usage (RFC 7671 §5.1) unless
 *   `eeNameChecks`.
 * - DANE-TA(2): a certificate at depth ≥ 1 of the path built from the presented chain (and any
 *   `2 0 0` certificates from DNS, which are preferred), or a `2 1 0` key that signed the top of
 *   the chain; then full path validation below the anchor: signatures, dates, basicConstraints
 *   and pathLen (the anchor's own too), the `serverAuth` purpose, name constraints, and the
 *   leaf's names against `referenceIds` (RFC 7671 §5.2). A self-signed anchor's dates are
 *   checked, an intermediate anchor's are not (OpenSSL's rule; see `taValidity`).
 * - PKIX-TA(0)/PKIX-EE(1), generic profile: also a path to one of `trustAnchors` (RFC 7671 §5.4).
 * - Digest agility per (usage, selector) (RFC 7671 §9).
 *
 * Never throws on bad input: malformed certificates or records give an `error`.
 * @example await verifyDane({ chain: [leafDer], records: ['3 1 1 ' + spkiSha256Hex], referenceIds: ['mx.example.com'] })
 * // { verified: true, depth: 0, matched: { usage: 3, … }, usable: [ … ], unusable: [] }
 * @see https://www.rfc-editor.org/rfc/rfc7671#section-5
 * @see https://www.rfc-editor.org/rfc/rfc7672#section-3
 */
export async function verifyDane(input: DaneInput): Promise<DaneVerification> {
  const profile: DaneProfile = input.profile === 'generic' ? 'generic' : 'smtp';
  const { usable, unusable } = sortRecords(input.records ?? [], { profile });
  const result = (
    verified: boolean,
    depth: number,
    matched: TlsaRecord | undefined,
    code?: DaneIssueCode,
    errorDepth?: number,
  ): DaneVerification => {
    const out: {
      verified: boolean;
      depth: number;
      matched?: TlsaRecord;
      usable: TlsaRecord[];
      unusable: DaneVerification['unusable'];
      error?: Issue<DaneIssueCode>;
    } = { verified, depth, usable, unusable };
    if (matched !== undefined) out.matched = matched;
    if (code !== undefined) {
      out.error = issue(
        daneIssues,
        code,
        'error',
        undefined,
        errorDepth === undefined ? undefined : `depth ${errorDepth}`,
      );
    }
    return out;
  };
  // RFC 7672 §2.2 / Postfix: no usable records → mandatory but unauthenticated TLS (encrypt-only)
  if (usable.length === 0) return result(false, -1, undefined, 'no-usable-records');
  const chain = input.chain ?? [];
  if (chain.length > MAX_CHAIN || chain.some((c) => !(c instanceof Uint8Array) || c.length > MAX_CERT)) {
    return result(false, -1, undefined, 'chain-too-long');
  }
  const leaf = chain[0];
  if (leaf === undefined) return result(false, -1, undefined, 'malformed-certificate', 0);
  const records = applyAgility(usable, input.matchingTypeOrder ?? [2, 1]);
  const referenceIds = input.referenceIds ?? [];

  // Depth 0: EE usages, DANE-EE(3) before PKIX-EE(1) (x509_vfy.c dane_verify)
  const ee = records.filter((r) => r.usage === 3 || r.usage === 1);
  const eeMatch = ee.length === 0 ? undefined : matchAt(ee, leaf);
  if (eeMatch?.usage === 3) {
    if (!input.eeNameChecks) return result(true, 0, eeMatch);
    const x = parseX509(leaf);
    if (x === undefined) return result(false, 0, eeMatch, 'malformed-certificate', 0);
    return namesMatch(x, referenceIds)
      ? result(true, 0, eeMatch)
      : result(false, 0, eeMatch, 'name-mismatch', 0);
  }
  const hasTa = records.some((r) => r.usage === 2 || r.usage === 0);
  if (eeMatch === undefined && !hasTa) return result(false, -1, undefined, 'no-match', 0);

  // Path building for 0, 1 and 2
  const now =
    input.now instanceof Date && !Number.isNaN(input.now.getTime()) ? input.now.getTime() : Date.now();
  const outcome = await verifyPath({
    chain,
    records,
    eeMatch,
    referenceIds,
    trustAnchors: profile === 'generic' ? (input.trustAnchors ?? []) : [],
    now,
    taValidity: input.taValidity ?? 'openssl',
    verifier:
      typeof input.signatureVerifier === 'function' ? input.signatureVerifier : defaultSignatureVerifier,
  });
  return result(outcome.verified, outcome.depth, outcome.matched, outcome.code, outcome.errorDepth);
}
