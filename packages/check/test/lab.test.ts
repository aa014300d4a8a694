// End-to-end scenarios of issue 8 against the loopback lab (lab/lab.mjs, the same lab
// `scripts/demo-lab.mjs` and the bench run). DNS is Debian knot signing the zones behind unbound
// validating them, so AD, insecure and bogus come from real DNSSEC. Without knot/unbound the lab
// falls back to its in-process server (which sets AD itself) and says so in one line, unless
// MAILTLS_REQUIRE_LAB=1, where that is an error.
import { nodeSignatureVerifier } from '@mailtls/dane/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOptions } from '../src/check.ts';
import { checkDomain } from '../src/index.ts';
import { LAB_DOMAINS, type Lab, startLab } from './lab.ts';

let lab: Lab;
let options: CheckOptions;

beforeAll(async () => {
  const required = process.env.MAILTLS_REQUIRE_LAB === '1';
  lab = await startLab({ timeoutMs: 10_000, dns: required ? 'debian' : 'auto' });
  if (lab.dnsBackend !== 'debian')
    console.log('skip real DNSSEC in the lab scenarios: knot/unbound missing, in-process DNS sets AD itself');
  options = { resolver: lab.resolver, fetch: lab.fetch, probe: lab.probe };
}, 120_000);

afterAll(async () => {
  await lab?.close();
});

const types = (r: Awaited<ReturnType<typeof checkDomain>>) =>
  r.mx.hosts.flatMap((h) => h.failures.map((f) => `${f.policy}:${f.resultType}`));

describe('checkDomain against the lab', () => {
  it('everything valid: MTA-STS enforce satisfied and DANE verified', async () => {
    const r = await checkDomain('good.example', options);
    expect(r.verdict).toBe('pass');
    expect(r.mx.kind).toBe('explicit');
    const mx = r.mx.hosts[0]!;
    expect(mx.host).toBe('mx.good.example');
    expect(mx.starttls?.tls?.webpkiValid).toBe(true);
    expect(mx.starttls?.tls?.nameMatch).toBe(true);
    expect(mx.starttls?.tls?.chain.length).toBe(2);
    expect(mx.dane).toMatchObject({ dnssec: 'secure', decision: 'verify', status: 'verified' });
    expect(mx.mtaSts).toMatchObject({ allowed: true, certificateValid: true, decision: 'deliver' });
    expect(mx.failures).toEqual([]);
    expect(r.mtaSts.policy?.mode).toBe('enforce');
    expect(r.tlsrpt.record?.rua[0]?.uri).toBe('mailto:tlsrpt@good.example');
    // once per name+type: MX, _mta-sts TXT, _smtp._tls TXT, A, AAAA, TLSA
    expect(r.counts).toEqual({ dnsQueries: 6, httpRequests: 1, tlsHandshakes: 1 });
  });

  it('STARTTLS stripped: starttls-not-supported, enforce refuses', async () => {
    const r = await checkDomain('stripped.example', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.starttls?.connected).toBe(true);
    expect(mx.starttls?.starttlsOffered).toBe(false);
    expect(types(r)).toContain('starttls:starttls-not-supported');
    expect(types(r)).toContain('sts:starttls-not-supported');
    expect(mx.dane.status).toBe('failed');
    expect(r.verdict).toBe('fail');
  });

  it('wrong certificate name: certificate-host-mismatch (DANE-EE still verifies: no names for 3 1 1)', async () => {
    const r = await checkDomain('wrongname.example', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.starttls?.tls?.nameMatch).toBe(false);
    expect(mx.starttls?.tls?.webpkiValid).toBe(true);
    expect(types(r)).toEqual(['sts:certificate-host-mismatch']);
    expect(mx.mtaSts.decision).toBe('refuse');
    expect(mx.dane.status).toBe('verified');
    expect(r.verdict).toBe('fail');
  });

  it('expired certificate: certificate-expired for MTA-STS', async () => {
    const r = await checkDomain('expired.example', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.starttls?.tls?.webpkiValid).toBe(false);
    expect(mx.starttls?.tls?.webpkiError).toBe('CERT_HAS_EXPIRED');
    expect(types(r)).toEqual(['sts:certificate-expired']);
    expect(r.verdict).toBe('fail');
  });

  it('a TLSA mismatch rescued by 2 1 1', async () => {
    const r = await checkDomain('rescued.example', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.dane.records).toHaveLength(2);
    expect(mx.dane.status).toBe('verified');
    expect(mx.dane.verification).toMatchObject({ verified: true, depth: 1 });
    expect(r.verdict).toBe('pass');
    // the path validation below the 2 1 1 anchor runs through a given signature verifier
    let calls = 0;
    const counted = await checkDomain('rescued.example', {
      ...options,
      signatureVerifier: (c) => {
        calls++;
        return nodeSignatureVerifier(c);
      },
    });
    expect(counted.mx.hosts[0]?.dane.status).toBe('verified');
    expect(calls).toBe(1);
  });

  it('a policy served through a redirect: sts-policy-fetch-error', async () => {
    const r = await checkDomain('redirect.example', options);
    expect(r.mtaSts.policy).toBeUndefined();
    expect(r.mtaSts.fetch?.errors[0]?.code).toBe('http-redirect');
    expect(r.mtaSts.failures.map((f) => f.resultType)).toEqual(['sts-policy-fetch-error']);
    expect(r.verdict).toBe('fail');
  });

  it('the wrong content type: a warning in lenient mode, sts-policy-invalid in strict mode', async () => {
    const lenient = await checkDomain('ctype.example', options);
    expect(lenient.mtaSts.policy?.mode).toBe('enforce');
    expect(lenient.mtaSts.fetch?.warnings.map((w) => w.code)).toContain('http-content-type');
    const strict = await checkDomain('ctype.example', { ...options, strict: true });
    expect(strict.mtaSts.policy).toBeUndefined();
    expect(strict.mtaSts.failures.map((f) => f.resultType)).toEqual(['sts-policy-invalid']);
  });

  it('several MTA-STS records: no policy, record-multiple, no fetch', async () => {
    const r = await checkDomain('multi.example', options);
    expect(r.mtaSts.recordIssues.map((i) => i.code)).toContain('record-multiple');
    expect(r.mtaSts.policy).toBeUndefined();
    expect(r.counts.httpRequests).toBe(0);
    expect(r.verdict).toBe('fail');
  });

  it('a policy whose mx does not cover the real MX', async () => {
    const r = await checkDomain('uncovered.example', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.mtaSts).toMatchObject({ allowed: false, decision: 'refuse' });
    expect(types(r)).toEqual(['sts:validation-failure']);
    expect(r.mtaSts.lint.map((i) => i.code)).toContain('mx-not-covered');
    expect(r.verdict).toBe('fail');
  });

  it('DNS SERVFAIL on TLSA (a bogus zone): DANE defers, dnssec-invalid', async () => {
    const r = await checkDomain('servfail.example', options);
    const mx = r.mx.hosts[0]!;
    // unbound says why (RFC 8914 EDE "DNSSEC Bogus"); the in-process server's SERVFAIL does not
    const bogus = lab.dnsBackend === 'debian';
    expect(mx.dane).toMatchObject({
      outcome: 'servfail',
      dnssec: bogus ? 'bogus' : 'error',
      decision: 'defer',
      status: 'defer',
    });
    expect(types(r)).toEqual(['tlsa:dnssec-invalid']);
    expect(mx.failures[0]?.detail).toBe(bogus ? 'dnssec-bogus' : 'dns-servfail');
    // RFC 8914: 9 "DNSKEY Missing" (no key matches the parent's DS), with unbound's reason
    if (bogus) {
      expect(mx.dane.ede?.map((e) => e.code)).toEqual([9]);
      expect(mx.dane.ede?.[0]?.text).toMatch(
        /^validation failure <_25\._tcp\.mx\.servfail\.example\. TLSA IN>/,
      );
    } else expect(mx.dane.ede).toBeUndefined();
    expect(r.verdict).toBe('fail');
  });
});

describe('more of the real world', () => {
  it('TLSA in an unsigned zone: insecure, so DANE does not apply and MTA-STS decides', async () => {
    const r = await checkDomain('insecure.example', options);
    const mx = r.mx.hosts[0]!;
    expect(r.mx.dnssec).toBe(false);
    expect(mx.dane).toMatchObject({ dnssec: 'insecure', decision: 'no-dane', status: 'no-dane' });
    expect(mx.dane.records).toHaveLength(1);
    expect(mx.mtaSts.decision).toBe('deliver');
    expect(mx.failures).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it('an IPv6-only MX: AAAA ::1 is dialled and verified', async () => {
    expect(lab.domains).toContain('ipv6.example');
    const r = await checkDomain('ipv6.example', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.addresses).toEqual(['::1']);
    expect(mx.starttls?.address).toBe('::1');
    expect(mx.dane.status).toBe('verified');
    expect(r.verdict).toBe('pass');
  });
});

describe('the lab itself', () => {
  it('MTA-STS testing mode without DANE: warn, delivered and reported', async () => {
    const r = await checkDomain('testing.example', options);
    const mx = r.mx.hosts[0]!;
    expect(mx.dane.decision).toBe('no-dane');
    expect(mx.mtaSts.decision).toBe('deliver');
    expect(mx.authenticated).toBe(false);
    expect(r.reasons).toContain('MTA-STS policy in testing mode');
    expect(r.verdict).toBe('warn');
  });

  it('serves every demo domain on loopback, one DNS query per name and type per check', async () => {
    expect(Object.keys(LAB_DOMAINS)).toEqual(lab.domains);
    expect(lab.dnsServer.server).toMatch(
      lab.dnsBackend === 'debian' ? /^127\.53\.\d+\.\d+$/ : /^127\.0\.0\.1$/,
    );
    for (const a of Object.values(lab.smtpAddresses)) expect(a).toMatch(/^(127\.0\.0\.\d|\[::1\]):\d+$/);
    const before = lab.dnsQueries().length;
    const r = await checkDomain('good.example', options);
    // the lab's fetch resolves mta-sts.<domain> itself, as fetch would through the OS resolver
    const asked = lab
      .dnsQueries()
      .slice(before)
      .filter((q) => !q.startsWith('A mta-sts.'));
    expect(asked.length).toBe(r.counts.dnsQueries);
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked.every((q) => q.endsWith('good.example'))).toBe(true);
    expect(lab.httpRequests.at(-1)).toBe('mta-sts.good.example/.well-known/mta-sts.txt');
    // the probe dialled the address DNS gave for the MX
    expect(r.mx.hosts[0]?.starttls?.address).toBe(r.mx.hosts[0]?.addresses[0]);
  });
});

describe('the lab without loopback aliases or knot (macOS-like): the fallbacks give the same verdicts', () => {
  let plain: Lab;
  beforeAll(async () => {
    plain = await startLab({ timeoutMs: 10_000, dns: 'in-process', aliases: false });
  }, 120_000);
  afterAll(async () => {
    await plain?.close();
  });

  it('in-process DNS, every SMTP server on 127.0.0.1 with its own port', async () => {
    expect(plain.dnsBackend).toBe('in-process');
    expect(plain.domains).not.toContain('ipv6.example');
    const ports = Object.values(plain.smtpAddresses);
    expect(ports.every((a) => a.startsWith('127.0.0.1:'))).toBe(true);
    expect(new Set(ports).size).toBe(ports.length);
    const o = { resolver: plain.resolver, fetch: plain.fetch, probe: plain.probe };
    const verdicts = await Promise.all(
      ['good.example', 'stripped.example', 'servfail.example', 'insecure.example'].map(async (d) => {
        const r = await checkDomain(d, o);
        return `${d} ${r.verdict} ${r.mx.hosts[0]?.dane.status}`;
      }),
    );
    expect(verdicts).toEqual([
      'good.example pass verified',
      'stripped.example fail failed',
      'servfail.example fail defer',
      'insecure.example pass no-dane',
    ]);
  });
});
