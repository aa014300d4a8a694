#!/usr/bin/env node
// STARTTLS-Everywhere policy list: parse, look a domain up, generate a Postfix policy map.
//   node examples/policy-list.mjs   (after `pnpm build`)
import { readFileSync } from 'node:fs';
import { lookupPolicy, parsePolicyList, policyListToPostfix } from 'mailtls/policy-list';

const now = Date.UTC(2026, 11, 1); // pinned: the example list expires on 2027-11-01
for (const name of ['policy-list.json', 'policy-list-broken.json']) {
  const r = parsePolicyList(readFileSync(new URL(`policy-list/${name}`, import.meta.url)), { now });
  console.log(`${name}: ${r.ok ? 'valid' : 'invalid'}`);
  for (const i of [...(r.ok ? [] : r.errors), ...r.warnings])
    console.log(`  ${i.at?.pointer} ${i.severity} ${i.code}: ${i.message}`);
  if (!r.ok) continue;
  const p = lookupPolicy(r.value, 'example.net', { now });
  console.log(`  example.net → ${p ? `${p.mode} ${p.mxs.join(' ')}` : 'no policy'}`);
  console.log(policyListToPostfix(r.value, { now, header: false }).replace(/^/gm, '  '));
}
