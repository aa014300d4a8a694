// `mailtls check` run in-process against the @mailtls/check loopback lab (127.0.0.1 only), plus
// usage errors. The lab's fetch and probe are injected (HTTPS and SMTP listen on OS ports, not
// 443/25); DNS goes through --dns to the lab's server.
import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starttlsProbe } from '../../check/src/node.node.ts';
import {
  add,
  type DnsLab,
  labFetch,
  makePki,
  type Pki,
  startDns,
  startHttps,
  startSmtp,
  zone,
} from '../../check/test/lab.ts';
import { check } from '../src/cli/check.ts';
import { type Io, UsageError } from '../src/cli/util.ts';

let pki: Pki;
let dns: DnsLab;
const closers: (() => Promise<void>)[] = [];
let deps: Parameters<typeof check>[2];

beforeAll(async () => {
  pki = makePki();
  const good = pki.leaf('mx.cli.test', ['mx.cli.test']);
  const web = pki.leaf('mta-sts.cli.test', ['mta-sts.cli.test']);
  const smtp = await startSmtp({ key: good.key, cert: good.cert + pki.caPem });
  const z = zone();
  add(z, 'cli.test', { type: 'MX', data: { preference: 5, exchange: 'mx.cli.test' } });
  add(z, 'mx.cli.test', { type: 'A', data: '127.0.0.1' });
  add(z, '_mta-sts.cli.test', { type: 'TXT', data: ['v=STSv1; id=1;'] });
  add(z, '_smtp._tls.cli.test', { type: 'TXT', data: ['v=TLSRPTv1; rua=mailto:r@cli.test'] });
  add(z, '_25._tcp.mx.cli.test', {
    type: 'TLSA',
    data: { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.from(good.spkiSha256, 'hex') },
  });
  dns = await startDns(z);
  const https = await startHttps(
    web,
    new Map([
      ['mta-sts.cli.test', { body: 'version: STSv1\nmode: enforce\nmx: mx.cli.test\nmax_age: 86400\n' }],
    ]),
  );
  closers.push(smtp.close, dns.close, () => new Promise<void>((r) => https.server.close(() => r())));
  deps = {
    fetch: labFetch(https.port, pki.caPem),
    probe: starttlsProbe({
      ca: pki.caPem,
      timeoutMs: 10_000,
      connectTo: () => ({ host: '127.0.0.1', port: smtp.port }),
    }),
  };
}, 120_000);

afterAll(async () => {
  for (const c of closers) await c();
  pki?.cleanup();
});

function io(): Io & { text: () => string } {
  let out = '';
  return {
    out: (s) => void (out += s),
    err: (s) => void (out += s),
    color: false,
    errTty: false,
    text: () => out,
  };
}

describe('mailtls check', () => {
  it('prints a sectioned report and exits 0 for a protected domain', async () => {
    const o = io();
    expect(await check(['cli.test', '--dns', `127.0.0.1:${dns.port}`, '--timeout', '5000'], o, deps)).toBe(0);
    const text = o.text();
    expect(text).toMatch(/^cli\.test: PASS\n/);
    expect(text).toContain('MX\n  5 mx.cli.test [127.0.0.1]');
    expect(text).toContain('DANE:     verified (TLSA answer, DNSSEC secure, 1 record(s))');
    expect(text).toContain('policy:   mode enforce, max_age 86400, mx mx.cli.test (fetched)');
    expect(text).toContain('rua: mailto:r@cli.test');
    expect(text).not.toContain('\x1b[');
  });

  it('--json gives the structured report', async () => {
    const o = io();
    expect(await check(['cli.test', '--json', '--dns', `127.0.0.1:${dns.port}`], o, deps)).toBe(0);
    const r = JSON.parse(o.text());
    expect(r.verdict).toBe('pass');
    expect(r.mx.hosts[0].dane.status).toBe('verified');
    expect(r.counts.httpRequests).toBe(1);
  });

  it('colours only when the output is a TTY', async () => {
    const o = { ...io(), color: true };
    let out = '';
    await check(['cli.test', '--dns', `127.0.0.1:${dns.port}`], { ...o, out: (s) => void (out += s) }, deps);
    expect(out).toContain('\x1b[32mPASS\x1b[0m');
  });

  it.each([
    [[], /exactly one domain/],
    [['a.test', 'b.test'], /exactly one domain/],
    [['not a domain'], /not a domain/],
    [['x.test', '--timeout', 'soon'], /--timeout wants milliseconds/],
    [['x.test', '--dns', 'resolver.example'], /--dns wants IP\[:port\]/],
    [['x.test', '--doh', 'http://dns.example/'], /https:\/\/ URL/],
    [['x.test', '--doh', 'https://a/', '--dns', '1.1.1.1'], /exclusive/],
    [['x.test', '--bogus'], /check: Unknown option '--bogus'/],
    [['x.test', '--policy-list', '/nonexistent/list.json'], /cannot read/],
  ])('usage error %j', async (args, message) => {
    await expect(check(args as string[], io(), deps)).rejects.toThrow(UsageError);
    await expect(check(args as string[], io(), deps)).rejects.toThrow(message);
  });
});
