/**
 * The detached OpenPGP signature over `policy.json`, checked through a caller-supplied verifier
 * so that no OpenPGP implementation is bundled.
 * @module
 */
import { type Issue, issue, type Result } from '@mailtls/core';
import { type PolicyListIssueCode, policyListIssues } from './issues.ts';

/** Primary key of the STARTTLS Everywhere Team `<starttls-policy@eff.org>` (RSA-2048, 2018-04-18). */
export const EFF_POLICY_KEY_FINGERPRINT = 'B693F33372E965D76D55368616EEA65D03326C9D';
/** The signing subkey that signed every published list (long key ID `842AEA40C5BCD6E1`). */
export const EFF_POLICY_SIGNING_SUBKEY_FINGERPRINT = '2C319DE47066C200DFDC4D6B842AEA40C5BCD6E1';

/** What a verifier reports for one signature. */
export interface VerifierResult {
  /** Whether the signature is cryptographically valid over exactly these bytes. */
  readonly ok: boolean;
  /** Signature creation time (hashed subpacket 2). */
  readonly created?: Date | number;
  /** Fingerprint of the key (or subkey) that made the signature, hex, any case or spacing. */
  readonly fingerprint?: string;
}

/**
 * A pluggable verifier: checks an ASCII-armored detached signature over `data`. Wrap an OpenPGP
 * library (openpgp.js, gpgv in a subprocess, a WebCrypto-based one) holding the EFF public key.
 */
export type PolicyListVerifier = (
  data: Uint8Array,
  armoredSignature: string,
) => VerifierResult | Promise<VerifierResult>;

/** Options for {@link verifyPolicyListSignature}. */
export interface VerifySignatureOptions {
  readonly verify: PolicyListVerifier;
  /**
   * Fingerprints allowed to sign. Default: the EFF primary key and its signing subkey. Compared
   * as full fingerprints only: a 64-bit key ID can be forged.
   */
  readonly fingerprints?: readonly string[];
}

/** A verified signature. */
export interface VerifiedSignature {
  /** Creation time, milliseconds since the epoch (compare it across updates to refuse rollbacks). */
  readonly created: number;
  /** Upper-case hex fingerprint of the signing key. */
  readonly fingerprint: string;
}

const ARMOR_BEGIN = '-----BEGIN PGP SIGNATURE-----';
const ARMOR_END = '-----END PGP SIGNATURE-----';
const MAX_SIGNATURE = 64 * 1024;

/**
 * Verifies the detached, ASCII-armored OpenPGP signature (`policy.json.asc`) over the list's
 * exact bytes with a caller-supplied verifier, then checks the signer is trusted. Pass the bytes
 * as downloaded: re-serialised JSON does not verify (signature class 0x00, binary document). A
 * string is encoded as UTF-8. Never rejects: a verifier that throws gives
 * `signature-verifier-failed`.
 * @example await verifyPolicyListSignature(bytes, asc, { verify: openpgpVerifier })
 * // { ok: true, value: { created: 1589995512000, fingerprint: '2C319DE4…' }, warnings: [] }
 * @see https://www.rfc-editor.org/rfc/rfc4880#section-5.2
 */
export async function verifyPolicyListSignature(
  json: string | Uint8Array,
  signature: string,
  options: VerifySignatureOptions,
): Promise<Result<VerifiedSignature, PolicyListIssueCode>> {
  const fail = (
    code: PolicyListIssueCode,
    detail?: string,
  ): Result<VerifiedSignature, PolicyListIssueCode> => ({
    ok: false,
    errors: [issue(policyListIssues, code, 'error', undefined, detail)],
    warnings: [] as Issue<PolicyListIssueCode>[],
  });
  // RULES.md says "gpg --clearsign", but every published list has a detached armored signature.
  if (typeof signature !== 'string' || signature.length > MAX_SIGNATURE) return fail('signature-not-armored');
  const begin = signature.indexOf(ARMOR_BEGIN);
  if (begin < 0 || signature.indexOf(ARMOR_END, begin) < 0) return fail('signature-not-armored');
  const data = typeof json === 'string' ? new TextEncoder().encode(json) : json;
  let result: VerifierResult;
  try {
    result = await options.verify(data, signature);
  } catch (e) {
    return fail('signature-verifier-failed', e instanceof Error ? e.message : String(e));
  }
  if (result === null || typeof result !== 'object' || result.ok !== true) return fail('signature-invalid');
  const fingerprint = normalizeFingerprint(result.fingerprint);
  const trusted = (
    options.fingerprints ?? [EFF_POLICY_KEY_FINGERPRINT, EFF_POLICY_SIGNING_SUBKEY_FINGERPRINT]
  ).map(normalizeFingerprint);
  if (fingerprint === undefined || fingerprint.length < 40 || !trusted.includes(fingerprint)) {
    return fail(
      'signature-untrusted-key',
      result.fingerprint === undefined ? 'none' : String(result.fingerprint),
    );
  }
  const created = result.created === undefined ? Number.NaN : +result.created;
  if (!Number.isFinite(created)) return fail('signature-verifier-failed', 'no creation time');
  return { ok: true, value: { created, fingerprint }, warnings: [] };
}

function normalizeFingerprint(f: unknown): string | undefined {
  if (typeof f !== 'string') return undefined;
  let out = '';
  for (let i = 0; i < f.length; i++) {
    const c = f.charCodeAt(i);
    if (c === 0x20) continue;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46)) out += f[i];
    else if (c >= 0x61 && c <= 0x66) out += String.fromCharCode(c - 0x20);
    else return undefined;
  }
  return out;
}
