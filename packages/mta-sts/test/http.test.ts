import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkPolicyResponse, mtaStsIssues, mtaStsPolicyUrl, type PolicyResponse } from '../src/index.ts';

const BODY = 'version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 604800\n';
const URL_OK = 'https://mta-sts.example.com/.well-known/mta-sts.txt';
const good: PolicyResponse = {
  url: URL_OK,
  status: 200,
  headers: { 'Content-Type': 'text/plain' },
  body: new TextEncoder().encode(BODY),
};
type AnyResult = { ok: boolean; warnings: readonly { code: string }[]; errors?: readonly { code: string }[] };
const codes = (r: AnyResult) => [...(r.ok ? [] : (r.errors ?? [])), ...r.warnings].map((i) => i.code);

describe('mtaStsPolicyUrl', () => {
  it('builds the well-known URL from a normalised domain', () => {
    expect(mtaStsPolicyUrl('example.com')).toBe(URL_OK);
    expect(mtaStsPolicyUrl('Example.COM.')).toBe(URL_OK);
    expect(mtaStsPolicyUrl('bücher.example')).toBe(
      'https://mta-sts.xn--bcher-kva.example/.well-known/mta-sts.txt',
    );
  });
  it('throws a TypeError for what is not a domain', () => {
    for (const d of ['', '192.0.2.1', 'a..b', '*.example.com', 'exa mple.com']) {
      expect(() => mtaStsPolicyUrl(d)).toThrow(TypeError);
    }
  });
});

describe('checkPolicyResponse (RFC 8461 §3.3)', () => {
  it('accepts a good response, headers as a plain object or a Headers', () => {
    expect(checkPolicyResponse(good)).toMatchObject({ ok: true, value: { mode: 'enforce' }, warnings: [] });
    const headers = new Headers({ 'content-type': 'TEXT/Plain ; charset=us-ascii', 'content-length': '65' });
    expect(checkPolicyResponse({ ...good, headers }, { strict: true })).toMatchObject({
      ok: true,
      warnings: [],
    });
    expect(
      checkPolicyResponse({
        ...good,
        url: 'HTTPS://MTA-STS.Example.com:443/.well-known/mta-sts.txt',
        body: BODY,
      }).ok,
    ).toBe(true);
  });

  it.each<[string, Partial<PolicyResponse>, string[]]>([
    ['http', { url: 'http://mta-sts.example.com/.well-known/mta-sts.txt' }, ['http-not-https']],
    ['wrong path', { url: 'https://mta-sts.example.com/mta-sts.txt' }, ['http-url']],
    ['query', { url: `${URL_OK}?x=1` }, ['http-url']],
    ['wrong host', { url: 'https://example.com/.well-known/mta-sts.txt' }, ['http-url']],
    ['wrong port', { url: 'https://mta-sts.example.com:8443/.well-known/mta-sts.txt' }, ['http-url']],
    ['userinfo', { url: 'https://u@mta-sts.example.com/.well-known/mta-sts.txt' }, ['http-url']],
    ['404', { status: 404, body: '<html>Not found</html>' }, ['http-status']],
    ['204', { status: 204, body: '' }, ['http-status']],
    ['206', { status: 206 }, ['http-status']],
    [
      '301',
      { status: 301, headers: { 'content-type': 'text/html', location: 'https://www.example.com/' } },
      ['http-redirect', 'http-content-type'],
    ],
    ['followed redirect', { redirected: true }, ['http-redirect']],
    [
      'content-length',
      { headers: { 'content-type': 'text/plain', 'content-length': '70000' } },
      ['http-too-large'],
    ],
    ['body size', { body: new Uint8Array(70000) }, ['http-too-large']],
    ['text/html', { headers: { 'content-type': 'text/html' } }, ['http-content-type']],
    ['no content-type', { headers: {} }, ['http-content-type']],
    [
      'certificate of the provider',
      { certificateNames: ['mta-sts.provider.example'] },
      ['webpki-name-mismatch'],
    ],
    ['partial wildcard', { certificateNames: ['mta-sts*.example.com'] }, ['webpki-name-mismatch']],
    ['bad body', { body: BODY.replace('604800', '1e5') }, ['policy-max-age-syntax']],
  ])('%s', (_name, change, expected) => {
    expect(codes(checkPolicyResponse({ ...good, ...change }, { strict: true }))).toEqual(expected);
  });

  it('Content-Type is an error in strict mode and a warning in lenient mode', () => {
    const html = { ...good, headers: { 'content-type': 'text/html; charset=utf-8' } };
    const l = checkPolicyResponse(html);
    expect(l.ok).toBe(true);
    expect(l.warnings.map((w) => [w.code, w.severity])).toEqual([['http-content-type', 'warning']]);
    expect(checkPolicyResponse(html, { strict: true }).ok).toBe(false);
  });

  it('names the redirect target', () => {
    const r = checkPolicyResponse({
      ...good,
      status: 302,
      headers: { Location: 'https://www.example.com/' },
    });
    expect(r.ok ? '' : r.errors[0].message).toContain('https://www.example.com/');
  });

  it('accepts a matching certificate name, including a one-label wildcard', () => {
    expect(checkPolicyResponse({ ...good, certificateNames: ['example.com', '*.example.com'] }).ok).toBe(
      true,
    );
    expect(checkPolicyResponse({ ...good, certificateNames: ['mta-sts.example.com'] }).ok).toBe(true);
  });

  it('accepts Node-style array header values', () => {
    expect(checkPolicyResponse({ ...good, headers: { 'content-type': ['text/plain'] } }).warnings).toEqual(
      [],
    );
  });

  it('is total on a missing or malformed response object', () => {
    for (const r of [null, undefined, 42, 'https://x', [], {}]) {
      const out = checkPolicyResponse(r as unknown as PolicyResponse);
      expect(out.ok).toBe(false);
      expect(codes(out)).toContain('http-not-https');
    }
    const odd = { ...good, certificateNames: 'mta-sts.example.com' as unknown as string[] };
    expect(checkPolicyResponse(odd).ok).toBe(false);
  });

  test.prop([fc.anything(), fc.boolean()])('totality: any value as the response', (r, strict) => {
    const out = checkPolicyResponse(r as PolicyResponse, { strict });
    for (const c of codes(out)) expect(mtaStsIssues).toHaveProperty([c]);
  });

  test.prop([
    fc.record({
      url: fc.anything(),
      status: fc.anything(),
      headers: fc.anything(),
      body: fc.anything(),
      redirected: fc.anything(),
      certificateNames: fc.anything(),
    }),
    fc.boolean(),
  ])('totality: any value in any field', (r, strict) => {
    const out = checkPolicyResponse(r as unknown as PolicyResponse, { strict });
    for (const c of codes(out)) expect(mtaStsIssues).toHaveProperty([c]);
  });

  test.prop([
    fc.string(),
    fc.integer({ min: 0, max: 999 }),
    fc.dictionary(fc.string({ maxLength: 15 }), fc.string({ maxLength: 30 })),
    fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 })),
    fc.boolean(),
  ])('totality: never throws, every code is catalogued', (url, status, headers, body, strict) => {
    const r = checkPolicyResponse({ url, status, headers, body }, { strict });
    for (const c of codes(r)) expect(mtaStsIssues).toHaveProperty([c]);
  });
});
