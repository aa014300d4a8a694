// `mailtls check` run in-process against the @mailtls/check loopback lab (the same lab the demo and
// the check scenarios use: knot + unbound where installed), plus usage errors. DNS goes through
// --dns to the lab's resolver; the lab's fetch and probe are injected (its HTTPS and SMTP servers
// listen on OS-chosen ports, not 443 and 25, and trust the lab CA).
import type { DnsResponse, Resolver } from '@mailtls/check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, startLab } from '../../check/test/lab.ts';
import { check } from '../src/cli/check.ts';
import { main } from '../src/cli/main.ts';
import { type Io, UsageError } from '../src/cli/util.ts';

let lab: Lab;
let deps: Parameters<typeof check>[2];
let dns = '';

beforeAll(async () => {
  lab = await startLab({ timeoutMs: 10_000 });
  deps = { fetch: lab.fetch, probe: lab.probe };
  dns = `${lab.dnsServer.server}:${lab.dnsPort}`;
}, 120_000);

afterAll(async () => {
  await lab?.close();
});

/** A resolver that answers NODATA to everything and logs the questions. */
function nodata(asked: string[]): Resolver {
  return {
    query: async (name, type): Promise<DnsResponse> => {
      asked.push(`${type} ${name}`);
      return { name, type, outcome: 'nodata', rcode: 'NOERROR', ad: undefined, records: [], cnames: [] };
    },
  };
}

/** A probe that reaches nothing (these scenarios have no SMTP server). */
const noProbe = async (t: { host: string }) => ({
  host: t.host,
  connected: false,
  starttlsOffered: false,
  error: 'not probed',
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
    expect(await check(['good.example', '--dns', dns, '--timeout', '5000'], o, deps)).toBe(0);
    const text = o.text();
    const address = lab.smtpAddresses.good?.replace(/:\d+$/, '');
    expect(text).toMatch(/^good\.example: PASS\n/);
    expect(text).toContain(`MX\n  10 mx.good.example [${address}]`);
    expect(text).toContain('DANE:     verified (TLSA answer, DNSSEC secure, 1 record(s))');
    expect(text).toContain('policy:   mode enforce, max_age 604800, mx mx.good.example (fetched)');
    expect(text).toContain('rua: mailto:tlsrpt@good.example');
    expect(text).toMatch(/\n6 DNS queries, 1 HTTP request, 1 TLS handshake\n$/);
    expect(text).not.toContain('\x1b[');
  });

  it('exits 1 with the failures named when a policy fails', async () => {
    const o = io();
    expect(await check(['stripped.example', '--dns', dns], o, deps)).toBe(1);
    const text = o.text();
    expect(text).toMatch(/^stripped\.example: FAIL\n/);
    expect(text).toContain('STARTTLS: not offered');
    expect(text).toContain('failure  sts starttls-not-supported');
    expect(text).toContain('\n6 DNS queries, 1 HTTP request, 0 TLS handshakes\n');
  });

  it('names the Extended DNS Error of a bogus TLSA answer', async () => {
    const o = io();
    expect(await check(['servfail.example', '--dns', dns], o, deps)).toBe(1);
    const text = o.text();
    expect(text).toContain('failure  tlsa dnssec-invalid');
    if (lab.dnsBackend === 'debian') {
      expect(text).toContain('DANE:     defer (TLSA servfail, DNSSEC bogus)');
      expect(text).toMatch(/\n {14}EDE 9 DNSKEY Missing: validation failure </);
    } else expect(text).toContain('DANE:     defer (TLSA servfail, DNSSEC error)');
  });

  it('shows control characters from the remote side escaped, never raw', async () => {
    const o = io();
    // a resolver whose EDE text tries to retitle the terminal
    const resolver = {
      query: async (name: string, type: Parameters<typeof lab.resolver.query>[1]) => {
        const r = await lab.resolver.query(name, type);
        return type === 'TLSA'
          ? {
              ...r,
              outcome: 'servfail' as const,
              records: [],
              ede: [{ code: 6, text: 'evil\x1b]0;pwned\x07' }],
            }
          : r;
      },
    };
    expect(await check(['good.example', '--dns', dns], o, { ...deps, resolver })).toBe(1);
    expect(o.text()).toContain('EDE 6 DNSSEC Bogus: evil\\x1b]0;pwned\\x07');
    expect(o.text()).not.toContain('\x1b');
  });

  it('--json gives the structured report', async () => {
    const o = io();
    expect(await check(['good.example', '--json', '--dns', dns], o, deps)).toBe(0);
    const r = JSON.parse(o.text());
    expect(r.verdict).toBe('pass');
    expect(r.mx.hosts[0].dane.status).toBe('verified');
    expect(r.counts.httpRequests).toBe(1);
  });

  it('colours only when the output is a TTY', async () => {
    const o = { ...io(), color: true };
    let out = '';
    await check(['good.example', '--dns', dns], { ...o, out: (s) => void (out += s) }, deps);
    expect(out).toContain('\x1b[32mPASS\x1b[0m');
  });

  it.each([
    '.',
    '...',
    'a..b.example',
    '1.2.3.4',
    '[2001:db8::1]',
    '_x._y.example',
    '*.example.com',
    'example.com:25',
    'a\nb.example',
    `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.example`,
    `${'a'.repeat(64)}.example`,
    'localhost',
  ])('the domain %j is one usage line (exit 2), never a query or an internal error', async (domain) => {
    const asked: string[] = [];
    const o = io();
    const code = await main(['check', domain], o, { ...deps, resolver: nodata(asked) });
    expect(code).toBe(2);
    const text = o.text();
    expect(text).toMatch(/^mailtls: check: not a domain: ".*": [^\n]+\n$/);
    expect(text).not.toContain('internal error');
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f]/);
    expect(asked).toEqual([]);
  });

  it.each([
    ['example.com:25', 'not a domain: "example.com:25": a port is not part of a domain'],
    ['1.2.3.4', 'not a domain: "1.2.3.4": IP address'],
    ['a..b.example', 'not a domain: "a..b.example": Empty label'],
    ['localhost', 'not a domain: "localhost": a single label (write "localhost." for a top-level domain)'],
  ])('%j: the reason is named', async (domain, why) => {
    await expect(check([domain], io(), deps)).rejects.toThrow(why);
  });

  it('an IDN is checked under its A-label name', async () => {
    const asked: string[] = [];
    const o = io();
    expect(
      await main(['check', 'Bücher.example'], o, { ...deps, probe: noProbe, resolver: nodata(asked) }),
    ).toBe(1);
    expect(o.text()).toMatch(/^xn--bcher-kva\.example: /);
    expect(asked).toContain('MX xn--bcher-kva.example');
  });

  it('a null MX beside another MX is listed as invalid, not a crash', async () => {
    const o = io();
    const resolver: Resolver = {
      query: async (name, type) => {
        const r = await nodata([]).query(name, type);
        return type === 'MX'
          ? {
              ...r,
              outcome: 'answer',
              records: [
                { type: 'MX', name, ttl: 300, data: { preference: 0, exchange: '.' } },
                { type: 'MX', name, ttl: 300, data: { preference: 10, exchange: 'mx\x1b.example' } },
                { type: 'MX', name, ttl: 300, data: { preference: 20, exchange: 'mx.good.example' } },
              ],
            }
          : r;
      },
    };
    expect(await main(['check', 'mixed.example'], o, { ...deps, probe: noProbe, resolver })).toBe(1);
    const text = o.text();
    expect(text).toContain('  0 . invalid: Null MX (".") beside other MX records (RFC 7505 §3)');
    expect(text).toMatch(/\n {2}10 mx\\x1b\.example invalid: [^\n]+ \(RFC [^)]+\)\n/);
    expect(text).toContain('  20 mx.good.example [');
    expect(text).toContain('null MX (".") beside other MX records (RFC 7505 §3): senders skip it');
    expect(text).not.toContain('\x1b');
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
