// Real DNSSEC through Debian servers on 127.0.0.1: knot (authoritative, signing the test zones
// itself) behind unbound (validating, with only the test zones' trust anchors), queried through
// udpResolver. The AD bit and SERVFAIL come from genuine validation, not from the in-process lab.
// Skipped with one line when knotd/keymgr/unbound are missing (apt-get install knot unbound),
// unless MAILTLS_REQUIRE_LAB=1.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { udpResolver } from '../src/node.node.ts';

const BIN = { knotd: '/usr/sbin/knotd', keymgr: '/usr/sbin/keymgr', unbound: '/usr/sbin/unbound' };
const missing = Object.values(BIN).filter((b) => !existsSync(b));
if (missing.length > 0) {
  const why = `debian lab: ${missing.join(', ')} missing (apt-get install knot unbound)`;
  if (process.env.MAILTLS_REQUIRE_LAB === '1') throw new Error(`${why} but MAILTLS_REQUIRE_LAB=1`);
  console.log(`skip ${why}`);
}

/** A port number free on both UDP and TCP of 127.0.0.1 (the OS picks; released for the server). */
async function freePort(): Promise<number> {
  for (;;) {
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
    const port = udp.address().port;
    const tcp = createServer();
    const ok = await new Promise<boolean>((r) => {
      tcp.once('error', () => r(false));
      tcp.listen(port, '127.0.0.1', () => r(true));
    });
    udp.close();
    if (ok) {
      await new Promise<void>((r) => tcp.close(() => r()));
      return port;
    }
  }
}

const ZONES = ['signed.example', 'broken.example', 'plain.example'];
let dir = '';
const children: ChildProcess[] = [];
let resolverPort = 0;

function start(cmd: string, args: string[]): ChildProcess {
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => {
    err = (err + String(d)).slice(-2000);
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`${cmd} exited ${code}: ${err}`);
  });
  children.push(child);
  return child;
}

async function until(what: string, ok: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`debian lab: ${what} did not come up`);
}

beforeAll(async () => {
  if (missing.length > 0) return;
  dir = mkdtempSync(join(tmpdir(), 'mailtls-debian-lab-'));
  const knotPort = await freePort();
  resolverPort = await freePort();
  const zoneConf = ZONES.map(
    (z) =>
      `  - domain: ${z}\n    file: ${z}.zone\n` +
      (z === 'plain.example' ? '' : '    dnssec-signing: on\n    dnssec-policy: lab\n'),
  ).join('');
  writeFileSync(
    join(dir, 'knot.conf'),
    `server:\n  rundir: "${dir}"\n  listen: 127.0.0.1@${knotPort}\n` +
      `database:\n  storage: "${dir}"\n  kasp-db: "${dir}/kasp"\n` +
      'log:\n  - target: stderr\n    any: error\n' +
      // manual key management: keys come from keymgr below, so the anchors are known up front
      'policy:\n  - id: lab\n    algorithm: ecdsap256sha256\n    manual: on\n    single-type-signing: on\n    nsec3: off\n' +
      `template:\n  - id: default\n    storage: "${dir}"\n    zonefile-sync: -1\n    journal-content: none\n` +
      `zone:\n${zoneConf}`,
  );
  for (const z of ZONES)
    writeFileSync(
      join(dir, `${z}.zone`),
      `$TTL 300\n@ SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.1\nmx A 127.0.0.1\n` +
        '_25._tcp.mx TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
    );
  const keymgr = (...args: string[]) =>
    execFileSync(BIN.keymgr, ['-c', join(dir, 'knot.conf'), ...args], { cwd: dir, encoding: 'utf8' });
  const dnskey = (zone: string) => {
    keymgr(zone, 'generate', 'algorithm=ecdsap256sha256', 'ksk=yes', 'zsk=yes');
    const line = keymgr(zone, 'dnskey').trim().split('\n')[0] ?? '';
    if (!line.includes('DNSKEY')) throw new Error(`keymgr printed no DNSKEY for ${zone}: ${line}`);
    return line;
  };
  const signedAnchor = dnskey('signed.example');
  dnskey('broken.example');
  // The broken zone's anchor is a key the zone is NOT signed with: a deliberately broken chain of
  // trust (its RRSIGs cannot be validated from the anchor), which a validator must call bogus.
  writeFileSync(
    join(dir, 'other.conf'),
    `database:\n  kasp-db: "${dir}/other-kasp"\npolicy:\n  - id: lab\n    algorithm: ecdsap256sha256\n    manual: on\n` +
      'zone:\n  - domain: broken.example\n    dnssec-policy: lab\n',
  );
  const other = (...args: string[]) =>
    execFileSync(BIN.keymgr, ['-c', join(dir, 'other.conf'), ...args], { cwd: dir, encoding: 'utf8' });
  other('broken.example', 'generate', 'algorithm=ecdsap256sha256', 'ksk=yes', 'zsk=yes');
  const brokenAnchor = other('broken.example', 'dnskey').trim().split('\n')[0] ?? '';

  writeFileSync(
    join(dir, 'unbound.conf'),
    [
      'server:',
      '  interface: 127.0.0.1',
      `  port: ${resolverPort}`,
      '  do-ip6: no',
      '  do-daemonize: no',
      '  username: ""',
      '  chroot: ""',
      `  directory: "${dir}"`,
      `  pidfile: "${dir}/unbound.pid"`,
      '  use-syslog: no',
      '  logfile: ""',
      '  verbosity: 0',
      '  do-not-query-localhost: no',
      '  access-control: 127.0.0.0/8 allow',
      '  module-config: "validator iterator"',
      // only the test zones' anchors: no root anchor, no root priming for these names
      `  trust-anchor: "${signedAnchor}"`,
      `  trust-anchor: "${brokenAnchor}"`,
      '  val-log-level: 0',
      ...ZONES.flatMap((z) => ['stub-zone:', `  name: "${z}"`, `  stub-addr: 127.0.0.1@${knotPort}`]),
    ].join('\n'),
  );
  execFileSync('/usr/sbin/unbound-checkconf', [join(dir, 'unbound.conf')], { cwd: dir, stdio: 'pipe' });
  start(BIN.knotd, ['-c', join(dir, 'knot.conf')]);
  const direct = udpResolver({ server: '127.0.0.1', port: knotPort, timeoutMs: 300, retries: 0 });
  await until('knotd', async () => (await direct.query('mx.signed.example', 'A')).outcome === 'answer');
  start(BIN.unbound, ['-d', '-c', join(dir, 'unbound.conf')]);
  const via = udpResolver({ server: '127.0.0.1', port: resolverPort, timeoutMs: 300, retries: 0 });
  await until('unbound', async () => (await via.query('mx.plain.example', 'A')).outcome === 'answer');
}, 30_000);

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode !== null) continue;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await gone;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(missing.length === 0)('knot + unbound: real DNSSEC validation on 127.0.0.1', () => {
  const resolver = () => udpResolver({ server: '127.0.0.1', port: resolverPort, timeoutMs: 2000 });

  it('a zone signed by knot validates: AD=1 on the answer and on TLSA', async () => {
    const a = await resolver().query('mx.signed.example', 'A');
    expect(a).toMatchObject({ outcome: 'answer', rcode: 'NOERROR', ad: true });
    expect(a.records.map((r) => r.data)).toEqual(['127.0.0.1']);
    const tlsa = await resolver().query('_25._tcp.mx.signed.example', 'TLSA');
    expect(tlsa).toMatchObject({ outcome: 'answer', ad: true });
    expect(tlsa.records).toHaveLength(1);
    // a signed denial of existence is secure too
    expect(await resolver().query('nothing.signed.example', 'A')).toMatchObject({
      outcome: 'nxdomain',
      ad: true,
    });
  });

  it('a zone whose signatures do not chain to its trust anchor: SERVFAIL (bogus)', async () => {
    const r = await resolver().query('mx.broken.example', 'A');
    expect(r).toMatchObject({ outcome: 'servfail', rcode: 'SERVFAIL' });
    expect(r.records).toEqual([]);
    expect((await resolver().query('_25._tcp.mx.broken.example', 'TLSA')).outcome).toBe('servfail');
  });

  it('an unsigned zone without an anchor answers insecure: AD=0', async () => {
    const r = await resolver().query('mx.plain.example', 'A');
    expect(r).toMatchObject({ outcome: 'answer', ad: false });
  });
});
