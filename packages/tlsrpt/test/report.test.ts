import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { anyValue } from '../../../test-utils/anything.ts';
import { tlsrptIssues } from '../src/issues.ts';
import { parseTlsrptReport } from '../src/report.ts';
import { BASE, DEVIATIONS } from './fixtures/deviations.ts';

const base = JSON.stringify(BASE);
const codes = (
  r: { warnings: readonly { code: string }[]; ok: boolean } & (
    | { errors: readonly { code: string }[] }
    | object
  ),
) => [...('errors' in r ? r.errors.map((e) => e.code) : []), ...r.warnings.map((w) => w.code)];

describe('conformant report', () => {
  it('parses in both modes with no issues and normalises to the model', () => {
    for (const strict of [false, true]) {
      const r = parseTlsrptReport(base, { strict });
      expect(r.ok).toBe(true);
      expect(r.warnings).toEqual([]);
      if (!r.ok) return;
      expect(r.value.dateRange).toEqual({
        start: '2025-01-01T00:00:00Z',
        end: '2025-01-01T23:59:59Z',
        startMs: 1735689600000,
        endMs: 1735775999000,
        endExclusiveMs: 1735776000000,
      });
      const p = r.value.policies[0];
      expect(p?.policy).toEqual({
        policyType: 'sts',
        policyStrings: ['version: STSv1', 'mode: enforce', 'mx: mx.example.com', 'max_age: 86400'],
        policyDomain: 'example.com',
        mxHost: ['mx.example.com'],
        sts: { version: 'STSv1', mode: 'enforce', mx: ['mx.example.com'], maxAge: 86400 },
      });
      expect(p?.failureDetails[0]).toEqual({
        resultType: 'certificate-expired',
        sendingMtaIp: '192.0.2.1',
        receivingMxHostname: 'mx.example.com',
        receivingIp: '198.51.100.7',
        failedSessionCount: 2,
      });
    }
  });
  it('accepts bytes as well as text', () => {
    const r = parseTlsrptReport(new TextEncoder().encode(base));
    expect(r.ok && r.value.reportId).toBe('20250101.example.com@reporter.example');
  });
});

describe('deviation matrix (own fixtures)', () => {
  for (const d of DEVIATIONS) {
    it(d.name, () => {
      const lenient = parseTlsrptReport(d.json);
      expect(lenient.ok, JSON.stringify(codes(lenient))).toBe(true);
      expect(lenient.warnings.map((w) => w.code)).toContain(d.lenient);
      const strict = parseTlsrptReport(d.json, { strict: true });
      expect(strict.ok, JSON.stringify(codes(strict))).toBe(d.strictOk);
    });
  }
  it('normalises each deviation into the same model shape', () => {
    const stringified = DEVIATIONS.find((d) => d.name.startsWith('TLSA policy-string'));
    const r = parseTlsrptReport(stringified?.json ?? '');
    expect(r.ok && r.value.policies[0]?.policy.policyStrings).toEqual(['3 1 1 AB', '2 1 1 CD']);
    expect(r.ok && r.value.policies[0]?.policy.tlsa).toEqual([
      { usage: 3, selector: 1, matchingType: 1, data: 'AB' },
      { usage: 2, selector: 1, matchingType: 1, data: 'CD' },
    ]);
    const noOffset = parseTlsrptReport(DEVIATIONS[0]?.json ?? '');
    // read as UTC, never local time
    expect(noOffset.ok && noOffset.value.dateRange).toMatchObject({
      start: '2025-01-01T00:00:00Z',
      startRaw: '2025-01-01T00:00:00',
      startMs: 1735689600000,
    });
    const alias = parseTlsrptReport(
      DEVIATIONS.find((d) => d.name.startsWith('receiving-mx-host-name'))?.json ?? '',
    );
    expect(alias.ok && alias.value.policies[0]?.failureDetails[0]?.receivingMxHostname).toBe(
      'mx.example.com',
    );
    const ipv6 = parseTlsrptReport(
      DEVIATIONS.find((d) => d.name.startsWith('non-canonical IPv6'))?.json ?? '',
    );
    expect(ipv6.ok && ipv6.value.policies[0]?.failureDetails[0]?.sendingMtaIp).toBe('2001:db8:abcd:12::1');
    const coerced = parseTlsrptReport(DEVIATIONS.find((d) => d.name === 'count as a string')?.json ?? '');
    expect(coerced.ok && coerced.value.policies[0]?.summary.totalSuccessfulSessionCount).toBe(10);
    const idn = parseTlsrptReport(DEVIATIONS.find((d) => d.name === 'U-label policy-domain')?.json ?? '');
    expect(idn.ok && idn.value.policies[0]?.policy.policyDomain).toBe('xn--bcher-kva.example');
  });
});

describe('invalid in both modes', () => {
  const cases: [string, string, string][] = [
    ['top level not an object', '[1]', 'report-not-object'],
    ['date-range missing', JSON.stringify({ ...BASE, 'date-range': undefined }), 'field-missing'],
    [
      'inverted range',
      JSON.stringify({
        ...BASE,
        'date-range': { 'start-datetime': '2025-01-02T00:00:00Z', 'end-datetime': '2025-01-01T00:00:00Z' },
      }),
      'range-inverted',
    ],
    [
      'bad date',
      JSON.stringify({
        ...BASE,
        'date-range': { 'start-datetime': '2025-13-01T00:00:00Z', 'end-datetime': '2025-01-01T00:00:00Z' },
      }),
      'datetime-range',
    ],
    ['policies missing', JSON.stringify({ ...BASE, policies: undefined }), 'field-missing'],
    ['policies not an array', JSON.stringify({ ...BASE, policies: 3 }), 'field-type'],
    [
      'negative count',
      base.replace('"total-successful-session-count":10', '"total-successful-session-count":-1'),
      'count-invalid',
    ],
    [
      'fractional count',
      base.replace('"total-successful-session-count":10', '"total-successful-session-count":1.5'),
      'count-invalid',
    ],
    [
      'count beyond 2^53',
      base.replace(
        '"total-successful-session-count":10',
        '"total-successful-session-count":9007199254740993',
      ),
      'count-invalid',
    ],
    [
      'non-digit count string',
      base.replace('"total-successful-session-count":10', '"total-successful-session-count":"ten"'),
      'count-invalid',
    ],
    ['detail without result-type', base.replace('"result-type":"certificate-expired",', ''), 'field-missing'],
    ['detail without count', base.replace(',"failed-session-count":2', ''), 'field-missing'],
    ['trailing data', `${base} x`, 'json-syntax'],
    ['invalid IP', base.replace('"192.0.2.1"', '"192.0.2.01"'), 'ip-invalid'],
    [
      'bad additional-information',
      base.replace(
        '"failed-session-count":2',
        '"failed-session-count":2,"additional-information":"not a uri"',
      ),
      'uri-invalid',
    ],
    ['report-id missing', JSON.stringify({ ...BASE, 'report-id': undefined }), 'field-missing'],
    [
      'policy without summary',
      JSON.stringify({ ...BASE, policies: [{ policy: BASE.policies[0]?.policy }] }),
      'field-missing',
    ],
    ['wrong type', JSON.stringify({ ...BASE, 'organization-name': 5 }), 'field-type'],
  ];
  for (const [name, json, code] of cases) {
    it(name, () => {
      for (const strict of [true, false]) {
        const r = parseTlsrptReport(json, { strict });
        const relaxedInLenient = !strict && (code === 'ip-invalid' || code === 'uri-invalid');
        if (relaxedInLenient) {
          // Judgement call: a malformed optional field is a warning when ingesting
          expect(r.ok).toBe(true);
          expect(r.warnings.map((w) => w.code)).toContain(code);
        } else {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.errors.map((e) => e.code)).toContain(code);
        }
      }
    });
  }
});

describe('bad input', () => {
  it('points at the raw line break of the RFC Appendix B example', () => {
    const text = `{"report-id": "https://reports.company-x.example/\n        report_info"}`;
    const r = parseTlsrptReport(text);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({
        code: 'json-syntax',
        at: { line: 1, column: 50, pointer: '/report-id' },
      });
  });
  it('"__proto__" members cannot pollute anything', () => {
    const json = base.replace('{"organization-name"', '{"__proto__":{"polluted":true},"organization-name"');
    const r = parseTlsrptReport(
      json.replace('"failed-session-count":2', '"failed-session-count":2,"__proto__":{"x":1}'),
    );
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (r.ok) {
      expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
      expect(Object.hasOwn(r.value.extra ?? {}, '__proto__')).toBe(true);
      expect((r.value as unknown as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
  it('detects counts beyond 2^53 instead of rounding them', () => {
    const r = parseTlsrptReport(
      base.replace('"failed-session-count":2', '"failed-session-count":18014398509481985'),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.code)).toContain('count-invalid');
  });
  it('caps the input size', () => {
    const r = parseTlsrptReport(base, { maxLength: 100 });
    expect(!r.ok && r.errors[0].code).toBe('input-too-large');
  });
  it('fills a missing policy-domain from the caller in lenient mode only', () => {
    const json = base.replace('"policy-domain":"example.com",', '');
    const r = parseTlsrptReport(json, { policyDomain: 'Example.COM' });
    expect(r.ok && r.value.policies[0]?.policy.policyDomain).toBe('example.com');
    expect(r.warnings.map((w) => w.code)).toContain('policy-domain-filled');
    expect(parseTlsrptReport(json, { strict: true, policyDomain: 'example.com' }).ok).toBe(false);
  });
});

const allCodes = new Set(Object.keys(tlsrptIssues));

describe('totality', () => {
  test.prop([fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean()])(
    'arbitrary text never throws',
    (s, strict) => {
      const r = parseTlsrptReport(s, { strict });
      for (const c of codes(r)) expect(allCodes.has(c)).toBe(true);
      if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
    },
  );
  test.prop([fc.uint8Array({ maxLength: 300 })])('arbitrary bytes never throw', (b) => {
    const r = parseTlsrptReport(b);
    for (const c of codes(r)) expect(allCodes.has(c)).toBe(true);
  });
  test.prop([fc.jsonValue({ maxDepth: 4 }), fc.boolean()])(
    'arbitrary JSON values never throw',
    (v, strict) => {
      const r = parseTlsrptReport(JSON.stringify(v) ?? 'null', { strict });
      for (const c of codes(r)) expect(allCodes.has(c)).toBe(true);
    },
  );
  const mutated = fc
    .tuple(fc.constantFrom(...DEVIATIONS.map((d) => d.json), base), fc.nat(), fc.jsonValue({ maxDepth: 2 }))
    .map(([json, at, v]) => {
      // Replace one value somewhere in a real-shaped report with an arbitrary JSON value
      const positions = [...json.matchAll(/:(?=["\d[{tfn-])/g)].map((m) => m.index ?? 0);
      const p = positions[at % positions.length] ?? 0;
      const obj = JSON.parse(json.replace(/^\uFEFF/, ''));
      const walk = (o: unknown, k: number): number => {
        if (o === null || typeof o !== 'object') return k;
        for (const key of Object.keys(o)) {
          if (k === 0) {
            (o as Record<string, unknown>)[key] = v;
            return -1;
          }
          k = walk((o as Record<string, unknown>)[key], k - 1);
          if (k < 0) return k;
        }
        return k;
      };
      walk(obj, p % 40);
      return JSON.stringify(obj);
    });
  test.prop([mutated, fc.boolean()])(
    'reports with one arbitrary value never throw; codes are catalogued',
    (json, strict) => {
      const r = parseTlsrptReport(json, { strict });
      for (const c of codes(r)) expect(allCodes.has(c)).toBe(true);
      // Warnings never change validity: ok iff no error
      if (r.ok) expect(r.warnings.every((w) => w.severity !== 'error')).toBe(true);
    },
  );
  it('a 1 MB adversarial input stays total', () => {
    for (const s of [
      '['.repeat(1_000_000),
      `"${'\\u'.repeat(300_000)}"`,
      `{${'"a":1,'.repeat(150_000)}"a":1}`,
    ]) {
      const r = parseTlsrptReport(s);
      expect(r.ok).toBe(false);
    }
  });
});

describe('metamorphic', () => {
  test.prop([
    fc.constantFrom(' ', '\n', '\t', '\r\n'),
    fc.constantFrom(...DEVIATIONS.map((d) => d.json), base),
  ])('JSON white space changes nothing', (ws, json) => {
    const spaced = JSON.stringify(
      JSON.parse(json.replace(/^\uFEFF/, '')),
      null,
      ws === ' ' ? 2 : '\t',
    ).replaceAll('\n', ws === '\r\n' ? '\r\n' : '\n');
    const a = parseTlsrptReport(json.replace(/^\uFEFF/, ''));
    const b = parseTlsrptReport(spaced);
    expect(b.ok).toBe(a.ok);
    if (a.ok && b.ok) expect(b.value).toEqual(a.value);
  });
  test.prop([
    fc.shuffledSubarray(['organization-name', 'date-range', 'contact-info', 'report-id', 'policies'], {
      minLength: 5,
    }),
  ])('member order changes nothing (Postfix/sys4 order)', (order) => {
    const o: Record<string, unknown> = {};
    for (const k of order) o[k] = (BASE as Record<string, unknown>)[k];
    const r = parseTlsrptReport(JSON.stringify(o), { strict: true });
    expect(r.ok && r.value).toEqual(
      parseTlsrptReport(base).ok && (parseTlsrptReport(base) as { value: unknown }).value,
    );
  });
});

describe('counts are read from the JSON text (spec notes 2.3)', () => {
  const withCount = (key: string, token: string) =>
    key === 'failed-session-count'
      ? base.replace('"failed-session-count":2', `"failed-session-count":${token}`)
      : base.replace(`"${key}":10`, `"${key}":${token}`);
  it.each([
    ['total-successful-session-count', '4503599627370496.5'],
    ['failed-session-count', '9007199254740991.4'],
    ['total-successful-session-count', '1e-400'],
    ['total-successful-session-count', '0.5'],
    ['failed-session-count', '2.000000000000000001'],
    ['total-successful-session-count', '-1.0'],
    ['total-successful-session-count', '9.007199254740992e15'],
  ])('%s %s is invalid in both modes, named in the message', (key, token) => {
    for (const strict of [false, true]) {
      const r = parseTlsrptReport(withCount(key, token), { strict });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const e = r.errors.find((i) => i.code === 'count-invalid');
      expect(e?.message).toContain(token);
      expect(e?.at).toEqual({
        pointer:
          key === 'failed-session-count'
            ? '/policies/0/failure-details/0/failed-session-count'
            : `/policies/0/summary/${key}`,
      });
    }
  });
  // Judgement call: the value decides, as JSON Schema's "integer" does
  it.each(['10.0', '1e1', '1.0E+1', '100e-1', '0.10e2'])('%s is the integer 10', (token) => {
    for (const strict of [false, true]) {
      const r = parseTlsrptReport(withCount('total-successful-session-count', token), { strict });
      expect(r.ok && r.value.policies[0]?.summary.totalSuccessfulSessionCount).toBe(10);
      expect(r.warnings).toEqual([]);
    }
  });
  const spelt = fc
    .tuple(fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }), fc.nat({ max: 5 }), fc.nat({ max: 3 }))
    .map(([n, zeros, shift]) => {
      // n written with trailing fraction zeros, or as mantissa and exponent
      const s = n.toString();
      const cut = Math.max(1, s.length - shift);
      return [
        n,
        shift === 0
          ? `${s}.${'0'.repeat(zeros + 1)}`
          : `${s.slice(0, cut)}.${s.slice(cut)}0e${s.length - cut}`,
      ] as const;
    });
  test.prop([spelt, fc.boolean()])(
    'an integer is read as itself however it is spelt',
    ([n, token], strict) => {
      const r = parseTlsrptReport(withCount('total-successful-session-count', token), { strict });
      expect(r.ok && r.value.policies[0]?.summary.totalSuccessfulSessionCount).toBe(Number(n));
    },
  );
  // 2^52 to 2^53: every double there is an integer, so JSON.parse rounds any fraction away
  const near = fc.oneof(
    fc.bigInt({ min: 0n, max: 2n ** 60n }),
    fc.bigInt({ min: 2n ** 52n, max: 2n ** 53n }),
  );
  test.prop([near, fc.stringMatching(/^[0-9]{0,20}[1-9]$/), fc.boolean()])(
    'a non-zero fraction is never accepted, whatever JSON.parse rounds it to',
    (n, fraction, strict) => {
      const r = parseTlsrptReport(withCount('total-successful-session-count', `${n}.${fraction}`), {
        strict,
      });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.code)).toContain('count-invalid');
    },
  );
});

describe('I-JSON (RFC 7493) in lenient mode', () => {
  it('a lone surrogate is an error in both modes (not a listed relaxation)', () => {
    for (const json of [
      base.replace('"20250101.example.com@reporter.example"', '"\\udc00x"'),
      base.replace('"Example Reporter"', '"Org\ud800"'),
    ]) {
      for (const strict of [false, true]) {
        const r = parseTlsrptReport(json, { strict });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.errors.map((e) => e.code)).toContain('json-lone-surrogate');
      }
    }
  });
  it('a number no double holds is an error in both modes, in an unknown member too', () => {
    const json = base.replace('{"organization-name"', '{"x":1e400,"organization-name"');
    for (const strict of [false, true]) {
      const r = parseTlsrptReport(json, { strict });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.code)).toContain('json-number-precision');
    }
  });
  it('errors are errors even when the text also has a syntax error', () => {
    for (const strict of [false, true]) {
      const r = parseTlsrptReport('{"a":"\\ud800","b":1e400,', { strict });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors.map((e) => e.code)).toEqual([
        'json-syntax',
        'json-lone-surrogate',
        'json-number-precision',
      ]);
      expect(r.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    }
  });
  it('the listed relaxations stay warnings: a BOM and duplicate member names', () => {
    const dup = base.replace('{"organization-name"', '{"organization-name":"x","organization-name"');
    for (const json of [`\ufeff${base}`, dup]) {
      const r = parseTlsrptReport(json);
      expect(r.ok).toBe(true);
      expect(r.warnings.map((w) => w.severity)).not.toContain('error');
      expect(parseTlsrptReport(json, { strict: true }).ok).toBe(false);
    }
  });
});

describe('positions and totality', () => {
  it('input-too-large has a position, for text and bytes', () => {
    for (const input of [base, new TextEncoder().encode(base)]) {
      const r = parseTlsrptReport(input, { maxLength: 100 });
      expect(!r.ok && r.errors[0]).toMatchObject({ code: 'input-too-large', at: { pointer: '' } });
    }
  });
  test.prop([anyValue, fc.anything({ withNullPrototype: true, withBoxedValues: true })])(
    'any JavaScript value as input or options: a result, never a throw',
    (input, options) => {
      const r = parseTlsrptReport(input as string, options as object);
      expect(typeof r.ok).toBe('boolean');
      for (const c of codes(r)) expect(allCodes.has(c)).toBe(true);
      for (const i of [...(r.ok ? [] : r.errors), ...r.warnings]) expect(i.at).toBeDefined();
    },
  );
  it('null, undefined and an ArrayBuffer are not reports; null options are no options', () => {
    for (const input of [null, undefined, 42, {}, new ArrayBuffer(2)]) {
      const r = parseTlsrptReport(input as unknown as string);
      expect(!r.ok && r.errors[0]).toMatchObject({ code: 'report-not-object', at: { pointer: '' } });
    }
    expect(parseTlsrptReport(base, null as unknown as object).ok).toBe(true);
    expect(parseTlsrptReport('{}', null as unknown as object).ok).toBe(false);
  });
});
