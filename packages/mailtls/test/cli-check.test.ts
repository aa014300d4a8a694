// `mailtls check` run in-process against the @mailtls/check loopback lab (the same lab the demo and
// the check scenarios use: knot + unbound where installed), plus usage errors. DNS goes through
// --dns to the lab's resolver; the lab's fetch and probe are injected (its HTTPS and SMTP servers
// listen on OS-chosen ports, not 443 and 25, and trust the lab CA).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, startLab } from '../../check/test/lab.ts';
import { check } from '../src/cli/check.ts';
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
