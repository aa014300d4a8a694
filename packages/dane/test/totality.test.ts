// Totality of every public function over arbitrary JavaScript values (STYLE.md "Tests" 2): the
// functions documented as total never throw and never reject; the few whose contract is a
// TypeError for a programmer error (formatting, encoding and generation parameters) throw only
// that deliberate TypeError, never an incidental one.
import { fc, test } from '@fast-check/vitest';
import type { Result } from '@mailtls/core';
import { describe, expect } from 'vitest';
import { anyValue } from '../../../test-utils/anything.ts';
import * as dane from '../src/index.ts';
import { nodeSignatureVerifier } from '../src/verify.node.ts';
import { fixtureChain } from './helpers.ts';

const [leaf, int] = fixtureChain('rsa-chain.pem') as [Uint8Array, Uint8Array];
const CODES = new Set(Object.keys(dane.daneIssues));

/** Anything, with a bias towards the shapes the functions look into. */

const value = fc.oneof(
  anyValue,
  fc.constantFrom(null, undefined, leaf, int, '3 1 1 00', `2 1 1 ${'00'.repeat(32)}`, new Date(Number.NaN)),
  fc.uint8Array({ maxLength: 40 }),
  fc.record(
    {
      usage: fc.oneof(anyValue, fc.nat(300)),
      selector: fc.oneof(anyValue, fc.nat(3)),
      matchingType: fc.oneof(anyValue, fc.nat(3)),
      data: fc.oneof(anyValue, fc.uint8Array({ maxLength: 40 })),
    },
    { requiredKeys: [] },
  ),
);
const list = fc.oneof(value, fc.array(value, { maxLength: 4 }));
const input = fc.oneof(
  value,
  fc.record(
    {
      chain: list,
      records: list,
      referenceIds: list,
      profile: fc.oneof(fc.constantFrom('smtp', 'generic'), value),
      trustAnchors: list,
      eeNameChecks: value,
      matchingTypeOrder: list,
      taValidity: fc.oneof(fc.constantFrom('openssl', 'ignore', 'check'), value),
      now: value,
      dnssec: fc.oneof(fc.constantFrom('secure', 'insecure', 'bogus', 'error'), value),
      baseDomain: value,
      verification: value,
      requireDane: value,
    },
    { requiredKeys: [] },
  ),
);

/** A deliberate TypeError: one of ours, not a property read on null or a failed coercion. */
const DELIBERATE =
  /^(Invalid (usage|selector|matching type|port|protocol)|Unsupported matching type|TLSA field out of range|TLSA data must be|Empty host name|TLSA record must be)/;
function throwsOnlyDeliberately(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(DELIBERATE);
  }
}
const issuesKnown = (issues: readonly { code: string }[] | undefined) => {
  for (const i of issues ?? []) expect(CODES.has(i.code), i.code).toBe(true);
};

describe('total on arbitrary JavaScript values', () => {
  test.prop([input], { numRuns: 300 })('verifyDane never throws nor rejects', async (x) => {
    const v = await (dane.verifyDane as (i: unknown) => Promise<dane.DaneVerification>)(x);
    expect(typeof v.verified).toBe('boolean');
    if (!v.verified) expect(v.error).toBeDefined();
    issuesKnown(v.error === undefined ? [] : [v.error]);
    issuesKnown(v.warnings);
    issuesKnown(v.unusable);
  });
  test.prop([input])('matchDaneEe', (x) => {
    const v = (dane.matchDaneEe as (i: unknown) => dane.DaneEeMatch)(x);
    expect(typeof v.verified).toBe('boolean');
    issuesKnown(v.unusable);
  });
  test.prop([input])('evaluateTlsaRrset and toTlsrptPolicy', (x) => {
    (dane.evaluateTlsaRrset as (i: unknown) => unknown)(x);
    const p = (dane.toTlsrptPolicy as (i: unknown) => dane.DaneTlsrptPolicy)(x);
    for (const s of p.policyString) expect(typeof s).toBe('string');
  });
  test.prop([value, value])('record parsers, matchers and the DER walker', (a, b) => {
    const any = <T>(f: T) => f as (...args: unknown[]) => unknown;
    for (const r of [any(dane.parseTlsaRecord)(a, b), any(dane.parseTlsaRdata)(a)] as Result<unknown>[]) {
      issuesKnown(r.ok ? r.warnings : r.errors);
    }
    expect(typeof any(dane.tlsaMatchesCertificate)(a, b)).toBe('boolean');
    any(dane.selectedBytes)(a, b);
    expect(typeof any(dane.isCertificate)(a)).toBe('boolean');
    expect(typeof any(dane.isSubjectPublicKeyInfo)(a)).toBe('boolean');
    any(dane.spkiOfCertificate)(a);
    const u = any(dane.tlsaUsability)(a, b) as dane.TlsaUsability;
    expect(typeof u.usable).toBe('boolean');
    issuesKnown((any(dane.sortRecords)(a, b) as dane.SortedRecords).unusable);
    expect(Array.isArray(any(dane.applyAgility)(a, b))).toBe(true);
    const r = any(dane.recommendTlsaRecords)(a) as Result<unknown>;
    issuesKnown(r.ok ? r.warnings : r.errors);
  });
  test.prop([value, value, value])(
    'functions whose contract is a TypeError throw only that one',
    (a, b, c) => {
      const any = <T>(f: T) => f as (...args: unknown[]) => unknown;
      throwsOnlyDeliberately(() => any(dane.formatTlsaRecord)(a, b));
      throwsOnlyDeliberately(() => any(dane.encodeTlsaRdata)(a));
      throwsOnlyDeliberately(() => any(dane.tlsaOwnerName)(a, b, c));
      throwsOnlyDeliberately(() => any(dane.associationData)(a, b));
      throwsOnlyDeliberately(() => any(dane.createTlsaRecord)(a, b));
    },
  );
  test.prop([value], { numRuns: 60 })('signature verifiers answer a verdict', async (x) => {
    for (const verify of [dane.webCryptoSignatureVerifier, nodeSignatureVerifier]) {
      const v = await (verify as (c: unknown) => Promise<dane.SignatureVerdict>)(x);
      expect(['ok', 'bad', 'unsupported']).toContain(v);
    }
  });
});
