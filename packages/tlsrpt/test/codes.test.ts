// One trigger per report code not already exercised by a vector elsewhere, plus a check that
// every code of the catalogue has a documented ref and message.
import { describe, expect, it } from 'vitest';
import { tlsrptIssues } from '../src/issues.ts';
import { parseTlsrptReport } from '../src/report.ts';
import { BASE } from './fixtures/deviations.ts';

const withPolicy = (policy: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    ...BASE,
    ...extra,
    policies: [{ ...BASE.policies[0], policy: { ...BASE.policies[0]?.policy, ...policy } }],
  });

const TRIGGERS: [code: string, json: string, strict: boolean][] = [
  ['domain-invalid', withPolicy({ 'policy-domain': 'bad_domain..example' }), false],
  ['mx-host-invalid', withPolicy({ 'mx-host': ['mx: mx.example.com'] }), true],
  ['mx-host-invalid', withPolicy({ 'mx-host': ['not a host'] }), false],
  [
    'policy-string-tlsa-syntax',
    withPolicy({ 'policy-type': 'tlsa', 'policy-string': ['3 1 1 XYZ'], 'mx-host': [] }),
    false,
  ],
  [
    'policy-string-tlsa-noncanonical',
    withPolicy({ 'policy-type': 'tlsa', 'policy-string': ['3 1 1 ab cd'], 'mx-host': [] }),
    false,
  ],
  ['policy-string-sts-syntax', withPolicy({ 'policy-string': ['version: STSv1', 'garbage line'] }), false],
  ['contact-invalid', withPolicy({}, { 'contact-info': 'mailto:someone' }), false],
  [
    'json-number-precision',
    JSON.stringify(BASE).replace('"failed-session-count":2', '"failed-session-count":2,"x":1e400'),
    false,
  ],
  ['json-lone-surrogate', JSON.stringify(BASE).replace('"Example Reporter"', '"\\ud800"'), false],
  ['json-too-deep', withPolicy({}, { x: JSON.parse('['.repeat(70) + ']'.repeat(70)) }), false],
  ['utf8-invalid', '', false],
];

describe('codes without another vector', () => {
  for (const [code, json, strict] of TRIGGERS) {
    it(`${code}${strict ? ' (strict)' : ''}`, () => {
      const input = code === 'utf8-invalid' ? new Uint8Array([0x7b, 0xff, 0x7d]) : json;
      const r = parseTlsrptReport(input, { strict });
      const all = [...(r.ok ? [] : r.errors), ...r.warnings].map((i) => i.code);
      expect(all).toContain(code);
    });
  }
  it('the stringified-array unwrap only applies to arrays of strings', () => {
    const r = parseTlsrptReport(
      withPolicy({ 'policy-type': 'tlsa', 'policy-string': ['[1,2]'], 'mx-host': [] }),
    );
    expect(r.warnings.map((w) => w.code)).toContain('policy-string-tlsa-syntax');
  });
});

describe('catalogue', () => {
  it('every code has a ref and a message in sentence case without a trailing period', () => {
    for (const [code, { ref, message }] of Object.entries(tlsrptIssues)) {
      expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(ref.length).toBeGreaterThan(3);
      expect(message[0]).toBe(message[0]?.toUpperCase());
      expect(message.endsWith('.')).toBe(false);
    }
  });
});
