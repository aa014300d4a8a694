/**
 * Matching a certificate against a TLSA record (RFC 6698 §2.1.2–2.1.3), and the synchronous
 * DANE-EE(3) check (RFC 7671 §5.1). No certificate object model: the SPKI is sliced out of the
 * DER and hashed synchronously: SHA-256 by @noble/hashes, SHA-512 by the compact `_sha512.ts`.
 * @module
 */

import { type Issue, issue } from '@mailtls/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { sha512 } from './_sha512.ts';
import { show } from './_show.ts';
import { bytesEqual, spkiOfCertificate } from './der.ts';
import { type TlsaIssueCode, tlsaIssues } from './issues.ts';
import type { TlsaRecord } from './record.ts';
import { applyAgility, type DaneProfile, sortRecordsAt, type UsabilityOptions } from './usability.ts';

/**
 * The bytes a selector designates in a DER certificate: the certificate itself (0) or its
 * SubjectPublicKeyInfo exactly as encoded in it (1). `undefined` for a malformed certificate
 * or another selector.
 * @example selectedBytes(der, 1)?.[0] // 0x30
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-2.1.2
 */
export function selectedBytes(certificate: Uint8Array, selector: number): Uint8Array | undefined {
  if (selector === 1) return spkiOfCertificate(certificate);
  if (selector === 0) return spkiOfCertificate(certificate) === undefined ? undefined : certificate;
  return undefined;
}

/**
 * The certificate association data for `bytes` under a matching type: the bytes themselves
 * (0), SHA2-256 (1) or SHA2-512 (2).
 * @example associationData(spki, 1).length // 32
 * @throws TypeError for another matching type, or bytes that are not a Uint8Array
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-2.1.3
 */
export function associationData(bytes: Uint8Array, matchingType: number): Uint8Array {
  if (!(bytes instanceof Uint8Array))
    throw new TypeError(`TLSA data must be a Uint8Array, not ${show(bytes)}`);
  if (matchingType === 1) return sha256(bytes);
  if (matchingType === 2) return sha512(bytes);
  if (matchingType === 0) return bytes;
  throw new TypeError(`Unsupported matching type: ${show(matchingType)}`);
}

/**
 * Whether a record's selector and matching type designate this DER certificate. The usage is
 * not considered (which certificate of a chain a usage may match is {@link verifyDane}'s job).
 * Never throws: a malformed certificate or an unknown selector/type does not match.
 * @example tlsaMatchesCertificate({ usage: 3, selector: 1, matchingType: 1, data: sha256(spki) }, der) // true
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-2.1
 */
export function tlsaMatchesCertificate(record: TlsaRecord, certificate: Uint8Array): boolean {
  if (typeof record !== 'object' || record === null) return false;
  const { selector, matchingType, data } = record;
  if (!(data instanceof Uint8Array)) return false;
  if (
    matchingType === 1 ? data.length !== 32 : matchingType === 2 ? data.length !== 64 : matchingType !== 0
  ) {
    return false;
  }
  const bytes = selectedBytes(certificate, selector);
  if (bytes === undefined) return false;
  if (matchingType === 0) return bytesEqual(bytes, data);
  return bytesEqual(matchingType === 1 ? sha256(bytes) : sha512(bytes), data);
}

/** Input of {@link matchDaneEe}. */
export interface DaneEeInput {
  /** The server's chain, DER, leaf first; only the leaf is looked at. */
  readonly chain: readonly Uint8Array[];
  readonly records: ReadonlyArray<TlsaRecord | string>;
  readonly profile?: DaneProfile;
  /** Digest preference, strongest first; default `[2, 1]` (RFC 7671 §9). */
  readonly matchingTypeOrder?: readonly number[];
}

/** Result of {@link matchDaneEe}. */
export interface DaneEeMatch {
  /** Whether a usable DANE-EE(3) record matched the leaf. */
  readonly verified: boolean;
  /** 0 when a DANE-EE record matched the leaf, else -1. */
  readonly depth: number;
  readonly matched?: TlsaRecord;
  readonly usable: TlsaRecord[];
  readonly unusable: { readonly record: TlsaRecord | string; readonly code: TlsaIssueCode }[];
  /** `no-usable-records` or `no-match` when not verified. */
  readonly error?: Issue<TlsaIssueCode>;
}

/**
 * Synchronous DANE-EE(3) verification (RFC 7671 §5.1): does a usable, post-agility `3 x x` record
 * match the leaf? No names, dates, chain or key usage are checked, as the RFC requires; the rest
 * of the chain may be anything. Other usages are ignored here: {@link verifyDane} does all of
 * them. This is the hot path for "3 1 1", and bundles without any X.509 or WebCrypto code.
 * @example matchDaneEe({ chain: [leafDer], records: ['3 1 1 ' + hexOfSpkiSha256] }).verified // true
 * @see https://www.rfc-editor.org/rfc/rfc7671#section-5.1
 */
export function matchDaneEe(input: DaneEeInput): DaneEeMatch {
  // total for JavaScript callers: a missing or mistyped member reads as absent
  const { chain, records, profile, matchingTypeOrder } = (input ?? {}) as Partial<DaneEeInput>;
  // tlsaUsability reads anything but 'generic' as the default, 'smtp'
  const { usable, unusable } = sortRecordsAt(
    records as DaneEeInput['records'],
    { profile } as UsabilityOptions,
  );
  const ee = applyAgility(
    usable.filter((r) => r.usage === 3),
    matchingTypeOrder,
  );
  // Positions are RFC 6901 pointers into `input`: the RRset, or the leaf it was matched against
  if (ee.length === 0) {
    return {
      verified: false,
      depth: -1,
      usable,
      unusable,
      error:
        usable.length === 0
          ? issue(tlsaIssues, 'no-usable-records', 'error', { pointer: '/records' })
          : noMatch(),
    };
  }
  const leaf = chain?.[0]; // matchAt matches nothing that is not a DER certificate
  const matched = leaf === undefined ? undefined : matchAt(ee, leaf);
  if (matched === undefined) return { verified: false, depth: -1, usable, unusable, error: noMatch() };
  return { verified: true, depth: 0, matched, usable, unusable };
}

const noMatch = (): Issue<TlsaIssueCode> => issue(tlsaIssues, 'no-match', 'error', { pointer: '/chain/0' });

/**
 * The first record of `records` (already in matching order) that designates `certificate`.
 * Slices the SPKI (unless the caller, having parsed the certificate, passes it) and computes each
 * digest at most once.
 */
export function matchAt(
  records: readonly TlsaRecord[],
  certificate: Uint8Array,
  knownSpki?: Uint8Array,
): TlsaRecord | undefined {
  let spki: Uint8Array | undefined | null = knownSpki ?? null;
  const digests: (Uint8Array | undefined)[] = [];
  for (const r of records) {
    if (r.selector === 1 && spki === null) spki = spkiOfCertificate(certificate);
    if (r.selector === 0 && spki === null) {
      spki = spkiOfCertificate(certificate);
    }
    if (spki === undefined) return undefined; // malformed certificate: nothing matches
    const bytes = r.selector === 1 ? (spki as Uint8Array) : certificate;
    let candidate: Uint8Array;
    if (r.matchingType === 0) candidate = bytes;
    else {
      const slot = r.selector * 3 + r.matchingType;
      candidate = digests[slot] ??= r.matchingType === 1 ? sha256(bytes) : sha512(bytes);
    }
    if (bytesEqual(candidate, r.data)) return r;
  }
  return undefined;
}
