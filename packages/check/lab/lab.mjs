// The mailtls lab: real servers on 127.0.0.1 with OS-chosen ports, nothing leaves the machine.
// Plain JavaScript for Node (no build step) so the tests, `scripts/demo-lab.mjs` and the bench
// share ONE lab. Types: lab.d.mts.
// - an authoritative DNS server (dns-packet over node:dgram and node:net) serving test zones. It
//   SIMULATES a validating resolver: it sets the AD bit itself on answers from names not marked
//   unsigned, so the DNSSEC paths are exercised without real signatures (the knot + unbound
//   test, test/debian-lab.test.ts, exercises real validation where those are installed);
// - an HTTPS server (node:https) with a test CA made by the openssl CLI, serving mta-sts.<domain>;
// - SMTP servers (smtp-server) offering STARTTLS with generated chains.
// `startLab()` wires them into the demo domains of issue 8; the building blocks are exported for
// tests that need their own zones.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, createServer as httpsServer } from 'node:https';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { starttlsProbe, udpResolver } from '@mailtls/check/node';
import dnsPacket from 'dns-packet';
import { SMTPServer } from 'smtp-server';

// ---------------------------------------------------------------- certificates (openssl CLI)

/** A throwaway CA in a temp dir; `leaf()` issues P-256 server certificates from it. */
export function makePki() {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-lab-'));
  const sh = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  sh([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=mailtls lab CA',
    '-days',
    '3650',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  const spki = (pem) =>
    createHash('sha256')
      .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex');
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  let n = 0;
  return {
    caPem,
    caSpkiSha256: spki(caPem),
    leaf(name, sans, opts = {}) {
      const id = `leaf${n++}`;
      sh([
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        `${id}.key`,
        '-out',
        `${id}.csr`,
        '-subj',
        `/CN=${name}`,
      ]);
      writeFileSync(
        join(dir, `${id}.cnf`),
        [
          '[ca]',
          'default_ca=lab',
          '[lab]',
          `dir=${dir}`,
          'database=$dir/index.txt',
          'serial=$dir/serial',
          'new_certs_dir=$dir',
          'certificate=$dir/ca.pem',
          'private_key=$dir/ca.key',
          'default_md=sha256',
          'policy=any',
          'unique_subject=no',
          'copy_extensions=none',
          'x509_extensions=ext',
          '[any]',
          'commonName=supplied',
          '[ext]',
          'basicConstraints=critical,CA:FALSE',
          'keyUsage=critical,digitalSignature',
          'extendedKeyUsage=serverAuth',
          `subjectAltName=${sans.map((s) => `DNS:${s}`).join(',')}`,
        ].join('\n'),
      );
      // fixed dates: the "expired" leaf expired in 2020, the others are valid until 2099
      const dates = opts.expired
        ? ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z']
        : ['-startdate', '20240101000000Z', '-enddate', '20991231000000Z'];
      sh([
        'ca',
        '-batch',
        '-config',
        `${id}.cnf`,
        '-in',
        `${id}.csr`,
        '-out',
        `${id}.pem`,
        '-notext',
        ...dates,
      ]);
      const cert = readFileSync(join(dir, `${id}.pem`), 'utf8');
      return { key: readFileSync(join(dir, `${id}.key`), 'utf8'), cert, spkiSha256: spki(cert) };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// ---------------------------------------------------------------- DNS

/** An empty zone: records by owner name, plus the misbehaviours the lab can simulate. */
export function zone() {
  return {
    records: new Map(),
    servfail: new Set(),
    silent: new Set(),
    truncate: new Set(),
    unsigned: new Set(),
  };
}

/** Appends records to `name` in `z`. */
export function add(z, name, ...rs) {
  const list = z.records.get(name) ?? [];
  list.push(...rs);
  z.records.set(name, list);
}

function answer(z, query, udp) {
  const q = dnsPacket.decode(query);
  const question = q.questions?.[0];
  if (question === undefined) return undefined;
  const name = question.name.toLowerCase().replace(/\.$/, '');
  if (z.silent.has(name)) return undefined;
  const base = {
    type: 'response',
    id: q.id ?? 0,
    questions: q.questions ?? [],
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHORITATIVE_ANSWER | (1 << 7),
  };
  // SERVFAIL is RCODE 2 in the low bits of the flags
  if (z.servfail.has(`${question.type} ${name}`)) return dnsPacket.encode({ ...base, flags: base.flags | 2 });
  const answers = [];
  let owner = name;
  let ad = !z.unsigned.has(name);
  for (let hops = 0; hops < 10; hops++) {
    const rs = z.records.get(owner) ?? [];
    const cname = rs.find((r) => r.type === 'CNAME');
    if (cname && question.type !== 'CNAME') {
      answers.push({ type: 'CNAME', name: owner, ttl: 300, data: cname.data });
      owner = String(cname.data);
      if (z.unsigned.has(owner)) ad = false;
      continue;
    }
    for (const r of rs)
      if (r.type === question.type) answers.push({ type: r.type, name: owner, ttl: 300, data: r.data });
    break;
  }
  const exists = z.records.has(name);
  let flags = base.flags | (ad ? dnsPacket.AUTHENTIC_DATA : 0);
  if (udp && z.truncate.has(name)) {
    flags |= dnsPacket.TRUNCATED_RESPONSE;
    return dnsPacket.encode({ ...base, flags, answers: [] });
  }
  // NXDOMAIN only when the name owns nothing and the chain did not move (RCODE 3 in the low bits)
  const nx = !exists && answers.length === 0;
  return dnsPacket.encode({ ...base, flags: flags | (nx ? 3 : 0), answers });
}

/** Serves `z` over UDP and TCP on 127.0.0.1, both on one OS-chosen port number. */
export async function startDns(z) {
  const log = [];
  const note = (msg) => {
    try {
      const q = dnsPacket.decode(msg).questions?.[0];
      if (q) log.push(`${q.type} ${q.name.toLowerCase()}`);
    } catch {}
  };
  const reply = (msg, udp) => {
    try {
      return answer(z, msg, udp);
    } catch {
      return undefined; // a malformed query gets no answer, as from a real server under attack
    }
  };
  // the TCP server must take the UDP port number too: retry with a fresh port if it is taken
  for (let attempt = 0; ; attempt++) {
    const udp = createSocket('udp4');
    udp.on('message', (msg, rinfo) => {
      note(msg);
      const r = reply(msg, true);
      if (r) udp.send(r, rinfo.port, rinfo.address);
    });
    await new Promise((res) => udp.bind(0, '127.0.0.1', () => res()));
    const port = udp.address().port;
    const sockets = new Set();
    const tcp = netServer((sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      let buf = Buffer.alloc(0);
      sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
          buf = buf.subarray(2 + msg.length);
          note(msg);
          const r = reply(msg, false);
          if (r) {
            const len = Buffer.alloc(2);
            len.writeUInt16BE(r.length);
            sock.write(Buffer.concat([len, r]));
          }
        }
      });
      sock.on('error', () => {});
    });
    const listening = await new Promise((res) => {
      tcp.once('error', () => res(false));
      tcp.listen(port, '127.0.0.1', () => res(true));
    });
    if (!listening) {
      udp.close();
      if (attempt < 5) continue;
      throw new Error('lab DNS: no port free on both UDP and TCP');
    }
    return {
      port,
      log,
      unref: () => {
        udp.unref();
        tcp.unref();
      },
      close: async () => {
        udp.close();
        for (const s of sockets) s.destroy();
        await new Promise((res) => tcp.close(() => res()));
      },
    };
  }
}

// ---------------------------------------------------------------- HTTPS (mta-sts.<domain>)

/** An HTTPS server on 127.0.0.1 answering `/.well-known/mta-sts.txt` per Host from `routes`. */
export async function startHttps(tls, routes) {
  const requests = [];
  const server = httpsServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    requests.push(`${host}${req.url}`);
    const route = req.url === '/.well-known/mta-sts.txt' ? routes.get(host) : undefined;
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(route.status ?? 200, { 'content-type': 'text/plain', ...route.headers });
    res.end(route.body ?? '');
  });
  server.keepAliveTimeout = 1; // the lab closes promptly
  await new Promise((res) => server.listen(0, '127.0.0.1', () => res()));
  const addr = server.address();
  return { port: typeof addr === 'object' && addr ? addr.port : 0, server, requests };
}

/**
 * A FetchLike over node:https that dials 127.0.0.1:`port` whatever the URL's host (SNI and Host
 * stay the URL's), trusting `ca`: the lab's stand-in for a fetch resolving through the lab DNS.
 */
export function labFetch(port, ca) {
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port,
          servername: u.hostname,
          path: u.pathname,
          method: init.method ?? 'GET',
          headers: { host: u.hostname, ...init.headers },
          ca,
          agent: false,
        },
        (res) => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({
            status: res.statusCode ?? 0,
            url,
            redirected: false,
            headers,
            body: Readable.toWeb(res),
            arrayBuffer: async () => {
              const parts = [];
              for await (const c of res) parts.push(c);
              const b = Buffer.concat(parts);
              return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
            },
          });
        },
      );
      req.on('error', reject);
      const signal = init.signal;
      if (signal) {
        if (signal.aborted) req.destroy(signal.reason);
        else signal.addEventListener('abort', () => req.destroy(signal.reason), { once: true });
      }
      if (init.body) req.write(init.body);
      req.end();
    });
}

// ---------------------------------------------------------------- SMTP

/** An smtp-server on 127.0.0.1 offering STARTTLS with `cert` (or hiding the offer). */
export async function startSmtp(opts) {
  const server = new SMTPServer({
    key: opts.key,
    cert: opts.cert,
    hideSTARTTLS: opts.hideSTARTTLS === true,
    authOptional: true,
    disabledCommands: ['AUTH'],
    // smtp-server would otherwise reverse-resolve the client through the system resolver: traffic
    // leaving the machine, and ~100 ms per connection
    disableReverseLookup: true,
    logger: false,
    name: 'lab.test',
  });
  server.on('error', () => {});
  await new Promise((res) => server.listen(0, '127.0.0.1', () => res()));
  const addr = server.server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    server: server.server,
    close: () => new Promise((res) => server.close(() => res())),
  };
}

// ---------------------------------------------------------------- the demo domains

/** The demo domains of issue 8 and what each one shows. */
export const LAB_DOMAINS = {
  'good.example': 'everything valid: MTA-STS enforce, DANE 3 1 1, TLSRPT',
  'stripped.example': 'STARTTLS stripped from the EHLO reply',
  'wrongname.example': 'the MX certificate names another host',
  'expired.example': 'the MX certificate expired',
  'rescued.example': 'a stale TLSA 3 1 1 rescued by a 2 1 1 of the CA',
  'redirect.example': 'the MTA-STS policy is served through a redirect',
  'ctype.example': 'the MTA-STS policy is served as text/html',
  'multi.example': 'two MTA-STS TXT records',
  'uncovered.example': "the policy's mx does not cover the real MX",
  'servfail.example': 'the TLSA lookup fails with SERVFAIL',
  'testing.example': 'MTA-STS in testing mode, no DANE',
};

const policyText = (mx, mode = 'enforce') => `version: STSv1\nmode: ${mode}\nmx: ${mx}\nmax_age: 604800\n`;
const tlsa = (usage, hex) => ({
  type: 'TLSA',
  data: { usage, selector: 1, matchingType: 1, certificate: Buffer.from(hex, 'hex') },
});

/**
 * Starts the whole lab (certificates, DNS, HTTPS, SMTP) for the {@link LAB_DOMAINS}. `resolver`,
 * `fetch` and `probe` plug straight into `checkDomain`; `close()` stops every server and removes
 * the temp dir. `unref: true` lets the process exit while the lab still listens (benchmarks).
 */
export async function startLab(options = {}) {
  const timeoutMs = options.timeoutMs ?? 5000;
  const names = Object.keys(LAB_DOMAINS);
  const label = (d) => d.slice(0, d.indexOf('.'));
  const pki = makePki();
  const closers = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c();
    pki.cleanup();
  };
  try {
    const odd = new Set(['wrongname', 'expired']);
    const good = pki.leaf(
      'mx.good.example',
      names.filter((d) => !odd.has(label(d))).map((d) => `mx.${d}`),
    );
    const wrong = pki.leaf('mx.other.example', ['mx.other.example']);
    const expired = pki.leaf('mx.expired.example', ['mx.expired.example'], { expired: true });
    const web = pki.leaf(
      'mta-sts.good.example',
      names.map((d) => `mta-sts.${d}`),
    );
    // leaf + CA, so a DANE-TA(2) record of the CA can match
    const chain = (c) => c.cert + pki.caPem;
    const smtp = {
      good: await startSmtp({ key: good.key, cert: chain(good) }),
      stripped: await startSmtp({ key: good.key, cert: chain(good), hideSTARTTLS: true }),
      wrongname: await startSmtp({ key: wrong.key, cert: chain(wrong) }),
      expired: await startSmtp({ key: expired.key, cert: chain(expired) }),
    };
    for (const s of Object.values(smtp)) closers.push(s.close);

    const z = zone();
    const routes = new Map();
    for (const d of names) {
      const mx = `mx.${d}`;
      add(z, d, { type: 'MX', data: { preference: 10, exchange: mx } });
      add(z, mx, { type: 'A', data: '127.0.0.1' });
      add(z, `_mta-sts.${d}`, { type: 'TXT', data: ['v=STSv1; id=20260101;'] });
      add(z, `_smtp._tls.${d}`, { type: 'TXT', data: [`v=TLSRPTv1; rua=mailto:tlsrpt@${d}`] });
      routes.set(`mta-sts.${d}`, { body: policyText(mx) });
      const leaf = label(d) === 'wrongname' ? wrong : label(d) === 'expired' ? expired : good;
      add(z, `_25._tcp.${mx}`, tlsa(3, leaf.spkiSha256));
    }
    // rescued: a stale 3 1 1 plus a 2 1 1 of the CA that still matches
    z.records.set('_25._tcp.mx.rescued.example', [tlsa(3, 'ab'.repeat(32)), tlsa(2, pki.caSpkiSha256)]);
    routes.set('mta-sts.redirect.example', {
      status: 301,
      headers: { location: 'https://www.redirect.example/policy.txt' },
    });
    routes.set('mta-sts.ctype.example', {
      headers: { 'content-type': 'text/html' },
      body: policyText('mx.ctype.example'),
    });
    add(z, '_mta-sts.multi.example', { type: 'TXT', data: ['v=STSv1; id=2;'] });
    routes.set('mta-sts.uncovered.example', { body: policyText('mx.elsewhere.example') });
    z.records.delete('_25._tcp.mx.servfail.example');
    z.servfail.add('TLSA _25._tcp.mx.servfail.example');
    z.records.delete('_25._tcp.mx.testing.example');
    routes.set('mta-sts.testing.example', { body: policyText('mx.testing.example', 'testing') });

    const dns = await startDns(z);
    closers.push(dns.close);
    const https = await startHttps(web, routes);
    closers.push(
      () =>
        new Promise((r) => {
          https.server.close(() => r());
          https.server.closeAllConnections?.();
        }),
    );
    if (options.unref === true) {
      dns.unref();
      https.server.unref();
      for (const s of Object.values(smtp)) s.server.unref();
    }
    const connectTo = (host) => ({
      host: '127.0.0.1',
      port: (smtp[label(host.slice(host.indexOf('.') + 1))] ?? smtp.good).port,
    });
    return {
      domains: names,
      pki,
      zone: z,
      routes,
      dnsPort: dns.port,
      dnsServer: { server: '127.0.0.1', port: dns.port },
      dnsLog: dns.log,
      httpsPort: https.port,
      httpRequests: https.requests,
      smtpPorts: Object.fromEntries(Object.entries(smtp).map(([k, v]) => [k, v.port])),
      caPem: pki.caPem,
      resolver: udpResolver({ server: '127.0.0.1', port: dns.port, timeoutMs }),
      fetch: labFetch(https.port, pki.caPem),
      probe: starttlsProbe({ ca: pki.caPem, timeoutMs, connectTo }),
      probeOptions: { ca: pki.caPem, connectTo },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
