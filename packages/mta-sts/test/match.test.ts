import { createRequire } from 'node:module';
import { fc, test } from '@fast-check/vitest';
import { normalizeHostname } from '@mailtls/core';
import { describe, expect, it } from 'vitest';
import { isMxAllowed, matchesMx } from '../src/index.ts';

const require = createRequire(import.meta.url);
const mailauth = require('mailauth/lib/mta-sts.js') as {
  validateMx(mx: string, policy: { mode: string; mx: string[] }): { valid: boolean };
};

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const domain = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.'));
const randomCase = (s: string, bits: readonly boolean[]) =>
  [...s].map((c, i) => (bits[i % Math.max(1, bits.length)] ? c.toUpperCase() : c)).join('');

describe('matchesMx (RFC 8461 §4.1)', () => {
  it.each([
    ['mail.example.com', 'mail.example.com', true],
    ['mail.example.com', 'MAIL.Example.COM.', true],
    ['mail.example.com.', 'mail.example.com', true],
    ['*.example.net', 'mx1.example.net', true],
    ['*.example.net', 'example.net', false], // never the apex
    ['*.example.net', 'a.b.example.net', false], // exactly one label
    ['*.example.net', 'mx1.example.net.evil.com', false], // anchored
    ['*.example.net', 'mx1example.net', false],
    ['*.example.net', '*.example.net', false], // a * in the host is never a wildcard
    ['mail.example.com', 'mail.example.com.evil', false],
    ['example.com', 'mail.example.com', false], // no suffix matching
    ['*.xn--bcher-kva.example', 'mx.bücher.example', true], // U-labels compare as A-labels
    ['*.example.net', '', false],
    ['*.example.net', '.example.net', false],
    ['*.example.net', 'a..example.net', false],
    ['', '', false],
    ['*.', 'a.', false],
  ])('matchesMx(%j, %j) = %j', (pattern, host, expected) => expect(matchesMx(pattern, host)).toBe(expected));

  it('is false for non-string input', () => {
    expect(matchesMx(undefined as unknown as string, 'a')).toBe(false);
  });

  test.prop([label, domain])('a wildcard covers exactly one label, never the apex, never two', (l, d) => {
    expect(matchesMx(`*.${d}`, `${l}.${d}`)).toBe(true);
    expect(matchesMx(`*.${d}`, d)).toBe(false);
    expect(matchesMx(`*.${d}`, `${l}.${l}.${d}`)).toBe(false);
  });

  test.prop([
    fc.tuple(fc.boolean(), domain).map(([w, d]) => (w ? `*.${d}` : d)),
    domain,
    fc.array(fc.boolean()),
    fc.boolean(),
  ])('case and one trailing dot on the host are ignored', (p, h, bits, dot) => {
    expect(matchesMx(p, `${randomCase(h, bits)}${dot ? '.' : ''}`)).toBe(matchesMx(p, h));
    expect(matchesMx(randomCase(p, bits), h)).toBe(matchesMx(p, h));
  });

  test.prop([domain, domain])('a pattern without wildcard is equality of normalised names', (p, h) => {
    expect(matchesMx(p, h)).toBe(normalizeHostname(p) === normalizeHostname(h));
    expect(matchesMx(p, p.toUpperCase())).toBe(true);
  });

  test.prop([fc.string(), domain])('a host containing "*" never matches', (p, d) => {
    expect(matchesMx(p, `*.${d}`)).toBe(false);
    expect(matchesMx(`*.${d}`, `*.${d}`)).toBe(false);
  });

  test.prop([fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })])(
    'totality on any strings',
    (p, h) => {
      expect(typeof matchesMx(p, h)).toBe('boolean');
    },
  );

  test.prop([fc.tuple(fc.boolean(), domain).map(([w, d]) => (w ? `*.${d}` : d)), domain])(
    'differential: agrees with mailauth 7 validateMx on valid ASCII names',
    (p, h) => {
      expect(matchesMx(p, h)).toBe(mailauth.validateMx(h, { mode: 'enforce', mx: [p] }).valid);
    },
  );
});

describe('isMxAllowed', () => {
  const policy = { mode: 'enforce' as const, mx: ['mail.example.com', '*.example.net'] };
  it('allows hosts matching any pattern, under enforce and testing', () => {
    expect(isMxAllowed(policy, 'mail.example.com')).toBe(true);
    expect(isMxAllowed(policy, 'mx9.example.net')).toBe(true);
    expect(isMxAllowed(policy, 'evil.example.org')).toBe(false);
    expect(isMxAllowed({ ...policy, mode: 'testing' }, 'evil.example.org')).toBe(false);
  });
  it('allows every host under none (no active policy)', () => {
    expect(isMxAllowed({ mode: 'none', mx: [] }, 'anything.example')).toBe(true);
  });
  test.prop([fc.array(domain), domain, domain])('more patterns never allow less', (mx, extra, host) => {
    if (isMxAllowed({ mode: 'enforce', mx }, host))
      expect(isMxAllowed({ mode: 'enforce', mx: [...mx, extra] }, host)).toBe(true);
  });
});
