// Checking one domain against the loopback lab (lab/lab.mjs): the whole checkDomain path — DNS
// over UDP to the lab server, the MTA-STS fetch over HTTPS, the STARTTLS probe, DANE and MTA-STS
// verification. The counts of one check are printed once, outside the timed task.
import { checkDomain } from '@mailtls/check';
import { startLab } from '../lab/lab.mjs';

// unref'd: the harness imports every bench file, then runs them; the lab must not keep the
// process alive afterwards. Closed (temp dir removed) once the event loop drains.
const lab = await startLab({ timeoutMs: 5000, unref: true });
let closed = false;
process.on('beforeExit', () => {
  if (closed) return;
  closed = true;
  void lab.close();
});
const options = { resolver: lab.resolver, fetch: lab.fetch, probe: lab.probe };
const noProbe = { resolver: lab.resolver, fetch: lab.fetch };
const once = await checkDomain('good.example', options);
if (once.verdict !== 'pass') throw new Error(`lab: good.example should pass, got ${once.verdict}`);
const c = once.counts;
console.log(
  `check good.example (lab, ${lab.dnsBackend} DNS): ${c.dnsQueries} DNS queries, ${c.httpRequests} HTTP request(s), ${c.tlsHandshakes} TLS handshake(s) per check`,
);

export default [
  {
    name: 'checkDomain against the loopback lab (DNS + HTTPS + STARTTLS + DANE)',
    unit: 'checks',
    subject: 'mailtls',
    tasks: {
      mailtls: () => checkDomain('good.example', options),
      // smtp-server holds its greeting 100 ms to catch early talkers (hard-coded, like postfix's
      // postscreen greet pause): this task shows the cost of everything but the SMTP dialogue
      'without the STARTTLS probe': () => checkDomain('good.example', noProbe),
    },
  },
];
