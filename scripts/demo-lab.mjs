#!/usr/bin/env node
// `pnpm demo` (last step): starts the mailtls lab — knot signing the zones behind a validating
// unbound (or, where those are not installed, an in-process DNS server that sets AD itself), an
// HTTPS server and SMTP servers, all on loopback, with a throwaway CA — and runs checkDomain from
// the BUILT @mailtls/check against each demo domain, printing the verdict and why. No internet
// needed. Run `pnpm build` first. `--dns in-process` forces the in-process DNS server.
import { checkDomain } from '@mailtls/check';
import { LAB_DOMAINS, startLab } from '../packages/check/lab/lab.mjs';

const tty = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code, s) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
const VERDICT = { pass: paint(32, 'PASS'), warn: paint(33, 'WARN'), fail: paint(31, 'FAIL') };

const n = (k, one, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
const started = Date.now();
const dnsArg = process.argv.indexOf('--dns');
const lab = await startLab({ timeoutMs: 5000, dns: dnsArg > 0 ? process.argv[dnsArg + 1] : 'auto' });
let exit = 0;
try {
  const dns =
    lab.dnsBackend === 'debian'
      ? 'knot signing, unbound validating: real DNSSEC'
      : 'in-process, AD set by the server itself; apt-get install knot unbound for real DNSSEC';
  console.log(
    `mailtls lab: DNS 127.0.0.1:${lab.dnsPort} (${dns}), HTTPS 127.0.0.1:${lab.httpsPort}, ` +
      `SMTP ${Object.values(lab.smtpAddresses).join(' ')}\n`,
  );
  for (const domain of lab.domains) {
    const r = await checkDomain(domain, { resolver: lab.resolver, fetch: lab.fetch, probe: lab.probe });
    console.log(`${paint(1, domain)}: ${VERDICT[r.verdict]}  ${paint(2, `— ${LAB_DOMAINS[domain]}`)}`);
    for (const why of r.reasons) console.log(`  - ${why}`);
    for (const h of r.mx.hosts) {
      const tls = h.starttls?.tls;
      const parts = [
        tls ? `${tls.protocol}` : h.starttls?.starttlsOffered === false ? 'no STARTTLS' : 'no TLS',
        `DANE ${h.dane.status}`,
        `MTA-STS ${h.mtaSts.decision}`,
      ];
      console.log(`  ${h.host}: ${parts.join(', ')}`);
      for (const f of h.failures) console.log(`    ${f.policy}: ${f.resultType} (${f.detail})`);
    }
    for (const f of r.mtaSts.failures) console.log(`  sts: ${f.resultType} (${f.detail})`);
    for (const w of r.mtaSts.fetch?.warnings ?? []) console.log(`  sts warning: ${w.code} (${w.message})`);
    const c = r.counts;
    console.log(
      paint(
        2,
        `  ${n(c.dnsQueries, 'DNS query', 'DNS queries')}, ${n(c.httpRequests, 'HTTP request')}, ${n(c.tlsHandshakes, 'TLS handshake')}`,
      ),
    );
  }
  console.log(`\n${lab.domains.length} domains checked in ${Date.now() - started} ms, all on loopback.`);
} catch (e) {
  console.error(`demo-lab: ${e?.stack ?? e}`);
  exit = 1;
} finally {
  await lab.close();
}
process.exitCode = exit;
