// Every catalogue code is produced by at least one input, and every message/ref is present.
import { describe, expect, it } from 'vitest';
import {
  checkPolicyResponse,
  lintMtaSts,
  mtaStsIssues,
  parseMtaStsPolicy,
  parseMtaStsRecord,
  selectMtaStsRecord,
} from '../src/index.ts';

type AnyResult = { ok: boolean; warnings: readonly { code: string }[]; errors?: readonly { code: string }[] };
const codes = (r: AnyResult) => [...(r.ok ? [] : (r.errors ?? [])), ...r.warnings].map((i) => i.code);

const BASE = 'version: STSv1\nmode: enforce\nmx: mx.example.org\nmax_age: 86400\n';
const URL_OK = 'https://mta-sts.example.com/.well-known/mta-sts.txt';

describe('catalogue', () => {
  it('has a ref and a sentence-case message without a trailing period for every code', () => {
    for (const [code, { ref, message }] of Object.entries(mtaStsIssues)) {
      expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(ref).toMatch(/^(RFC \d+|mailtls)/);
      expect(message).toMatch(/^[A-Z"]/);
      expect(message.endsWith('.')).toBe(false);
    }
  });

  it('every code is produced by some input', () => {
    const seen = new Set<string>();
    const add = (r: AnyResult) => {
      for (const c of codes(r)) seen.add(c);
    };
    for (const strict of [false, true]) {
      for (const txt of [
        'v=spf1',
        'x'.repeat(70000),
        'v=STSv1; id=1; v=STSv2;',
        'v=STSv1 ; id=1;',
        'v=STSv1; id=;',
        'v=STSv1; id=a-b; id=2;',
        'v=STSv1;; e; ID=1;',
        ' "v=STSv1; id=1 "',
        'v = STSv1; id=1 ',
        ' v=STSv1; id=1;',
      ]) {
        add(parseMtaStsRecord(txt, { strict }));
      }
      add(selectMtaStsRecord(['v=spf1', 'v=STSv1; id=1;', 'v=STSv1; id=2;'], { strict }));
      add(selectMtaStsRecord([], { strict }));
      add(selectMtaStsRecord(['v=STSv1; id=a b;'], { strict }));
      for (const body of [
        'x'.repeat(70000),
        new Uint8Array([0xff]),
        `\ufeff# c\n Mode : Stsv1\nmode: Testing\nversion: STSv2\nmx: \n\n`,
        'mode: none\nx\ry\nz: \u0001\nmaxage: 1\nmode: enforce\nmax_age: 1e5\nmax_age: 31557601\n_e: 1\n',
        'version: STSv1\nmode: enforce\nmax_age: 1\n',
        `version: STSv1\nmode: testing\nmx: .a\nmx: a.\nmx: a b\nmx: ü.example\nmx: 10.0.0.1\nmx: ${'a'.repeat(70)}.b\nmax_age: 1\nx: \ud800\n`,
        '<html>',
        '{}',
        'no colon here\n',
        `${BASE}mode: none\n`,
      ]) {
        add(parseMtaStsPolicy(body, { strict }));
      }
      for (const r of [
        { url: 'http://x', status: 301, headers: {}, body: '' },
        { url: 'https://x/', status: 404, headers: {}, body: '' },
        { url: URL_OK, status: 200, headers: { 'content-length': '99999' }, body: '' },
        { url: URL_OK, status: 200, headers: {}, body: BASE, certificateNames: ['a.example'] },
      ]) {
        add(checkPolicyResponse(r, { strict }));
      }
    }
    const policy = {
      version: 'STSv1' as const,
      mode: 'enforce' as const,
      mx: ['*.com', '*.example.com', 'unused.example'],
      maxAge: 0,
      extensions: [],
    };
    const record = { version: 'STSv1' as const, id: '1', extensions: [] };
    for (const input of [
      { domain: 'example.com', record: null, policy, mxHosts: ['mx.other.example'] },
      { record, policy: null },
      { record, policy: { ...policy, mode: 'testing' as const, maxAge: 60 }, previous: { record, policy } },
      { policy: { ...policy, mode: 'none' as const, maxAge: 60 } },
      { policy: { ...policy, maxAge: 100000 } },
      { record: null, policy: null, previous: { policy } },
    ]) {
      for (const i of lintMtaSts(input)) seen.add(i.code);
    }
    // Retired codes stay in the catalogue (codes are stable API) but nothing produces them.
    const retired = ['max-age-week'];
    for (const c of retired) expect(seen.has(c)).toBe(false);
    const missing = Object.keys(mtaStsIssues).filter((c) => !seen.has(c) && !retired.includes(c));
    expect(missing).toEqual([]);
  });
});
