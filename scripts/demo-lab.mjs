#!/usr/bin/env node
import { LAB_DOMAINS, startLab } from '../packages/check/lab/lab.mjs';
// `pnpm demo` (last step): starts the mailtls lab — knot signing the zones behind a validating
// unbound (or, where those are not installed, an in-process DNS server that sets AD itself), an
// HTTPS server and SMTP servers, all on loopback, with a throwaway CA — and runs `mailtls check`
// (the BUILT CLI's own code, in this process) against each demo domain, printing its report, then
// a summary. DNS goes through the CLI's `--dns` to the lab's resolver; the policy fetch and the
// STARTTLS probe are the lab's (its servers listen on OS-chosen ports, not 443 and 25, and trust
// the lab CA). No internet needed. Run `pnpm build` first. `--dns in-process` forces the
// in-process DNS server; `--brief` prints only the summary.
import { main } from '../packages/mailtls/dist/cli.js';

const color = process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const VERDICT = { 0: paint(32, 'PASS'), 1: paint(31, 'FAIL or WARN'), 2: paint(31, 'ERROR') };
const brief = process.argv.includes('--brief');
const dnsArg = process.argv.indexOf('--dns');

const started = Date.now();
const lab = await startLab({ timeoutMs: 5000, dns: dnsArg > 0 ? process.argv[dnsArg + 1] : 'auto' });
let exit = 0;
try {
  const dns =
    lab.dnsBackend === 'debian'
      ? 'knot signing, unbound validating: real DNSSEC'
      : 'in-process, AD set by the server itself; apt-get install knot unbound for real DNSSEC';
  console.log(
    `mailtls lab: DNS ${lab.dnsServer.server}:${lab.dnsPort} (${dns}), HTTPS 127.0.0.1:${lab.httpsPort}, ` +
      `SMTP ${Object.values(lab.smtpAddresses).join(' ')}\n`,
  );
  const summary = [];
  for (const domain of lab.domains) {
    let out = '';
    const io = { out: (s) => void (out += s), err: (s) => void (out += s), color, errTty: false };
    const argv = ['check', domain, '--dns', `${lab.dnsServer.server}:${lab.dnsPort}`, '--timeout', '5000'];
    const code = await main(argv, io, { fetch: lab.fetch, probe: lab.probe });
    if (code === 2) exit = 1; // a usage or internal error is a broken demo; verdicts are not
    if (!brief) {
      console.log(paint(2, `$ mailtls ${argv.join(' ')}    # ${LAB_DOMAINS[domain]}`));
      console.log(out);
    }
    // the report's first line is "<domain>: PASS|WARN|FAIL"
    summary.push(`  ${out.split('\n')[0] ?? VERDICT[code]}  ${paint(2, `— ${LAB_DOMAINS[domain]}`)}`);
  }
  console.log(paint(1, 'Summary'));
  for (const line of summary) console.log(line);
  console.log(`\n${lab.domains.length} domains checked in ${Date.now() - started} ms, all on loopback.`);
} catch (e) {
  console.error(`demo-lab: ${e?.stack ?? e}`);
  exit = 1;
} finally {
  await lab.close();
}
process.exitCode = exit;
