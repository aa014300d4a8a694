// Full-list parse + strict validation against bare JSON.parse of the same bytes, and lookups.
// Reads the real final list (2020-05-20, 926 domains) in place from ../shared/data when it is
// there (never copied); otherwise generates a synthetic list of the same size and shape.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lookupPolicy, parsePolicyList } from '@mailtls/policy-list';

const REAL = fileURLToPath(new URL('../../../../shared/data/policy-list/policy.json', import.meta.url));

function synthetic() {
  const policies = {};
  for (let i = 0; i < 926; i++) {
    const d = `domain${i}.example${i % 7 === 0 ? '.co.uk' : '.com'}`;
    policies[d] =
      i % 77 === 0
        ? { 'policy-alias': 'bigmail' }
        : {
            mode: i % 5 < 2 ? 'enforce' : 'testing',
            mxs: Array.from({ length: 1 + (i % 3) }, (_, k) => (k === 0 ? `.${d}` : `mx${k}.${d}`)),
          };
  }
  return JSON.stringify(
    {
      timestamp: '2020-05-20T10:25:12.710034-07:00',
      expires: '2020-06-03T10:25:12.710055-07:00',
      version: '0.1',
      author: 'synthetic',
      'policy-aliases': { bigmail: { mode: 'testing', mxs: ['.mx.bigmail.example', 'mx.bigmail.example'] } },
      policies,
    },
    null,
    2,
  );
}

const source = existsSync(REAL) ? 'real policy.json' : 'synthetic list';
const bytes = existsSync(REAL) ? new Uint8Array(readFileSync(REAL)) : new TextEncoder().encode(synthetic());
const text = new TextDecoder().decode(bytes);
const list = parsePolicyList(text, { strict: true });
if (!list.ok) throw new Error(`bench input does not validate: ${list.errors[0].message}`);
const domains = Object.keys(list.value.policies);
const queries = [
  ...domains.slice(0, 200),
  ...domains.slice(0, 50).map((d) => d.toUpperCase()),
  'unlisted.example',
  'gmail.com.',
];
let q = 0;
const decoder = new TextDecoder();

export default [
  {
    name: `policy list: parse + strict validation (${source}, ${bytes.length} bytes)`,
    unit: 'lists',
    target: 5_000,
    subject: 'mailtls strict (text)',
    tasks: {
      'mailtls strict (text)': () => parsePolicyList(text, { strict: true }),
      'mailtls strict (bytes)': () => parsePolicyList(bytes, { strict: true }),
      'mailtls lenient (text)': () => parsePolicyList(text),
      'baseline: JSON.parse (text)': () => JSON.parse(text),
      'baseline: JSON.parse (bytes, decoded)': () => JSON.parse(decoder.decode(bytes)),
    },
  },
  {
    name: 'policy list: lookupPolicy (mixed case, misses)',
    unit: 'lookups',
    target: 10_000_000,
    subject: 'mailtls lookupPolicy',
    tasks: {
      'mailtls lookupPolicy': () => lookupPolicy(list.value, queries[q++ % queries.length]),
    },
  },
];
