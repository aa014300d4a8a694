/**
 * The SMTP sender's decision for one MX host from its TLSA RRset and DNSSEC status (RFC 7672
 * §2.1–2.2, RFC 6698 §4.1, RFC 7671 §4.1), and the matching TLSRPT policy and result type
 * (RFC 8460 §4.3–4.4).
 * @module
 */
import { normalizeHostname } from '@mailtls/core';
import type { DaneIssueCode } from './issues.ts';
import { formatTlsaRecord, isEncodable, parseTlsaRecord, type TlsaRecord } from './record.ts';
import { type DaneProfile, sortRecords } from './usability.ts';
import type { DaneVerification } from './verify.ts';

/**
 * DNSSEC validation status of the TLSA RRset, as the caller's validating resolver reported it:
 * `secure` (AD bit, including a secure NXDOMAIN/NODATA), `insecure`, `bogus`, `indeterminate`
 * (treated as insecure, RFC 7672 §2.1.1 as corrected by erratum 5395), or `error` (SERVFAIL,
 * timeout: a failed lookup, never "no records").
 */
export type DnssecStatus = 'secure' | 'insecure' | 'bogus' | 'indeterminate' | 'error';

/**
 * What the sender does: `no-dane` (opportunistic TLS as without DANE), `encrypt-only` (TLS
 * required, not authenticated: a secure RRset with zero usable records), `verify` (TLS required
 * and authenticated by the records) or `defer` (the lookup failed: do not deliver to this host now).
 */
export type DaneDecision = 'no-dane' | 'encrypt-only' | 'verify' | 'defer';

/** Input of {@link evaluateTlsaRrset}. */
export interface TlsaRrsetInput {
  /** The TLSA RRset; empty for NXDOMAIN/NODATA. */
  readonly records: ReadonlyArray<TlsaRecord | string>;
  readonly dnssec: DnssecStatus;
  /** Default `smtp`. */
  readonly profile?: DaneProfile;
}

/** Output of {@link evaluateTlsaRrset}. */
export interface TlsaRrsetEvaluation {
  readonly decision: DaneDecision;
  /** The usable records (only for a secure RRset). */
  readonly usable: TlsaRecord[];
  readonly unusable: { readonly record: TlsaRecord | string; readonly code: DaneIssueCode }[];
  /** STARTTLS is mandatory (no plaintext fallback) for `verify` and `encrypt-only`. */
  readonly tlsRequired: boolean;
}

/**
 * The sender's decision for one MX host (RFC 7672 §2.2, the decision table of docs/dane.md):
 *
 * | dnssec | records | decision |
 * |---|---|---|
 * | `insecure`, `indeterminate` | any | `no-dane` (RFC 6698 §4.1: "MUST be considered unusable") |
 * | `bogus`, `error` | any | `defer` (RFC 6698 §4.1: "MUST cause TLS not to be started") |
 * | `secure` | none (NXDOMAIN/NODATA) | `no-dane` |
 * | `secure` | ≥ 1 usable | `verify` (RFC 7671 §4.1: authentication "MUST succeed") |
 * | `secure` | all unusable | `encrypt-only` (RFC 7672 §2.2; Postfix, mox) |
 * @example evaluateTlsaRrset({ records: ['3 1 1 ' + 'ab'.repeat(32)], dnssec: 'secure' }).decision // 'verify'
 * @example evaluateTlsaRrset({ records: ['1 1 1 ' + 'ab'.repeat(32)], dnssec: 'secure' }).decision // 'encrypt-only'
 * @see https://www.rfc-editor.org/rfc/rfc7672#section-2.2
 */
export function evaluateTlsaRrset(input: TlsaRrsetInput): TlsaRrsetEvaluation {
  // total for JavaScript callers: a missing or mistyped member reads as absent (no RRset, and an
  // unknown status is not `secure`)
  const { dnssec, records: given, profile } = (input ?? {}) as Partial<TlsaRrsetInput>;
  if (dnssec === 'bogus' || dnssec === 'error')
    return { decision: 'defer', usable: [], unusable: [], tlsRequired: false };
  if (dnssec !== 'secure') return { decision: 'no-dane', usable: [], unusable: [], tlsRequired: false };
  const records = Array.isArray(given) ? given : [];
  const { usable, unusable } = sortRecords(records, { profile: profile === 'generic' ? profile : 'smtp' });
  if (records.length === 0) return { decision: 'no-dane', usable, unusable, tlsRequired: false };
  if (usable.length === 0) return { decision: 'encrypt-only', usable, unusable, tlsRequired: true };
  return { decision: 'verify', usable, unusable, tlsRequired: true };
}

/** TLSRPT result types (RFC 8460 §4.3) that DANE outcomes map to. */
export type DaneTlsrptResultType =
  | 'tlsa-invalid'
  | 'dnssec-invalid'
  | 'dane-required'
  | 'certificate-host-mismatch'
  | 'certificate-expired'
  | 'certificate-not-trusted'
  | 'validation-failure';

/** Input of {@link toTlsrptPolicy}. */
export interface DaneTlsrptInput {
  /** The TLSA base domain (the MX host name): TLSRPT's `policy-domain` for DANE. */
  readonly baseDomain: string;
  readonly records: ReadonlyArray<TlsaRecord | string>;
  readonly dnssec: DnssecStatus;
  /** The verification of the session, when TLS got that far. */
  readonly verification?: DaneVerification;
  /** Local "DANE required" policy (RFC 7672 §6): no secure usable TLSA is then a failure. */
  readonly requireDane?: boolean;
  readonly profile?: DaneProfile;
}

/** A TLSRPT policy block and, for a failure, its result type (RFC 8460 §4.3–4.4). */
export interface DaneTlsrptPolicy {
  /** `policy-type`: `tlsa`, or `no-policy-found` when there is no DANE for the host. */
  readonly policyType: 'tlsa' | 'no-policy-found';
  /**
   * `policy-string`: every RR of the TLSA RRset in canonical presentation form `u s m HEX`
   * (spec §10.2), as {@link formatTlsaRecord} writes it: an RR with no association data has no
   * HEX field and is `\# 3 030101` (RFC 3597), which TLSA parsers read back. A string that does
   * not parse is kept as given (trimmed); a value that is no record at all is left out.
   */
  readonly policyString: string[];
  /** `policy-domain`: the TLSA base domain. */
  readonly policyDomain: string;
  /** `result-type` of a failure; absent for success or no policy. */
  readonly resultType?: DaneTlsrptResultType;
  /** `failure-reason-code` (free-form, RFC 8460 §4.4), when a more precise reason is known. */
  readonly failureReasonCode?: string;
}

const REASON: Partial<Record<DaneIssueCode, [DaneTlsrptResultType, string | undefined]>> = {
  'no-match': ['validation-failure', 'dane-no-match'],
  'name-mismatch': ['certificate-host-mismatch', 'dane-ta-name-mismatch'],
  'certificate-expired': ['certificate-expired', undefined],
  'certificate-not-yet-valid': ['validation-failure', 'certificate-not-yet-valid'],
  'no-usable-records': ['tlsa-invalid', 'all-unusable-records'],
};

/**
 * The TLSRPT policy for a DANE host, and the result type of a failure (spec §10.2):
 * `tlsa-invalid` for an all-unusable RRset (encrypt-only), `dnssec-invalid` for a bogus or failed
 * lookup, `dane-required` when DANE is required and absent, and the certificate result types for
 * verification failures (`certificate-host-mismatch`, `certificate-expired`,
 * `certificate-not-trusted`, else `validation-failure`).
 * @example toTlsrptPolicy({ baseDomain: 'mx.example.com', records: ['3 1 1 ' + 'ab'.repeat(32)], dnssec: 'bogus' })
 * // { policyType: 'tlsa', policyString: ['3 1 1 ABAB…'], policyDomain: 'mx.example.com', resultType: 'dnssec-invalid', failureReasonCode: 'dnssec-bogus' }
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-4.3
 */
export function toTlsrptPolicy(input: DaneTlsrptInput): DaneTlsrptPolicy {
  // total for JavaScript callers: a missing or mistyped member reads as absent
  const o = (input ?? {}) as Partial<DaneTlsrptInput>;
  const policyDomain = normalizeHostname(o.baseDomain as string);
  const records = Array.isArray(o.records) ? o.records : [];
  const policyString: string[] = [];
  for (const r of records) {
    if (typeof r !== 'string') {
      if (isEncodable(r)) policyString.push(formatTlsaRecord(r));
      continue;
    }
    const p = parseTlsaRecord(r);
    policyString.push(p.ok ? formatTlsaRecord(p.value) : r.trim());
  }
  const evaluation = evaluateTlsaRrset(
    o.profile === undefined
      ? { records, dnssec: o.dnssec as DnssecStatus }
      : { records, dnssec: o.dnssec as DnssecStatus, profile: o.profile },
  );
  const tlsa = (resultType?: DaneTlsrptResultType, failureReasonCode?: string): DaneTlsrptPolicy => {
    const out: { -readonly [K in keyof DaneTlsrptPolicy]: DaneTlsrptPolicy[K] } = {
      policyType: 'tlsa',
      policyString,
      policyDomain,
    };
    if (resultType !== undefined) out.resultType = resultType;
    if (failureReasonCode !== undefined) out.failureReasonCode = failureReasonCode;
    return out;
  };
  switch (evaluation.decision) {
    case 'defer':
      return tlsa('dnssec-invalid', o.dnssec === 'bogus' ? 'dnssec-bogus' : 'dns-servfail');
    case 'no-dane':
      // RFC 8460 §4.3.2 dane-required: "no DNSSEC-signed TLSA records" although required
      if (o.requireDane)
        return { policyType: 'tlsa', policyString: [], policyDomain, resultType: 'dane-required' };
      return { policyType: 'no-policy-found', policyString: [], policyDomain };
    case 'encrypt-only':
      return tlsa('tlsa-invalid', 'all-unusable-records');
    default: {
      const v = o.verification;
      if (typeof v !== 'object' || v === null || v.verified) return tlsa();
      const given: unknown = v.error?.code;
      const code = typeof given === 'string' ? given : 'no-match';
      // own keys only: a hand-made verification's code may be anything, "constructor" included
      const [type, reason]: [DaneTlsrptResultType, string | undefined] = Object.hasOwn(REASON, code)
        ? (REASON[code as DaneIssueCode] as [DaneTlsrptResultType, string | undefined])
        : ['certificate-not-trusted', code];
      return tlsa(type, reason);
    }
  }
}
