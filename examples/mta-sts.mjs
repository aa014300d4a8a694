#!/usr/bin/env node
// MTA-STS (RFC 8461): validate a policy file and a TXT record, then ask whether an MX is allowed.
//   node examples/mta-sts.mjs   (after `pnpm build`)
import { readFileSync } from 'node:fs';
import { isMxAllowed, parseMtaStsPolicy, parseMtaStsRecord } from 'mailtls/mta-sts';

const here = new URL('./mta-sts/', import.meta.url);
const show = (name, r) => {
  console.log(`${name}: ${r.ok ? 'valid' : 'invalid'}`);
  for (const i of [...(r.ok ? [] : r.errors), ...r.warnings])
    console.log(
      `  ${i.at?.line ?? '-'}:${i.at?.column ?? '-'} ${i.severity} ${i.code}: ${i.message} (${i.ref})`,
    );
};

const policy = parseMtaStsPolicy(readFileSync(new URL('policy.txt', here)));
show('policy.txt', policy);
if (policy.ok) {
  for (const mx of ['mx1.example.org', 'a.mx.example.org', 'mx.other.example'])
    console.log(`  ${mx}: ${isMxAllowed(policy.value, mx) ? 'allowed' : 'NOT allowed'}`);
}
show('policy-broken.txt', parseMtaStsPolicy(readFileSync(new URL('policy-broken.txt', here))));
show('record.txt', parseMtaStsRecord(readFileSync(new URL('record.txt', here), 'utf8').trim()));
