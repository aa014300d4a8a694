import { readFileSync } from 'node:fs';
import { fc, test } from '@fast-check/vitest';
import { bytesToHex, hexToBytes } from '@mailtls/core/bytes';
import { describe, expect, it } from 'vitest';
import { corpus } from '../../../test-utils/corpus.ts';
import {
  applyAgility,
  createTlsaRecord,
  daneIssues,
  formatTlsaRecord,
  isCertificate,
  isSubjectPublicKeyInfo,
  matchDaneEe,
  recommendTlsaRecords,
  spkiOfCertificate,
  type TlsaRecord,
  tlsaMatchesCertificate,
  tlsaUsability,
  verifyDane,
} from '../src/index.ts';
import { fixtureChain, fixturePem, hexToTlsa } from './helpers.ts';

const chain = fixtureChain('rsa-chain.pem');
const [leaf, int, root] = chain as [Uint8Array, Uint8Array, Uint8Array];
const ecChain = fixtureChain('ec-leaf-chain.pem');
const REF = ['mx.example.com'];
const rec = (cert: Uint8Array, usage: number, selector: number, matchingType: number): TlsaRecord => {
  const r = createTlsaRecord(cert, { usage, selector, matchingType });
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const code = (v: { error?: { code: string } }) => v.error?.code;

describe('DER walker', () => {
  it('slices the SPKI and recognises certificates and keys', () => {
    const spki = spkiOfCertificate(leaf) as Uint8Array;
    expect(spki[0]).toBe(0x30);
    expect(isSubjectPublicKeyInfo(spki)).toBe(true);
    expect(isCertificate(leaf)).toBe(true);
    expect(isCertificate(Uint8Array.of(...leaf, 0))).toBe(false); // trailing byte
    expect(isCertificate(leaf.subarray(0, leaf.length - 1))).toBe(false);
    expect(isSubjectPublicKeyInfo(Uint8Array.of(...spki, 0))).toBe(false);
    expect(isCertificate(Uint8Array.of(0x30, 0x80, 0, 0))).toBe(false); // BER indefinite length
    expect(isCertificate(Uint8Array.of(0x30, 0x81, 0x01, 0))).toBe(false); // non-minimal length
  });
  test.prop([fc.uint8Array({ maxLength: 400 })])('total on arbitrary bytes', (b) => {
    expect(isCertificate(b)).toBe(false);
    expect(spkiOfCertificate(b)).toBeUndefined();
  });
  test.prop([fc.nat(), fc.integer({ min: 1, max: 255 })])('total on mutated certificates', (at, x) => {
    const m = leaf.slice();
    m[at % m.length] = (m[at % m.length] as number) ^ x;
    isCertificate(m);
    spkiOfCertificate(m);
  });
});

describe('tlsaUsability (spec §3)', () => {
  const d = (n: number) => '00'.repeat(n);
  it.each([
    ['3 1 1 32 bytes', `3 1 1 ${d(32)}`, 'smtp', undefined],
    ['3 1 2 64 bytes', `3 1 2 ${d(64)}`, 'smtp', undefined],
    ['PKIX-EE in smtp', `1 1 1 ${d(32)}`, 'smtp', 'tlsa-usage-unusable'],
    ['PKIX-TA in smtp', `0 1 1 ${d(32)}`, 'smtp', 'tlsa-usage-unusable'],
    ['PKIX-EE in generic', `1 1 1 ${d(32)}`, 'generic', undefined],
    ['usage 4', `4 1 1 ${d(32)}`, 'generic', 'tlsa-usage-unusable'],
    ['PrivCert', `255 1 1 ${d(32)}`, 'smtp', 'tlsa-usage-unusable'],
    ['selector 2', `3 2 1 ${d(32)}`, 'smtp', 'tlsa-selector-unusable'],
    ['mtype 3', `3 1 3 ${d(32)}`, 'smtp', 'tlsa-mtype-unusable'],
    ['PrivMatch', `3 1 255 ${d(32)}`, 'smtp', 'tlsa-mtype-unusable'],
    ['31 bytes', `3 1 1 ${d(31)}`, 'smtp', 'tlsa-digest-length'],
    ['33 bytes', `3 1 1 ${d(33)}`, 'smtp', 'tlsa-digest-length'],
    ['63 bytes', `3 1 2 ${d(63)}`, 'smtp', 'tlsa-digest-length'],
    ['65 bytes', `3 1 2 ${d(65)}`, 'smtp', 'tlsa-digest-length'],
    ['32 bytes as SHA2-512', `3 1 2 ${d(32)}`, 'smtp', 'tlsa-digest-length'],
    ['garbage Full(0) SPKI', `3 1 0 ${d(91)}`, 'smtp', 'tlsa-full-malformed'],
    ['garbage Full(0) cert', `2 0 0 3000`, 'smtp', 'tlsa-full-malformed'],
    ['empty data', '\\# 3 030101', 'smtp', 'tlsa-data-empty'],
  ])('%s', async (_n, text, profile, expected) => {
    const { parseTlsaRecord } = await import('../src/index.ts');
    const r = parseTlsaRecord(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const u = tlsaUsability(r.value, { profile: profile as 'smtp' | 'generic' });
    expect(u).toEqual(expected === undefined ? { usable: true } : { usable: false, code: expected });
  });
  it('accepts well-formed Full(0) data, with no trailing bytes', () => {
    expect(tlsaUsability(rec(leaf, 3, 0, 0))).toEqual({ usable: true });
    expect(tlsaUsability(rec(leaf, 3, 1, 0))).toEqual({ usable: true });
    const r = rec(leaf, 3, 1, 0);
    expect(tlsaUsability({ ...r, data: Uint8Array.of(...r.data, 0) }).code).toBe('tlsa-full-malformed');
  });
  it('a disabled digest is unusable', () => {
    expect(tlsaUsability(rec(leaf, 3, 1, 2), { matchingTypes: [1] }).code).toBe('tlsa-mtype-unusable');
  });
  test.prop([fc.nat(255), fc.nat(255), fc.nat(255), fc.constantFrom(31, 32, 33, 63, 64, 65)])(
    'usable only for known values and exact lengths',
    (u, s, m, len) => {
      const r = { usage: u, selector: s, matchingType: m, data: new Uint8Array(len) };
      const usable = tlsaUsability(r).usable;
      expect(usable).toBe(
        (u === 2 || u === 3) && (s === 0 || s === 1) && ((m === 1 && len === 32) || (m === 2 && len === 64)),
      );
    },
  );
});

describe('agility (RFC 7671 §9)', () => {
  const rfc = corpus('dane/rfc-examples.json');
  it.runIf(rfc !== undefined)("RFC 7671 §9's example: 3 1 2 shadows 3 1 1, Full(0) is kept", async () => {
    const ex = JSON.parse(readFileSync(rfc as string, 'utf8')).rfc7671_s9_agility as {
      records: { text: string }[];
    };
    const { parseTlsaRecord, unwrap } = {
      ...(await import('../src/index.ts')),
      ...(await import('@mailtls/core')),
    };
    const rs = ex.records.map((r) => unwrap(parseTlsaRecord(r.text)));
    expect(applyAgility(rs).map((r) => r.matchingType)).toEqual([2, 0]);
    expect(applyAgility(rs, [1, 2]).map((r) => r.matchingType)).toEqual([1, 0]);
  });
  it('a stale SHA2-512 record fails a SHA2-512-preferring client, not a SHA2-256 one', async () => {
    const good = rec(leaf, 3, 1, 1);
    const stale = { ...rec(leaf, 3, 1, 2), data: new Uint8Array(64) };
    const input = { chain: [leaf], records: [good, stale], referenceIds: REF };
    expect((await verifyDane(input)).verified).toBe(false);
    expect((await verifyDane({ ...input, matchingTypeOrder: [1, 2] })).verified).toBe(true);
    // per (usage, selector): a 3 1 2 does not shadow a 3 0 1
    expect((await verifyDane({ ...input, records: [rec(leaf, 3, 0, 1), stale] })).verified).toBe(true);
  });
  test.prop([
    fc.array(fc.record({ usage: fc.nat(3), selector: fc.nat(1), matchingType: fc.nat(2) }), {
      maxLength: 12,
    }),
  ])('laws: Full(0) always kept; one digest type per (usage, selector); nothing invented', (shapes) => {
    const rs = shapes.map((s) => ({ ...s, data: new Uint8Array(1) }));
    const kept = applyAgility(rs);
    expect(kept.filter((r) => r.matchingType === 0)).toHaveLength(
      rs.filter((r) => r.matchingType === 0).length,
    );
    for (const r of kept) expect(rs).toContain(r);
    const types = new Map<string, Set<number>>();
    for (const r of kept.filter((k) => k.matchingType !== 0)) {
      const k = `${r.usage}${r.selector}`;
      types.set(k, (types.get(k) ?? new Set()).add(r.matchingType));
    }
    for (const t of types.values()) expect(t.size).toBe(1);
  });
});

describe('createTlsaRecord / recommendTlsaRecords', () => {
  it('creates from DER and PEM alike', () => {
    const a = createTlsaRecord(leaf, { usage: 3, selector: 1, matchingType: 1 });
    const b = createTlsaRecord(fixturePem('rsa-chain.pem'), { usage: 3, selector: 1, matchingType: 1 });
    expect(a).toEqual(b);
    expect(a.ok && a.value.data.length).toBe(32);
    expect(createTlsaRecord(leaf, { usage: 2, selector: 0, matchingType: 0 })).toMatchObject({
      ok: true,
      value: { data: leaf },
    });
  });
  it('reports malformed input', () => {
    expect(
      createTlsaRecord(Uint8Array.of(1, 2, 3), { usage: 3, selector: 1, matchingType: 1 }),
    ).toMatchObject({
      ok: false,
      errors: [{ code: 'malformed-certificate' }],
    });
    expect(createTlsaRecord('no pem here', { usage: 3, selector: 1, matchingType: 1 }).ok).toBe(false);
    expect(() => createTlsaRecord(leaf, { usage: 3, selector: 2, matchingType: 1 })).toThrow(TypeError);
    expect(() => createTlsaRecord(leaf, { usage: 3, selector: 1, matchingType: 5 })).toThrow(TypeError);
    expect(() => createTlsaRecord(leaf, { usage: -1, selector: 1, matchingType: 1 })).toThrow(TypeError);
  });
  it('recommends 3 1 1 + 2 1 1 for the issuer, and both verify', async () => {
    const r = recommendTlsaRecords(fixturePem('rsa-chain.pem'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((x) => `${x.usage}${x.selector}${x.matchingType}`)).toEqual(['311', '211']);
    expect(r.warnings).toEqual([]);
    expect(formatTlsaRecord(r.value[1] as TlsaRecord)).toBe(formatTlsaRecord(rec(int, 2, 1, 1)));
    for (const x of r.value)
      expect((await verifyDane({ chain, records: [x], referenceIds: REF })).verified).toBe(true);
    // the 2 1 1 survives a leaf key rollover: it verifies the EC leaf issued by the same intermediate
    expect((await verifyDane({ chain: ecChain, records: r.value, referenceIds: REF })).depth).toBe(1);
  });
  it('warns when only one record can be recommended', () => {
    const r = recommendTlsaRecords([leaf]);
    expect(r.ok && r.value.length).toBe(1);
    expect(r.warnings.map((w) => w.code)).toEqual(['rollover-single-record']);
    expect(recommendTlsaRecords([]).ok).toBe(false);
    expect(recommendTlsaRecords([Uint8Array.of(0)]).ok).toBe(false);
    expect(recommendTlsaRecords([root]).warnings.map((w) => w.code)).toEqual(['rollover-single-record']);
  });
});

describe('matchDaneEe (sync "3 x x")', () => {
  it('matches the leaf only', () => {
    const r = matchDaneEe({ chain, records: [rec(leaf, 3, 1, 1)] });
    expect(r).toMatchObject({ verified: true, depth: 0 });
    expect(matchDaneEe({ chain, records: [rec(int, 3, 1, 1)] })).toMatchObject({
      verified: false,
      error: { code: 'no-match' },
    });
    expect(matchDaneEe({ chain, records: ['3 1 1 00'] })).toMatchObject({
      verified: false,
      error: { code: 'no-usable-records' },
    });
    expect(matchDaneEe({ chain: [], records: [rec(leaf, 3, 1, 1)] }).verified).toBe(false);
  });
  it('tlsaMatchesCertificate covers every selector and matching type', () => {
    for (const s of [0, 1])
      for (const m of [0, 1, 2]) expect(tlsaMatchesCertificate(rec(leaf, 3, s, m), leaf)).toBe(true);
    expect(tlsaMatchesCertificate(rec(leaf, 3, 1, 1), int)).toBe(false);
    expect(tlsaMatchesCertificate({ ...rec(leaf, 3, 1, 1), matchingType: 7 }, leaf)).toBe(false);
    expect(tlsaMatchesCertificate(rec(leaf, 3, 1, 1), Uint8Array.of(0))).toBe(false);
  });
});

describe('verifyDane', () => {
  it('DANE-EE ignores names, dates and the rest of the chain (RFC 7671 §5.1)', async () => {
    const r = await verifyDane({
      chain: [leaf, Uint8Array.of(0, 1, 2)],
      records: [rec(leaf, 3, 1, 1)],
      referenceIds: ['wrong.example'],
      now: new Date(Date.UTC(3000, 0, 1)),
    });
    expect(r).toMatchObject({ verified: true, depth: 0 });
    const checked = await verifyDane({
      chain,
      records: [rec(leaf, 3, 1, 1)],
      referenceIds: ['wrong.example'],
      eeNameChecks: true,
    });
    expect(checked).toMatchObject({ verified: false, depth: 0, error: { code: 'name-mismatch' } });
    expect(
      (await verifyDane({ chain, records: [rec(leaf, 3, 1, 1)], referenceIds: REF, eeNameChecks: true }))
        .verified,
    ).toBe(true);
  });
  it('DANE-TA checks names and dates below the anchor', async () => {
    const records = [rec(int, 2, 1, 1)];
    expect(await verifyDane({ chain, records, referenceIds: ['other.example'] })).toMatchObject({
      verified: false,
      depth: 1,
      error: { code: 'name-mismatch' },
    });
    expect(
      await verifyDane({ chain, records, referenceIds: REF, now: new Date(Date.UTC(2200, 0, 1)) }),
    ).toMatchObject({
      verified: false,
      depth: 1,
      error: { code: 'certificate-expired' },
    });
    expect(
      await verifyDane({ chain, records, referenceIds: REF, now: new Date(Date.UTC(2000, 0, 1)) }),
    ).toMatchObject({
      error: { code: 'certificate-not-yet-valid' },
    });
  });
  it('reports bad signatures and unsupported algorithms', async () => {
    const tampered = leaf.slice();
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] as number) ^ 1;
    expect(
      await verifyDane({ chain: [tampered, int], records: [rec(int, 2, 1, 1)], referenceIds: REF }),
    ).toMatchObject({
      verified: false,
      depth: 1,
      error: { code: 'bad-signature' },
    });
    // sha256WithRSAEncryption (…01 01 0b) → an unknown RSA OID (…01 01 63), in both places
    const hex = bytesToHex(leaf).replaceAll('06092a864886f70d01010b', '06092a864886f70d010163');
    const odd = (hexToBytes(hex) as { ok: true; value: Uint8Array }).value;
    expect(
      code(await verifyDane({ chain: [odd, int], records: [rec(int, 2, 1, 1)], referenceIds: REF })),
    ).toBe('unsupported-algorithm');
  });
  it('never throws: malformed certificates, absurd chains, bad records', async () => {
    expect(
      code(await verifyDane({ chain: [Uint8Array.of(1)], records: [rec(int, 2, 1, 1)], referenceIds: REF })),
    ).toBe('malformed-certificate');
    expect(
      code(
        await verifyDane({
          chain: [leaf, Uint8Array.of(1)],
          records: [rec(int, 2, 1, 1)],
          referenceIds: REF,
        }),
      ),
    ).toBe('malformed-certificate');
    expect(code(await verifyDane({ chain: [], records: [rec(int, 2, 1, 1)], referenceIds: REF }))).toBe(
      'malformed-certificate',
    );
    expect(
      code(
        await verifyDane({ chain: Array(17).fill(leaf), records: [rec(int, 2, 1, 1)], referenceIds: REF }),
      ),
    ).toBe('chain-too-long');
    const r = await verifyDane({
      chain,
      records: ['garbage', '3 1 1 00', `1 1 1 ${'00'.repeat(32)}`],
      referenceIds: REF,
    });
    expect(r).toMatchObject({ verified: false, depth: -1, error: { code: 'no-usable-records' } });
    expect(r.unusable.map((u) => u.code)).toEqual([
      'tlsa-field-syntax',
      'tlsa-digest-length',
      'tlsa-usage-unusable',
    ]);
    expect(r.unusable[0]?.record).toBe('garbage');
    expect(
      code(await verifyDane({ chain, records: [hexToTlsa(3, 1, 1, '00'.repeat(32))], referenceIds: REF })),
    ).toBe('no-match');
  });
  it('bare keys: a 2 1 0 key that signed the top of the chain', async () => {
    const key = rec(root, 2, 1, 0);
    expect(await verifyDane({ chain: [leaf, int], records: [key], referenceIds: REF })).toMatchObject({
      verified: true,
      depth: 1,
    });
    expect(
      await verifyDane({ chain: [leaf], records: [rec(int, 2, 1, 0)], referenceIds: REF }),
    ).toMatchObject({
      verified: true,
      depth: 0,
    });
    expect(await verifyDane({ chain: [leaf], records: [key], referenceIds: REF })).toMatchObject({
      verified: false,
      depth: -1,
    });
  });
  it('2 0 0 from DNS completes a chain the server sent short', async () => {
    expect(
      await verifyDane({ chain: [leaf], records: [rec(int, 2, 0, 0)], referenceIds: REF }),
    ).toMatchObject({
      verified: true,
      depth: 1,
    });
    expect(
      await verifyDane({ chain: [leaf], records: [rec(int, 2, 0, 1)], referenceIds: REF }),
    ).toMatchObject({
      verified: false,
      depth: -1,
      error: { code: 'no-match' },
    });
  });
  it('generic profile: PKIX-EE needs a path to a trust anchor', async () => {
    const records = [rec(leaf, 1, 1, 1)];
    const base = { chain, records, referenceIds: REF, profile: 'generic' as const };
    expect(await verifyDane({ ...base, trustAnchors: [root] })).toMatchObject({ verified: true, depth: 0 });
    expect(await verifyDane({ ...base, trustAnchors: [] })).toMatchObject({
      verified: false,
      depth: 0,
      error: { code: 'untrusted' },
    });
    expect(code(await verifyDane({ ...base, profile: 'smtp' }))).toBe('no-usable-records');
  });

  // --- properties (the issue's laws) ---
  const shapes = fc.constantFrom(...[0, 1].flatMap((s) => [0, 1, 2].map((m) => [s, m] as const)));
  test.prop([shapes, fc.constantFrom(0, 1, 2)], { numRuns: 30 })(
    'a record created from the chain verifies against it; DANE-EE at depth 0, DANE-TA at depth ≥ 1',
    async ([s, m], depth) => {
      const usage = depth === 0 ? 3 : 2;
      const r = await verifyDane({
        chain,
        records: [rec(chain[depth] as Uint8Array, usage, s, m)],
        referenceIds: REF,
      });
      expect(r).toMatchObject({ verified: true, depth });
    },
  );
  test.prop([shapes, fc.constantFrom(0, 1, 2), fc.nat(), fc.nat(7)], { numRuns: 40 })(
    'flipping any bit of the data never verifies',
    async ([s, m], depth, at, bit) => {
      // Full(0) data from DNS is itself the trust anchor: a bit outside the key and names (a
      // serial number, RSA's NULL parameters) does not change what it vouches for, in OpenSSL
      // either. So the law is about digests, and about Full(0) matched at the leaf.
      if (m === 0 && depth > 0) return;
      const r = rec(chain[depth] as Uint8Array, depth === 0 ? 3 : 2, s, m);
      const data = r.data.slice();
      data[at % data.length] = (data[at % data.length] as number) ^ (1 << bit);
      const v = await verifyDane({ chain, records: [{ ...r, data }], referenceIds: REF });
      expect(v.verified).toBe(false);
    },
  );
  test.prop([shapes], { numRuns: 6 })(
    'DANE-TA never matches the leaf; DANE-EE never above it',
    async ([s, m]) => {
      expect((await verifyDane({ chain, records: [rec(leaf, 2, s, m)], referenceIds: REF })).verified).toBe(
        false,
      );
      expect(
        (await verifyDane({ chain: [leaf], records: [rec(leaf, 2, s, m)], referenceIds: REF })).depth,
      ).toBe(-1);
      for (const c of [int, root]) {
        const v = await verifyDane({ chain, records: [rec(c, 3, s, m)], referenceIds: REF });
        expect(v).toMatchObject({ verified: false, depth: -1 });
      }
    },
  );
  test.prop(
    [fc.domain(), fc.date({ min: new Date(0), max: new Date(Date.UTC(9000, 0, 1)), noInvalidDate: true })],
    { numRuns: 20 },
  )('DANE-EE ignores names and dates', async (name, now) => {
    expect(
      (await verifyDane({ chain, records: [rec(leaf, 3, 1, 1)], referenceIds: [name], now })).verified,
    ).toBe(true);
  });
  test.prop(
    [
      fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 4 }),
      fc.array(fc.string({ maxLength: 80 }), { maxLength: 4 }),
    ],
    {
      numRuns: 40,
    },
  )('total: arbitrary chains and record strings never throw; codes are in the catalogue', async (c, rs) => {
    const v = await verifyDane({
      chain: c,
      records: [...rs, rec(int, 2, 1, 1), rec(leaf, 3, 1, 1)],
      referenceIds: REF,
    });
    if (v.error) expect(daneIssues).toHaveProperty(v.error.code);
    for (const u of v.unusable) expect(daneIssues).toHaveProperty(u.code);
  });
});

describe('DANE-EE does not depend on the rest of the chain (spec §5)', () => {
  const ee = [rec(leaf, 3, 1, 1)];
  const garbage: Record<string, unknown[]> = {
    '19 intermediates': Array(19).fill(int),
    'a 70 KiB certificate': [new Uint8Array(70 * 1024)],
    'values that are not bytes': [null, 'x', {}, 42, [int]],
    'a sparse 10 000-slot array': Array(10_000),
  };
  it.each(Object.entries(garbage))('%s after the leaf: verified at depth 0', async (_n, rest) => {
    const chain = [leaf, ...rest] as Uint8Array[];
    const v = await verifyDane({ chain, records: ee, referenceIds: ['x'] });
    expect(v).toMatchObject({ verified: true, depth: 0, matched: ee[0] });
    expect(v.error).toBeUndefined();
    const names = await verifyDane({ chain, records: ee, referenceIds: REF, eeNameChecks: true });
    expect(names).toMatchObject({ verified: true, depth: 0 });
    expect(matchDaneEe({ chain, records: ee })).toMatchObject({ verified: true, depth: 0 });
  });
  it('the caps still bite when the chain is needed (DANE-TA, PKIX), and for the leaf itself', async () => {
    const ta = [rec(int, 2, 1, 1)];
    expect(
      await verifyDane({ chain: [leaf, ...Array(19).fill(int)], records: ta, referenceIds: REF }),
    ).toMatchObject({
      verified: false,
      depth: -1,
      error: { code: 'chain-too-long', at: { pointer: '/chain' } },
    });
    // an EE record that does not match sends the verifier to the path, where the caps apply
    expect(
      await verifyDane({
        chain: [leaf, new Uint8Array(70 * 1024)],
        records: [...ta, rec(int, 3, 1, 1)],
        referenceIds: REF,
      }),
    ).toMatchObject({ error: { code: 'chain-too-long', at: { pointer: '/chain/1' } } });
    expect(
      await verifyDane({ chain: [leaf, null] as unknown as Uint8Array[], records: ta, referenceIds: REF }),
    ).toMatchObject({ error: { code: 'malformed-certificate', at: { pointer: '/chain/1' } } });
    expect(
      await verifyDane({ chain: [new Uint8Array(70 * 1024)], records: ee, referenceIds: REF }),
    ).toMatchObject({ verified: false, error: { code: 'chain-too-long', at: { pointer: '/chain/0' } } });
  });
});

describe('error positions: RFC 6901 pointers into the input', () => {
  it('verifyDane points at the record set, or at the certificate the error is about', async () => {
    const at = async (input: Parameters<typeof verifyDane>[0]) => (await verifyDane(input)).error?.at;
    expect(await at({ chain, records: ['3 1 1 00'], referenceIds: REF })).toEqual({ pointer: '/records' });
    expect(await at({ chain, records: [rec(int, 3, 1, 1)], referenceIds: REF })).toEqual({
      pointer: '/chain/0',
    });
    expect(await at({ chain, records: [rec(int, 2, 1, 1)], referenceIds: ['other.example'] })).toEqual({
      pointer: '/chain/0',
    });
    expect(await at({ chain: [], records: [rec(int, 2, 1, 1)], referenceIds: REF })).toEqual({
      pointer: '/chain/0',
    });
    expect(
      await at({ chain: [leaf, Uint8Array.of(1)], records: [rec(int, 2, 1, 1)], referenceIds: REF }),
    ).toEqual({ pointer: '/chain/1' });
    // the path is built in issuer order: the root is at depth 2, but it is chain[1] as sent
    const late = await verifyDane({
      chain: [leaf, root, int],
      records: [rec(root, 2, 1, 1)],
      referenceIds: REF,
      now: new Date(Date.UTC(2200, 0, 1)),
    });
    expect(late.error).toMatchObject({ code: 'certificate-expired', at: { pointer: '/chain/1' } });
    expect(late.error?.message).toContain('depth 2');
    // a certificate that came from a 2 0 0 record is pointed at in /records
    const dns = await verifyDane({
      chain: [leaf],
      records: ['garbage', rec(int, 2, 0, 0)],
      referenceIds: REF,
      taValidity: 'check',
      now: new Date(Date.UTC(2200, 0, 1)),
    });
    expect(dns).toMatchObject({
      depth: 1,
      error: { code: 'certificate-expired', at: { pointer: '/records/1' } },
    });
    // PKIX: the top of a path that reaches no trust anchor
    expect(
      await at({
        chain,
        records: [rec(leaf, 1, 1, 1)],
        referenceIds: REF,
        profile: 'generic',
        trustAnchors: [],
      }),
    ).toEqual({ pointer: '/chain/2' });
  });
  it('matchDaneEe too', () => {
    expect(matchDaneEe({ chain, records: ['3 1 1 00'] }).error?.at).toEqual({ pointer: '/records' });
    expect(matchDaneEe({ chain, records: [rec(int, 3, 1, 1)] }).error?.at).toEqual({ pointer: '/chain/0' });
  });
});

describe('an expired trust anchor is reported (spec §6.4)', () => {
  // leaf valid 2020–2122, intermediate expired 2021-01-01, root valid 2020–2126 (fixtures/README.md)
  const [eLeaf, eInt, eRoot] = fixtureChain('expired-ta-chain.pem') as [Uint8Array, Uint8Array, Uint8Array];
  const now = new Date(Date.UTC(2025, 0, 1));
  const base = { chain: [eLeaf, eInt, eRoot], referenceIds: REF, now };
  const info = { code: 'trust-anchor-expired', severity: 'info', at: { pointer: '/chain/1' } };
  it.each(['openssl', 'ignore'] as const)(
    'taValidity %s: verified (as OpenSSL), with an info issue',
    async (taValidity) => {
      const v = await verifyDane({ ...base, records: [rec(eInt, 2, 1, 1)], taValidity });
      expect(v).toMatchObject({ verified: true, depth: 1, warnings: [info] });
      expect(v.warnings?.[0]?.message).toContain('depth 1');
    },
  );
  it('taValidity check: the error, and the info issue too', async () => {
    const v = await verifyDane({ ...base, records: [rec(eInt, 2, 1, 1)], taValidity: 'check' });
    expect(v).toMatchObject({
      verified: false,
      depth: 1,
      error: { code: 'certificate-expired', at: { pointer: '/chain/1' } },
      warnings: [info],
    });
  });
  it('a 2 0 0 anchor from DNS is pointed at in /records', async () => {
    const v = await verifyDane({ ...base, chain: [eLeaf], records: [rec(eInt, 2, 0, 0)] });
    expect(v).toMatchObject({
      verified: true,
      depth: 1,
      warnings: [{ ...info, at: { pointer: '/records/0' } }],
    });
  });
  it('no issue while the anchor is valid, nor for an expired certificate below it', async () => {
    const during = await verifyDane({
      ...base,
      records: [rec(eInt, 2, 1, 1)],
      now: new Date(Date.UTC(2020, 5, 1)),
    });
    expect(during).toMatchObject({ verified: true, warnings: [] });
    const below = await verifyDane({ ...base, records: [rec(eRoot, 2, 1, 1)] });
    expect(below).toMatchObject({
      verified: false,
      depth: 2,
      error: { code: 'certificate-expired' },
      warnings: [],
    });
    expect((await verifyDane({ chain, records: [rec(leaf, 3, 1, 1)], referenceIds: REF })).warnings).toEqual(
      [],
    );
  });
});
