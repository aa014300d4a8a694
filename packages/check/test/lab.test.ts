// End-to-end scenarios of issue 8 against the in-process loopback lab (see lab.ts: the DNS server
// simulates a validating resolver by setting AD itself).
import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOptions } from '../src/check.ts';
import { checkDomain } from '../src/index.ts';
import { starttlsProbe, udpResolver } from '../src/node.node.ts';
import {
  add,
  type DnsLab,
  labFetch,
  makePki,
  type Pki,
  startDns,
  startHttps,
  startSmtp,
  type Zone,
  zone,
} from './lab.ts';

const DOMAINS = [
  'valid',
  'stripped',
  'wrongname',
  'expired',
  'rescue',
  'redirect',
  'ctype',
  'multi',
  'notcovered',
  'servfail',
];
const policy = (mx: string, mode = 'enforce') =>
  `version: STSv1\nmode: ${mode}\nmx: ${mx}\nmax_age: 604800\n`;

let pki: Pki;
let dns: DnsLab;
let z: Zone;
const closers: (() => Promise<void>)[] = [];
let options: CheckOptions;

beforeAll(async () => {
  pki = makePki();
  const good = pki.leaf(
    'mx.valid.test',
    DOMAINS.filter((d) => !['wrongname', 'expired'].includes(d)).map((d) => `mx.${d}.test`),
  );
  const wrong = pki.leaf('other.test', ['other.test']);
  const expired = pki.leaf('mx.expired.test', ['mx.expired.test'], { expired: true });
  const web = pki.leaf(
    'mta-sts',
    DOMAINS.map((d) => `mta-sts.${d}.test`),
  );
  const chain = (c: { cert: string }) => c.cert + pki.caPem; // leaf + CA, so DANE-TA(2) can match
  const smtpGood = await startSmtp({ key: good.key, cert: chain(good) });
  const smtpStripped = await startSmtp({ key: good.key, cert: chain(good), hideSTARTTLS: true });
  const smtpWrong = await startSmtp({ key: wrong.key, cert: chain(wrong) });
  const smtpExpired = await startSmtp({ key: expired.key, cert: chain(expired) });
  closers.push(smtpGood.close, smtpStripped.close, smtpWrong.close, smtpExpired.close);
  const ports: Record<string, number> = {
    stripped: smtpStripped.port,
    wrongname: smtpWrong.port,
    expired: smtpExpired.port,
  };

  z = zone();
  const routes = new Map<string, { status?: number; headers?: Record<string, string>; body?: string }>();
  for (const d of DOMAINS) {
    const name = `${d}.test`;
    const mx = `mx.${name}`;
    add(z, name, { type: 'MX', data: { preference: 10, exchange: mx } });
    add(z, mx, { type: 'A', data: '127.0.0.1' });
    add(z, `_mta-sts.${name}`, { type: 'TXT', data: ['v=STSv1; id=20260101;'] });
    add(z, `_smtp._tls.${name}`, { type: 'TXT', data: [`v=TLSRPTv1; rua=mailto:tlsrpt@${name}`] });
    routes.set(`mta-sts.${name}`, { body: policy(mx) });
    const leaf = d === 'wrongname' ? wrong : d === 'expired' ? expired : good;
    if (d !== 'servfail')
      add(z, `_25._tcp.${mx}`, {
        type: 'TLSA',
        data: { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.from(leaf.spkiSha256, 'hex') },
      });
  }
  // rescue: a stale 3 1 1 plus a 2 1 1 of the CA that still matches
  z.records.set('_25._tcp.mx.rescue.test', [
    { type: 'TLSA', data: { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.alloc(32, 0xab) } },
    {
      type: 'TLSA',
      data: { usage: 2, selector: 1, matchingType: 1, certificate: Buffer.from(pki.caSpkiSha256, 'hex') },
    },
  ]);
  routes.set('mta-sts.redirect.test', {
    status: 301,
    headers: { location: 'https://www.redirect.test/policy.txt' },
  });
  routes.set('mta-sts.ctype.test', {
    headers: { 'content-type': 'text/html' },
    body: policy('mx.ctype.test'),
  });
  add(z, '_mta-sts.multi.test', { type: 'TXT', data: ['v=STSv1; id=2;'] });
  routes.set('mta-sts.notcovered.test', { body: policy('mx.elsewhere.test') });
  z.servfail.add('TLSA _25._tcp.mx.servfail.test');

  dns = await startDns(z);
  const https = await startHttps(web, routes);
  closers.push(dns.close, () => new Promise<void>((r) => https.server.close(() => r())));
  options = {
    resolver: udpResolver({ server: '127.0.0.1', port: dns.port, timeoutMs: 2000 }),
    fetch: labFetch(https.port, pki.caPem),
    probe: starttlsProbe({
      ca: pki.caPem,
      timeoutMs: 10_000,
      connectTo: (host) => ({ host: '127.0.0.1', port: ports[host.split('.')[1] ?? ''] ?? smtpGood.port }),
    }),
  };
}, 120_000);

afterAll(async () => {
  for (const c of closers) await c();
  pki?.cleanup();
});

const types = (r: Awaited<ReturnType<typeof checkDomain>>) =>
  r.mx.hosts.flatMap((h) => h.failures.map((f) => `${f.policy}:${f.resultType}`));

describe('checkDomain against the lab', () => {
  it('everything valid: MTA-STS enforce satisfied and DANE verified', async () => {
    const r = await checkDomain('valid.test', options);
    expect(r.verdict).toBe('pass');
    expect(r.mx.kind).toBe('explicit');
    const mx = r.mx.hosts[0]!;
    expect(mx.host).toBe('mx.valid.test');
    expect(mx.starttls?.tls?.webpkiValid).toBe(true);
    expect(mx.starttls?.tls?.nameMatch).toBe(true);
    expect(mx.starttls?.tls?.chain.length).toBe(2);
    expect(mx.dane).toMatchObject({ dnssec: 'secure', decision: 'verify', status: 'verified' });
    expect(mx.mtaSts).toMatchObject({ allowed: true, certificateValid: true, decision: 'deliver' });
    expect(mx.failures).toEqual([]);
    expect(r.mtaSts.policy?.mode).toBe('enforce');
    expect(r.tlsrpt.record?.rua[0]?.uri).toBe('mailto:tlsrpt@valid.test');
    // once per name+type: MX, _mta-sts TXT, _smtp._tls TXT, A, AAAA, TLSA
    expect(r.counts).toEqual({ dnsQueries: 6, httpRequests: 1, tlsHandshakes: 1 });
  });

  it('STARTTLS stripped: starttls-not-supported, enforce refuses', async () => {
    const r = await checkDomain('stripped.test', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.starttls?.connected).toBe(true);
    expect(mx.starttls?.starttlsOffered).toBe(false);
    expect(types(r)).toContain('starttls:starttls-not-supported');
    expect(types(r)).toContain('sts:starttls-not-supported');
    expect(mx.dane.status).toBe('failed');
    expect(r.verdict).toBe('fail');
  });

  it('wrong certificate name: certificate-host-mismatch (DANE-EE still verifies: no names for 3 1 1)', async () => {
    const r = await checkDomain('wrongname.test', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.starttls?.tls?.nameMatch).toBe(false);
    expect(mx.starttls?.tls?.webpkiValid).toBe(true);
    expect(types(r)).toEqual(['sts:certificate-host-mismatch']);
    expect(mx.mtaSts.decision).toBe('refuse');
    expect(mx.dane.status).toBe('verified');
    expect(r.verdict).toBe('fail');
  });

  it('expired certificate: certificate-expired for MTA-STS', async () => {
    const r = await checkDomain('expired.test', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.starttls?.tls?.webpkiValid).toBe(false);
    expect(mx.starttls?.tls?.webpkiError).toBe('CERT_HAS_EXPIRED');
    expect(types(r)).toEqual(['sts:certificate-expired']);
    expect(r.verdict).toBe('fail');
  });

  it('a TLSA mismatch rescued by 2 1 1', async () => {
    const r = await checkDomain('rescue.test', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.dane.records).toHaveLength(2);
    expect(mx.dane.status).toBe('verified');
    expect(mx.dane.verification).toMatchObject({ verified: true, depth: 1 });
    expect(r.verdict).toBe('pass');
  });

  it('a policy served through a redirect: sts-policy-fetch-error', async () => {
    const r = await checkDomain('redirect.test', options);
    expect(r.mtaSts.policy).toBeUndefined();
    expect(r.mtaSts.fetch?.errors[0]?.code).toBe('http-redirect');
    expect(r.mtaSts.failures.map((f) => f.resultType)).toEqual(['sts-policy-fetch-error']);
    expect(r.verdict).toBe('fail');
  });

  it('the wrong content type: a warning in lenient mode, sts-policy-invalid in strict mode', async () => {
    const lenient = await checkDomain('ctype.test', options);
    expect(lenient.mtaSts.policy?.mode).toBe('enforce');
    expect(lenient.mtaSts.fetch?.warnings.map((w) => w.code)).toContain('http-content-type');
    const strict = await checkDomain('ctype.test', { ...options, strict: true });
    expect(strict.mtaSts.policy).toBeUndefined();
    expect(strict.mtaSts.failures.map((f) => f.resultType)).toEqual(['sts-policy-invalid']);
  });

  it('several MTA-STS records: no policy, record-multiple, no fetch', async () => {
    const r = await checkDomain('multi.test', options);
    expect(r.mtaSts.recordIssues.map((i) => i.code)).toContain('record-multiple');
    expect(r.mtaSts.policy).toBeUndefined();
    expect(r.counts.httpRequests).toBe(0);
    expect(r.verdict).toBe('fail');
  });

  it('a policy whose mx does not cover the real MX', async () => {
    const r = await checkDomain('notcovered.test', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.mtaSts).toMatchObject({ allowed: false, decision: 'refuse' });
    expect(types(r)).toEqual(['sts:validation-failure']);
    expect(r.mtaSts.lint.map((i) => i.code)).toContain('mx-not-covered');
    expect(r.verdict).toBe('fail');
  });

  it('DNS SERVFAIL on TLSA: DANE defers, dnssec-invalid', async () => {
    const r = await checkDomain('servfail.test', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.dane).toMatchObject({
      outcome: 'servfail',
      dnssec: 'error',
      decision: 'defer',
      status: 'defer',
    });
    expect(types(r)).toEqual(['tlsa:dnssec-invalid']);
    expect(r.verdict).toBe('fail');
  });
});
