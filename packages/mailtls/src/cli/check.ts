/**
 * `mailtls check <domain>`: the live MTA-STS, TLSRPT and DANE state of a mail domain.
 * @module
 */
import {
  type CheckOptions,
  type CheckReport,
  checkDomain,
  dohResolver,
  type FetchLike,
  type Resolver,
} from '@mailtls/check';
import { nodeDnsResolver, starttlsProbe, udpResolver } from '@mailtls/check/node';
import { hostnameIssues, quote, validateHostname } from '@mailtls/core';
import { nodeSignatureVerifier } from '@mailtls/dane/node';
import { parsePolicyList } from '@mailtls/policy-list';
import { type Exit, type Io, paint, parse, readInput, safe, str, UsageError } from './util.ts';

export const CHECK_HELP = `mailtls check <domain> — inspect a mail domain's live MTA-STS, TLSRPT and DANE setup

The domain is a host name: IDNs are converted to A-labels (bücher.de → xn--bcher-kva.de); an IP
address, a port, a wildcard, an empty label or a name over 253 octets is a usage error.

Options:
  --doh URL            resolve over DNS-over-HTTPS (RFC 8484); reports DNSSEC via the AD bit
  --dns IP[:port]      resolve over UDP/TCP with this (validating) resolver
                       (default: node:dns, DNSSEC status indeterminate)
  --timeout ms         per-step timeout (default 10000)
  --policy-list file   a STARTTLS-Everywhere policy list (JSON) to look the domain up in
  --json               the report as JSON
Exit status: 0 pass, 1 warn or fail, 2 usage error.`;

/** Test seam: replaces the network pieces (the lab injects its own). */
export interface CheckDeps {
  readonly fetch?: FetchLike;
  readonly probe?: CheckOptions['probe'];
  readonly resolver?: Resolver;
}

function dnsServer(v: string): { server: string; port: number } {
  const m =
    /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(v) ??
    /^([0-9.]+)(?::(\d{1,5}))?$/.exec(v) ??
    /^([0-9a-fA-F:]+)()$/.exec(v);
  if (!m) throw new UsageError(`check: --dns wants IP[:port], got ${JSON.stringify(v)}`);
  const port = m[2] ? Number(m[2]) : 53;
  if (port < 1 || port > 65535) throw new UsageError(`check: bad --dns port ${m[2]}`);
  return { server: m[1] ?? '', port };
}

/**
 * The domain argument as lower-case A-labels, or a one-line UsageError: core's host-name rules
 * (LDH labels, 63/253 octets, no empty label, no IP literal, no wildcard, no port), U-labels
 * converted (`bücher.de` → `xn--bcher-kva.de`). A single label needs its trailing dot (`ai.`).
 */
export function checkedDomain(arg: string): string {
  const v = validateHostname(arg);
  const why = v.ok
    ? v.value.labels.length < 2 && !v.value.trailingDot
      ? `a single label (write ${quote(`${arg}.`)} for a top-level domain)`
      : undefined
    : /^[^:[\]]+:[0-9]*$/.test(arg)
      ? 'a port is not part of a domain (the check always uses port 25)'
      : ((hostnameIssues as Record<string, { message: string }>)[v.errors[0].code]?.message ??
        v.errors[0].message);
  if (why !== undefined || !v.ok) throw new UsageError(`check: not a domain: ${quote(arg)}: ${why}`);
  return v.value.ascii;
}

export async function check(args: string[], io: Io, deps: CheckDeps = {}): Promise<Exit> {
  const { values, positionals } = parse('check', args, {
    help: { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
    doh: { type: 'string' },
    dns: { type: 'string' },
    timeout: { type: 'string' },
    'policy-list': { type: 'string' },
  });
  if (values.help) {
    io.out(`${CHECK_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError('check: expected exactly one domain (see mailtls check --help)');
  const domain = checkedDomain(positionals[0] ?? '');
  const t = str(values.timeout);
  const timeoutMs = t === undefined ? 10_000 : Number(t);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new UsageError(`check: --timeout wants milliseconds, got ${JSON.stringify(t)}`);
  const doh = str(values.doh);
  const dns = str(values.dns);
  if (doh !== undefined && dns !== undefined) throw new UsageError('check: --doh and --dns are exclusive');
  if (doh !== undefined && !/^https:\/\//i.test(doh))
    throw new UsageError('check: --doh wants an https:// URL');
  let resolver: Resolver;
  if (deps.resolver) resolver = deps.resolver;
  else if (doh !== undefined) resolver = dohResolver({ url: doh, timeoutMs });
  else if (dns !== undefined) resolver = udpResolver({ ...dnsServer(dns), timeoutMs });
  else resolver = nodeDnsResolver({ timeoutMs });
  const options: { -readonly [K in keyof CheckOptions]: CheckOptions[K] } = {
    resolver,
    fetch: deps.fetch ?? (fetch as unknown as FetchLike),
    probe: deps.probe ?? starttlsProbe({ timeoutMs }),
    httpTimeoutMs: timeoutMs,
    signatureVerifier: nodeSignatureVerifier,
  };
  const listFile = str(values['policy-list']);
  if (listFile !== undefined) {
    // Bytes, so the parser reports a list that is not UTF-8 instead of reading U+FFFD
    const list = parsePolicyList(readInput(listFile));
    if (!list.ok) throw new UsageError(`check: ${listFile}: ${list.errors[0].message}`);
    options.policyList = list.value;
  }
  const report = await checkDomain(domain, options);
  if (values.json) io.out(`${JSON.stringify(report, replacer, 2)}\n`);
  else io.out(render(report, io));
  return report.verdict === 'pass' ? 0 : 1;
}

function replacer(_k: string, v: unknown): unknown {
  return v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v;
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** RFC 8914 §4 / the IANA "Extended DNS Error Codes" registry. */
const EDE: Record<number, string> = {
  0: 'Other Error',
  1: 'Unsupported DNSKEY Algorithm',
  2: 'Unsupported DS Digest Type',
  3: 'Stale Answer',
  4: 'Forged Answer',
  5: 'DNSSEC Indeterminate',
  6: 'DNSSEC Bogus',
  7: 'Signature Expired',
  8: 'Signature Not Yet Valid',
  9: 'DNSKEY Missing',
  10: 'RRSIGs Missing',
  11: 'No Zone Key Bit Set',
  12: 'NSEC Missing',
  13: 'Cached Error',
  14: 'Not Ready',
  15: 'Blocked',
  16: 'Censored',
  17: 'Filtered',
  18: 'Prohibited',
  19: 'Stale NXDOMAIN Answer',
  20: 'Not Authoritative',
  21: 'Not Supported',
  22: 'No Reachable Authority',
  23: 'Network Error',
  24: 'Invalid Data',
};

function render(r: CheckReport, io: Io): string {
  const ok = (s: string) => paint(io, 32, s);
  const bad = (s: string) => paint(io, 31, s);
  const warn = (s: string) => paint(io, 33, s);
  const head = (s: string) => paint(io, 1, s);
  const lines: string[] = [];
  const verdict = r.verdict === 'pass' ? ok('PASS') : r.verdict === 'warn' ? warn('WARN') : bad('FAIL');
  // Everything below that came from DNS, HTTP or a server goes through safe()
  lines.push(`${head(safe(r.domain))}: ${verdict}`);
  for (const why of r.reasons) lines.push(`  - ${safe(why)}`);
  lines.push('', head('MX'));
  if (r.mx.kind !== 'explicit')
    lines.push(
      `  ${r.mx.kind === 'implicit' ? 'implicit MX (the domain itself)' : r.mx.kind === 'null' ? 'null MX' : `lookup failed: ${r.mx.outcome}`}`,
    );
  for (const h of r.mx.hosts) {
    lines.push(`  ${h.preference} ${safe(h.host)} [${safe(h.addresses.join(', ')) || 'no address'}]`);
    const s = h.starttls;
    if (s) {
      if (!s.connected) lines.push(`    connect:  ${bad(safe(s.error ?? 'failed'))}`);
      else if (!s.starttlsOffered) lines.push(`    STARTTLS: ${bad('not offered')}`);
      else if (s.tls) {
        lines.push(`    STARTTLS: ${ok('yes')} ${s.tls.protocol} ${s.tls.cipher}`);
        lines.push(
          `    cert:     ${safe(s.tls.subject ?? '')}; names ${safe(s.tls.names.join(', ')) || '(none)'}; until ${s.tls.validTo ?? '?'}`,
        );
        lines.push(
          `    WebPKI:   ${s.tls.webpkiValid ? ok('valid') : bad(s.tls.webpkiError ?? 'invalid')}, name ${s.tls.nameMatch ? ok('matches') : bad('does not match')}`,
        );
      } else lines.push(`    STARTTLS: ${bad(safe(s.error ?? 'failed'))}`);
    }
    const d = h.dane;
    const dstat =
      d.status === 'verified'
        ? ok(d.status)
        : d.status === 'failed' || d.status === 'defer'
          ? bad(d.status)
          : d.status;
    lines.push(
      `    DANE:     ${dstat} (TLSA ${d.outcome}, DNSSEC ${d.dnssec}${d.records.length ? `, ${d.records.length} record(s)` : ''})`,
    );
    for (const e of d.ede ?? [])
      lines.push(
        `              ${bad(`EDE ${e.code}`)} ${EDE[e.code] ?? 'unassigned'}${e.text ? `: ${safe(e.text)}` : ''}`,
      );
    for (const w of d.verification?.warnings ?? [])
      lines.push(`              ${w.severity} ${w.code}: ${safe(w.message)}`);
    for (const rec of d.records) lines.push(`              ${rec}`);
    lines.push(
      `    MTA-STS:  ${h.mtaSts.decision}${h.mtaSts.allowed === false ? bad(' (not in policy mx)') : ''}`,
    );
    if (h.policyList !== undefined)
      lines.push(`    list:     ${h.policyList ? ok('allowed') : bad('not allowed')}`);
    for (const f of h.failures)
      lines.push(`    ${bad('failure')}  ${f.policy} ${f.resultType}: ${safe(f.detail)}`);
  }
  // MX records whose exchange is no host name: listed, never queried
  for (const m of r.mx.invalid ?? [])
    lines.push(
      `  ${m.preference} ${safe(m.host) || '.'} ${bad('invalid')}: ${safe(m.issue.message)} (${m.issue.ref})`,
    );
  lines.push('', head('MTA-STS'));
  if (r.mtaSts.record) lines.push(`  record:   id=${r.mtaSts.record.id}`);
  else lines.push(`  record:   ${safe(r.mtaSts.recordIssues[0]?.message ?? 'none')}`);
  for (const i of r.mtaSts.recordIssues.slice(r.mtaSts.record ? 0 : 1))
    lines.push(`    ${i.severity} ${i.code}: ${safe(i.message)}`);
  if (r.mtaSts.policy)
    lines.push(
      `  policy:   mode ${r.mtaSts.policy.mode}, max_age ${r.mtaSts.policy.maxAge}, mx ${safe(r.mtaSts.policy.mx.join(' '))} (${r.mtaSts.source})`,
    );
  for (const f of r.mtaSts.failures) lines.push(`  ${bad('failure')}  ${f.resultType}: ${safe(f.detail)}`);
  for (const i of [...(r.mtaSts.fetch?.warnings ?? []), ...r.mtaSts.lint])
    lines.push(`  ${warn(i.severity)} ${i.code}: ${safe(i.message)}`);
  lines.push('', head('TLSRPT'));
  lines.push(
    r.tlsrpt.record
      ? `  rua: ${safe(r.tlsrpt.record.rua.map((u) => u.uri).join(', '))}`
      : `  ${safe(r.tlsrpt.issues[0]?.message ?? 'no record')}`,
  );
  if (r.policyList) {
    lines.push('', head('STARTTLS-Everywhere list'));
    lines.push(
      r.policyList.listed
        ? `  listed: mode ${r.policyList.policy?.mode}, mxs ${safe(r.policyList.policy?.mxs.join(' ') ?? '')}`
        : '  not listed',
    );
  }
  lines.push(
    '',
    [
      count(r.counts.dnsQueries, 'DNS query', 'DNS queries'),
      count(r.counts.httpRequests, 'HTTP request', 'HTTP requests'),
      count(r.counts.tlsHandshakes, 'TLS handshake', 'TLS handshakes'),
    ].join(', '),
  );
  return `${lines.join('\n')}\n`;
}
