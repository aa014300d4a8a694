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
import { applyAgility, type DaneProfile, sortRecordsAt } from './usability.ts';

/** Input of {@link verifyDane}. */
export interface DaneInput {
  /**
   * DER certificates, leaf first, exactly as the server presented them. When a DANE-EE(3) record
   * matches the leaf nothing else is read (RFC 7671 §5.1); otherwise at most 16 certificates of
   * at most 64 KiB each (`chain-too-long`).
   */
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
  /**
   * Why verification failed; absent when `verified`. Its `at` is an RFC 6901 pointer into the
   * input: `/records` (the RRset as a whole), `/chain/<i>` (the certificate the error is about,
   * as the server sent it; the message names its depth in the built path), `/records/<i>` (a
   * certificate from a `2 0 0` or `0 0 0` record) or `/trustAnchors/<i>`.
   */
  readonly error?: Issue<DaneIssueCode>;
  /**
   * Issues that do not change the verdict, e.g. `trust-anchor-expired` (`info`): the trust anchor
   * has expired, whatever `taValidity` made of it (spec §6.4), so that monitors can warn before
   * clients that check its dates fail. Positioned as `error` is. `verifyDane` always sets it
   * (empty when there are none); optional only so that a verification built by hand, e.g. for
   * `toTlsrptPolicy`, need not carry one.
   */
  readonly warnings?: readonly Issue<DaneIssueCode>[];
}

/** Caps on hostile input: far above any real server (RFC 8446 §4.4.2 leaves the count open). */
const MAX_CHAIN = 16;
const MAX_CERT = 64 * 1024;

/**
 * Verifies a server's certificate chain against its TLSA records (RFC 6698, 7671, 7672).
 *
 * - DANE-EE(3): the leaf only; no names, dates, chain or key usage (RFC 7671 §5.1) unless
 *   `eeNameChecks`. The rest of the chain is not looked at: it may be anything, even too long.
 * - DANE-TA(2): a certificate at depth ≥ 1 of the path built from the presented chain (and any
 *   `2 0 0` certificates from DNS, which are preferred), or a `2 1 0` key that signed the top of
 *   the chain; then full path validation below the anchor: signatures, dates, basicConstraints
 *   and pathLen (the anchor's own too), the `serverAuth` purpose, name constraints, and the
 *   leaf's names against `referenceIds` (RFC 7671 §5.2). A self-signed anchor's dates are
 *   checked, an intermediate anchor's are not (OpenSSL's rule; see `taValidity`); an expired
 *   anchor is reported in `warnings` either way.
 * - PKIX-TA(0)/PKIX-EE(1), generic profile: also a path to one of `trustAnchors` (RFC 7671 §5.4).
 * - Digest agility per (usage, selector) (RFC 7671 §9).
 *
 * Never throws and never rejects, whatever the input: malformed certificates or records, or
 * members of the wrong type, give an `error`.
 * @example await verifyDane({ chain: [leafDer], records: ['3 1 1 ' + spkiSha256Hex], referenceIds: ['mx.example.com'] })
 * // { verified: true, depth: 0, matched: { usage: 3, … }, usable: [ … ], unusable: [], warnings: [] }
 * @see https://www.rfc-editor.org/rfc/rfc7671#section-5
 * @see https://www.rfc-editor.org/rfc/rfc7672#section-3
 */
export async function verifyDane(input: DaneInput): Promise<DaneVerification> {
  // total for JavaScript callers: a missing or mistyped member reads as absent
  const o = (input ?? {}) as Partial<DaneInput>;
  const profile: DaneProfile = o.profile === 'generic' ? 'generic' : 'smtp';
  // where each usable record sits in o.records, for positions (/records/<i>)
  const recordAt = new Map<TlsaRecord, number>();
  const { usable, unusable } = sortRecordsAt(o.records as DaneInput['records'], { profile }, recordAt);
  const warnings: Issue<DaneIssueCode>[] = [];
  const result = (
    verified: boolean,
    depth: number,
    matched: TlsaRecord | undefined,
    code?: DaneIssueCode,
    pointer?: string,
    errorDepth?: number,
  ): DaneVerification => {
    const out: {
      verified: boolean;
      depth: number;
      matched?: TlsaRecord;
      usable: TlsaRecord[];
      unusable: DaneVerification['unusable'];
      error?: Issue<DaneIssueCode>;
      warnings: Issue<DaneIssueCode>[];
    } = { verified, depth, usable, unusable, warnings };
    if (matched !== undefined) out.matched = matched;
    if (code !== undefined) {
      out.error = issue(
        daneIssues,
        code,
        'error',
        pointer === undefined ? undefined : { pointer },
        errorDepth === undefined ? undefined : `depth ${errorDepth}`,
      );
    }
    return out;
  };
  // RFC 7672 §2.2 / Postfix: no usable records → mandatory but unauthenticated TLS (encrypt-only)
  if (usable.length === 0) return result(false, -1, undefined, 'no-usable-records', '/records');
  const chain: readonly unknown[] = Array.isArray(o.chain) ? o.chain : [];
  // Only the leaf is needed for DANE-EE: nothing else of the chain is read until the path is
  // (spec §5: "The rest of the presented chain is irrelevant and may be garbage")
  const leaf = chain[0];
  if (!(leaf instanceof Uint8Array))
    return result(false, -1, undefined, 'malformed-certificate', '/chain/0', 0);
  if (leaf.length > MAX_CERT) return result(false, -1, undefined, 'chain-too-long', '/chain/0');
  const records = applyAgility(usable, o.matchingTypeOrder);
  const referenceIds: readonly string[] = Array.isArray(o.referenceIds) ? o.referenceIds : [];

  // Depth 0: EE usages, DANE-EE(3) before PKIX-EE(1) (x509_vfy.c dane_verify)
  const ee = records.filter((r) => r.usage === 3 || r.usage === 1);
  const eeMatch = ee.length === 0 ? undefined : matchAt(ee, leaf);
  if (eeMatch?.usage === 3) {
    if (!o.eeNameChecks) return result(true, 0, eeMatch);
    const x = parseX509(leaf);
    if (x === undefined) return result(false, 0, eeMatch, 'malformed-certificate', '/chain/0', 0);
    return namesMatch(x, referenceIds)
      ? result(true, 0, eeMatch)
      : result(false, 0, eeMatch, 'name-mismatch', '/chain/0', 0);
  }
  const hasTa = records.some((r) => r.usage === 2 || r.usage === 0);
  if (eeMatch === undefined && !hasTa) return result(false, -1, undefined, 'no-match', '/chain/0', 0);

  // Path building for 0, 1 and 2: now the rest of the chain counts, and its caps bound the work
  const depth = eeMatch === undefined ? -1 : 0;
  if (chain.length > MAX_CHAIN) return result(false, depth, eeMatch, 'chain-too-long', '/chain');
  for (let i = 1; i < chain.length; i++) {
    const c = chain[i];
    if (!(c instanceof Uint8Array))
      return result(false, depth, eeMatch, 'malformed-certificate', `/chain/${i}`, i);
    if (c.length > MAX_CERT) return result(false, depth, eeMatch, 'chain-too-long', `/chain/${i}`);
  }
  const now = o.now instanceof Date && !Number.isNaN(o.now.getTime()) ? o.now.getTime() : Date.now();
  const outcome = await verifyPath({
    chain: chain as readonly Uint8Array[],
    records,
    recordAt,
    eeMatch,
    referenceIds,
    trustAnchors: profile === 'generic' && Array.isArray(o.trustAnchors) ? o.trustAnchors : [],
    now,
    taValidity: o.taValidity === 'ignore' || o.taValidity === 'check' ? o.taValidity : 'openssl',
    verifier: typeof o.signatureVerifier === 'function' ? o.signatureVerifier : defaultSignatureVerifier,
  });
  // spec §6.4: "Whatever the mode, report an expired TA as an `info` issue"
  const ta = outcome.taExpired;
  if (ta !== undefined) {
    warnings.push(issue(daneIssues, 'trust-anchor-expired', 'info', { pointer: ta.at }, `depth ${ta.depth}`));
  }
  return result(
    outcome.verified,
    outcome.depth,
    outcome.matched,
    outcome.code,
    outcome.errorAt,
    outcome.errorDepth,
  );
}
