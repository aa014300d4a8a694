import { describe, expect, it } from 'vitest';
import {
  checkPolicyResponse,
  mtaStsHttpIssues,
  mtaStsLintIssues,
  mtaStsPolicyIssues,
  mtaStsRecordIssues,
  parseMtaStsPolicy,
  tlsrptResultType,
} from '../src/index.ts';

describe('tlsrptResultType (RFC 8460 §4.3.2.2)', () => {
  it('maps failures to the TLSRPT result types', () => {
    expect(tlsrptResultType('http-status')).toBe('sts-policy-fetch-error');
    expect(tlsrptResultType('http-redirect')).toBe('sts-policy-fetch-error');
    expect(tlsrptResultType('http-too-large')).toBe('sts-policy-fetch-error');
    expect(tlsrptResultType('webpki-name-mismatch')).toBe('sts-webpki-invalid');
    expect(tlsrptResultType('policy-mode')).toBe('sts-policy-invalid');
    expect(tlsrptResultType('looks-like-html')).toBe('sts-policy-invalid');
    expect(tlsrptResultType('http-content-type')).toBe('sts-policy-invalid');
    expect(tlsrptResultType('record-multiple')).toBeUndefined();
    expect(tlsrptResultType('mx-not-covered')).toBeUndefined();
    expect(tlsrptResultType('no-such-code')).toBeUndefined();
    expect(tlsrptResultType('toString')).toBeUndefined();
  });
  it('takes an issue, so a failed result maps through its first error', () => {
    const r = parseMtaStsPolicy('version: STSv1\nmode: enforce\nmax_age: x\n');
    expect(r.ok ? undefined : tlsrptResultType(r.errors[0])).toBe('sts-policy-invalid');
    const h = checkPolicyResponse({
      url: 'https://mta-sts.a.example/.well-known/mta-sts.txt',
      status: 404,
      headers: {},
      body: '',
    });
    expect(h.ok ? undefined : tlsrptResultType(h.errors[0])).toBe('sts-policy-fetch-error');
  });
  it('classifies policy and HTTP codes; record and lint codes are not reported', () => {
    for (const code of [...Object.keys(mtaStsPolicyIssues), ...Object.keys(mtaStsHttpIssues)]) {
      expect(tlsrptResultType(code)).toBeDefined();
    }
    for (const code of [...Object.keys(mtaStsRecordIssues), ...Object.keys(mtaStsLintIssues)]) {
      expect(tlsrptResultType(code)).toBeUndefined();
    }
  });
});
