import { describe, expect, it } from 'vitest';
import { type DaneVerification, evaluateTlsaRrset, parseTlsaRecord, toTlsrptPolicy } from '../src/index.ts';

const GOOD = `3 1 1 ${'AB'.repeat(32)}`;
const PKIX = `1 1 1 ${'AB'.repeat(32)}`;

describe('evaluateTlsaRrset (RFC 7672 §2.2 decision table)', () => {
  it.each([
    ['insecure', [GOOD], 'no-dane', false],
    ['indeterminate', [GOOD], 'no-dane', false],
    ['bogus', [GOOD], 'defer', false],
    ['error', [], 'defer', false],
    ['secure', [], 'no-dane', false],
    ['secure', [GOOD, PKIX], 'verify', true],
    ['secure', [PKIX, '3 1 1 00'], 'encrypt-only', true],
  ] as const)('%s %j → %s', (dnssec, records, decision, tlsRequired) => {
    expect(evaluateTlsaRrset({ records, dnssec })).toMatchObject({ decision, tlsRequired });
  });
  it('PKIX usages are usable in the generic profile', () => {
    expect(evaluateTlsaRrset({ records: [PKIX], dnssec: 'secure', profile: 'generic' }).decision).toBe(
      'verify',
    );
  });
});

describe('toTlsrptPolicy (RFC 8460 §4.3)', () => {
  const base = { baseDomain: 'MX.example.com.', records: [`3 1 1 ${'ab'.repeat(32)}`, 'junk'] };
  it('lists every RR in canonical form for the TLSA base domain', () => {
    expect(toTlsrptPolicy({ ...base, dnssec: 'secure' })).toEqual({
      policyType: 'tlsa',
      policyString: [GOOD, 'junk'],
      policyDomain: 'mx.example.com',
    });
  });
  it.each([
    ['bogus', undefined, 'dnssec-invalid', 'dnssec-bogus'],
    ['error', undefined, 'dnssec-invalid', 'dns-servfail'],
    ['secure', 'name-mismatch', 'certificate-host-mismatch', 'dane-ta-name-mismatch'],
    ['secure', 'certificate-expired', 'certificate-expired', undefined],
    ['secure', 'no-match', 'validation-failure', 'dane-no-match'],
    ['secure', 'certificate-not-yet-valid', 'validation-failure', 'certificate-not-yet-valid'],
    ['secure', 'bad-signature', 'certificate-not-trusted', 'bad-signature'],
  ] as const)('%s / %s → %s', (dnssec, code, resultType, reason) => {
    const verification =
      code === undefined
        ? undefined
        : ({
            verified: false,
            depth: 1,
            usable: [],
            unusable: [],
            error: { code },
          } as unknown as DaneVerification);
    const p = toTlsrptPolicy({ ...base, dnssec, ...(verification ? { verification } : {}) });
    expect(p.resultType).toBe(resultType);
    expect(p.failureReasonCode).toBe(reason);
  });
  it('all-unusable → tlsa-invalid; no DANE → no-policy-found, or dane-required', () => {
    expect(
      toTlsrptPolicy({ baseDomain: 'mx.example.com', records: ['3 1 1 00'], dnssec: 'secure' }),
    ).toMatchObject({
      resultType: 'tlsa-invalid',
      failureReasonCode: 'all-unusable-records',
    });
    expect(toTlsrptPolicy({ ...base, dnssec: 'insecure' })).toEqual({
      policyType: 'no-policy-found',
      policyString: [],
      policyDomain: 'mx.example.com',
    });
    expect(toTlsrptPolicy({ ...base, dnssec: 'insecure', requireDane: true })).toMatchObject({
      policyType: 'tlsa',
      policyString: [],
      resultType: 'dane-required',
    });
    const ok = { verified: true, depth: 0, usable: [], unusable: [] } as DaneVerification;
    expect(toTlsrptPolicy({ ...base, dnssec: 'secure', verification: ok }).resultType).toBeUndefined();
    expect(
      toTlsrptPolicy({
        ...base,
        records: [{ usage: 3, selector: 1, matchingType: 1, data: new Uint8Array(32) }],
        dnssec: 'secure',
        profile: 'smtp',
      }).policyString,
    ).toEqual([`3 1 1 ${'00'.repeat(32)}`]);
  });
});

describe('toTlsrptPolicy policy-string form (spec §10.2: canonical `u s m HEX`)', () => {
  it('an RR with empty data is in the RFC 3597 generic form, which parses back', () => {
    const empty = { usage: 3, selector: 1, matchingType: 1, data: new Uint8Array(0) };
    for (const records of [['\\# 3 030101'], [empty]]) {
      expect(
        toTlsrptPolicy({ baseDomain: 'mx.example.com', records, dnssec: 'secure' }).policyString,
      ).toEqual(['\\# 3 030101']);
    }
    expect(parseTlsaRecord('\\# 3 030101', { strict: true }).ok).toBe(true);
    // mnemonics and generic-form RRs with data are canonicalised alike
    const generic = `\\# 35 030101${'ab'.repeat(32)}`;
    expect(
      toTlsrptPolicy({
        baseDomain: 'mx.example.com',
        records: [generic, `DANE-EE SPKI SHA2-256 ${'ab'.repeat(32)}`],
        dnssec: 'secure',
      }).policyString,
    ).toEqual([GOOD, GOOD]);
  });
  it('a value that is no record is left out rather than thrown on', () => {
    const bad = [{ usage: 300, selector: 1, matchingType: 1, data: new Uint8Array(32) }, null];
    const p = toTlsrptPolicy({
      baseDomain: 'mx.example.com',
      records: [GOOD, ...bad] as never,
      dnssec: 'secure',
    });
    expect(p.policyString).toEqual([GOOD]);
  });
});
