// The in-process lab: everything on 127.0.0.1 with OS-chosen ports, nothing leaves the machine.
// - an authoritative DNS server (dns-packet over node:dgram and node:net) serving test zones. It
//   SIMULATES a validating resolver: it sets the AD bit itself on answers from zones marked
//   signed, so DNSSEC status is exercised without real signatures (the knot + unbound lab with
//   real DNSSEC comes later);
// - an HTTPS server (node:https) with a test CA made by the openssl CLI, serving mta-sts.<domain>;
// - SMTP servers (smtp-server) offering STARTTLS with generated chains.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server as HttpsServer, request as httpsRequest, createServer as httpsServer } from 'node:https';
import { type Server as NetServer, createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import dnsPacket, { type Answer } from 'dns-packet';
import { SMTPServer } from 'smtp-server';
import type { FetchLike } from '../src/fetch.ts';

// ---------------------------------------------------------------- certificates (openssl CLI)

export interface Pki {
  caPem: string;
  caSpkiSha256: string;
  leaf: (
    name: string,
    sans: string[],
    opts?: { expired?: boolean },
  ) => { key: string; cert: string; spkiSha256: string };
  cleanup: () => void;
}

export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-lab-'));
  const sh = (args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const spki = (pem: string) =>
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

export type LabRecord =
  | { type: 'MX'; data: { preference: number; exchange: string } }
  | { type: 'TXT'; data: string[] }
  | { type: 'A' | 'AAAA' | 'CNAME'; data: string }
  | { type: 'TLSA'; data: { usage: number; selector: number; matchingType: number; certificate: Buffer } };

export interface Zone {
  /** name → records (any type) */
  records: Map<string, LabRecord[]>;
  /** "TYPE name" answered with SERVFAIL */
  servfail: Set<string>;
  /** names (and all types) that get no answer at all, to provoke timeouts */
  silent: Set<string>;
  /** names whose UDP answers are truncated (TC=1), forcing TCP */
  truncate: Set<string>;
  /** names whose answers carry AD=0 (an unsigned part of the tree); all others get AD=1 */
  unsigned: Set<string>;
}

export function zone(): Zone {
  return {
    records: new Map(),
    servfail: new Set(),
    silent: new Set(),
    truncate: new Set(),
    unsigned: new Set(),
  };
}

export function add(z: Zone, name: string, ...rs: LabRecord[]): void {
  const list = z.records.get(name) ?? [];
  list.push(...rs);
  z.records.set(name, list);
}

export interface DnsLab {
  port: number;
  /** Queries received, as "TYPE name" (UDP and TCP). */
  log: string[];
  close: () => Promise<void>;
}

function answer(z: Zone, query: Buffer, udp: boolean): Buffer | undefined {
  const q = dnsPacket.decode(query);
  const question = q.questions?.[0];
  if (question === undefined) return undefined;
  const name = question.name.toLowerCase().replace(/\.$/, '');
  if (z.silent.has(name)) return undefined;
  const base = {
    type: 'response' as const,
    id: q.id ?? 0,
    questions: q.questions ?? [],
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHORITATIVE_ANSWER | (1 << 7),
  };
  if (z.servfail.has(`${question.type} ${name}`))
    return dnsPacket.encode({ ...base, rcode: 'SERVFAIL', flags: base.flags | (2 & 0xf) }) as Buffer;
  const answers: Answer[] = [];
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
    return dnsPacket.encode({ ...base, flags, answers: [] }) as Buffer;
  }
  // NXDOMAIN only when the name owns nothing and the chain did not move (RCODE 3 in the low bits)
  const nx = !exists && answers.length === 0;
  return dnsPacket.encode({ ...base, flags: flags | (nx ? 3 : 0), answers }) as Buffer;
}

export async function startDns(z: Zone): Promise<DnsLab> {
  const log: string[] = [];
  const udp: UdpSocket = createSocket('udp4');
  const note = (msg: Buffer) => {
    try {
      const q = dnsPacket.decode(msg).questions?.[0];
      if (q) log.push(`${q.type} ${q.name.toLowerCase()}`);
    } catch {}
  };
  udp.on('message', (msg, rinfo) => {
    note(msg);
    const r = answer(z, msg, true);
    if (r) udp.send(r, rinfo.port, rinfo.address);
  });
  await new Promise<void>((res) => udp.bind(0, '127.0.0.1', () => res()));
  const port = udp.address().port;
  const tcp: NetServer = netServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        note(msg);
        const r = answer(z, msg, false);
        if (r) {
          const len = Buffer.alloc(2);
          len.writeUInt16BE(r.length);
          sock.write(Buffer.concat([len, r]));
        }
      }
    });
    sock.on('error', () => {});
  });
  // the TCP server on the same port number as UDP (free on TCP in practice; retry once otherwise)
  await new Promise<void>((res, rej) => {
    tcp.once('error', rej);
    tcp.listen(port, '127.0.0.1', () => res());
  });
  return {
    port,
    log,
    close: async () => {
      udp.close();
      await new Promise<void>((res) => tcp.close(() => res()));
    },
  };
}

// ---------------------------------------------------------------- HTTPS (mta-sts.<domain>)

export interface HttpRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

export async function startHttps(
  tls: { key: string; cert: string },
  routes: Map<string, HttpRoute>,
): Promise<{ port: number; server: HttpsServer; requests: string[] }> {
  const requests: string[] = [];
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
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const addr = server.address();
  return { port: typeof addr === 'object' && addr ? addr.port : 0, server, requests };
}

/**
 * A FetchLike over node:https that dials 127.0.0.1:`port` whatever the URL's host (SNI and Host
 * stay the URL's), trusting `ca`: the lab's stand-in for a fetch resolving through the lab DNS.
 */
export function labFetch(port: number, ca: string): FetchLike {
  return (url, init) =>
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
        },
        (res) => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({
            status: res.statusCode ?? 0,
            url,
            redirected: false,
            headers,
            body: Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>,
            arrayBuffer: async () => {
              const parts: Buffer[] = [];
              for await (const c of res) parts.push(c as Buffer);
              const b = Buffer.concat(parts);
              return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
            },
          });
        },
      );
      req.on('error', reject);
      if (init.body) req.write(init.body);
      req.end();
    });
}

// ---------------------------------------------------------------- SMTP

export async function startSmtp(opts: {
  key: string;
  cert: string;
  hideSTARTTLS?: boolean;
}): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new SMTPServer({
    key: opts.key,
    cert: opts.cert,
    hideSTARTTLS: opts.hideSTARTTLS === true,
    authOptional: true,
    disabledCommands: ['AUTH'],
    logger: false,
    name: 'lab.test',
  });
  server.on('error', () => {});
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const addr = server.server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    close: () => new Promise<void>((res) => server.close(() => res())),
  };
}
