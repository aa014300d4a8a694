import { describe, expect, it } from 'vitest';
import {
  EFF_POLICY_KEY_FINGERPRINT,
  EFF_POLICY_SIGNING_SUBKEY_FINGERPRINT,
  type PolicyListVerifier,
  verifyPolicyListSignature,
} from '../src/index.ts';
import { codes } from './_helpers.ts';

const ASC = '-----BEGIN PGP SIGNATURE-----\n\niQFMBAABCgA2\n=abcd\n-----END PGP SIGNATURE-----\n';
const CREATED = Date.UTC(2020, 4, 20, 17, 25, 12);

/** A fake verifier: "valid" exactly when the data is the expected bytes. */
const fake =
  (expected: string, fingerprint: string): PolicyListVerifier =>
  (data) => ({ ok: new TextDecoder().decode(data) === expected, created: new Date(CREATED), fingerprint });

describe('verifyPolicyListSignature', () => {
  it('returns creation time and fingerprint for a trusted signer', async () => {
    const spaced = EFF_POLICY_SIGNING_SUBKEY_FINGERPRINT.toLowerCase().replace(/(.{4})/g, '$1 ');
    const r = await verifyPolicyListSignature('{"a":1}', ASC, { verify: fake('{"a":1}', spaced) });
    expect(r).toEqual({
      ok: true,
      value: { created: CREATED, fingerprint: EFF_POLICY_SIGNING_SUBKEY_FINGERPRINT },
      warnings: [],
    });
    const primary = await verifyPolicyListSignature('x', ASC, {
      verify: async () => ({ ok: true, created: 5, fingerprint: EFF_POLICY_KEY_FINGERPRINT }),
    });
    expect(primary.ok).toBe(true);
  });
  it('fails when the bytes do not verify', async () => {
    const r = await verifyPolicyListSignature('{"a":2}', ASC, {
      verify: fake('{"a":1}', EFF_POLICY_KEY_FINGERPRINT),
    });
    expect(codes(r).errors).toEqual(['signature-invalid']);
  });
  it('refuses other keys, and key IDs in place of fingerprints', async () => {
    for (const fp of ['0123456789ABCDEF0123456789ABCDEF01234567', '842AEA40C5BCD6E1', 'zz', undefined]) {
      const r = await verifyPolicyListSignature('x', ASC, {
        verify: () => ({ ok: true, created: 1, ...(fp === undefined ? {} : { fingerprint: fp }) }),
      });
      expect(codes(r).errors).toEqual(['signature-untrusted-key']);
    }
    const custom = await verifyPolicyListSignature('x', ASC, {
      verify: () => ({ ok: true, created: 1, fingerprint: '0123456789ABCDEF0123456789ABCDEF01234567' }),
      fingerprints: ['0123 4567 89ab cdef 0123 4567 89ab cdef 0123 4567'],
    });
    expect(custom.ok).toBe(true);
  });
  it('refuses text that is not an armored signature, without calling the verifier', async () => {
    let called = false;
    const verify = () => {
      called = true;
      return { ok: true };
    };
    for (const sig of ['', 'iQFMBAABCgA2', '-----BEGIN PGP SIGNATURE-----\nno end', 'x'.repeat(70_000)]) {
      expect(codes(await verifyPolicyListSignature('x', sig, { verify })).errors).toEqual([
        'signature-not-armored',
      ]);
    }
    expect(called).toBe(false);
  });
  it('turns a throwing verifier or a missing time into an error result', async () => {
    const r = await verifyPolicyListSignature('x', ASC, {
      verify: () => {
        throw new Error('no key');
      },
    });
    expect(codes(r).errors).toEqual(['signature-verifier-failed']);
    expect(!r.ok && r.errors[0].message).toContain('no key');
    const rejected = await verifyPolicyListSignature('x', ASC, {
      verify: () => Promise.reject(new Error('x')),
    });
    expect(codes(rejected).errors).toEqual(['signature-verifier-failed']);
    const noTime = await verifyPolicyListSignature('x', ASC, {
      verify: () => ({ ok: true, fingerprint: EFF_POLICY_KEY_FINGERPRINT }),
    });
    expect(codes(noTime).errors).toEqual(['signature-verifier-failed']);
  });
});
