import { fc, test } from '@fast-check/vitest';
import { unwrap } from '@mailtls/core';
import { describe, expect, it } from 'vitest';
import {
  createPolicyList,
  formatPolicyList,
  fromMtaStsPolicy,
  lookupPolicy,
  matchesPolicyMx,
  parsePolicyList,
} from '../src/index.ts';

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
