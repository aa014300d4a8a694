import { fc, test } from '@fast-check/vitest';
import { unwrap } from '@mailtls/core';
import { describe, expect } from 'vitest';
import { formatPolicyList, lookupPolicy, parsePolicyList, policyListIssues } from '../src/index.ts';

const CODES = new Set(Object.keys(policyListIssues));
const allCodesKnown = (r: ReturnType<typeof parsePolicyList>): boolean =>
  [...(r.ok ? [] : r.errors), ...r.warnings].every((i) => CODES.has(i.code));

const label = fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?$/);
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z][a-z0-9]{1,5}$/))
  .map(([ls, tld]) => [...ls, tld].join('.'));
const pattern = fc.tuple(fc.boolean(), domain).map(([dot, d]) => (dot ? `.${d}` : d));
const definition = fc.record({
  mode: fc.constantFrom('testing', 'enforce'),
  mxs: fc.uniqueArray(pattern, { minLength: 1, maxLength: 6, selector: (p) => p.toLowerCase() }),
});
const date = fc.oneof(
  fc.integer({ min: 0, max: 4_000_000_000 }),
  fc
    .tuple(
      fc.date({
        min: new Date('1970-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.stringMatching(/^(\.[0-9]{1,9})?$/),
      fc.constantFrom('Z', '+00:00', '-07:00', '+05:30'),
    )
    .map(([d, frac, off]) => `${d.toISOString().slice(0, 19)}${frac}${off}`),
);
/** Generated strict-valid lists: aliases, definitions and alias references. */
const list = fc
  .tuple(
    fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), definition, { maxKeys: 3 }),
    fc.uniqueArray(domain, { maxLength: 20, selector: (d) => d.toLowerCase() }),
    fc.array(fc.oneof(definition, fc.nat()), { minLength: 20, maxLength: 20 }),
    date,
    date,
    fc.option(fc.string(), { nil: undefined }),
  )
  .map(([aliases, domains, entries, timestamp, expires, author]) => {
    const names = Object.keys(aliases);
    const policies: Record<string, unknown> = {};
    domains.forEach((d, i) => {
      const e = entries[i];
      policies[d] =
        typeof e === 'number' && names.length > 0
          ? { 'policy-alias': names[e % names.length] }
          : typeof e === 'number'
            ? { mode: 'testing', mxs: [d] }
            : e;
    });
    return {
      timestamp,
      expires,
      version: '0.1',
      ...(author === undefined ? {} : { author }),
      'policy-aliases': aliases,
      policies,
    };
  });

describe('totality', () => {
  test.prop([fc.string({ unit: 'binary' })])('any string', (s) => {
    for (const strict of [true, false]) expect(allCodesKnown(parsePolicyList(s, { strict }))).toBe(true);
  });
  test.prop([fc.uint8Array()])('any bytes', (b) => {
    expect(allCodesKnown(parsePolicyList(b))).toBe(true);
  });
  test.prop([fc.jsonValue()])('any JSON value, as value and as text', (v) => {
    expect(allCodesKnown(parsePolicyList(v))).toBe(true);
    expect(allCodesKnown(parsePolicyList(JSON.stringify(v), { strict: true }))).toBe(true);
  });
  test.prop([fc.anything()])('any JavaScript value', (v) => {
    expect(allCodesKnown(parsePolicyList(v))).toBe(true);
  });
  test.prop([
    list,
    fc.jsonValue(),
    fc.constantFrom('timestamp', 'expires', 'policies', 'policy-aliases', 'version', 'author'),
  ])('a list with one field replaced by any JSON value', (l, v, k) => {
    const r = parsePolicyList({ ...l, [k]: v });
    expect(allCodesKnown(r)).toBe(true);
  });
  test.prop([list, fc.string({ unit: 'binary', maxLength: 20 }), fc.jsonValue()])(
    'a list with an arbitrary policy added',
    (l, key, v) => {
      const r = parsePolicyList({ ...l, policies: { ...l.policies, [key]: v } }, { strict: true });
      expect(allCodesKnown(r)).toBe(true);
    },
  );
  test.prop([fc.integer({ min: 1, max: 4 })], { numRuns: 4 })('a megabyte of nesting or keys', (n) => {
    expect(parsePolicyList('['.repeat(n * 250_000)).ok).toBe(false);
    const big = `{"timestamp":0,"expires":1,"version":"0.1","policy-aliases":{},"policies":{${Array.from({ length: n * 5000 }, (_, i) => `"d${i}.example":{"mode":"enforce","mxs":["mx.example"]}`).join(',')}}}`;
    expect(Object.keys(unwrap(parsePolicyList(big, { strict: true })).policies)).toHaveLength(n * 5000);
  });
});

describe('generated lists', () => {
  test.prop([list])('are strict-valid', (l) => {
    const r = parsePolicyList(l, { strict: true });
    expect(r.ok && r.value.expires.epochMs > r.value.timestamp.epochMs ? r.warnings : []).toEqual([]);
    expect(r.ok).toBe(true);
  });
  test.prop([list])('round-trip: parse ∘ format ∘ parse = parse', (l) => {
    const a = unwrap(parsePolicyList(l, { strict: true }));
    const text = formatPolicyList(a);
    const b = unwrap(parsePolicyList(text, { strict: true }));
    expect(b).toEqual(a);
    expect(formatPolicyList(b)).toBe(text);
    expect(text).toBe(JSON.stringify(l, null, 2));
  });
  test.prop([list])('lookups are identical after a round-trip', (l) => {
    const a = unwrap(parsePolicyList(l));
    const b = unwrap(parsePolicyList(formatPolicyList(a)));
    for (const d of Object.keys(l.policies)) {
      expect(lookupPolicy(b, d)).toEqual(lookupPolicy(a, d));
      expect(lookupPolicy(a, `${d.toUpperCase()}.`)).toEqual(lookupPolicy(a, d));
    }
  });
  test.prop([list])('alias resolution: an alias entry gets exactly its alias’s policy', (l) => {
    const a = unwrap(parsePolicyList(l));
    for (const [d, e] of Object.entries(l.policies as Record<string, Record<string, unknown>>)) {
      const p = lookupPolicy(a, d);
      expect(p?.domain).toBe(d);
      const name = e['policy-alias'];
      if (typeof name === 'string') {
        expect(p).toEqual({
          domain: d,
          ...(l['policy-aliases'] as Record<string, object>)[name],
          alias: name,
        });
      } else {
        expect(p).toEqual({ domain: d, mode: e.mode, mxs: e.mxs });
      }
    }
  });
  test.prop([list, fc.constantFrom(0, 1, 4, '\t')])(
    'layout of the JSON text changes nothing',
    (l, indent) => {
      const a = parsePolicyList(JSON.stringify(l), { strict: true });
      const b = parsePolicyList(JSON.stringify(l, null, indent), { strict: true });
      expect(b).toEqual(a);
      expect(parsePolicyList(new TextEncoder().encode(JSON.stringify(l)), { strict: true })).toEqual(a);
    },
  );
});
