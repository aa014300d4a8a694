// One trigger per report code not already exercised by a vector elsewhere, plus a check that
// every code of the catalogue has a documented ref and message.
import { describe, expect, it } from 'vitest';
import { RECORD_ISSUES, tlsrptRecordParseIssues } from '../src/_record-issues.ts';
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

describe('the record parser table', () => {
  // record.ts names each issue by its index in RECORD_ISSUES: the order is fixed, append only
  it('holds every record parser code once, in this order', () => {
    expect(RECORD_ISSUES.map((line) => line.split('|')[0])).toEqual([
      'not-tlsrpt',
      'record-too-long',
      'record-non-ascii',
      'record-quoted',
      'record-leading-wsp',
      'record-trailing-wsp',
      'record-case',
      'record-spaced-equals',
      'record-empty-field',
      'record-field-invalid',
      'record-duplicate-version',
      'extension-unknown',
      'rua-missing',
      'rua-empty',
      'rua-invalid',
      'rua-mailto-invalid',
      'rua-https-no-host',
      'rua-unencoded-char',
      'rua-size-suffix',
      'rua-unsupported-scheme',
      'rua-none-usable',
      'rua-duplicate',
      'rua-repeated',
    ]);
  });
  it('gives each line a severity (empty: a deviation), a message and at most one ref', () => {
    for (const line of RECORD_ISSUES) {
      const [code, severity, message, ref, ...rest] = line.split('|');
      expect(['', 'error', 'warning', 'info']).toContain(severity);
      expect(message).toBeTruthy();
      expect(rest).toEqual([]);
      expect(tlsrptRecordParseIssues[code as keyof typeof tlsrptRecordParseIssues]).toEqual({
        message,
        ref: ref ?? 'RFC 8460 §3',
      });
    }
  });
});
