// OpenSSL's own DANE vectors (danetest.in, dane-cross.in), replayed with the harness settings of
// test/danetest.c: generic profile with the file's trust store, the base domain as the only
// reference identifier, SHA2-256 preferred over SHA2-512, DANE-EE name checks unless the case
// sets nonamechecks. 55 of 55, verdict and match depth, through both signature verifiers (the
// default WebCrypto one and @mailtls/dane/node's).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pemToDer } from '@mailtls/core/bytes';
import { describe, expect, it } from 'vitest';
import { corpus } from '../../../test-utils/corpus.ts';
import { verifyDane } from '../src/index.ts';
import { hexToTlsa, VERIFIERS } from './helpers.ts';

const dir = corpus('dane/openssl-danetest');

interface Case {
  n: number;
  comment: string;
  noDaneEeNamechecks: boolean;
  expectVerifyError: number;
  expectMatchDepth: number;
  tlsa: { usage: number; selector: number; mtype: number; data: string }[];
  chainPem: string[];
}
interface File {
  source: string;
  baseDomain: string;
  caFile: string;
  cases: Case[];
}

// spec §10.1: OpenSSL X509 codes to our error codes
const CODE: Record<number, string> = { 20: 'untrusted', 62: 'name-mismatch', 65: 'no-match' };

const ders = (pem: string): Uint8Array[] => {
  const r = pemToDer(pem, 'CERTIFICATE');
  if (!r.ok) throw new Error('bad PEM in corpus');
  return r.value.map((b) => b.der);
};

describe.runIf(dir !== undefined)('OpenSSL danetest vectors', () => {
  // describe.runIf(false) still runs this body to collect tests: read only when the corpus exists
  const json = (
    dir === undefined ? { files: [] } : JSON.parse(readFileSync(join(dir, 'danetest.cases.json'), 'utf8'))
  ) as {
    files: File[];
  };
  const all = json.files.flatMap((f) => f.cases.map((c) => ({ f, c })));

  it('has the 55 cases', () => {
    expect(all).toHaveLength(55);
  });

  for (const [label, signatureVerifier] of VERIFIERS) {
    for (const { f, c } of all) {
      it(`${label}: ${f.source} #${c.n} ${c.comment.split('\n')[0] ?? ''}`, async () => {
        const result = await verifyDane({
          signatureVerifier,
          chain: c.chainPem.flatMap(ders),
          records: c.tlsa.map((t) => hexToTlsa(t.usage, t.selector, t.mtype, t.data)),
          referenceIds: [f.baseDomain],
          profile: 'generic',
          trustAnchors: ders(readFileSync(join(dir as string, f.caFile), 'utf8')),
          eeNameChecks: !c.noDaneEeNamechecks,
          matchingTypeOrder: [1, 2],
          now: new Date(Date.UTC(2025, 5, 1)),
        });
        expect({ verified: result.verified, depth: result.depth, code: result.error?.code }).toEqual({
          verified: c.expectVerifyError === 0,
          depth: c.expectMatchDepth,
          code: c.expectVerifyError === 0 ? undefined : CODE[c.expectVerifyError],
        });
        // every record in these files is usable for OpenSSL (a refused record aborts danetest)
        expect(result.unusable).toEqual([]);
      });
    }
  }
});
