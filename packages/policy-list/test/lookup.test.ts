import { fc, test } from '@fast-check/vitest';
import { unwrap } from '@mailtls/core';
import { describe, expect, it } from 'vitest';
import {
  isMxAllowedByList,
  lookupFreshPolicy,
  lookupPolicy,
  matchesPolicyMx,
  type PolicyList,
  parsePolicyList,
} from '../src/index.ts';
import { AFTER_EXPIRY, baseList } from './_helpers.ts';

// spec §3 vectors, and starttls-backend checker/hostname_test.go style pairs
const ONE_LABEL: readonly [pattern: string, host: string, match: boolean][] = [
  ['.mail.example.org', 'mx1.mail.example.org', true],
  ['.mail.example.org', 'mail.example.org', false],
  ['.mail.example.org', 'a.mx1.mail.example.org', false],
  ['.eff.org', 'MX.EFF.ORG.', true],
  ['.eff.org', 'good.mx.eff.org', false],
  ['.eff.org', '*.eff.org', false], // a "*" in the host is literal
  ['.eff.org', '.eff.org', false],
  ['.eff.org', 'a..eff.org', false],
  ['*.eff.org', 'mx.eff.org', true], // starttls-backend's synonym
  ['mx.eff.org', 'MX.eff.org.', true],
  ['mx.eff.org', 'a.mx.eff.org', false],
  ['mx.eff.org', 'eff.org', false],
  ['Mail.Covisp.net', 'mail.covisp.net', true],
  ['.eff.org', '', false],
];

describe('matchesPolicyMx', () => {
  for (const [p, h, m] of ONE_LABEL) {
    it(`${p} ~ ${JSON.stringify(h)}: ${m}`, () => expect(matchesPolicyMx(p, h)).toBe(m));
  }
  it('any-depth covers deeper hosts, never the suffix itself', () => {
    const any = { semantics: 'any-depth' } as const;
    expect(matchesPolicyMx('.mail.example.org', 'a.mx1.mail.example.org', any)).toBe(true);
    expect(matchesPolicyMx('.yahoodns.net', 'mta7.am0.yahoodns.net', any)).toBe(true); // the schema's own example
    expect(matchesPolicyMx('.mail.example.org', 'mail.example.org', any)).toBe(false);
    expect(matchesPolicyMx('.mail.example.org', 'xmail.example.org', any)).toBe(false);
    expect(matchesPolicyMx('.mail.example.org', 'a..mail.example.org', any)).toBe(false);
    expect(matchesPolicyMx('.mail.example.org', '*.mail.example.org', any)).toBe(false);
    expect(matchesPolicyMx('mx.example.org', 'a.mx.example.org', any)).toBe(false);
  });
  it('is false for non-strings', () => {
    expect(matchesPolicyMx(1 as unknown as string, 'a')).toBe(false);
  });
});

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/))
  .map(([ls, tld]) => [...ls, tld].join('.'));

describe('matcher laws', () => {
  test.prop([label, domain])('one-label: exactly one more label', (l, d) => {
    expect(matchesPolicyMx(`.${d}`, `${l}.${d}`)).toBe(true);
    expect(matchesPolicyMx(`.${d}`, d)).toBe(false);
    expect(matchesPolicyMx(`.${d}`, `${l}.${l}.${d}`)).toBe(false);
  });
  test.prop([fc.array(label, { minLength: 1, maxLength: 4 }), domain])(
    'any-depth: one or more labels',
    (ls, d) => {
      expect(matchesPolicyMx(`.${d}`, `${ls.join('.')}.${d}`, { semantics: 'any-depth' })).toBe(true);
      expect(matchesPolicyMx(`.${d}`, d, { semantics: 'any-depth' })).toBe(false);
    },
  );
  test.prop([fc.string(), fc.string()])('one-label implies any-depth', (p, h) => {
    if (matchesPolicyMx(p, h)) expect(matchesPolicyMx(p, h, { semantics: 'any-depth' })).toBe(true);
  });
  test.prop([domain, domain])('exact patterns compare names, case and root dot aside', (p, h) => {
    expect(matchesPolicyMx(p, `${h.toUpperCase()}.`)).toBe(p === h);
  });
  test.prop([fc.boolean(), domain, fc.array(label, { maxLength: 3 }), fc.boolean()])(
    'ASCII case never changes the verdict',
    (suffix, d, ls, any) => {
      const o = { semantics: any ? 'any-depth' : 'one-label' } as const;
      const p = suffix ? `.${d}` : d;
      const h = [...ls, d].join('.');
      expect(matchesPolicyMx(p.toUpperCase(), h, o)).toBe(matchesPolicyMx(p, h.toUpperCase(), o));
      expect(matchesPolicyMx(p, h, o)).toBe(matchesPolicyMx(p, h.toUpperCase(), o));
    },
  );
});

describe('lookupPolicy', () => {
  const list = unwrap(parsePolicyList(baseList()));
  it('resolves aliases and normalises the query', () => {
    expect(lookupPolicy(list, 'DELTA.example.')).toEqual({
      domain: 'delta.example',
      mode: 'testing',
      mxs: ['.mx.bigmail.example', 'mx.bigmail.example'],
      alias: 'bigmail',
    });
    expect(lookupPolicy(list, 'alpha.example')?.mode).toBe('enforce');
    expect(lookupPolicy(list, 'x.alpha.example')).toBeUndefined();
    expect(lookupPolicy(list, 'toString')).toBeUndefined();
    expect(lookupPolicy(list, 5 as unknown as string)).toBeUndefined();
  });
  it('converts U-labels in the query', () => {
    const l = baseList();
    (l.policies as Record<string, unknown>)['xn--bcher-kva.example'] = {
      mode: 'enforce',
      mxs: ['mx.example'],
    };
    expect(lookupPolicy(unwrap(parsePolicyList(l)), 'Bücher.example')?.domain).toBe('xn--bcher-kva.example');
  });
  it('works on a list built by hand, with hostile keys', () => {
    const hand: PolicyList = {
      timestamp: { epochMs: 0, value: 0 },
      expires: { epochMs: 1000, value: 1 },
      policyAliases: JSON.parse('{"__proto__":{"mode":"enforce","mxs":["mx.p.example"]}}'),
      policies: JSON.parse(
        '{"A.example":{"policyAlias":"__proto__"},"b.example":{"policyAlias":"toString"}}',
      ),
    };
    expect(lookupPolicy(hand, 'a.example')).toEqual({
      domain: 'A.example',
      mode: 'enforce',
      mxs: ['mx.p.example'],
      alias: '__proto__',
    });
    expect(lookupPolicy(hand, 'b.example')).toBeUndefined();
    expect(({} as Record<string, unknown>).mode).toBeUndefined();
  });
  it('isMxAllowedByList: undefined without a policy, else the pattern verdict', () => {
    expect(isMxAllowedByList(list, 'gamma.example', 'mx1.mail.gamma.example')).toBe(true);
    expect(isMxAllowedByList(list, 'gamma.example', 'mx1.evil.example')).toBe(false);
    expect(isMxAllowedByList(list, 'nosuch.example', 'mx1.mail.gamma.example')).toBeUndefined();
    expect(
      isMxAllowedByList(list, 'gamma.example', 'mx1.mail.gamma.example', { now: Date.UTC(2030, 0) }),
    ).toBeUndefined();
  });
  it('an invalid now fails closed: no policy, as for an expired list (spec §4)', () => {
    const inLifetime = Date.UTC(2020, 4, 25);
    expect(lookupPolicy(list, 'alpha.example', { now: inLifetime })?.mode).toBe('enforce');
    for (const now of [Number.NaN, new Date('x'), Number.POSITIVE_INFINITY, AFTER_EXPIRY]) {
      expect(lookupPolicy(list, 'alpha.example', { now })).toBeUndefined();
      expect(isMxAllowedByList(list, 'alpha.example', 'mx.alpha.example', { now })).toBeUndefined();
    }
  });
});

describe('lookupFreshPolicy', () => {
  const list = unwrap(parsePolicyList(baseList()));
  const inLifetime = Date.UTC(2020, 4, 25);
  it('returns the policy, or undefined, while the list is fresh', () => {
    expect(lookupFreshPolicy(list, 'ALPHA.example.', { now: inLifetime })).toEqual({
      ok: true,
      value: lookupPolicy(list, 'alpha.example'),
      warnings: [],
    });
    expect(lookupFreshPolicy(list, 'nosuch.example', { now: new Date(inLifetime) })).toEqual({
      ok: true,
      value: undefined,
      warnings: [],
    });
  });
  it('returns no policy and list-expired once expired, or for an invalid now (spec §4)', () => {
    for (const now of [list.expires.epochMs, AFTER_EXPIRY, Number.NaN, new Date('x')]) {
      const r = lookupFreshPolicy(list, 'alpha.example', { now });
      expect(r.ok).toBe(false);
      expect(r.ok ? undefined : r.errors.map((e) => [e.code, e.severity, e.at])).toEqual([
        ['list-expired', 'error', { pointer: '/expires' }],
      ]);
    }
    const stale = lookupFreshPolicy(list, 'alpha.example', { now: AFTER_EXPIRY });
    expect(stale.ok ? '' : stale.errors[0].message).toContain('2020-06-03T10:25:12.710055-07:00');
  });
  test.prop([fc.string(), fc.oneof(fc.double(), fc.date())])(
    'agrees with lookupPolicy and isPolicyListExpired',
    (d, now) => {
      const r = lookupFreshPolicy(list, d, { now });
      const fresh = +now < list.expires.epochMs;
      expect(r.ok).toBe(fresh);
      if (r.ok) expect(r.value).toEqual(lookupPolicy(list, d, { now }));
      else expect(lookupPolicy(list, d, { now })).toBeUndefined();
    },
  );
});
