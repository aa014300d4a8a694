import { unwrap } from '@mailtls/core';
import { describe, expect, it } from 'vitest';
import { formatPolicyList, parsePolicyList, policyListIssues } from '../src/index.ts';
import { baseList, codes, type Json } from './_helpers.ts';

type Obj = { [key: string]: Json };

/** Where each vector comes from is in its `source`. */
interface Vector {
  readonly name: string;
  readonly source: string;
  readonly input: () => unknown;
  /** Codes in `strict` mode: errors (the result fails when non-empty) and warnings. */
  readonly strict: { errors?: string[]; warnings?: string[] };
  readonly lenient: { errors?: string[]; warnings?: string[] };
}

const edit =
  (f: (l: Obj) => void): (() => Obj) =>
  () => {
    const l = baseList();
    f(l);
    return l;
  };
const pol = (l: Obj): Obj => l.policies as Obj;
const ali = (l: Obj): Obj => l['policy-aliases'] as Obj;

export const VECTORS: readonly Vector[] = [
  {
    name: 'valid list',
    source: 'spec §2 example',
    input: edit(() => {}),
    strict: {},
    lenient: {},
  },
  {
    name: 'root is an array',
    source: 'bad input',
    input: () => [],
    strict: { errors: ['not-object'] },
    lenient: { errors: ['not-object'] },
  },
  {
    name: 'JSON text that is not an object',
    source: 'bad input',
    input: () => '"policy"',
    strict: { errors: ['not-object'] },
    lenient: { errors: ['not-object'] },
  },
  {
    name: '2016 config',
    source: 'legacy/config-2016.json shape',
    input: () => ({ timestamp: 1401093333, expires: 1404677353, 'tls-policies': {}, 'acceptable-mxs': {} }),
    strict: { errors: ['legacy-format'] },
    lenient: { errors: ['legacy-format'] },
  },
  {
    name: '2018-03 RULES v1',
    source: 'legacy/RULES-2018-03-06-first.md',
    input: () => ({ timestamp: 1, expires: 2, 'tls-policies': { 'a.example': { mode: 'enforce' } } }),
    strict: { errors: ['legacy-format'] },
    lenient: { errors: ['legacy-format'] },
  },
  {
    name: '2014 design document with comments',
    source: 'legacy/config-2014-06-06.jsonc shape',
    input: () => '{\n  // comment\n  "address-domains": {}\n}',
    strict: { errors: ['legacy-format', 'json-syntax'] },
    lenient: { errors: ['legacy-format', 'json-syntax'] },
  },
  {
    name: 'pinsets',
    source: 'policy-2018-11-07-last-with-pinsets.json',
    input: edit((l) => {
      l.pinsets = {};
    }),
    strict: { errors: ['additional-property'] },
    lenient: { warnings: ['additional-property'] },
  },
  {
    name: 'per-policy min-tls-version',
    source: 'legacy/RULES-2018-07-16-with-pinsets.md',
    input: edit((l) => {
      (pol(l)['alpha.example'] as Obj)['min-tls-version'] = 'TLSv1.2';
    }),
    strict: { errors: ['additional-property'] },
    lenient: { warnings: ['additional-property'] },
  },
  {
    name: 'missing timestamp',
    source: 'schema required',
    input: edit((l) => {
      delete l.timestamp;
    }),
    strict: { errors: ['missing-field'] },
    lenient: { errors: ['missing-field'] },
  },
  {
    name: 'missing version and policy-aliases',
    source: 'starttls-policy-cli tests (no version); RULES.md',
    input: edit((l) => {
      delete l.version;
      delete l['policy-aliases'];
      delete pol(l)['delta.example'];
    }),
    strict: { errors: ['missing-field', 'missing-field'] },
    lenient: { warnings: ['missing-field', 'missing-field'] },
  },
  {
    name: 'missing policies',
    source: 'schema required',
    input: edit((l) => {
      delete l.policies;
    }),
    strict: { errors: ['missing-field'] },
    lenient: { warnings: ['missing-field'] },
  },
  {
    name: 'version 0.2',
    source: 'schema const',
    input: edit((l) => {
      l.version = '0.2';
    }),
    strict: { errors: ['version-unsupported'] },
    lenient: { warnings: ['version-unsupported'] },
  },
  {
    name: 'author not a string',
    source: 'starttls-policy-cli util.py',
    input: edit((l) => {
      l.author = 5;
    }),
    strict: { errors: ['wrong-type'] },
    lenient: { errors: ['wrong-type'] },
  },
  {
    name: 'mxs is a string',
    source: 'spec §6 (the CLI would iterate characters)',
    input: edit((l) => {
      (pol(l)['alpha.example'] as Obj).mxs = 'mx.alpha.example';
    }),
    strict: { errors: ['wrong-type'] },
    lenient: { errors: ['wrong-type'] },
  },
  {
    name: 'epoch seconds',
    source: 'legacy/test_rules-config.json',
    input: edit((l) => {
      l.timestamp = 1401093333;
      l.expires = 1404677353;
    }),
    strict: {},
    lenient: {},
  },
  {
    name: 'negative epoch',
    source: 'schema minimum 0',
    input: edit((l) => {
      l.timestamp = -1;
    }),
    strict: { errors: ['date-negative'] },
    lenient: { errors: ['date-negative'] },
  },
  {
    name: 'fractional epoch',
    source: 'schema type integer',
    input: edit((l) => {
      l.timestamp = 1.5;
    }),
    strict: { errors: ['date-not-integer'] },
    lenient: { errors: ['date-not-integer'] },
  },
  {
    name: 'offset-less date',
    source: 'starttls-policy-cli reads naive dates as UTC (dateutil)',
    input: edit((l) => {
      l.timestamp = '2020-05-20T10:25:12';
    }),
    strict: { errors: ['datetime-syntax'] },
    lenient: { warnings: ['datetime-no-offset'] },
  },
  {
    name: '+0000 offset',
    source: 'starttls-policy-cli writes %z (spec §2.4)',
    input: edit((l) => {
      l.timestamp = '2020-05-20T10:25:12+0000';
    }),
    strict: { errors: ['datetime-offset-format'] },
    lenient: { warnings: ['datetime-offset-format'] },
  },
  {
    name: '+20:00 offset',
    source: 'schema pattern [+-][01]\\d:[0-5]\\d (RFC 3339 allows up to 23)',
    input: edit((l) => {
      l.timestamp = '2020-01-01T00:00:00+20:00';
    }),
    strict: { errors: ['date-offset-range'] },
    lenient: { warnings: ['date-offset-range'] },
  },
  {
    name: '-23:59 offset',
    source: 'schema pattern [+-][01]\\d:[0-5]\\d (RFC 3339 allows up to 23)',
    input: edit((l) => {
      l.expires = '2020-06-03T10:25:12.710055-23:59';
    }),
    strict: { errors: ['date-offset-range'] },
    lenient: { warnings: ['date-offset-range'] },
  },
  {
    name: '+19:59 offset',
    source: 'schema pattern [+-][01]\\d:[0-5]\\d: the largest it allows',
    input: edit((l) => {
      l.timestamp = '2020-05-21T06:25:12+19:59';
    }),
    strict: {},
    lenient: {},
  },
  {
    name: 'space separator',
    source: 'spec §6',
    input: edit((l) => {
      l.timestamp = '2020-05-20 10:25:12Z';
    }),
    strict: { errors: ['datetime-separator'] },
    lenient: { warnings: ['datetime-separator'] },
  },
  {
    name: 'February 30',
    source: 'schema pattern calendar check',
    input: edit((l) => {
      l.timestamp = '2020-02-30T00:00:00Z';
    }),
    strict: { errors: ['datetime-range'] },
    lenient: { errors: ['datetime-range'] },
  },
  {
    name: 'leap second',
    source: 'RFC 3339 §5.7; the schema pattern allows only 00–59',
    input: edit((l) => {
      l.timestamp = '2016-12-31T23:59:60Z';
    }),
    strict: { errors: ['datetime-range'], warnings: ['datetime-leap-second'] },
    lenient: { warnings: ['datetime-leap-second'] },
  },
  {
    name: 'expires before timestamp',
    source: 'upstream test data',
    input: edit((l) => {
      l.timestamp = 1404677353;
      l.expires = 1401093333;
    }),
    strict: { warnings: ['list-born-expired'] },
    lenient: { warnings: ['list-born-expired'] },
  },
  {
    name: 'domain with underscore',
    source: 'starttls-backend admits underscores; the schema does not',
    input: edit((l) => {
      pol(l)['mail_x.example'] = { mode: 'testing', mxs: ['mx.example'] };
    }),
    strict: { errors: ['name-nonstandard'] },
    lenient: { warnings: ['name-nonstandard'] },
  },
  {
    name: 'single-label domain',
    source: 'schema pattern',
    input: edit((l) => {
      pol(l).localhost = { mode: 'testing', mxs: ['mx.example'] };
    }),
    strict: { errors: ['domain-syntax'] },
    lenient: { errors: ['domain-syntax'] },
  },
  {
    name: '__proto__ domain',
    source: 'prototype pollution probe',
    input: () =>
      `{"timestamp":0,"expires":1,"version":"0.1","policy-aliases":{},"policies":{"__proto__":{"mode":"enforce","mxs":["mx.example"]}}}`,
    strict: { errors: ['domain-syntax'] },
    lenient: { errors: ['domain-syntax'] },
  },
  {
    name: 'leading-dot domain',
    source: 'starttls-policy-cli test data',
    input: edit((l) => {
      pol(l)['.lead.example'] = { mode: 'testing', mxs: ['mx.example'] };
    }),
    strict: { errors: ['domain-leading-dot'] },
    lenient: { warnings: ['domain-leading-dot'] },
  },
  {
    name: 'trailing-dot domain and pattern',
    source: 'spec §6',
    input: edit((l) => {
      pol(l)['trail.example.'] = { mode: 'testing', mxs: ['mx.trail.example.'] };
    }),
    strict: { errors: ['name-trailing-dot', 'name-trailing-dot'] },
    lenient: { warnings: ['name-trailing-dot', 'name-trailing-dot'] },
  },
  {
    name: 'case collision',
    source: 'spec §2.3',
    input: edit((l) => {
      pol(l)['ALPHA.example'] = { mode: 'testing', mxs: ['mx.example'] };
    }),
    strict: { warnings: ['domain-case-collision'] },
    lenient: { warnings: ['domain-case-collision'] },
  },
  {
    name: 'bad MX pattern',
    source: 'schema mxs pattern',
    input: edit((l) => {
      (pol(l)['alpha.example'] as Obj).mxs = ['mx one.example'];
    }),
    strict: { errors: ['mx-syntax'] },
    lenient: { errors: ['mx-syntax'] },
  },
  {
    name: '*.x MX pattern',
    source: 'legacy/starttls-everywhere-2014-06-09.json; starttls-backend accepts it',
    input: edit((l) => {
      (pol(l)['alpha.example'] as Obj).mxs = ['*.alpha.example'];
    }),
    strict: { errors: ['mx-wildcard'] },
    lenient: { warnings: ['mx-wildcard'] },
  },
  {
    name: 'empty mxs',
    source: 'schema minItems 1',
    input: edit((l) => {
      (pol(l)['alpha.example'] as Obj).mxs = [];
    }),
    strict: { errors: ['mxs-empty'] },
    lenient: { warnings: ['mxs-empty'] },
  },
  {
    name: 'missing mxs',
    source: 'schema required',
    input: edit((l) => {
      delete (pol(l)['alpha.example'] as Obj).mxs;
    }),
    strict: { errors: ['missing-field'] },
    lenient: { errors: ['missing-field'] },
  },
  {
    name: 'duplicate MX',
    source: 'schema uniqueItems',
    input: edit((l) => {
      (pol(l)['alpha.example'] as Obj).mxs = ['mx.alpha.example', 'mx.alpha.example'];
    }),
    strict: { errors: ['mx-duplicate'] },
    lenient: { warnings: ['mx-duplicate'] },
  },
  {
    name: 'MX repeated in another case',
    source: 'policy.json holds upper-case Google MX sets',
    input: edit((l) => {
      (pol(l)['alpha.example'] as Obj).mxs = ['mx.alpha.example', 'MX.alpha.example'];
    }),
    strict: { warnings: ['mx-duplicate-case'] },
    lenient: { warnings: ['mx-duplicate-case'] },
  },
  {
    name: 'missing mode',
    source: 'RULES.md "Default: testing (required)"',
    input: edit((l) => {
      delete (pol(l)['alpha.example'] as Obj).mode;
    }),
    strict: { errors: ['mode-missing'] },
    lenient: { warnings: ['mode-missing'] },
  },
  {
    name: 'mode none',
    source: 'EFForg/starttls-everywhere#124',
    input: edit((l) => {
      (pol(l)['alpha.example'] as Obj).mode = 'none';
    }),
    strict: { errors: ['mode-invalid'] },
    lenient: { errors: ['mode-invalid'] },
  },
  {
    name: 'dangling alias',
    source: 'upstream CI alias test',
    input: edit((l) => {
      pol(l)['delta.example'] = { 'policy-alias': 'nosuch' };
    }),
    strict: { errors: ['alias-missing'] },
    lenient: { errors: ['alias-missing'] },
  },
  {
    name: 'chained alias',
    source: 'spec §2.2',
    input: edit((l) => {
      ali(l).chained = { 'policy-alias': 'bigmail', mode: 'testing', mxs: ['mx.example'] };
    }),
    strict: { errors: ['alias-chain'] },
    lenient: { errors: ['alias-chain'] },
  },
  {
    name: 'alias reference with extra keys',
    source: 'RULES.md "other fields are ignored"',
    input: edit((l) => {
      pol(l)['delta.example'] = { 'policy-alias': 'bigmail', mode: 'enforce' };
    }),
    strict: { errors: ['alias-extra-key'] },
    lenient: { warnings: ['alias-extra-key'] },
  },
  {
    name: 'empty alias name',
    source: 'schema patternProperties "."',
    input: edit((l) => {
      ali(l)[''] = { mode: 'testing', mxs: ['mx.example'] };
    }),
    strict: { errors: ['alias-name-invalid'] },
    lenient: { warnings: ['alias-name-invalid'] },
  },
  {
    name: 'duplicate JSON key',
    source: 'policy-2018-11-07-last-with-pinsets.json repeats salesforce.com',
    input: () =>
      '{"timestamp":0,"expires":1,"version":"0.1","policy-aliases":{},"policies":{"a.example":{"mode":"testing","mxs":["mx.example"]},"a.example":{"mode":"enforce","mxs":["mx.example"]}}}',
    strict: { errors: ['json-duplicate-key'] },
    lenient: { warnings: ['json-duplicate-key'] },
  },
  {
    name: 'byte order mark',
    source: 'RFC 8259 §8.1',
    input: () => '\ufeff{"timestamp":0,"expires":1,"version":"0.1","policy-aliases":{},"policies":{}}',
    strict: { errors: ['json-bom'] },
    lenient: { warnings: ['json-bom'] },
  },
  {
    name: 'huge integer',
    source: 'RFC 7493 §2.2',
    input: () =>
      '{"timestamp":0,"expires":1,"version":"0.1","policy-aliases":{},"policies":{},"x":123456789012345678901}',
    strict: { errors: ['additional-property'], warnings: ['json-number-precision'] },
    lenient: { warnings: ['json-number-precision', 'additional-property'] },
  },
  {
    name: 'lone surrogate',
    source: 'RFC 7493 §2.1',
    input: () =>
      '{"timestamp":0,"expires":1,"version":"0.1","author":"\\ud800","policy-aliases":{},"policies":{}}',
    strict: { warnings: ['json-lone-surrogate'] },
    lenient: { warnings: ['json-lone-surrogate'] },
  },
  {
    name: 'invalid UTF-8',
    source: 'RFC 3629',
    input: () => new Uint8Array([0x7b, 0xff, 0x7d]),
    strict: { errors: ['utf8-invalid'] },
    lenient: { errors: ['utf8-invalid'] },
  },
  {
    name: 'deep nesting',
    source: 'depth cap',
    input: () => `${'['.repeat(100)}${']'.repeat(100)}`,
    strict: { errors: ['json-too-deep'] },
    lenient: { errors: ['json-too-deep'] },
  },
];

describe('parsePolicyList vectors', () => {
  for (const v of VECTORS) {
    for (const mode of ['strict', 'lenient'] as const) {
      it(`${v.name} (${mode}; ${v.source})`, () => {
        const r = parsePolicyList(v.input(), { strict: mode === 'strict' });
        const want = v[mode];
        expect(codes(r)).toEqual({ errors: want.errors ?? [], warnings: want.warnings ?? [] });
        expect(r.ok).toBe((want.errors ?? []).length === 0);
      });
    }
  }
});

describe('parsePolicyList details', () => {
  it('reports JSON pointers, escaped per RFC 6901', () => {
    const l = baseList();
    (l.policies as Obj)['alpha.example'] = { mode: 'enforce', mxs: ['ok.example', 'bad/x~y'] };
    const r = parsePolicyList(l);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0].at).toEqual({ pointer: '/policies/alpha.example/mxs/1' });
      expect(r.errors[0].message).toContain('"bad/x~y"');
      expect(r.errors[0].ref).toContain('schema');
    }
    const t = parsePolicyList('{"timestamp": 0,\n "expires": 1,\n "policies": [}');
    expect(!t.ok && t.errors[0].at).toMatchObject({ pointer: '/policies/0', line: 3, column: 15 });
  });

  it('rewrites lenient dates to strict RFC 3339 and reads them as UTC', () => {
    const l = baseList();
    l.timestamp = '2020-05-20 10:25:12.123456';
    l.expires = '2020-06-03T10:25:12-0700';
    const r = unwrap(parsePolicyList(l));
    expect(r.timestamp).toEqual({
      epochMs: Date.UTC(2020, 4, 20, 10, 25, 12, 123),
      value: '2020-05-20T10:25:12.123456Z',
    });
    expect(r.expires).toEqual({
      epochMs: Date.UTC(2020, 5, 3, 17, 25, 12),
      value: '2020-06-03T10:25:12-07:00',
    });
    expect(unwrap(parsePolicyList(formatPolicyList(r), { strict: true })).timestamp).toEqual(r.timestamp);
  });

  it('rewrites an offset beyond the schema pattern to UTC in lenient mode', () => {
    const l = baseList();
    l.timestamp = '2020-01-01T00:00:00.5+20:00';
    l.expires = '2020-01-20T23:30:00-23:00';
    const r = unwrap(parsePolicyList(l));
    expect(r.timestamp).toEqual({
      epochMs: Date.UTC(2019, 11, 31, 4, 0, 0, 500),
      value: '2019-12-31T04:00:00.5Z',
    });
    expect(r.expires).toEqual({ epochMs: Date.UTC(2020, 0, 21, 22, 30), value: '2020-01-21T22:30:00Z' });
    const again = unwrap(parsePolicyList(formatPolicyList(r), { strict: true }));
    expect([again.timestamp, again.expires]).toEqual([r.timestamp, r.expires]);
  });

  it('keeps dates as written when strict-valid, including nine fraction digits', () => {
    const l = baseList();
    l.timestamp = '2018-11-07T08:24:29.23789966-08:00';
    const r = unwrap(parsePolicyList(l, { strict: true }));
    expect(r.timestamp).toEqual({ epochMs: Date.UTC(2018, 10, 7, 16, 24, 29, 237), value: l.timestamp });
  });

  it('applies the lenient defaults: mode testing, *.x as .x, trailing dots stripped, repeats dropped', () => {
    const r = parsePolicyList({
      timestamp: 0,
      expires: 1209600,
      policies: {
        'a.example.': { mxs: ['*.mx.a.example', 'mx.a.example.', 'mx.a.example'] },
        'b.example': { 'policy-alias': 'x', comment: 'ignored' },
      },
      'policy-aliases': { x: { mode: 'enforce', mxs: ['mx.x.example'] } },
    });
    expect(codes(r).warnings).toEqual([
      'missing-field',
      'name-trailing-dot',
      'mode-missing',
      'mx-wildcard',
      'name-trailing-dot',
      'mx-duplicate',
      'alias-extra-key',
    ]);
    const list = unwrap(r);
    expect(list.policies['a.example']).toEqual({ mode: 'testing', mxs: ['.mx.a.example', 'mx.a.example'] });
    expect(list.policies['b.example']).toEqual({ policyAlias: 'x' });
    expect(list.version).toBeUndefined();
    // format writes the canonical version, so the strict re-parse differs only there
    expect(unwrap(parsePolicyList(formatPolicyList(list), { strict: true }))).toEqual({
      ...list,
      version: '0.1',
    });
  });

  it('accepts IDN names leniently, never strictly', () => {
    const l = baseList();
    (l.policies as Obj)['bücher.example'] = { mode: 'testing', mxs: ['mx.xn--bcher-kva.example'] };
    expect(codes(parsePolicyList(l))).toEqual({ errors: [], warnings: ['name-nonstandard'] });
    expect(codes(parsePolicyList(l, { strict: true })).errors).toEqual(['name-nonstandard']);
  });

  it('warns on a future timestamp only when given now', () => {
    const l = baseList();
    expect(codes(parsePolicyList(l, { now: Date.UTC(2020, 0, 1) })).warnings).toEqual(['timestamp-future']);
    expect(codes(parsePolicyList(l, { now: Date.UTC(2020, 4, 21) })).warnings).toEqual([]);
  });

  it('refuses dotted-quad addresses and over-long names', () => {
    const l = baseList();
    (l.policies as Obj)['alpha.example'] = {
      mode: 'enforce',
      mxs: ['192.0.2.10', `${'a.'.repeat(126)}com`],
    };
    expect(codes(parsePolicyList(l)).errors).toEqual(['mx-syntax', 'mx-syntax']);
  });

  it('caps the number of issues', () => {
    const policies: Obj = {};
    for (let i = 0; i < 500; i++) policies[`d${i}.example`] = { mode: 'bad', mxs: ['mx.example'] };
    const r = parsePolicyList({ timestamp: 0, expires: 1, version: '0.1', 'policy-aliases': {}, policies });
    expect(!r.ok && r.errors.length).toBe(100);
    expect(codes(r).warnings).toEqual(['too-many-issues']);
  });

  it('reports a hostile value instead of throwing', () => {
    const evil = {
      timestamp: 0,
      expires: 1,
      get policies(): never {
        throw new Error('boom');
      },
    };
    expect(codes(parsePolicyList(evil)).errors).toEqual(['not-json-value']);
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    expect(codes(parsePolicyList(proxy)).errors).toEqual(['not-json-value']);
  });

  it('rejects input over the size cap before scanning', () => {
    const r = parsePolicyList(new Uint8Array(16 * 1024 * 1024 + 1));
    expect(codes(r).errors).toEqual(['input-too-large']);
  });

  it('does not alias the caller’s arrays for an already-parsed value', () => {
    const l = baseList();
    const list = unwrap(parsePolicyList(l));
    const mxs = ((l.policies as Obj)['alpha.example'] as Obj).mxs as string[];
    mxs.push('changed.example');
    expect((list.policies['alpha.example'] as unknown as { mxs: string[] }).mxs).toEqual([
      'mx.alpha.example',
      '.alpha.example',
    ]);
  });

  it('gives records without a prototype', () => {
    const list = unwrap(parsePolicyList(JSON.stringify(baseList())));
    expect(Object.getPrototypeOf(list.policies)).toBeNull();
    expect(Object.getPrototypeOf(list.policyAliases)).toBeNull();
    expect(list.policies.constructor).toBeUndefined();
  });
});

describe('catalogue', () => {
  it('has a ref and a message for every code', () => {
    for (const [code, entry] of Object.entries(policyListIssues)) {
      expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(entry.ref.length).toBeGreaterThan(0);
      expect(entry.message).not.toMatch(/\.$/);
    }
  });
});
