// Real DNSSEC through Debian servers on loopback (lab.mjs `startKnotUnbound`, which the scenario
// tests and the demo use too): knot (authoritative, signing `example` and a child zone) behind
// unbound (validating, with the `example` key as its only trust anchor), queried through
// udpResolver. AD, insecure and SERVFAIL come from genuine validation.
// Skipped with one line when knotd/keymgr/unbound are missing (apt-get install knot unbound),
// unless MAILTLS_REQUIRE_LAB=1.
import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnssecStatus } from '../src/index.ts';
import { udpResolver } from '../src/node.node.ts';
import { add, debianDnsMissing, type KnotUnbound, startKnotUnbound, zone } from './lab.ts';

const missing = debianDnsMissing();
if (missing.length > 0) {
  const why = `debian lab: ${missing.join(', ')} missing (apt-get install knot unbound)`;
  if (process.env.MAILTLS_REQUIRE_LAB === '1') throw new Error(`${why} but MAILTLS_REQUIRE_LAB=1`);
  console.log(`skip ${why}`);
}

let dns: KnotUnbound | undefined;
let resolverPort = 0;

beforeAll(async () => {
  if (missing.length > 0) return;
  const z = zone();
  const tlsa = {
    type: 'TLSA' as const,
    data: { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.alloc(32, 0xab) },
  };
  for (const d of ['signed.example', 'broken.example', 'plain.example']) {
    add(z, `mx.${d}`, { type: 'A', data: '127.0.0.1' });
    add(z, `_25._tcp.mx.${d}`, tlsa);
  }
  z.servfail.add('A broken.example'); // a signed child zone whose DS names another key
  z.unsigned.add('plain.example'); // an unsigned child zone, delegated without DS
  dns = await startKnotUnbound(z);
  resolverPort = dns.port;
}, 30_000);

afterAll(async () => {
  await dns?.close();
});

describe.runIf(missing.length === 0)('knot + unbound: real DNSSEC validation on loopback', () => {
  const resolver = () => udpResolver({ server: dns!.host, port: resolverPort, timeoutMs: 2000 });

  it('a zone signed by knot validates: AD=1 on the answer and on TLSA', async () => {
    const a = await resolver().query('mx.signed.example', 'A');
    expect(a).toMatchObject({ outcome: 'answer', rcode: 'NOERROR', ad: true });
    expect(a.records.map((r) => r.data)).toEqual(['127.0.0.1']);
    const tlsa = await resolver().query('_25._tcp.mx.signed.example', 'TLSA');
    expect(tlsa).toMatchObject({ outcome: 'answer', ad: true });
    expect(tlsa.records).toHaveLength(1);
    // through knot directly: the same data, but no validator, so no AD
    const direct = udpResolver({ server: dns!.host, port: dns!.knotPort, timeoutMs: 2000 });
    expect(await direct.query('mx.signed.example', 'A')).toMatchObject({ outcome: 'answer', ad: false });
    // a signed denial of existence is secure too
    expect(await resolver().query('nothing.signed.example', 'A')).toMatchObject({
      outcome: 'nxdomain',
      ad: true,
    });
  });

  it('a child zone whose DS names another key: SERVFAIL (bogus)', async () => {
    const r = await resolver().query('mx.broken.example', 'A');
    expect(r).toMatchObject({ outcome: 'servfail', rcode: 'SERVFAIL' });
    expect(r.records).toEqual([]);
    // RFC 8914: unbound names the cause (9 "DNSKEY Missing": no DNSKEY matches the parent's DS),
    // so the check can tell bogus data from a server failure
    expect(r.ede?.map((e) => e.code)).toEqual([9]);
    expect(dnssecStatus(r)).toBe('bogus');
    expect((await resolver().query('_25._tcp.mx.broken.example', 'TLSA')).outcome).toBe('servfail');
  });

  it('an unsigned child zone delegated without DS answers insecure: AD=0', async () => {
    const r = await resolver().query('mx.plain.example', 'A');
    expect(r).toMatchObject({ outcome: 'answer', ad: false });
    expect((await resolver().query('_25._tcp.mx.plain.example', 'TLSA')).ad).toBe(false);
    expect(dns!.queries()).toContain('TLSA _25._tcp.mx.plain.example');
  });
});
