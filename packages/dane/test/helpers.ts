// Shared test helpers (Node only).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hexToBytes, pemToDer } from '@mailtls/core/bytes';
import { type SignatureVerifier, type TlsaRecord, webCryptoSignatureVerifier } from '../src/index.ts';
import { nodeSignatureVerifier } from '../src/verify.node.ts';

/** Both signature verifiers: every verdict test runs through each. */
export const VERIFIERS: readonly (readonly [label: string, verifier: SignatureVerifier])[] = [
  ['WebCrypto', webCryptoSignatureVerifier],
  ['node:crypto', nodeSignatureVerifier],
];

/** A TLSA record from numeric fields and hex. */
export function hexToTlsa(usage: number, selector: number, matchingType: number, hex: string): TlsaRecord {
  const data = hexToBytes(hex, { whitespace: true });
  if (!data.ok) throw new Error(`bad hex ${hex}`);
  return { usage, selector, matchingType, data: data.value };
}

/** The PEM chains in test/fixtures (see its README). */
export type FixtureName = 'rsa-chain.pem' | 'ec-leaf-chain.pem' | 'ecdsa-chain.pem' | 'expired-ta-chain.pem';

/** A fixture chain (DER, leaf first). */
export function fixtureChain(name: FixtureName): Uint8Array[] {
  const pem = readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
  const r = pemToDer(pem, 'CERTIFICATE');
  if (!r.ok) throw new Error('bad fixture');
  return r.value.map((b) => b.der);
}

/** The fixture's PEM text. */
export function fixturePem(name: FixtureName): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
}

/** A DER TLV with a definite length, in hex. */
export const tlv = (tag: string, body: string): string => {
  const n = body.length / 2;
  const len =
    n < 128
      ? n.toString(16).padStart(2, '0')
      : n < 256
        ? `81${n.toString(16)}`
        : `82${n.toString(16).padStart(4, '0')}`;
  return tag + len + body;
};
