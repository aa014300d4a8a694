#!/usr/bin/env node
// DANE/TLSA (RFC 6698, 7671, 7672): the records to publish for a chain, then verify the chain.
//   node examples/dane.mjs   (after `pnpm build`)
import { readFileSync } from 'node:fs';
import {
  formatTlsaRecord,
  parseTlsaRecord,
  recommendTlsaRecords,
  tlsaOwnerName,
  tlsaUsability,
  verifyDane,
} from 'mailtls/dane';

const pem = readFileSync(new URL('dane/chain.pem', import.meta.url), 'utf8');
const recommended = recommendTlsaRecords(pem);
if (!recommended.ok) throw new Error(recommended.errors[0].message);
for (const r of recommended.value)
  console.log(`${tlsaOwnerName('mx1.example.org')}. IN TLSA ${formatTlsaRecord(r)}`);

// DER certificates for the verifier (leaf first)
const chain = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)].map((m) =>
  Uint8Array.from(atob(m[1].replace(/\s/g, '')), (c) => c.charCodeAt(0)),
);
for (const r of recommended.value) {
  const v = await verifyDane({ chain, records: [r], referenceIds: ['mx1.example.org'] });
  console.log(
    `${formatTlsaRecord(r).slice(0, 5)}: ${v.verified ? `verified at depth ${v.depth}` : `not verified (${v.error?.code})`}`,
  );
}

const broken = parseTlsaRecord(
  '_25._tcp.mx1.example.org. IN TLSA 0 0 1 863e21f26161854ac2a73e4456552cb3843fb4c4c3cbd7564e1c57dda3452a5e',
);
if (broken.ok)
  console.log(
    `0 0 1 record: ${tlsaUsability(broken.value).usable ? 'usable' : `unusable for SMTP (${tlsaUsability(broken.value).code})`}`,
  );
