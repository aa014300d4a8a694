// The built `mailtls` CLI, run as a user runs it: node dist/cli.js against examples/ and temp files.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PKG = join(import.meta.dirname, '..');
const ROOT = join(PKG, '..', '..');
const CLI = join(PKG, 'dist', 'cli.js');
const EX = join(ROOT, 'examples');
let tmp = '';

beforeAll(() => {
  // Build once if dist is missing (CI builds first; a fresh checkout may not have)
  if (!existsSync(CLI)) execFileSync('npx', ['tsup'], { cwd: PKG, stdio: 'ignore' });
  tmp = mkdtempSync(join(tmpdir(), 'mailtls-cli-'));
}, 120_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const ex = (p: string) => join('examples', p);

describe('mailtls (global)', () => {
  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')) as { version: string };
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(`mailtls ${pkg.version}`);
  });
  it('--help lists every command; no command is a usage error', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const c of [
      'lint',
      'tlsa',
      'dane verify',
      'report summarize',
      'policy-list postfix',
      'policy-list lookup',
    ])
      expect(r.out).toContain(c);
    const none = run([]);
    expect(none.code).toBe(2);
    expect(none.out).toBe('');
    expect(none.err).toContain('missing command');
  });
  it.each([
    ['lint'],
    ['tlsa'],
    ['dane', 'verify'],
    ['report', 'summarize'],
    ['policy-list', 'postfix'],
    ['policy-list', 'lookup'],
  ])('%s %s --help', (...cmd) => {
    const r = run([...cmd.filter(Boolean), '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: mailtls /);
    expect(r.err).toBe('');
  });
  it('an unknown command, a bad flag and a missing file are one line on stderr, exit 2', () => {
    for (const args of [
      ['frobnicate'],
      ['lint', '--frob', ex('mta-sts/record.txt')],
      ['lint', join(tmp, 'nope.txt')],
      ['report', 'summarize', join(tmp, 'nope')],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^mailtls: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    expect(run(['lint', join(tmp, 'nope.txt')]).err).toContain('no such file or directory');
    expect(run(['lint', '--frob', 'x']).err).toContain("'--frob'");
  });
});

describe('mailtls lint', () => {
  it('valid inputs of every kind exit 0', () => {
    const files = [
      'mta-sts/record.txt',
      'mta-sts/policy.txt',
      'tlsrpt/record.txt',
      'tlsrpt/report.json',
      'tlsrpt/report.json.gz',
      'tlsrpt-mail/report.eml',
      'dane/tlsa.zone',
      'policy-list/policy-list.json',
    ];
    const r = run(['lint', '--json', ...files.map(ex)]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      valid: boolean;
      files: { file: string; kind: string; valid: boolean }[];
    };
    expect(j.valid).toBe(true);
    expect(j.files.map((f) => f.kind)).toEqual([
      'mta-sts-record',
      'mta-sts-policy',
      'tlsrpt-record',
      'tlsrpt-report',
      'tlsrpt-report',
      'tlsrpt-email',
      'tlsa',
      'policy-list',
    ]);
  });
  it('an invalid policy exits 1 with file:line:column, code, ref and a caret under the token', () => {
    const r = run(['lint', ex('mta-sts/policy-broken.txt')]);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    const i = lines.findIndex((l) =>
      l.startsWith('examples/mta-sts/policy-broken.txt:4:10 error policy-max-age-syntax'),
    );
    expect(i).toBeGreaterThan(-1);
    expect(lines[i]).toContain('(RFC 8461 §3.2)');
    expect(lines[i + 1]).toBe('    max_age: 1e5');
    expect(lines[i + 2]).toBe('             ^^^');
  });
  it('--json has a stable shape, pointers for JSON documents', () => {
    const r = run(['lint', '--json', ex('tlsrpt/report-broken.json')]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({
      valid: false,
      strict: false,
      files: [{ file: ex('tlsrpt/report-broken.json'), kind: 'tlsrpt-report', valid: false }],
    });
    const count = j.files[0].findings.find((f: { code: string }) => f.code === 'count-invalid');
    expect(count).toMatchObject({
      severity: 'error',
      pointer: '/policies/0/summary/total-failure-session-count',
      ref: expect.stringContaining('RFC 8460'),
    });
    const dup = j.files[0].findings.find((f: { code: string }) => f.code === 'json-duplicate-key');
    expect(dup).toMatchObject({ line: 10, column: expect.any(Number), pointer: expect.any(String) });
    for (const f of j.files[0].findings)
      expect(Object.keys(f).sort()).toEqual(expect.arrayContaining(['code', 'message', 'ref', 'severity']));
  });
  it('--strict turns lenient warnings into errors', () => {
    expect(run(['lint', ex('mta-sts/record-broken.txt')]).code).toBe(0);
    expect(run(['lint', '--strict', ex('mta-sts/record-broken.txt')]).code).toBe(1);
  });
  it('reads stdin with --kind, and zone-file TXT lines keep their columns', () => {
    const r = run(['lint', '--kind', 'tlsrpt-record', '-'], 'v=TLSRPTv1; rua=http://x.example/r\n');
    expect(r.code).toBe(0);
    expect(r.out).toContain('<stdin>:1:17 warning rua-unsupported-scheme');
    const zone = join(tmp, 'mta-sts.zone.txt');
    writeFileSync(zone, '_mta-sts.example.org. 300 IN TXT "v=STSv1; id=20240131T000000; bogus"\n');
    const z = run(['lint', '--json', zone]);
    const f = JSON.parse(z.out).files[0];
    expect(f.kind).toBe('mta-sts-record');
    for (const x of f.findings) expect(x.column).toBeGreaterThan(33);
  });
  it('zone-file TXT strings: escapes, several strings joined, an unterminated tail left out', () => {
    const zone = join(tmp, 'tlsrpt.zone.txt');
    // "\;" is an escaped ";", the record's own separator: the record reads "…rua=mailto:a;b…"
    const line = '_smtp._tls.example.org. IN TXT "v=TLSRPTv1; " "rua=mailto:a\\;b@example.org" "x';
    writeFileSync(
      zone,
      `${line}\n${'_smtp._tls.example.org. IN TXT "v=TLSRPTv1; rua=mailto:r@example.org" "'}${'\\"'.repeat(50000)}\n`,
    );
    const z = run(['lint', '--json', '--kind', 'tlsrpt-record', zone]);
    const findings: { line: number; code: string }[] = JSON.parse(z.out).files[0].findings;
    const first = findings.filter((x) => x.line === 1).map((x) => x.code);
    const second = findings.filter((x) => x.line === 2).map((x) => x.code);
    expect(first).toContain('record-field-invalid'); // "b@example.org" after the escaped ";"
    expect(second).toEqual([]); // the unterminated run of escaped quotes is left out, quickly
  });
  it('a folder is searched recursively; unknown files are skipped there', () => {
    const r = run(['lint', 'examples']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\d+ files \(lenient\): \d+ valid, 4 invalid/);
    expect(r.out).toContain('skipped (unknown kind)');
  });
  it('unusable TLSA records are warnings pointing at the RDATA', () => {
    const r = run(['lint', ex('dane/tlsa-broken.zone')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/tlsa-broken\.zone:3:35 warning tlsa-usage-unusable/);
  });
  it('a broken gzip, an undetectable file and a bad --kind are usage errors', () => {
    const gz = join(tmp, 'broken.json.gz');
    writeFileSync(gz, gzipSync('{"organization-name":"x"}').subarray(0, 20));
    const r = run(['lint', gz]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mailtls: cannot read .*broken\.json\.gz: .*gzip/i);
    const odd = join(tmp, 'odd.txt');
    writeFileSync(odd, 'hello\n');
    expect(run(['lint', odd]).err).toContain('--kind');
    expect(run(['lint', '--kind', 'nope', odd]).code).toBe(2);
  });
});

describe('mailtls lint: unreadable, undecodable and odd inputs', () => {
  const bad = (text: string, at: number) => {
    const b = Buffer.from(text);
    b[at] = 0xff;
    return b;
  };
  const POLICY = 'version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n';
  it('invalid UTF-8 is a finding of the parser that takes bytes (exit 1), not a read error', () => {
    const pol = join(tmp, 'pol-ff.txt');
    writeFileSync(pol, bad(POLICY, 33));
    const p = run(['lint', '-k', 'mta-sts-policy', pol]);
    expect(p.code).toBe(1);
    expect(p.err).toBe('');
    expect(p.out).toMatch(/pol-ff\.txt:3:\d+ error policy-utf8 /);
    const json = join(tmp, 'report-ff.json');
    writeFileSync(json, bad('{"organization-name":"xx"}', 23));
    for (const kind of ['tlsrpt-report', 'policy-list']) {
      const r = run(['lint', '--json', '-k', kind, json]);
      expect(r.code, kind).toBe(1);
      expect(JSON.parse(r.out).files[0].findings[0].code).toBe('utf8-invalid');
    }
  });
  it('text-only kinds (records, TLSA) name the offset of the first bad byte (exit 1)', () => {
    const rec = join(tmp, 'rec-ff.txt');
    writeFileSync(rec, bad('; comment\nv=STSv1; id=2024x\n', 22));
    const r = run(['lint', '-k', 'mta-sts-record', rec]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'rec-ff.txt:2:13 error utf8-invalid Invalid UTF-8 at byte offset 22: "0xff" (RFC 3629 §3)',
    );
    const tlsa = join(tmp, 'tlsa-ff.zone');
    writeFileSync(tlsa, bad('3 1 1 ABCD\n', 8));
    const t = run(['lint', '--json', '-k', 'tlsa', tlsa]);
    expect(t.code).toBe(1);
    expect(JSON.parse(t.out).files[0].findings).toEqual([
      expect.objectContaining({
        code: 'utf8-invalid',
        message: 'Invalid UTF-8 at byte offset 8: "0xff"',
        line: 1,
        column: 9,
      }),
    ]);
  });
  it('in a folder, a bad file is one result among the others', () => {
    const dir = join(tmp, 'mixed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a-policy.txt'), bad(POLICY, 33));
    writeFileSync(join(dir, 'b-policy.txt'), POLICY);
    writeFileSync(join(dir, 'c-tlsa.zone'), bad('3 1 1 ABCD\n', 8));
    const r = run(['lint', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toContain('3 files (lenient): 1 valid, 2 invalid');
  });
  it('a broken symlink in a folder is reported on one line and the rest is linted (exit 2)', () => {
    const dir = join(tmp, 'links');
    mkdirSync(dir);
    writeFileSync(join(dir, 'policy.txt'), POLICY);
    symlinkSync(join(dir, 'gone.txt'), join(dir, 'dangling.txt'));
    const r = run(['lint', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`mailtls: cannot read ${join(dir, 'dangling.txt')}: broken symbolic link\n`);
    expect(r.out).toContain('policy.txt: MTA-STS policy (RFC 8461 §3.2): valid');
    expect(r.out).toContain(
      '1 file (lenient): 1 valid, 0 invalid; 0 errors, 0 warnings, 0 notes; 1 unreadable',
    );
    const j = run(['lint', '--json', dir]);
    expect(JSON.parse(j.out).unreadable).toEqual([
      { file: join(dir, 'dangling.txt'), error: 'broken symbolic link' },
    ]);
  });
  it('control characters in paths and contents are escaped when printed', () => {
    const dir = join(tmp, 'ctl');
    mkdirSync(dir);
    writeFileSync(join(dir, 'evil\n\x1b[31mname.txt'), 'v=STSv1; id=1\x1b]0;x\x07\n');
    const r = run(['lint', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('evil\\x0a\\x1b[31mname.txt: MTA-STS TXT record');
    expect(r.out).toContain('\\x1b]0;x\\x07');
    expect(r.out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    const missing = run(['lint', join(tmp, 'no\nsuch.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.err.trimEnd().split('\n')).toHaveLength(1);
    expect(missing.err).toContain('no\\x0asuch.txt');
  });
  it('nothing to lint (an empty folder, only unknown files) is exit 2 with one line, never a pass', () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const r = run(['lint', empty]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      `mailtls: lint: nothing to lint in ${empty}: no .txt, .json, .gz, .eml, .zone, .pem, .zip or .msg file\n`,
    );
    writeFileSync(join(empty, 'notes.txt'), 'hello\n');
    expect(run(['lint', empty]).err).toContain('1 file of no known kind (pass --kind)');
    expect(run(['lint', '--json', empty]).code).toBe(2);
  });
});

describe('mailtls report summarize', () => {
  const reports = [ex('tlsrpt'), ex('tlsrpt-mail')];
  it('prints a table per day, domain, result type and MX; dedupes; skips invalid reports on stderr', () => {
    const r = run(['report', 'summarize', ...reports]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2026-11-01\s+example\.org\s+sts\s+success\s+-\s+1742/);
    expect(r.out).toMatch(
      /2026-11-02\s+example\.org\s+sts\s+certificate-host-mismatch\s+b\.mx\.example\.org\s+12/,
    );
    expect(r.out).toContain(
      '2 reports from 4 files (1 duplicate dropped, 1 skipped): 4053 sessions succeeded, 20 failed',
    );
    expect(r.err).toContain('skipped examples/tlsrpt/report-broken.json: count-invalid');
  });
  it('--json and --csv', () => {
    const j = JSON.parse(run(['report', 'summarize', '--json', ...reports]).out);
    expect(j).toMatchObject({
      files: 4,
      reports: 2,
      duplicates: 1,
      totals: { successful: 4053, failed: 20 },
    });
    expect(j.rows).toContainEqual({
      day: '2026-11-02',
      policyDomain: 'example.org',
      policyType: 'sts',
      resultType: 'starttls-not-supported',
      mx: 'mx1.example.org',
      sessions: 5,
    });
    expect(j.skipped).toEqual([
      expect.objectContaining({ file: ex('tlsrpt/report-broken.json'), code: 'count-invalid' }),
    ]);
    const csv = run(['report', 'summarize', '--csv', ...reports])
      .out.trimEnd()
      .split('\n');
    expect(csv[0]).toBe('day,policy_domain,policy_type,result_type,mx_host,sessions');
    expect(csv).toContain('2026-11-01,example.org,sts,certificate-expired,b.mx.example.org,3');
    expect(csv).toHaveLength(j.rows.length + 1);
    expect(run(['report', 'summarize', '--no-dedupe', '--json', ...reports]).out).toContain(
      '"duplicates": 0',
    );
  });
  it('--html writes one self-contained page with three SVG charts and no external URL', () => {
    const out = join(tmp, 'summary.html');
    const r = run(['report', 'summarize', '--html', out, ...reports]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('certificate-host-mismatch');
    expect(html).toContain('b.mx.example.org');
    expect(html).not.toMatch(/https?:|\/\/[a-z]|<script|<link|src=|@import|url\(/i);
  });
  it('a broken gzip is exit 2; no readable report is exit 1', () => {
    const gz = join(tmp, 'bad.json.gz');
    writeFileSync(gz, Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3));
    const r = run(['report', 'summarize', gz]);
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(run(['report', 'summarize', ex('tlsrpt/report-broken.json')]).code).toBe(1);
    expect(run(['report', 'summarize', '--json', '--csv', ex('tlsrpt')]).code).toBe(2);
    expect(run(['report', 'frob']).code).toBe(2);
  });
  it('a dangling symlink in a folder is skipped with one escaped line, not an internal error', () => {
    const dir = join(tmp, 'reports-links');
    mkdirSync(dir);
    writeFileSync(join(dir, 'report.json'), readFileSync(join(EX, 'tlsrpt', 'report.json')));
    symlinkSync(join(dir, 'gone.json'), join(dir, 'dangling\n.json'));
    const r = run(['report', 'summarize', dir]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      `mailtls: skipped ${join(dir, 'dangling\\x0a.json')}: unreadable: broken symbolic link\n`,
    );
    expect(r.out).toContain('1 report from 1 file');
  });
});

describe('mailtls tlsa and dane verify', () => {
  const chain = ex('dane/chain.pem');
  it('3 1 1 for the leaf and 2 1 1 for the issuer by default; zone lines with --host', () => {
    const r = run(['tlsa', chain]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^3 1 1 [0-9A-F]{64}$/);
    expect(lines[1]).toMatch(/^2 1 1 [0-9A-F]{64}$/);
    // the published example zone holds exactly these
    const zone = readFileSync(join(EX, 'dane/tlsa.zone'), 'utf8').toUpperCase();
    for (const l of lines) expect(zone).toContain(l.slice(6));
    const z = run(['tlsa', '--host', 'MX1.Example.org.', '--ttl', '3600', chain]);
    expect(z.out.trim().split('\n')[0]).toBe(`_25._tcp.mx1.example.org. 3600 IN TLSA ${lines[0]}`);
  });
  it('other parameters by flag, with mnemonics', () => {
    const r = run(['tlsa', '-u', 'DANE-TA', '-s', '0', '-m', '2', '--mnemonic', chain]);
    expect(r.out).toMatch(/^DANE-TA Cert SHA2-512 [0-9A-F]{128}\n$/);
    expect(run(['tlsa', '-u', '3', '-s', '1', '-m', '0', chain]).out).toMatch(/^3 1 0 30[0-9A-F]+\n$/);
    expect(run(['tlsa', '--depth', '9', chain]).code).toBe(2);
    expect(run(['tlsa', '--selector', '7', chain]).code).toBe(2);
    expect(run(['tlsa', join(EX, 'README.md')]).code).toBe(2);
  });
  it('dane verify: verdict, matched record and depth', () => {
    const [ee, ta] = run(['tlsa', chain]).out.trim().split('\n') as [string, string];
    const r = run(['dane', 'verify', '--chain', chain, '--tlsa', ee, '--host', 'mx1.example.org']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`verified: mx1.example.org matched ${ee} at depth 0`);
    const j = JSON.parse(
      run([
        'dane',
        'verify',
        '--json',
        '--chain',
        chain,
        '--tlsa',
        ta,
        '--host',
        'mx1.example.org',
        '--now',
        '2030-01-01T00:00:00Z',
      ]).out,
    );
    expect(j).toMatchObject({ verified: true, depth: 1, matched: ta, error: null });
    const wrong = run([
      'dane',
      'verify',
      '--chain',
      chain,
      '--tlsa',
      ta,
      '--host',
      'other.example.org',
      '--now',
      '2030-01-01T00:00:00Z',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/^not verified: other\.example\.org: name-mismatch/);
  });
  it('dane verify: the reason when nothing is usable; required flags', () => {
    const r = run([
      'dane',
      'verify',
      '-c',
      chain,
      '-f',
      ex('dane/tlsa-broken.zone'),
      '--host',
      'mx1.example.org',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('(tlsa-usage-unusable)');
    expect(r.out).toContain('not verified: mx1.example.org: no-usable-records');
    expect(run(['dane', 'verify', '--chain', chain, '--host', 'mx1.example.org']).code).toBe(2);
    expect(run(['dane', 'verify', '--chain', chain, '--tlsa', '3 1 1 00']).code).toBe(2);
    expect(
      run([
        'dane',
        'verify',
        '--chain',
        chain,
        '--tlsa',
        '3 1 1 00',
        '--host',
        'x.example',
        '--now',
        'yesterday',
      ]).code,
    ).toBe(2);
  });
});

describe('mailtls policy-list', () => {
  const list = ex('policy-list/policy-list.json');
  it('postfix: enforce lines, testing commented unless --include-testing, expired fallback', () => {
    const r = run(['policy-list', 'postfix', '--now', '2026-12-01T00:00:00Z', '--no-header', list]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('example.net      secure match=.mx.bigmail.example\n');
    expect(r.out).toContain('# testing.example undefined due to testing policy');
    const t = run(['policy-list', 'postfix', '--now', '2026-12-01T00:00:00Z', '--include-testing', list]);
    expect(t.out).toMatch(/^testing\.example\s+secure /m);
    expect(t.out).toMatch(/^# /);
    const expired = run(['policy-list', 'postfix', '--now', '2030-01-01T00:00:00Z', '--no-header', list]);
    expect(expired.out).toBe('# Policy list is outdated. Falling back to opportunistic encryption.\n');
  });
  it('lookup: the resolved policy, exit 1 when absent; invalid lists exit 1 with issues on stderr', () => {
    const r = run(['policy-list', 'lookup', '--now', '2026-12-01T00:00:00Z', list, 'EXAMPLE.NET.']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('example.net: enforce; mxs .mx.bigmail.example (alias bigmail)\n');
    const j = JSON.parse(
      run(['policy-list', 'lookup', '--json', '--now', '2026-12-01T00:00:00Z', list, 'example.net']).out,
    );
    expect(j).toMatchObject({
      domain: 'example.net',
      expired: false,
      policy: { mode: 'enforce', alias: 'bigmail' },
    });
    expect(run(['policy-list', 'lookup', '--now', '2026-12-01T00:00:00Z', list, 'nope.example']).code).toBe(
      1,
    );
    const bad = run(['policy-list', 'postfix', ex('policy-list/policy-list-broken.json')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('alias-missing');
    expect(run(['policy-list', 'lookup', list]).code).toBe(2);
    expect(run(['policy-list', 'frob', list]).code).toBe(2);
  });
});

describe('examples/*.mjs (one per standard, public API)', () => {
  it.each([
    ['mta-sts.mjs', /policy-broken\.txt: invalid[\s\S]*policy-max-age-syntax/],
    ['tlsrpt.mjs', /2 reports \(1 duplicate dropped\)/],
    ['dane.mjs', /3 1 1: verified at depth 0\n2 1 1: verified at depth 1/],
    ['policy-list.mjs', /example\.net → enforce \.mx\.bigmail\.example/],
  ])('%s runs', (name, expected) => {
    const r = spawnSync(process.execPath, [join(EX, name)], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(expected);
  });
});
