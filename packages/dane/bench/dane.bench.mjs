// DANE verification throughput, side by side with npm mx-connect 2 in the same run.
// Cold: every iteration starts from DER bytes; nothing is cached across calls.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createTlsaRecord, matchDaneEe, verifyDane, webCryptoSignatureVerifier } from '@mailtls/dane';
import { nodeSignatureVerifier } from '@mailtls/dane/node';

const require = createRequire(import.meta.url);
const { verifyCertAgainstTlsa } = require('mx-connect/lib/dane.js');

const fixture = (name) =>
  [
    ...readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8').matchAll(
      /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g,
    ),
  ].map((m) => new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')));
const [leaf, intermediate] = fixture('rsa-chain.pem');
const [ecLeaf, ecIntermediate] = fixture('ecdsa-chain.pem');
const record = (cert, usage) => {
  const r = createTlsaRecord(cert, { usage, selector: 1, matchingType: 1 });
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const ee = [record(leaf, 3)];
const ta = [record(intermediate, 2)];
const served = [leaf, intermediate];
const peer = (records) =>
  records.map((r) => ({
    usage: r.usage,
    selector: r.selector,
    mtype: r.matchingType,
    cert: Buffer.from(r.data),
  }));
const eePeer = peer(ee);
const taPeer = peer(ta);
const ecTa = [record(ecIntermediate, 2)];
const ecServed = [ecLeaf, ecIntermediate];
const ecTaPeer = peer(ecTa);
const refs = ['mx.example.com'];
const node = { signatureVerifier: nodeSignatureVerifier };
const web = { signatureVerifier: webCryptoSignatureVerifier };

const check = (ok) => {
  if (!ok) throw new Error('bench subject did not verify');
};
check(matchDaneEe({ chain: served, records: ee }).verified);
check((await verifyDane({ chain: served, records: ta, referenceIds: refs })).verified);
check((await verifyDane({ chain: served, records: ta, referenceIds: refs, ...node })).verified);
check((await verifyDane({ chain: served, records: ta, referenceIds: refs, ...web })).verified);
check((await verifyDane({ chain: ecServed, records: ecTa, referenceIds: refs })).verified);
check((await verifyDane({ chain: ecServed, records: ecTa, referenceIds: refs, ...node })).verified);
check(verifyCertAgainstTlsa({ raw: Buffer.from(leaf) }, eePeer, []).valid);
check(verifyCertAgainstTlsa({ raw: Buffer.from(leaf) }, taPeer, [{ raw: Buffer.from(intermediate) }]).valid);
check(
  verifyCertAgainstTlsa({ raw: Buffer.from(ecLeaf) }, ecTaPeer, [{ raw: Buffer.from(ecIntermediate) }]).valid,
);

export default [
  {
    name: 'DANE "3 1 1" from DER (RSA-2048 leaf)',
    unit: 'verifications',
    target: 300_000,
    subject: 'mailtls matchDaneEe',
    tasks: {
      'mailtls matchDaneEe': () => matchDaneEe({ chain: served, records: ee }),
      'mailtls verifyDane': () => verifyDane({ chain: served, records: ee, referenceIds: refs }),
      'mx-connect 2 verifyCertAgainstTlsa': () =>
        verifyCertAgainstTlsa({ raw: Buffer.from(leaf) }, eePeer, []),
    },
  },
  {
    name: 'DANE "2 1 1" with full path validation (leaf + intermediate, RSA-2048)',
    unit: 'verifications',
    target: 13_000,
    subject: 'mailtls verifyDane',
    tasks: {
      // the default signature verifier under the node condition: node:crypto (@mailtls/dane/node)
      'mailtls verifyDane': () => verifyDane({ chain: served, records: ta, referenceIds: refs }),
      // the default in browsers and workers: the same verdicts through WebCrypto
      'mailtls verifyDane, WebCrypto verifier': () =>
        verifyDane({ chain: served, records: ta, referenceIds: refs, ...web }),
      // mx-connect checks the signature path but no names, dates, CA flags or purpose
      'mx-connect 2 verifyCertAgainstTlsa': () =>
        verifyCertAgainstTlsa({ raw: Buffer.from(leaf) }, taPeer, [{ raw: Buffer.from(intermediate) }]),
    },
  },
  {
    // Most MX chains today are ECDSA P-256 or RSA; ECDSA verification costs ≈ 3× RSA's in OpenSSL
    name: 'DANE "2 1 1" with full path validation (leaf + intermediate, ECDSA P-256)',
    unit: 'verifications',
    subject: 'mailtls verifyDane',
    tasks: {
      'mailtls verifyDane': () => verifyDane({ chain: ecServed, records: ecTa, referenceIds: refs }),
      'mailtls verifyDane, WebCrypto verifier': () =>
        verifyDane({ chain: ecServed, records: ecTa, referenceIds: refs, ...web }),
      'mx-connect 2 verifyCertAgainstTlsa': () =>
        verifyCertAgainstTlsa({ raw: Buffer.from(ecLeaf) }, ecTaPeer, [{ raw: Buffer.from(ecIntermediate) }]),
    },
  },
];
