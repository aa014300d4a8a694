// checkDomain without the lab: a scripted resolver, so malformed input and malformed DNS data can be
// fed in directly. checkDomain must resolve (never reject) for any domain value and any answer, and
// must never query DNS for a name that is not a host name.
import { readFileSync } from 'node:fs';
import { pemToDer } from '@mailtls/core/bytes';
import { createTlsaRecord, encodeTlsaRdata } from '@mailtls/dane';
import { describe, expect, it } from 'vitest';
import {
  type CheckOptions,
  checkDomain,
  type DnsRecord,
  type DnsResponse,
  type Resolver,
} from '../src/index.ts';

type Mx = readonly [number, string];

/** A resolver that answers MX from `mx` (NODATA when undefined), NODATA for everything else, and logs the questions. */
function scripted(mx?: readonly Mx[]): Resolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async query(name, type): Promise<DnsResponse> {
      asked.push(`${type} ${name}`);
      const records: DnsRecord[] =
        type === 'MX' && mx !== undefined
          ? mx.map(([preference, exchange]) => ({
              type: 'MX',
              name,
              ttl: 300,
              data: { preference, exchange },
            }))
          : type === 'A' && name !== ''
            ? [{ type: 'A', name, ttl: 300, data: '192.0.2.25' }]
            : [];
      return {
        name,
        type,
        outcome: records.length > 0 ? 'answer' : 'nodata',
        rcode: 'NOERROR',
        ad: undefined,
        records,
        cnames: [],
      };
    },
  };
}

const noFetch: CheckOptions['fetch'] = async () => {
  throw new Error('no network in this test');
};

describe('checkDomain: the domain argument', () => {
  it.each([
    ['', 'hostname-empty'],
    ['.', 'hostname-empty-label'],
    ['...', 'hostname-empty-label'],
    ['a..b', 'hostname-empty-label'],
    ['1.2.3.4', 'hostname-ip-literal'],
    ['[2001:db8::1]', 'hostname-ip-literal'],
    ['example.com:25', undefined],
    ['a\nb.com', undefined],
    ['*.example.com', 'hostname-wildcard'],
    ['_x._y', undefined],
    [
      `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.com`,
      'hostname-too-long',
    ],
    [`${'a'.repeat(64)}.com`, 'hostname-label-too-long'],
  ])('%j is an input error, reported without a DNS query', async (domain, code) => {
    const resolver = scripted();
    const r = await checkDomain(domain, { resolver, fetch: noFetch });
    expect(r.verdict).toBe('fail');
    // the exact hostname-* code is core's to choose; where it is stable, it is pinned
    expect(r.inputIssues?.[0]?.code).toMatch(code === undefined ? /^hostname-/ : new RegExp(`^${code}$`));
    expect(r.reasons[0]).toMatch(/^not a valid domain: /);
    expect(r.mx).toEqual({ outcome: 'error', dnssec: undefined, kind: 'none', hosts: [] });
    expect(r.counts).toEqual({ dnsQueries: 0, httpRequests: 0, tlsHandshakes: 0 });
    expect(resolver.asked).toEqual([]);
  });

  it.each([undefined, null, 42, {}, [], Symbol('x'), () => 'example.com'])(
    'a non-string domain (%s) is an input error, not a TypeError',
    async (domain) => {
      const resolver = scripted();
      const r = await checkDomain(domain as unknown as string, { resolver, fetch: noFetch });
      expect(r.verdict).toBe('fail');
      expect(r.domain).toBe('');
      expect(r.inputIssues?.[0]?.code).toBe('domain-not-string');
      expect(resolver.asked).toEqual([]);
    },
  );

  it.each([undefined, null, 42, {}, { resolver: {} }])(
    'options %j without a resolver: an input error',
    async (o) => {
      const r = await checkDomain('example.com', o as unknown as CheckOptions);
      expect(r.verdict).toBe('fail');
      expect(r.inputIssues?.[0]?.code).toBe('options-invalid');
    },
  );

  it('an IDN is converted to A-labels and queried as such; a trailing dot is fine', async () => {
    const resolver = scripted([[10, 'mx.xn--bcher-kva.example']]);
    const r = await checkDomain('Bücher.example.', { resolver, fetch: noFetch });
    expect(r.domain).toBe('xn--bcher-kva.example');
    expect(r.inputIssues).toBeUndefined();
    expect(resolver.asked).toContain('MX xn--bcher-kva.example');
    expect(r.mx.hosts.map((h) => h.host)).toEqual(['mx.xn--bcher-kva.example']);
  });
});

describe('checkDomain: malformed MX data', () => {
  it.each([
    [
      [
        [0, '.'],
        [10, 'mx.example.com'],
      ] as const,
    ],
    [
      [
        [0, ''],
        [10, 'mx.example.com'],
      ] as const,
    ],
    [
      [
        [10, 'mx.example.com'],
        [20, '.'],
      ] as const,
    ],
  ])('a null MX beside other MXes (%j) is reported, not a crash, and "." is never queried', async (mx) => {
    const resolver = scripted(mx);
    const r = await checkDomain('example.com', { resolver, fetch: noFetch });
    expect(r.mx.kind).toBe('explicit');
    expect(r.mx.hosts.map((h) => h.host)).toEqual(['mx.example.com']);
    expect(r.mx.invalid).toHaveLength(1);
    expect(r.mx.invalid?.[0]?.issue.code).toBe('mx-null-mixed');
    expect(r.verdict).not.toBe('pass');
    expect(r.reasons.join('\n')).toContain('null MX');
    expect(resolver.asked.filter((q) => q.endsWith(' ') || q.endsWith(' .') || /\._tcp\.$/.test(q))).toEqual(
      [],
    );
  });

  it('a null MX alone is still the RFC 7505 null MX', async () => {
    const r = await checkDomain('example.com', { resolver: scripted([[0, '.']]), fetch: noFetch });
    expect(r.mx.kind).toBe('null');
    expect(r.mx.hosts).toEqual([]);
    expect(r.mx.invalid).toBeUndefined();
  });

  it('MX targets that are not host names are reported and never queried', async () => {
    const bad = [
      'a..example.com',
      '_x.example.com',
      `${'x'.repeat(64)}.example.com`,
      '192.0.2.1',
      'a\x1bb.example',
    ];
    const resolver = scripted([[10, 'mx.example.com'], ...bad.map((h, i) => [20 + i, h] as const)]);
    const r = await checkDomain('example.com', { resolver, fetch: noFetch });
    expect(r.mx.hosts.map((h) => h.host)).toEqual(['mx.example.com']);
    expect(r.mx.invalid?.map((m) => m.host)).toEqual(bad);
    for (const m of r.mx.invalid ?? []) expect(m.issue.code).toMatch(/^hostname-/);
    for (const h of bad) expect(resolver.asked.some((q) => q.includes(h))).toBe(false);
    expect(r.verdict).toBe('warn');
  });

  it('no usable MX at all: fail', async () => {
    const r = await checkDomain('example.com', {
      resolver: scripted([
        [0, '.'],
        [10, 'a..b'],
      ]),
      fetch: noFetch,
    });
    expect(r.mx.hosts).toEqual([]);
    expect(r.verdict).toBe('fail');
    expect(r.reasons).toContain('no valid MX host: the domain cannot receive mail');
  });
});

describe('checkDomain: failing collaborators are reported, not thrown', () => {
  it('a resolver that rejects or throws gives outcome error', async () => {
    for (const query of [
      async () => {
        throw new Error('socket closed');
      },
      () => {
        throw new Error('sync failure');
      },
    ]) {
      const r = await checkDomain('example.com', {
        resolver: { query } as unknown as Resolver,
        fetch: noFetch,
      });
      expect(r.mx.kind).toBe('none');
      expect(r.mx.outcome).toBe('error');
      expect(r.verdict).toBe('fail');
    }
  });

  it('a probe that rejects is a failed connection', async () => {
    const r = await checkDomain('example.com', {
      resolver: scripted([[10, 'mx.example.com']]),
      fetch: noFetch,
      probe: async () => {
        throw new Error('probe blew up');
      },
    });
    expect(r.mx.hosts[0]?.starttls).toMatchObject({
      connected: false,
      starttlsOffered: false,
      error: 'probe blew up',
    });
    expect(r.mx.hosts[0]?.failures[0]?.resultType).toBe('starttls-not-supported');
  });
});

describe('checkDomain: DANE', () => {
  it('an expired DANE-TA verifies, but is reported and makes the verdict warn (dane spec §6.4)', async () => {
    // leaf mx.example.com, an intermediate that expired on 2021-01-01, a root: see the fixture README
    const pem = readFileSync(
      new URL('../../dane/test/fixtures/expired-ta-chain.pem', import.meta.url),
      'utf8',
    );
    const parsed = pemToDer(pem, 'CERTIFICATE');
    if (!parsed.ok) throw new Error('fixture');
    const chain = parsed.value.map((b) => b.der);
    const ta = createTlsaRecord(chain[1] as Uint8Array, { usage: 2, selector: 1, matchingType: 1 });
    if (!ta.ok) throw new Error('fixture');
    const base = scripted([[10, 'mx.example.com']]);
    const resolver: Resolver = {
      async query(name, type) {
        if (type !== 'TLSA' || name !== '_25._tcp.mx.example.com') return base.query(name, type);
        const records: DnsRecord[] = [{ type: 'TLSA', name, ttl: 300, data: encodeTlsaRdata(ta.value) }];
        return { name, type, outcome: 'answer', rcode: 'NOERROR', ad: true, records, cnames: [] };
      },
    };
    const r = await checkDomain('example.com', {
      resolver,
      fetch: noFetch,
      now: Date.UTC(2025, 0, 1),
      probe: async ({ host }) => ({
        host,
        connected: true,
        starttlsOffered: true,
        tls: {
          protocol: 'TLSv1.3',
          cipher: 'TLS_AES_128_GCM_SHA256',
          chain,
          names: [host],
          webpkiValid: false,
          nameMatch: true,
        },
      }),
    });
    const dane = r.mx.hosts[0]?.dane;
    expect(dane?.status).toBe('verified');
    expect(dane?.verification?.warnings?.map((w) => [w.code, w.severity])).toEqual([
      ['trust-anchor-expired', 'info'],
    ]);
    expect(r.reasons).toContain(
      'mx.example.com: DANE trust anchor expired (verifiers that check its dates fail)',
    );
    expect(r.verdict).toBe('warn');
  });
});
