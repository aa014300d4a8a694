// The mailtls lab: real servers on loopback (127.0.0.0/8 and ::1) with OS-chosen ports; nothing
// leaves the machine.
// Plain JavaScript for Node (no build step) so the tests, `scripts/demo-lab.mjs` and the bench
// share ONE lab. Types: lab.d.mts.
// - DNS with real DNSSEC: Debian knot (authoritative, signing the test zones) behind unbound
//   (validating, the zones' key its only trust anchor), so AD, insecure delegations and bogus
//   answers come from a validator. Where knot/unbound are not installed, an in-process server
//   (dns-packet over node:dgram and node:net) SIMULATES the validator by setting AD itself; the
//   resolver unit tests use it for what real servers will not do on demand (truncation, silence);
// - an HTTPS server (node:https) with a test CA made by the openssl CLI, serving mta-sts.<domain>;
// - SMTP servers (smtp-server) offering STARTTLS with generated chains, each on its own loopback
//   address (127.0.0.2…, and ::1) on one shared port, so the probe dials what DNS answered.
// `startLab()` wires them into the demo domains of issue 8; the building blocks are exported for
// tests that need their own zones.
import { Buffer } from 'node:buffer';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  const signed = (n) => ![...z.unsigned].some((u) => n === u || n.endsWith(`.${u}`));
  let ad = signed(name);
  for (let hops = 0; hops < 10; hops++) {
    const rs = z.records.get(owner) ?? [];
    const cname = rs.find((r) => r.type === 'CNAME');
    if (cname && question.type !== 'CNAME') {
      answers.push({ type: 'CNAME', name: owner, ttl: 300, data: cname.data });
      owner = String(cname.data);
      if (!signed(owner)) ad = false;
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
      queries: () => [...log],
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

// ---------------------------------------------------------------- DNS: Debian knot + unbound

const DEBIAN_DNS = { knotd: '/usr/sbin/knotd', keymgr: '/usr/sbin/keymgr', unbound: '/usr/sbin/unbound' };

/** The knot/unbound binaries this machine lacks (empty: the real-DNSSEC lab can run). */
export function debianDnsMissing() {
  return Object.values(DEBIAN_DNS).filter((b) => !existsSync(b));
}

/** A port number free on both UDP and TCP of `host` (OS-chosen; released for the server). */
export async function freePort(host = '127.0.0.1') {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = createSocket('udp4');
    await new Promise((res, rej) => {
      udp.once('error', rej);
      udp.bind(0, host, () => res());
    });
    const port = udp.address().port;
    const tcp = netServer();
    const ok = await new Promise((res) => {
      tcp.once('error', () => res(false));
      tcp.listen(port, host, () => res(true));
    });
    udp.close();
    if (ok) {
      await new Promise((res) => tcp.close(() => res()));
      return port;
    }
  }
  throw new Error('lab: no port free on both UDP and TCP');
}

/**
 * A loopback address of its own for one lab's knot and unbound: both bind UDP with SO_REUSEPORT,
 * so two labs (parallel test files) that drew the same port on one address would share it and
 * answer each other's queries. Linux routes all of 127.0.0.0/8 to lo; elsewhere, 127.0.0.1.
 */
async function ownLoopback() {
  const host = `127.53.${1 + Math.floor(Math.random() * 254)}.${1 + Math.floor(Math.random() * 254)}`;
  try {
    await freePort(host);
    return host;
  } catch {
    return '127.0.0.1';
  }
}

const fqdn = (name) => `${name}.`;
const zoneText = (data) => {
  // RFC 1035 §5.1 character-strings: quote, escape `"` and `\`
  const str = (s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  switch (data.type) {
    case 'MX':
      return `MX ${data.data.preference} ${fqdn(data.data.exchange)}`;
    case 'TXT':
      return `TXT ${data.data.map(str).join(' ')}`;
    case 'CNAME':
      return `CNAME ${fqdn(data.data)}`;
    case 'TLSA': {
      const d = data.data;
      return `TLSA ${d.usage} ${d.selector} ${d.matchingType} ${Buffer.from(d.certificate).toString('hex')}`;
    }
    default:
      return `${data.type} ${data.data}`;
  }
};
const under = (name, apex) => name === apex || name.endsWith(`.${apex}`);

/**
 * Serves `z` with real DNSSEC: knot (authoritative, signing) behind unbound (validating, with the
 * apex's key as its only trust anchor), both on `host`, a loopback address of this lab's own.
 * Every owner name must lie under `apex`,
 * which knot signs. Each name in `z.unsigned` becomes an unsigned child zone, delegated without DS
 * (a provably insecure answer, AD=0); each "TYPE name" in `z.servfail` becomes a signed child zone
 * at that name whose DS in the parent names another key, so a validator must call it bogus and
 * answer SERVFAIL (the commonest real cause of a TLSA SERVFAIL). `silent` and `truncate` need the
 * in-process server. Resolve through `port` (unbound); `knotPort` is the authoritative server.
 */
export async function startKnotUnbound(z, options = {}) {
  const apex = options.apex ?? 'example';
  if (z.silent.size > 0 || z.truncate.size > 0)
    throw new Error('lab: silent/truncate need the in-process DNS server');
  const missing = debianDnsMissing();
  if (missing.length > 0)
    throw new Error(`lab: ${missing.join(', ')} missing (apt-get install knot unbound)`);
  const host = await ownLoopback();
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-dns-'));
  const children = [];
  // signal every child at once, synchronously: an exiting process (or an unref'd bench lab closed
  // from 'beforeExit') may not live to signal the next one
  const kill = () => {
    const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
    for (const c of alive) c.kill('SIGTERM');
    return alive;
  };
  const onExit = () => {
    kill();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  const close = async () => {
    await Promise.all(kill().map((c) => new Promise((res) => c.once('exit', res))));
    rmSync(dir, { recursive: true, force: true });
    process.off('exit', onExit);
  };
  try {
    const insecure = [...z.unsigned];
    const bogus = [...z.servfail].map((s) => s.slice(s.indexOf(' ') + 1));
    const zones = [apex, ...insecure, ...bogus];
    for (const name of zones.slice(1))
      if (!under(name, apex) || name === apex) throw new Error(`lab: ${name} is not below ${apex}`);
    // the deepest zone holding a name
    const zoneOf = (name) => zones.filter((zn) => under(name, zn)).sort((a, b) => b.length - a.length)[0];
    const lines = new Map(
      zones.map((zn) => [
        zn,
        [`$TTL 300`, `@ SOA ns.${apex}. hostmaster.${apex}. 1 3600 600 86400 300`, `@ NS ns.${apex}.`],
      ]),
    );
    lines.get(apex).push(`ns.${apex}. A 127.0.0.1`);
    for (const [name, rs] of z.records) {
      const zn = zoneOf(name);
      if (zn === undefined) throw new Error(`lab: ${name} is not below ${apex}`);
      for (const r of rs) lines.get(zn).push(`${fqdn(name)} ${zoneText(r)}`);
    }
    const signed = [apex, ...bogus];
    const conf = join(dir, 'knot.conf');
    const knotConf = (knotPort) =>
      `server:\n  rundir: "${dir}"\n  listen: ${host}@${knotPort}\n` +
      `database:\n  storage: "${dir}"\n  kasp-db: "${dir}/kasp"\n` +
      'log:\n  - target: stderr\n    any: error\n' +
      // manual key management: keys come from keymgr below, so the anchor and DS are known up front
      'policy:\n  - id: lab\n    algorithm: ecdsap256sha256\n    manual: on\n    single-type-signing: on\n    nsec3: off\n' +
      `template:\n  - id: default\n    storage: "${dir}"\n    zonefile-sync: -1\n    journal-content: none\n` +
      `zone:\n${zones
        .map(
          (zn) =>
            `  - domain: ${zn}\n    file: ${zn}.zone\n` +
            (signed.includes(zn) ? '    dnssec-signing: on\n    dnssec-policy: lab\n' : ''),
        )
        .join('')}`;
    writeFileSync(conf, knotConf(53)); // keymgr reads only the key database settings, binds nothing
    const keymgr = (config, ...args) =>
      execFileSync(DEBIAN_DNS.keymgr, ['-c', config, ...args], { cwd: dir, encoding: 'utf8' });
    const firstLine = (text, type) => {
      const line = text.split('\n').find((l) => l.includes(` ${type} `));
      if (line === undefined) throw new Error(`lab: keymgr printed no ${type}: ${text}`);
      return line.trim();
    };
    for (const zn of signed) keymgr(conf, zn, 'generate', 'algorithm=ecdsap256sha256', 'ksk=yes', 'zsk=yes');
    const anchor = firstLine(keymgr(conf, apex, 'dnskey'), 'DNSKEY');
    // a second key store for the bogus zones: their DS in the parent comes from a key they are NOT
    // signed with, a broken chain of trust
    const other = join(dir, 'other.conf');
    writeFileSync(
      other,
      `database:\n  kasp-db: "${dir}/other-kasp"\npolicy:\n  - id: lab\n    algorithm: ecdsap256sha256\n    manual: on\n` +
        `zone:\n${bogus.map((zn) => `  - domain: ${zn}\n    dnssec-policy: lab\n`).join('')}`,
    );
    for (const zn of insecure) lines.get(apex).push(`${fqdn(zn)} NS ns.${apex}.`);
    for (const zn of bogus) {
      keymgr(other, zn, 'generate', 'algorithm=ecdsap256sha256', 'ksk=yes', 'zsk=yes');
      const ds = firstLine(keymgr(other, zn, 'ds'), 'DS');
      lines
        .get(apex)
        .push(`${fqdn(zn)} NS ns.${apex}.`, ds.replace(/^(\S+)\s+(?:\d+\s+)?(?:IN\s+)?DS/, '$1 DS'));
    }
    for (const [zn, ls] of lines) writeFileSync(join(dir, `${zn}.zone`), `${ls.join('\n')}\n`);
    const log = join(dir, 'unbound.log');
    const unboundConf = (port, knotPort) =>
      [
        'server:',
        `  interface: ${host}`,
        // one socket, no SO_REUSEPORT: a port already taken fails the start (and we retry)
        '  so-reuseport: no',
        `  port: ${port}`,
        '  do-ip6: no',
        '  do-daemonize: no',
        '  username: ""',
        '  chroot: ""',
        `  directory: "${dir}"`,
        `  pidfile: "${dir}/unbound.pid"`,
        '  use-syslog: no',
        `  logfile: "${log}"`,
        '  log-queries: yes',
        '  verbosity: 0',
        '  do-not-query-localhost: no',
        '  access-control: 127.0.0.0/8 allow',
        '  module-config: "validator iterator"',
        // the apex's key is the only trust anchor: no root anchor, no root priming
        `  trust-anchor: "${anchor}"`,
        // 2: the EDE of a bogus answer carries the validator's reason as EXTRA-TEXT
        '  val-log-level: 2',
        // RFC 8914 Extended DNS Errors: a bogus answer's SERVFAIL names its cause (codes 6–12)
        '  ede: yes',
        // knot serves every zone; the iterator would dial port 53 for the delegations otherwise
        ...zones.flatMap((zn) => ['stub-zone:', `  name: "${zn}"`, `  stub-addr: ${host}@${knotPort}`]),
      ].join('\n');
    const start = (cmd, args) => {
      const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      child.err = '';
      child.stderr.on('data', (d) => {
        child.err = (child.err + String(d)).slice(-2000);
      });
      children.push(child);
      return child;
    };
    // up when it answers; an early exit (its port taken since freePort released it) fails at once
    const until = async (what, child, port) => {
      const probe = udpResolver({ server: host, port, timeoutMs: 300, retries: 0 });
      for (let i = 0; i < 200 && child.exitCode === null; i++) {
        if ((await probe.query(`ns.${apex}`, 'A')).outcome === 'answer') return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(
        `lab: ${what} did not come up${child.exitCode === null ? '' : ` (exit ${child.exitCode}: ${child.err.trim()})`}`,
      );
    };
    let port = 0;
    let knotPort = 0;
    for (let attempt = 1; ; attempt++) {
      knotPort = await freePort(host);
      port = await freePort(host);
      writeFileSync(conf, knotConf(knotPort));
      writeFileSync(join(dir, 'unbound.conf'), unboundConf(port, knotPort));
      execFileSync('/usr/sbin/unbound-checkconf', [join(dir, 'unbound.conf')], { cwd: dir, stdio: 'pipe' });
      try {
        await until('knotd', start(DEBIAN_DNS.knotd, ['-c', conf]), knotPort);
        await until('unbound', start(DEBIAN_DNS.unbound, ['-d', '-c', join(dir, 'unbound.conf')]), port);
        break;
      } catch (e) {
        await Promise.all(kill().map((c) => new Promise((res) => c.once('exit', res))));
        children.length = 0;
        if (attempt === 3) throw e;
      }
    }
    const queries = () => {
      // "[ts] unbound[pid:0] info: 127.53.1.2 mx.good.example. A IN"
      const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
      const out = [];
      for (const line of text.split('\n')) {
        const m = / info: \S+ (\S+)\. (\S+) IN$/.exec(line);
        if (m && m[1] !== `ns.${apex}`) out.push(`${m[2]} ${m[1].toLowerCase()}`);
      }
      return out;
    };
    return {
      host,
      port,
      knotPort,
      queries,
      unref: () => {
        for (const c of children) {
          c.unref();
          c.stderr.unref?.();
        }
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
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
 * A FetchLike over node:https trusting `ca`, dialling port `port`. With `resolver` it resolves the
 * URL's host through it (A, then AAAA) and dials that address, as a fetch would through the
 * system resolver; without, it dials 127.0.0.1. SNI and Host stay the URL's.
 */
export function labFetch(port, ca, resolver) {
  const addressOf = async (host) => {
    if (resolver === undefined) return '127.0.0.1';
    for (const type of ['A', 'AAAA']) {
      const r = await resolver.query(host, type);
      const hit = r.records.find((x) => x.type === type);
      if (hit) return hit.data;
    }
    // what undici's fetch throws when the name does not resolve
    throw new TypeError('fetch failed', { cause: new Error(`getaddrinfo ENOTFOUND ${host}`) });
  };
  return async (url, init = {}) => {
    const u = new URL(url);
    const address = await addressOf(u.hostname);
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: address,
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
  };
}

// ---------------------------------------------------------------- SMTP

/** An smtp-server on `host:port` (default 127.0.0.1, OS-chosen port) offering STARTTLS with `cert` (or hiding the offer). */
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
  // a listen failure (port taken, address not configured) rejects; later errors are dropped
  let listening = false;
  await new Promise((res, rej) => {
    server.on('error', (e) => {
      if (!listening) rej(e);
    });
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      listening = true;
      res();
    });
  });
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
  'servfail.example': 'the TLSA lookup fails with SERVFAIL (a DNSSEC-bogus zone)',
  'testing.example': 'MTA-STS in testing mode, no DANE',
  'insecure.example': 'TLSA published in an unsigned zone: DANE does not apply',
  'ipv6.example': 'the only MX address is IPv6 (::1)',
};

const policyText = (mx, mode = 'enforce') => `version: STSv1\nmode: ${mode}\nmx: ${mx}\nmax_age: 604800\n`;
const tlsa = (usage, hex) => ({
  type: 'TLSA',
  data: { usage, selector: 1, matchingType: 1, certificate: Buffer.from(hex, 'hex') },
});

/** The SMTP servers of the lab: which certificate each presents, on which loopback address. */
const SMTP = {
  good: '127.0.0.2',
  stripped: '127.0.0.3',
  wrongname: '127.0.0.4',
  expired: '127.0.0.5',
};

/**
 * Starts the SMTP servers on their own loopback addresses, all on ONE port (like port 25 on real
 * MX hosts, so the probe dials exactly the address DNS gave it), plus the good server on ::1.
 * Where 127.0.0.2… are not configured (macOS), every server takes 127.0.0.1 with its own port and
 * the probe is told which port serves which address.
 */
async function startSmtpServers(certs, aliases) {
  const servers = {};
  const closeAll = async () => {
    for (const s of Object.values(servers)) await s.close();
    for (const k of Object.keys(servers)) delete servers[k];
  };
  for (let attempt = 0; aliases && attempt < 5; attempt++) {
    try {
      let port = 0;
      for (const [k, host] of Object.entries(SMTP)) {
        servers[k] = await startSmtp({ ...certs[k], host, port });
        port = servers[k].port;
      }
      const v6 = await startSmtp({ ...certs.good, host: '::1', port }).catch((e) =>
        e?.code === 'EADDRINUSE' ? Promise.reject(e) : undefined,
      );
      if (v6) servers.v6 = v6;
      return { servers, port, addresses: { ...SMTP, v6: v6 ? '::1' : undefined }, aliases: true };
    } catch (e) {
      await closeAll();
      if (e?.code === 'EADDRNOTAVAIL') break; // no loopback aliases here: the fallback below
      if (e?.code !== 'EADDRINUSE') throw e;
    }
  }
  for (const k of Object.keys(SMTP)) servers[k] = await startSmtp(certs[k]);
  const addresses = { ...SMTP, v6: undefined };
  for (const k of Object.keys(SMTP)) addresses[k] = '127.0.0.1';
  return { servers, port: undefined, addresses, aliases: false };
}

/**
 * Starts the whole lab (certificates, DNS, HTTPS, SMTP) for the {@link LAB_DOMAINS}. `resolver`,
 * `fetch` and `probe` plug straight into `checkDomain`; `close()` stops every server and removes
 * the temp dirs. `unref: true` lets the process exit while the lab still listens (benchmarks).
 *
 * DNS (`options.dns`): `'debian'` = knot signing the zones behind unbound validating them (real
 * DNSSEC: the AD bit, insecure delegations and bogus answers come from a validator);
 * `'in-process'` = the dns-packet server, which sets AD itself; `'auto'` (default) = debian when
 * knotd, keymgr and unbound are installed. `lab.dnsBackend` says which one runs. `aliases: false`
 * forces the SMTP fallback for systems without 127.0.0.2… (one port per server on 127.0.0.1).
 */
export async function startLab(options = {}) {
  const timeoutMs = options.timeoutMs ?? 5000;
  const want = options.dns ?? 'auto';
  const backend = want === 'auto' ? (debianDnsMissing().length === 0 ? 'debian' : 'in-process') : want;
  const label = (d) => d.slice(0, d.indexOf('.'));
  const pki = makePki();
  const closers = [];
  // a process exiting with the lab open (an unref'd bench lab) still removes the temp dir
  const onExit = () => pki.cleanup();
  process.on('exit', onExit);
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c();
    pki.cleanup();
    process.off('exit', onExit);
  };
  try {
    const odd = new Set(['wrongname', 'expired']);
    const all = Object.keys(LAB_DOMAINS);
    const good = pki.leaf(
      'mx.good.example',
      all.filter((d) => !odd.has(label(d))).map((d) => `mx.${d}`),
    );
    const wrong = pki.leaf('mx.other.example', ['mx.other.example']);
    const expired = pki.leaf('mx.expired.example', ['mx.expired.example'], { expired: true });
    const web = pki.leaf(
      'mta-sts.good.example',
      all.map((d) => `mta-sts.${d}`),
    );
    // leaf + CA, so a DANE-TA(2) record of the CA can match
    const chain = (c) => ({ key: c.key, cert: c.cert + pki.caPem });
    const smtp = await startSmtpServers(
      {
        good: chain(good),
        stripped: { ...chain(good), hideSTARTTLS: true },
        wrongname: chain(wrong),
        expired: chain(expired),
      },
      options.aliases !== false,
    );
    for (const s of Object.values(smtp.servers)) closers.push(s.close);
    const names = all.filter((d) => d !== 'ipv6.example' || smtp.addresses.v6 !== undefined);

    const z = zone();
    const routes = new Map();
    add(z, 'ns.example', { type: 'A', data: '127.0.0.1' });
    for (const d of names) {
      const mx = `mx.${d}`;
      const server = smtp.servers[label(d)] ? label(d) : 'good';
      add(z, d, { type: 'MX', data: { preference: 10, exchange: mx } });
      if (d === 'ipv6.example') add(z, mx, { type: 'AAAA', data: '::1' });
      else add(z, mx, { type: 'A', data: smtp.addresses[server] });
      add(z, `mta-sts.${d}`, { type: 'A', data: '127.0.0.1' });
      add(z, `_mta-sts.${d}`, { type: 'TXT', data: ['v=STSv1; id=20260101;'] });
      add(z, `_smtp._tls.${d}`, { type: 'TXT', data: [`v=TLSRPTv1; rua=mailto:tlsrpt@${d}`] });
      routes.set(`mta-sts.${d}`, { body: policyText(mx) });
      const leaf = server === 'wrongname' ? wrong : server === 'expired' ? expired : good;
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
    // the TLSA name's zone is bogus (knot: a DS naming another key); in-process: SERVFAIL itself
    z.servfail.add('TLSA _25._tcp.mx.servfail.example');
    z.records.delete('_25._tcp.mx.testing.example');
    routes.set('mta-sts.testing.example', { body: policyText('mx.testing.example', 'testing') });
    // an unsigned delegation: its answers are provably insecure, so its TLSA must be ignored
    z.unsigned.add('insecure.example');

    const dns = backend === 'debian' ? await startKnotUnbound(z) : await startDns(z);
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
      for (const s of Object.values(smtp.servers)) s.server.unref();
    }
    const dnsHost = dns.host ?? '127.0.0.1';
    const resolver = udpResolver({ server: dnsHost, port: dns.port, timeoutMs });
    // with loopback aliases the probe dials what DNS answered, on the lab's one SMTP port;
    // without, each MX host's server has its own port on 127.0.0.1
    const probeOptions =
      smtp.port !== undefined
        ? { ca: pki.caPem, port: smtp.port }
        : {
            ca: pki.caPem,
            connectTo: (host) => ({
              host: '127.0.0.1',
              port: (smtp.servers[label(host.slice(3))] ?? smtp.servers.good).port,
            }),
          };
    return {
      domains: names,
      dnsBackend: backend,
      pki,
      zone: z,
      routes,
      dnsPort: dns.port,
      dnsServer: { server: dnsHost, port: dns.port },
      dnsQueries: dns.queries,
      httpsPort: https.port,
      httpRequests: https.requests,
      smtpAddresses: Object.fromEntries(
        Object.entries(smtp.servers).map(([k, v]) => {
          const a = smtp.addresses[k] ?? '127.0.0.1';
          return [k, `${a.includes(':') ? `[${a}]` : a}:${v.port}`];
        }),
      ),
      caPem: pki.caPem,
      resolver,
      // its own resolver, so its A lookups do not count against the check's DNS queries
      fetch: labFetch(https.port, pki.caPem, udpResolver({ server: dnsHost, port: dns.port, timeoutMs })),
      probe: starttlsProbe({ ...probeOptions, timeoutMs }),
      probeOptions,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
