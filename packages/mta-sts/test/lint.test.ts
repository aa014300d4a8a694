import { describe, expect, it } from 'vitest';
import { lintMtaSts, type MtaStsPolicy, type MtaStsRecord } from '../src/index.ts';

const record: MtaStsRecord = { version: 'STSv1', id: '20240101', extensions: [] };
const policy: MtaStsPolicy = {
  version: 'STSv1',
  mode: 'enforce',
  mx: ['mx1.example.com', '*.mx.example.net'],
  maxAge: 1209600,
  extensions: [],
};
const lint = (input: Parameters<typeof lintMtaSts>[0]) => lintMtaSts(input).map((i) => i.code);

describe('lintMtaSts', () => {
  it('is quiet on a good deployment', () => {
    expect(
      lint({ domain: 'example.com', record, policy, mxHosts: ['mx1.example.com', 'a.mx.example.net'] }),
    ).toEqual([]);
  });
  it('max_age (spec §10: < 86400 always, < 1 209 600 under enforce; enforce with 0)', () => {
    const at = (mode: MtaStsPolicy['mode'], maxAge: number) =>
      lint({ policy: { ...policy, mode, maxAge } }).filter((c) => !c.startsWith('mode-'));
    for (const maxAge of [1, 3600, 86399, 86400, 604799, 604800, 1209599])
      expect(at('enforce', maxAge)).toEqual(['max-age-short']);
    expect(at('enforce', 1209600)).toEqual([]);
    expect(at('enforce', 0)).toEqual(['max-age-zero-enforce']);
    for (const mode of ['testing', 'none'] as const) {
      for (const maxAge of [0, 3600, 86399]) expect(at(mode, maxAge)).toEqual(['max-age-short']);
      for (const maxAge of [86400, 604800, 1209599]) expect(at(mode, maxAge)).toEqual([]);
    }
    // max-age-week is not in the §10 table: no longer reported
    for (let maxAge = 0; maxAge <= 1209600; maxAge += 3600)
      expect(lint({ policy: { ...policy, maxAge } })).not.toContain('max-age-week');
    expect(lint({ policy: { ...policy, mode: 'none', maxAge: 3600 } })).toEqual([
      'mode-none',
      'max-age-short',
    ]);
  });
  it('modes', () => {
    expect(lint({ policy: { ...policy, mode: 'testing' } })).toEqual(['mode-testing']);
  });
  it('every DNS MX must be covered; unused patterns are info', () => {
    const issues = lintMtaSts({ policy, mxHosts: ['mx1.example.com', 'backup.example.org'] });
    expect(issues.map((i) => [i.code, i.severity, i.at])).toEqual([
      ['mx-not-covered', 'error', { pointer: '/mxHosts/1' }],
      ['mx-unused-pattern', 'info', { pointer: '/policy/mx/1' }],
    ]);
    expect(issues[0]?.message).toContain('backup.example.org');
  });
  it('the implicit MX is the domain itself; a null MX needs nothing', () => {
    expect(lint({ domain: 'example.com', policy, mxHosts: [] })).toEqual([
      'mx-not-covered',
      'mx-unused-pattern',
      'mx-unused-pattern',
    ]);
    expect(lint({ domain: 'example.com', policy, mxHosts: ['.'] })).toEqual([]);
    expect(lint({ policy: { ...policy, mode: 'none' }, mxHosts: ['other.example'] })).toEqual(['mode-none']);
  });
  it('wildcards', () => {
    expect(lint({ domain: 'example.com', policy: { ...policy, mx: ['*.example.com'] } })).toEqual([
      'wildcard-broad',
    ]);
    expect(lint({ policy: { ...policy, mx: ['*.com'] } })).toEqual(['wildcard-tld']);
    expect(lint({ policy: { ...policy, mx: ['*.mx.example.com'] } })).toEqual([]);
  });
  it('one half published without the other', () => {
    expect(lint({ record: null, policy })).toEqual(['policy-without-record']);
    expect(lint({ record, policy: null })).toEqual(['record-without-policy']);
    expect(lint({ record })).toEqual([]); // policy not looked at
  });
  it('ids', () => {
    expect(lint({ record: { ...record, id: '2024-01-01' } })).toEqual(['record-id-format']);
  });
  it('history: a changed policy under the same id; removal without none', () => {
    const previous = { record, policy };
    expect(lint({ record, policy: { ...policy, mx: ['mx2.example.com'] }, previous })).toEqual([
      'id-unchanged',
    ]);
    expect(lint({ record, policy: { ...policy, mx: [...policy.mx].reverse() }, previous })).toEqual([]);
    expect(
      lint({ record: { ...record, id: 'new' }, policy: { ...policy, maxAge: 1209601 }, previous }),
    ).toEqual([]);
    expect(lint({ record: null, policy: null, previous })).toEqual(['removed-without-none']);
    expect(
      lint({ record: null, policy: null, previous: { record, policy: { ...policy, mode: 'none' } } }),
    ).toEqual([]);
  });
});
