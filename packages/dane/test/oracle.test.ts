// Differential tests against OpenSSL's DANE implementation (dane_verify.c on libssl): chains
// minted here with the openssl CLI (RSA and ECDSA; leaf only, leaf + intermediate, with root,
// out of order; expired, not yet valid, wrong name, wildcard, CN-only, pathLen, non-CA issuer,
// EKU variants, self-signed, a look-alike intermediate), every usage × selector × matching type
// for each certificate, mutated records and agility decoys. Verdict and match depth must agree,
// through both signature verifiers (WebCrypto, and @mailtls/dane/node's node:crypto one), which
// must also agree with each other on the error code.
import { bytesToHex } from '@mailtls/core/bytes';
import { describe, expect, it } from 'vitest';
import {
  associationData,
  formatTlsaRecord,
  selectedBytes,
  type TlsaRecord,
  verifyDane,
} from '../src/index.ts';
import { VERIFIERS } from './helpers.ts';
import { oracle, runOracle } from './oracle.ts';
import { hasOpenssl, type KeyKind, mintPki, type Pki } from './pki.ts';

const bin = oracle();
const ready = bin !== undefined && hasOpenssl();
const DAY = 86_400_000;
const BASE = 'mx.example.com';

const CHAINS: Record<string, string[]> = {
  leafOnly: ['leaf'],
  leafInt: ['leaf', 'int'],
  full: ['leaf', 'int', 'root'],
  unordered: ['leaf', 'root', 'int'],
  wrongName: ['wrongname', 'int', 'root'],
  wildcard: ['wildcard', 'int', 'root'],
  cnOnly: ['cnonly', 'int', 'root'],
  clientEku: ['client', 'int', 'root'],
  pathLen: ['deep', 'int2', 'intpl0', 'root'],
  nonCaIssuer: ['undernonca', 'intca0', 'root'],
  ekuIssuer: ['undereku', 'intsrv', 'root'],
  selfSigned: ['selfsigned'],
  lookAlike: ['leaf', 'introgue', 'rogue'],
  criticalExtension: ['critext', 'int', 'root'],
  nameConstraints: ['undernc', 'intnc', 'root'],
  rsaPss: ['pss', 'int', 'root'],
};

function record(pki: Pki, cert: string, usage: number, selector: number, matchingType: number): TlsaRecord {
  const bytes = selectedBytes((pki.certs[cert] as { der: Uint8Array }).der, selector) as Uint8Array;
  return { usage, selector, matchingType, data: associationData(bytes, matchingType).slice() };
}

const flip = (r: TlsaRecord, at: number): TlsaRecord => {
  const data = r.data.slice();
  const i = at % data.length;
  data[i] = (data[i] as number) ^ 0x10;
  return { ...r, data };
};

interface Case {
  label: string;
  chain: string[];
  records: TlsaRecord[];
  nowMs: number;
  hosts?: string[];
  generic?: boolean;
}

function cases(pki: Pki): Case[] {
  const out: Case[] = [];
  const now = pki.createdAt + DAY;
  for (const [name, chain] of Object.entries(CHAINS)) {
    const certs = [...new Set([...chain, 'int', 'root'])];
    for (const cert of certs) {
      for (const usage of [2, 3]) {
        for (const [s, m] of [
          [0, 1],
          [1, 1],
          [1, 2],
          [0, 0],
          [1, 0],
          [0, 2],
        ] as const) {
          const r = record(pki, cert, usage, s, m);
          out.push({ label: `${name} ${cert} ${usage}${s}${m}`, chain, records: [r], nowMs: now });
          if (m !== 0 && cert === chain[0] && usage === 3) {
            out.push({
              label: `${name} ${cert} ${usage}${s}${m} flipped`,
              chain,
              records: [flip(r, 7)],
              nowMs: now,
            });
          }
        }
      }
    }
    // agility: a stale stronger digest shadows a correct weaker one (RFC 7671 §9)
    const leaf = chain[0] as string;
    out.push({
      label: `${name} agility decoy`,
      chain,
      records: [record(pki, leaf, 3, 1, 1), flip(record(pki, leaf, 3, 1, 2), 3)],
      nowMs: now,
    });
    out.push({
      label: `${name} agility across selectors`,
      chain,
      records: [record(pki, leaf, 3, 0, 1), flip(record(pki, leaf, 3, 1, 2), 3)],
      nowMs: now,
    });
    // the advised pair, and the pair with a broken EE record
    out.push({
      label: `${name} 311+211`,
      chain,
      records: [record(pki, leaf, 3, 1, 1), record(pki, 'int', 2, 1, 1)],
      nowMs: now,
    });
    out.push({
      label: `${name} bad 311 + 211`,
      chain,
      records: [flip(record(pki, leaf, 3, 1, 1), 0), record(pki, 'int', 2, 1, 1)],
      nowMs: now,
    });
    // times: leaf expired (365 days), everything not yet valid, everything expired
    for (const [t, when] of [
      ['leaf expired', pki.createdAt + 400 * DAY],
      ['not yet valid', pki.createdAt - DAY],
      ['all expired', pki.createdAt + 4000 * DAY],
    ] as const) {
      for (const [cert, u, s, m] of [
        [leaf, 3, 1, 1],
        ['int', 2, 1, 1],
        ['root', 2, 0, 1],
        ['root', 2, 1, 0],
        ['int', 2, 0, 0],
      ] as const) {
        out.push({
          label: `${name} ${t} ${cert} ${u}${s}${m}`,
          chain,
          records: [record(pki, cert, u, s, m)],
          nowMs: when,
        });
      }
    }
    // extra reference identifiers (the next-hop domain)
    out.push({
      label: `${name} 211 with next-hop`,
      chain,
      records: [record(pki, 'int', 2, 1, 1)],
      nowMs: now,
      hosts: ['example.net', 'other.example.net'],
    });
    // generic profile: PKIX-TA / PKIX-EE with the root as trust anchor
    for (const [cert, u, s, m] of [
      [leaf, 1, 1, 1],
      [leaf, 1, 0, 2],
      ['int', 0, 1, 1],
      ['root', 0, 0, 1],
      ['int', 0, 0, 0],
      [leaf, 3, 1, 1],
      ['int', 2, 1, 1],
    ] as const) {
      out.push({
        label: `${name} generic ${cert} ${u}${s}${m}`,
        chain,
        records: [record(pki, cert, u, s, m)],
        nowMs: now,
        generic: true,
      });
    }
  }
  return out;
}

describe.runIf(ready)('differential: OpenSSL dane_verify', () => {
  for (const kind of ['rsa', 'ec'] as KeyKind[]) {
    it(`${kind}: verdict and depth agree with OpenSSL`, async () => {
      const pki = mintPki(kind);
      const mismatches: unknown[] = [];
      const chainFiles = new Map<string, string>();
      let verifiedCount = 0;
      const codes = new Set<string>();
      for (const c of cases(pki)) {
        const key = c.chain.join(',');
        if (!chainFiles.has(key)) chainFiles.set(key, pki.chainFile(c.chain));
        const strings = c.records.map((r) => formatTlsaRecord(r));
        const results = await Promise.all(
          VERIFIERS.map(([, signatureVerifier]) =>
            verifyDane({
              chain: c.chain.map((n) => (pki.certs[n] as { der: Uint8Array }).der),
              records: c.records,
              referenceIds: [BASE, ...(c.hosts ?? [])],
              profile: c.generic ? 'generic' : 'smtp',
              trustAnchors: [(pki.certs.root as { der: Uint8Array }).der],
              eeNameChecks: c.generic === true,
              now: new Date(c.nowMs),
              signatureVerifier,
            }),
          ),
        );
        const ours = results[0] as (typeof results)[0];
        const theirs = runOracle(bin as string, {
          base: BASE,
          chainFile: chainFiles.get(key) as string,
          records: strings,
          hosts: c.hosts ?? [],
          noEeNameChecks: !c.generic,
          timeSeconds: Math.floor(c.nowMs / 1000),
          ...(c.generic ? { cafile: (pki.certs.root as { pemFile: string }).pemFile } : {}),
        });
        if (ours.verified) verifiedCount++;
        if (ours.error !== undefined) codes.add(ours.error.code);
        const verdicts = results.map((r) => ({ verified: r.verified, depth: r.depth, code: r.error?.code }));
        const same =
          ours.verified === (theirs.error === 0) &&
          ours.depth === theirs.depth &&
          verdicts.every((v) => JSON.stringify(v) === JSON.stringify(verdicts[0]));
        if (!same) {
          mismatches.push({
            case: c.label,
            ours: Object.fromEntries(VERIFIERS.map(([label], i) => [label, verdicts[i]])),
            openssl: theirs,
            records: strings.map((s) => s.slice(0, 24)),
            hex: bytesToHex(c.records[0]?.data ?? new Uint8Array()).slice(0, 8),
          });
        }
      }
      expect(mismatches).toEqual([]);
      // the scenarios exercise both verdicts
      expect(verifiedCount).toBeGreaterThan(50);
      expect([...codes].sort()).toEqual(
        expect.arrayContaining([
          'certificate-expired',
          'certificate-not-yet-valid',
          'name-constraints',
          'unhandled-critical-extension',
          'invalid-ca',
          'name-mismatch',
          'no-match',
          'path-length-exceeded',
          'unsuitable-purpose',
          'untrusted',
        ]),
      );
      console.log(`${kind}: ${verifiedCount} verified; failure codes ${[...codes].sort().join(', ')}`);
    }, 300_000);
  }
});
