/**
 * `mailtls tlsa` (records to publish for a certificate chain) and `mailtls dane verify`.
 * @module
 */

import { parseDateTime } from '@mailtls/core';
import { pemToDer } from '@mailtls/core/bytes';
import {
  createTlsaRecord,
  formatTlsaRecord,
  recommendTlsaRecords,
  type TlsaRecord,
  tlsaOwnerName,
  verifyDane,
} from '@mailtls/dane';
import { nodeSignatureVerifier } from '@mailtls/dane/node';
import { type Exit, type Io, paint, parse, readInput, str, strs, UsageError } from './util.ts';

export const TLSA_HELP = `Usage: mailtls tlsa [options] <cert-or-chain.pem|cert.der>

Prints the TLSA records to publish for a server certificate (chain leaf first). By default
"3 1 1" for the leaf key and "2 1 1" for its issuer's key (RFC 7671 §8.1: survives a leaf key
rollover or an intermediate change).

Options:
  -u, --usage <n>          one record with this usage instead (0-3 or DANE-EE, DANE-TA, PKIX-EE, PKIX-TA)
  -s, --selector <n>       0 Cert or 1 SPKI (default 1)
  -m, --matching-type <n>  0 Full, 1 SHA2-256, 2 SHA2-512 (default 1)
  -d, --depth <n>          which certificate of the chain (default 0 for usages 1 and 3, 1 for 0 and 2)
      --host <name>        print zone-file lines with the owner name _<port>._tcp.<host>.
  -p, --port <n>           port for the owner name (default 25)
      --ttl <seconds>      TTL for zone-file lines
      --mnemonic           RFC 7218 mnemonics (DANE-EE SPKI SHA2-256) instead of numbers
  -h, --help               this help`;

export const DANE_HELP = `Usage: mailtls dane verify --chain <chain.pem> --tlsa '<u s m hex>' [--tlsa …] --host <mx>

Verifies a server's certificate chain against TLSA records as an SMTP client does (RFC 7672):
DANE-EE(3) matches the leaf key with no name or date checks, DANE-TA(2) needs a valid path to
the anchor and a name match.

Options:
  -c, --chain <file>      the chain the server presented, PEM (leaf first) or one DER certificate
  -t, --tlsa <record>     a TLSA record (presentation form or zone-file line); repeat for an RRset
  -f, --tlsa-file <file>  TLSA records, one per line (zone-file lines allowed)
      --host <name>       the TLSA base domain (the MX host name); repeat for more reference names
      --now <time>        verification time (RFC 3339 or epoch seconds; default now)
      --ee-name-checks    check the leaf's names for DANE-EE too (OpenSSL's default; not RFC 7672)
      --json              the verification as JSON
  -h, --help              this help

Exit status: 0 verified, 1 not verified, 2 usage or read error.`;

const USAGES: Record<string, number> = {
  'PKIX-TA': 0,
  'PKIX-EE': 1,
  'DANE-TA': 2,
  'DANE-EE': 3,
  PRIVCERT: 255,
};
const SELECTORS: Record<string, number> = { CERT: 0, SPKI: 1 };
const MTYPES: Record<string, number> = { FULL: 0, 'SHA2-256': 1, 'SHA2-512': 2, SHA256: 1, SHA512: 2 };

function num(
  flag: string,
  v: string | undefined,
  names: Record<string, number>,
  max: number,
): number | undefined {
  if (v === undefined) return undefined;
  const named = names[v.toUpperCase()];
  if (named !== undefined) return named;
  if (/^[0-9]{1,3}$/.test(v) && Number(v) <= max) return Number(v);
  throw new UsageError(`tlsa: --${flag}: not a valid value: ${JSON.stringify(v)}`);
}

/** DER certificates from a PEM chain or a single DER file. */
export function readChain(file: string): Uint8Array[] {
  const bytes = readInput(file);
  if (bytes[0] === 0x30) return [bytes];
  const text = new TextDecoder().decode(bytes);
  const pem = pemToDer(text, 'CERTIFICATE');
  if (!pem.ok) throw new UsageError(`cannot read ${file}: ${pem.errors[0].message}`);
  if (pem.value.length === 0) throw new UsageError(`cannot read ${file}: no CERTIFICATE block`);
  return pem.value.map((b) => b.der);
}

function present(
  r: TlsaRecord,
  mnemonic: boolean,
  host: string | undefined,
  port: number,
  ttl: string | undefined,
): string {
  const rdata = formatTlsaRecord(r, { mnemonic });
  if (host === undefined) return rdata;
  return `${tlsaOwnerName(host, port)}.${ttl === undefined ? '' : ` ${ttl}`} IN TLSA ${rdata}`;
}

export async function tlsa(args: string[], io: Io): Promise<Exit> {
  const { values, positionals } = parse('tlsa', args, {
    usage: { type: 'string', short: 'u' },
    selector: { type: 'string', short: 's' },
    'matching-type': { type: 'string', short: 'm' },
    depth: { type: 'string', short: 'd' },
    host: { type: 'string' },
    port: { type: 'string', short: 'p' },
    ttl: { type: 'string' },
    mnemonic: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    debug: { type: 'boolean' },
  });
  if (values.help) {
    io.out(`${TLSA_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError('tlsa: give exactly one certificate or chain file (see mailtls tlsa --help)');
  const usage = num('usage', str(values.usage), USAGES, 255);
  const selector = num('selector', str(values.selector), SELECTORS, 1);
  const matchingType = num('matching-type', str(values['matching-type']), MTYPES, 2);
  const portText = str(values.port) ?? '25';
  if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 65535)
    throw new UsageError(`tlsa: --port: not a port: ${JSON.stringify(portText)}`);
  const ttl = str(values.ttl);
  if (ttl !== undefined && !/^[0-9]{1,10}$/.test(ttl))
    throw new UsageError(`tlsa: --ttl: not a number of seconds: ${JSON.stringify(ttl)}`);
  const host = str(values.host);
  const chain = readChain(positionals[0] as string);
  let records: TlsaRecord[];
  if (
    usage === undefined &&
    selector === undefined &&
    matchingType === undefined &&
    values.depth === undefined
  ) {
    const r = recommendTlsaRecords(chain);
    if (!r.ok) throw new UsageError(`cannot read ${positionals[0]}: ${r.errors[0].message}`);
    for (const w of r.warnings) io.err(`mailtls: warning ${w.code}: ${w.message}\n`);
    records = r.value;
  } else {
    const u = usage ?? 3;
    const depthText = str(values.depth);
    if (depthText !== undefined && !/^[0-9]{1,2}$/.test(depthText))
      throw new UsageError(`tlsa: --depth: not a number: ${JSON.stringify(depthText)}`);
    const depth =
      depthText !== undefined ? Number(depthText) : u === 0 || u === 2 ? Math.min(1, chain.length - 1) : 0;
    const cert = chain[depth];
    if (cert === undefined)
      throw new UsageError(
        `tlsa: --depth ${depth}: the chain has ${chain.length} certificate${chain.length === 1 ? '' : 's'}`,
      );
    const r = createTlsaRecord(cert, { usage: u, selector: selector ?? 1, matchingType: matchingType ?? 1 });
    if (!r.ok)
      throw new UsageError(
        `cannot read ${positionals[0]}: certificate at depth ${depth}: ${r.errors[0].message}`,
      );
    records = [r.value];
  }
  for (const r of records) io.out(`${present(r, values.mnemonic === true, host, Number(portText), ttl)}\n`);
  return 0;
}

function tlsaLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith(';') && !l.startsWith('$'));
}

export async function dane(args: string[], io: Io): Promise<Exit> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(`${DANE_HELP}\n`);
    if (sub === undefined) throw new UsageError('dane: missing subcommand (verify)');
    return 0;
  }
  if (sub !== 'verify') throw new UsageError(`dane: unknown subcommand ${JSON.stringify(sub)} (verify)`);
  const { values, positionals } = parse('dane verify', rest, {
    chain: { type: 'string', short: 'c' },
    tlsa: { type: 'string', short: 't', multiple: true },
    'tlsa-file': { type: 'string', short: 'f' },
    host: { type: 'string', multiple: true },
    now: { type: 'string' },
    'ee-name-checks': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    debug: { type: 'boolean' },
  });
  if (values.help) {
    io.out(`${DANE_HELP}\n`);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(`dane verify: unexpected argument ${JSON.stringify(positionals[0])}`);
  const chainFile = str(values.chain);
  if (chainFile === undefined) throw new UsageError('dane verify: --chain is required');
  const hosts = strs(values.host);
  if (hosts.length === 0)
    throw new UsageError('dane verify: --host is required (the TLSA base domain, e.g. the MX host)');
  const records = strs(values.tlsa);
  const tlsaFile = str(values['tlsa-file']);
  if (tlsaFile !== undefined) records.push(...tlsaLines(new TextDecoder().decode(readInput(tlsaFile))));
  if (records.length === 0)
    throw new UsageError('dane verify: give at least one --tlsa record or a --tlsa-file');
  const nowText = str(values.now);
  let now: Date | undefined;
  if (nowText !== undefined) {
    if (/^[0-9]{1,12}$/.test(nowText)) now = new Date(Number(nowText) * 1000);
    else {
      const d = parseDateTime(nowText, { strict: false });
      if (!d.ok)
        throw new UsageError(
          `dane verify: --now: not an RFC 3339 date-time or epoch seconds: ${JSON.stringify(nowText)}`,
        );
      now = new Date(d.value.epochMs);
    }
  }
  const chain = readChain(chainFile);
  const v = await verifyDane({
    chain,
    records,
    referenceIds: hosts,
    eeNameChecks: values['ee-name-checks'] === true,
    signatureVerifier: nodeSignatureVerifier,
    ...(now === undefined ? {} : { now }),
  });
  const matched = v.matched === undefined ? undefined : formatTlsaRecord(v.matched);
  if (values.json) {
    io.out(
      `${JSON.stringify(
        {
          verified: v.verified,
          depth: v.depth,
          matched: matched ?? null,
          usable: v.usable.map((r) => formatTlsaRecord(r)),
          unusable: v.unusable.map((u) => ({
            record: typeof u.record === 'string' ? u.record : formatTlsaRecord(u.record),
            code: u.code,
          })),
          error: v.error ?? null,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const u of v.unusable)
      io.out(
        `unusable: ${typeof u.record === 'string' ? u.record : formatTlsaRecord(u.record)} (${u.code})\n`,
      );
    if (v.verified) {
      io.out(
        `${paint(io, 32, 'verified')}: ${hosts[0]} matched ${matched} at depth ${v.depth}${v.depth === 0 ? ' (leaf)' : ''}\n`,
      );
    } else {
      const why =
        v.error === undefined ? 'no record matched' : `${v.error.code}: ${v.error.message} (${v.error.ref})`;
      io.out(
        `${paint(io, 31, 'not verified')}: ${hosts[0]}: ${why}${matched !== undefined ? `; ${matched} matched at depth ${v.depth}` : ''}\n`,
      );
    }
  }
  return v.verified ? 0 : 1;
}
