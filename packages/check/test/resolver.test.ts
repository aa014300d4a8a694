// Resolver units against the lab DNS server on 127.0.0.1: outcomes kept apart, CNAME chains,
// TC=1 → TCP, timeouts, memoisation, and DoH against an in-process HTTP endpoint.
import { createServer } from 'node:http';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tcpQuery } from '../src/dns.node.ts';
import { dnssecStatus, dohResolver, type FetchLike, memoResolver } from '../src/index.ts';
import { udpResolver } from '../src/node.node.ts';
import { decodeMessage, toResponse } from '../src/resolver.ts';
import { add, type DnsLab, startDns, zone } from './lab.ts';

let dns: DnsLab;
let dohUrl = '';
let closeDoh: () => Promise<void>;
beforeAll(async () => {
  const z = zone();
  add(z, 'a.test', { type: 'A', data: '127.0.0.1' }, { type: 'TXT', data: ['hello'] });
  add(z, 'alias.test', { type: 'CNAME', data: 'hop.test' });
  add(z, 'hop.test', { type: 'CNAME', data: 'a.test' });
  add(z, 'loop1.test', { type: 'CNAME', data: 'loop2.test' });
  add(z, 'loop2.test', { type: 'CNAME', data: 'loop1.test' });
  add(z, 'big.test', { type: 'TXT', data: ['x'.repeat(200)] });
  add(z, 'plain.test', { type: 'A', data: '127.0.0.1' });
  z.truncate.add('big.test');
  z.servfail.add('A broken.test');
  z.silent.add('silent.test');
  z.unsigned.add('plain.test');
  dns = await startDns(z);
  // DoH endpoint: POST application/dns-message relayed to the lab server over TCP
  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const c of req) parts.push(c as Buffer);
    const answer = await tcpQuery('127.0.0.1', dns.port, Buffer.concat(parts), 2000);
    res.writeHead(req.headers['content-type'] === 'application/dns-message' ? 200 : 415, {
      'content-type': 'application/dns-message',
    });
    res.end(answer);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  dohUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/dns-query`;
  closeDoh = () => new Promise<void>((r) => server.close(() => r()));
});
afterAll(async () => {
  await dns.close();
  await closeDoh();
});

const udp = () => udpResolver({ server: '127.0.0.1', port: dns.port, timeoutMs: 300, retries: 1 });

describe.each([
  ['udp', () => udp()],
  ['doh', () => dohResolver({ url: dohUrl, fetch: fetch as unknown as FetchLike })],
])('%s resolver', (_name, make) => {
  it('answers with the AD bit', async () => {
    const r = await make().query('A.test.', 'A');
    expect(r).toMatchObject({ name: 'a.test', outcome: 'answer', rcode: 'NOERROR', ad: true, cnames: [] });
    expect(r.records.map((x) => x.data)).toEqual(['127.0.0.1']);
    expect((await make().query('plain.test', 'A')).ad).toBe(false);
  });
  it('keeps NXDOMAIN, NODATA and SERVFAIL apart', async () => {
    const res = make();
    expect((await res.query('none.test', 'A')).outcome).toBe('nxdomain');
    expect((await res.query('a.test', 'MX')).outcome).toBe('nodata');
    expect((await res.query('broken.test', 'A')).outcome).toBe('servfail');
  });
  it('follows CNAME chains and stops loops', async () => {
    const r = await make().query('alias.test', 'TXT');
    expect(r.cnames).toEqual(['hop.test', 'a.test']);
    expect(r.records).toEqual([{ type: 'TXT', name: 'a.test', ttl: 300, data: ['hello'] }]);
    const loop = await make().query('loop1.test', 'A');
    expect(loop.outcome).toBe('nodata');
    expect(loop.cnames.length).toBeLessThanOrEqual(8);
  });
});

describe('udpResolver', () => {
  it('falls back to TCP on TC=1', async () => {
    const before = dns.log.length;
    const r = await udp().query('big.test', 'TXT');
    expect(r.outcome).toBe('answer');
    expect(r.records[0]?.data).toEqual(['x'.repeat(200)]);
    expect(dns.log.slice(before)).toEqual(['TXT big.test', 'TXT big.test']);
  });
  it('reports a timeout after its retries, not "no records"', async () => {
    const before = dns.log.length;
    const r = await udp().query('silent.test', 'A');
    expect(r.outcome).toBe('timeout');
    expect(r.rcode).toBeUndefined();
    expect(dns.log.slice(before)).toEqual(['A silent.test', 'A silent.test']);
  });
  it('memoResolver asks each name+type once', async () => {
    const counters = { dnsQueries: 0, httpRequests: 0, tlsHandshakes: 0 };
    const m = memoResolver(udp(), counters);
    await Promise.all([m.query('a.test', 'A'), m.query('A.TEST.', 'A'), m.query('a.test', 'TXT')]);
    expect(counters.dnsQueries).toBe(2);
  });
});

describe('Extended DNS Errors (RFC 8914)', () => {
  const servfail = (options: { code: number; data: Buffer }[]) =>
    decodeMessage(
      dnsPacket.encode({
        type: 'response',
        id: 7,
        flags: 2, // RCODE SERVFAIL
        questions: [{ type: 'TLSA', name: '_25._tcp.mx.example' }],
        additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: 0, options }],
      }),
    );
  const ede = (code: number, text = '') => ({
    code: 15,
    data: Buffer.from([code >> 8, code & 255, ...Buffer.from(text)]),
  });

  it('decodes INFO-CODE and EXTRA-TEXT; a DNSSEC code makes the SERVFAIL bogus', () => {
    const r = toResponse('_25._tcp.mx.example', 'TLSA', servfail([ede(6, 'validation failure <x>')]));
    expect(r).toMatchObject({ outcome: 'servfail', ede: [{ code: 6, text: 'validation failure <x>' }] });
    expect(dnssecStatus(r)).toBe('bogus');
    for (const code of [7, 8, 9, 10, 11, 12])
      expect(dnssecStatus(toResponse('x.example', 'A', servfail([ede(code)])))).toBe('bogus');
  });

  it('other codes, no EDE, or a malformed option leave a SERVFAIL an error', () => {
    // 22 No Reachable Authority, 5 DNSSEC Indeterminate: not evidence of bogus data
    for (const options of [[ede(22)], [ede(5)], [], [{ code: 15, data: Buffer.from([6]) }]]) {
      const r = toResponse('x.example', 'A', servfail(options));
      expect(dnssecStatus(r)).toBe('error');
    }
    expect(toResponse('x.example', 'A', servfail([ede(22)])).ede).toEqual([{ code: 22 }]);
    expect(toResponse('x.example', 'A', servfail([])).ede).toBeUndefined();
  });
});

describe('dohResolver', () => {
  it('reports a non-200 answer as an error', async () => {
    const bad: FetchLike = async () => ({
      status: 500,
      headers: new Headers(),
      arrayBuffer: async () => new ArrayBuffer(0),
    });
    const r = await dohResolver({ url: dohUrl, fetch: bad }).query('a.test', 'A');
    expect(r).toMatchObject({ outcome: 'error', error: 'DoH server answered HTTP 500' });
  });
});
