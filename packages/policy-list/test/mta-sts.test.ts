import { fc, test } from '@fast-check/vitest';
import { unwrap } from '@mailtls/core';
import { formatMtaStsPolicy, isMxAllowed, parseMtaStsPolicy } from '@mailtls/mta-sts';
import { describe, expect, it } from 'vitest';
import {
  createPolicyList,
  formatPolicyList,
  fromMtaStsPolicy,
  lookupPolicy,
  matchesPolicyMx,
  type PolicyList,
  parsePolicyList,
  policyListIssues,
  toMtaStsPolicy,
} from '../src/index.ts';
import { AFTER_EXPIRY, baseList, codes, IN_LIFETIME } from './_helpers.ts';

describe('fromMtaStsPolicy', () => {
  it('maps *.x to .x and normalises names', () => {
    expect(
      fromMtaStsPolicy('Example.com.', {
        mode: 'enforce',
        mx: ['*.Mail.example.com', 'mx.example.net.', 'mx.example.net'],
      }),
    ).toEqual({
      domain: 'example.com',
      policy: { mode: 'enforce', mxs: ['.mail.example.com', 'mx.example.net'] },
    });
    expect(fromMtaStsPolicy('bücher.example', { mode: 'testing', mx: ['mx.bücher.example'] })).toEqual({
      domain: 'xn--bcher-kva.example',
      policy: { mode: 'testing', mxs: ['mx.xn--bcher-kva.example'] },
    });
  });
  it('gives undefined for none, and when nothing expressible remains', () => {
    expect(fromMtaStsPolicy('example.com', { mode: 'none', mx: ['mx.example.com'] })).toBeUndefined();
    expect(fromMtaStsPolicy('example.com', { mode: 'enforce', mx: [] })).toBeUndefined();
    expect(
      fromMtaStsPolicy('example.com', { mode: 'enforce', mx: ['mx.example.xn--p1ai', '*'] }),
    ).toBeUndefined();
    expect(fromMtaStsPolicy('localhost', { mode: 'enforce', mx: ['mx.example.com'] })).toBeUndefined();
  });
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/);
  const name = fc
    .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,5}$/))
    .map(([l, t]) => [...l, t].join('.'));
  test.prop([name, fc.array(fc.tuple(fc.boolean(), name), { minLength: 1, maxLength: 5 }), label])(
    'a host matches the MTA-STS pattern iff it matches the list entry (one-label)',
    (domain, mx, l) => {
      const patterns = mx.map(([w, n]) => (w ? `*.${n}` : n));
      const entry = fromMtaStsPolicy(domain, { mode: 'enforce', mx: patterns });
      expect(entry).toBeDefined();
      for (const [w, n] of mx) {
        const host = w ? `${l}.${n}` : n;
        expect(entry?.policy.mxs.some((p) => matchesPolicyMx(p, host))).toBe(true);
        expect(entry?.policy.mxs.some((p) => matchesPolicyMx(p, `${l}.${l}.${n}`))).toBe(
          mx.some(([w2, n2]) =>
            w2
              ? `${l}.${l}.${n}`.endsWith(`.${n2}`) &&
                `${l}.${l}.${n}`.split('.').length === n2.split('.').length + 1
              : `${l}.${l}.${n}` === n2,
          ),
        );
      }
    },
  );
});

describe('createPolicyList', () => {
  it('builds a strict-valid list that looks up and round-trips', () => {
    const entries = [
      fromMtaStsPolicy('example.com', { mode: 'enforce', mx: ['*.mail.example.com'] }),
      fromMtaStsPolicy('example.org', { mode: 'testing', mx: ['mx.example.org'] }),
    ].filter((e) => e !== undefined);
    const list = createPolicyList(entries, {
      timestamp: Date.UTC(2024, 0, 1),
      expires: new Date(Date.UTC(2024, 0, 15)),
      author: 'me',
    });
    expect(lookupPolicy(list, 'EXAMPLE.com')).toEqual({
      domain: 'example.com',
      mode: 'enforce',
      mxs: ['.mail.example.com'],
    });
    const text = formatPolicyList(list);
    const again = unwrap(parsePolicyList(text, { strict: true }));
    expect(again.timestamp).toEqual({ epochMs: Date.UTC(2024, 0, 1), value: '2024-01-01T00:00:00Z' });
    expect(formatPolicyList(again)).toBe(text);
  });
  it('throws a TypeError for an unrepresentable date', () => {
    expect(() => createPolicyList([], { timestamp: Number.NaN, expires: 0 })).toThrow(TypeError);
  });
});

describe('toMtaStsPolicy (spec §5)', () => {
  const list = unwrap(parsePolicyList(baseList()));
  const expires = list.expires.epochMs; // 2020-06-03T17:25:12.710Z
  it('maps .x to *.x, copies mode, and sets max_age to the seconds left before expiry', () => {
    const r = toMtaStsPolicy(lookupPolicy(list, 'alpha.example')!, list, IN_LIFETIME);
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'policy-list-1589995512',
        version: 'STSv1',
        mode: 'enforce',
        mx: ['mx.alpha.example', '*.alpha.example'],
        maxAge: Math.floor((expires - IN_LIFETIME) / 1000),
        extensions: [],
      },
      warnings: [],
    });
  });
  it('resolves alias references through the list, and takes definitions as they are', () => {
    const byAlias = toMtaStsPolicy({ policyAlias: 'bigmail' }, list, IN_LIFETIME);
    expect(byAlias).toMatchObject({
      ok: true,
      value: { mode: 'testing', mx: ['*.mx.bigmail.example', 'mx.bigmail.example'] },
    });
    expect(toMtaStsPolicy(list.policies['delta.example']!, list, IN_LIFETIME)).toEqual(byAlias);
    const missing = toMtaStsPolicy({ policyAlias: 'nosuch' }, list, IN_LIFETIME);
    expect(codes(missing).errors).toEqual(['alias-missing']);
  });
  it('lower-cases, drops repeats and trailing dots, reads *.x as .x, and drops what MTA-STS cannot hold', () => {
    const r = toMtaStsPolicy(
      {
        mode: 'testing',
        mxs: ['MX.Example.COM', 'mx.example.com.', '*.Mail.example.com', 'mx_1.example.com'],
      },
      list,
      IN_LIFETIME,
    );
    expect(r).toMatchObject({ ok: true, value: { mx: ['mx.example.com', '*.mail.example.com'] } });
    expect(r.warnings.map((w) => [w.code, w.at])).toEqual([['mx-syntax', { pointer: '/mxs/3' }]]);
    expect(
      codes(toMtaStsPolicy({ mode: 'enforce', mxs: ['mx_1.example.com'] }, list, IN_LIFETIME)).errors,
    ).toEqual(['mxs-empty']);
  });
  it('warns for each .suffix pattern in any-depth mode: *.x covers one label only', () => {
    const r = toMtaStsPolicy(lookupPolicy(list, 'alpha.example')!, list, IN_LIFETIME, {
      semantics: 'any-depth',
    });
    expect(r).toMatchObject({ ok: true, value: { mx: ['mx.alpha.example', '*.alpha.example'] } });
    expect(r.warnings.map((w) => [w.code, w.severity, w.at])).toEqual([
      ['mx-any-depth-narrowed', 'warning', { pointer: '/mxs/1' }],
    ]);
  });
  it('clamps max_age to one year and refuses an expired list or an invalid now (never enforce stale data)', () => {
    const long: PolicyList = {
      ...list,
      expires: { epochMs: Date.UTC(2030, 0), value: '2030-01-01T00:00:00Z' },
    };
    expect(toMtaStsPolicy({ mode: 'enforce', mxs: ['mx.example.com'] }, long, IN_LIFETIME)).toMatchObject({
      value: { maxAge: 31557600 },
    });
    expect(toMtaStsPolicy({ mode: 'enforce', mxs: ['mx.example.com'] }, list, expires - 999)).toMatchObject({
      ok: true,
      value: { maxAge: 0 },
    });
    for (const now of [expires, AFTER_EXPIRY, Number.NaN, new Date('x')]) {
      const r = toMtaStsPolicy({ mode: 'enforce', mxs: ['mx.example.com'] }, list, now);
      expect(r.ok ? [] : r.errors.map((e) => [e.code, e.at])).toEqual([
        ['list-expired', { pointer: '/expires' }],
      ]);
    }
  });
  it('is total on malformed entries', () => {
    for (const e of [
      null,
      1,
      'x',
      {},
      { mode: 'none', mxs: ['a.example'] },
      { mode: 'enforce', mxs: 'a.example' },
      { mode: 'enforce', mxs: [1] },
    ]) {
      const r = toMtaStsPolicy(e as never, list, IN_LIFETIME);
      expect(r.ok).toBe(false);
      for (const i of [...(r.ok ? [] : r.errors), ...r.warnings])
        expect(policyListIssues).toHaveProperty([i.code]);
    }
  });

  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/);
  const name = fc
    .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,5}$/))
    .map(([l, t]) => [...l, t].join('.'));
  const pattern = fc.tuple(fc.boolean(), name, fc.boolean()).map(([dot, n, upper]) => {
    const p = dot ? `.${n}` : n;
    return upper ? p.toUpperCase() : p;
  });
  test.prop([
    fc.constantFrom('enforce' as const, 'testing' as const),
    fc.uniqueArray(pattern, { minLength: 1, maxLength: 6 }),
    fc.integer({ min: 0, max: 2 * 31557600 * 1000 }),
    fc.constantFrom('one-label' as const, 'any-depth' as const),
    fc.array(label, { minLength: 1, maxLength: 3 }),
  ])(
    'gives a strict-valid MTA-STS policy that allows exactly the hosts the entry allows one label deep',
    (mode, mxs, left, semantics, ls) => {
      const now = expires - left - 1;
      const r = toMtaStsPolicy({ mode, mxs }, list, now, { semantics });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const p = r.value;
      // the formula of spec §5
      expect(p.maxAge).toBe(Math.min(Math.max(Math.floor((expires - now) / 1000), 0), 31557600));
      expect(p.mode).toBe(mode);
      // what @mailtls/mta-sts reads back in strict mode is the same policy
      const text = formatMtaStsPolicy(p);
      const { id: _id, ...policy } = p;
      expect(parseMtaStsPolicy(text, { strict: true })).toMatchObject({ ok: true, value: policy });
      // one label deep, MTA-STS matching (RFC 8461 §4.1) and list matching (one-label) agree
      for (const mx of mxs) {
        const base = mx.replace(/^\./, '');
        for (const host of [base, `${ls[0]}.${base}`, `${ls.join('.')}.${base}`]) {
          expect(isMxAllowed(p, host)).toBe(mxs.some((q) => matchesPolicyMx(q, host)));
        }
      }
      // any-depth: one warning per .suffix pattern, since *.x reaches one label only
      const narrowed = r.warnings.filter((w) => w.code === 'mx-any-depth-narrowed').length;
      expect(narrowed).toBe(semantics === 'any-depth' ? mxs.filter((m) => m.startsWith('.')).length : 0);
    },
  );
});
