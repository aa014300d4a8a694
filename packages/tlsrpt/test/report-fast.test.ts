// parseTlsrptReport reads a report the general path would accept with no issue through a fast
// path (src/_report-fast.ts) that skips core's parseJson checks and the issue machinery. It must
// never accept anything else: whenever it returns a report, the general path returns the same
// report (same key order) with no issue, in both modes. These properties throw at it reports
// built to sit on every edge of what it accepts, and text edits JSON.parse would hide (duplicate
// members, \u escapes, counts past 2^53, a BOM).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fastReport } from '../src/_report-fast.ts';
import { parseTlsrptReport, parseTlsrptReportGeneral } from '../src/report.ts';
import { BASE, DEVIATIONS } from './fixtures/deviations.ts';

const MAX = 20 * 1024 * 1024;

/** Checks the fast path against the general path on `json`; returns whether it took it. */
function agrees(json: string): boolean {
  const fast = fastReport(json, MAX);
  for (const strict of [false, true]) {
    const general = parseTlsrptReportGeneral(json, { strict });
    if (fast !== undefined) {
      expect(general).toEqual({ ok: true, value: fast, warnings: [] });
      expect(JSON.stringify(fast)).toBe(JSON.stringify(general.ok ? general.value : null));
    }
    expect(parseTlsrptReport(json, { strict })).toEqual(general);
  }
  return fast !== undefined;
}

const base = JSON.stringify(BASE);
const samplesDir = fileURLToPath(new URL('../../../../shared/data/tlsrpt/samples', import.meta.url));
const samples = existsSync(samplesDir)
  ? readdirSync(samplesDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f, readFileSync(`${samplesDir}/${f}`, 'utf8')] as const)
  : [];

describe('examples', () => {
  it('takes the fast path for a conformant report, compact or pretty-printed', () => {
    expect(agrees(base)).toBe(true);
    expect(agrees(JSON.stringify(BASE, null, 2))).toBe(true);
    expect(agrees(new TextDecoder().decode(new TextEncoder().encode(base)))).toBe(true);
  });
  it.runIf(samples.length > 0)('agrees on every real sample, and takes the Google ones', () => {
    for (const [name, json] of samples) {
      const took = agrees(json);
      if (/^google-20(22|24|25)/.test(name)) expect(took, name).toBe(true);
    }
  });
  it('agrees on every deviation fixture, none of which it takes', () => {
    for (const d of DEVIATIONS) expect(agrees(d.json), d.name).toBe(false);
  });
  it.each([
    ['a duplicate member', base.replace('{"organization-name"', '{"report-id":"x","organization-name"')],
    [
      'a duplicate inside a policy',
      base.replace('"policy-type":"sts"', '"policy-type":"sts","policy-type":"sts"'),
    ],
    ['an unknown member', base.replace('{"organization-name"', '{"x-extra":"a:b","organization-name"')],
    ['an alias', base.replace('"contact-info"', '"email-address"')],
    ['a \\u escape', base.replace('Example Reporter', 'Example \\u0052eporter')],
    [
      'a count past 2^53',
      base.replace(
        '"total-successful-session-count":10',
        '"total-successful-session-count":9007199254740993',
      ),
    ],
    ['a BOM', `\ufeff${base}`],
    ['a fraction JSON.parse rounds away', base.replace(':10,', ':4503599627370496.5,')],
    ['an underflow', base.replace(':10,', ':1e-400,')],
    ['an integer spelt with a fraction', base.replace(':10,', ':10.0,')],
    ['a lone surrogate', base.replace('Example Reporter', 'Example \ud800')],
    ['a colon in a string', base.replace('Example Reporter', 'Example: Reporter')],
    ['an exclusive end', base.replace('2025-01-01T23:59:59Z', '2025-01-02T00:00:00Z')],
    ['no failure details', base.replace(/,"failure-details":\[.*?\]\}\]\}$/, '}]}')],
  ])('agrees with %s', (_name, json) => {
    agrees(json);
  });
  it('declines what it must', () => {
    const take = (json: string) => fastReport(json, MAX) !== undefined;
    expect(take(base.replace('{"organization-name"', '{"report-id":"x","organization-name"'))).toBe(false);
    expect(take(base.replace('{"organization-name"', '{"x":1,"organization-name"'))).toBe(false);
    expect(take(base.replace('Example Reporter', 'Example \\u0052eporter'))).toBe(false);
    expect(take(`\ufeff${base}`)).toBe(false);
    expect(take(base.replace(':10,', ':9007199254740993,'))).toBe(false);
    expect(take(base.replace(':10,', ':4503599627370496.5,'))).toBe(false);
    expect(take(base.replace(':10,', ':1e-400,'))).toBe(false);
    expect(fastReport(base, base.length - 1)).toBeUndefined();
    // a colon in a string is counted, not mistaken for a member
    expect(take(base.replace('Example Reporter', 'Example: Reporter'))).toBe(true);
  });
});

// Reports built near every edge of the fast path: valid ones, each with at most one field
// replaced by a value near an edge, then at most one text edit that JSON.parse would hide.
const label = fc.constantFrom('mx', 'example', 'a-b', 'x1', 'mail');
const host = fc.array(label, { minLength: 2, maxLength: 3 }).map((l) => l.join('.'));
const edgeHost = fc.constantFrom(
  '',
  'MX.example',
  'mx.example.',
  'xn--a.example',
  '-a.example',
  'a_b.example',
  '1.2.3.4',
  '*.mx.example',
  'mx: mx.example',
  '[::1]',
);
const text = fc.oneof(
  fc.constantFrom('Google Inc.', 'a:b', 'x: y: z', 'é', '"quoted"', 'back\\slash', '😀', '\u2028'),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const edgeText = fc.constantFrom('', null, 1, [], {});
const address = fc.constantFrom(
  'smtp-tls-reporting@google.com',
  'a.b@example.com',
  'tls+rpt@example.com',
  '"a:b"@example.com',
  'a@[192.0.2.1]',
  'a@example.com',
);
const edgeAddress = fc.constantFrom(
  'a..b@example.com',
  '.a@example.com',
  'a.@example.com',
  'ab@x',
  'ab@x.',
  'mailto:a@example.com',
  'no-at-sign',
  'a@b@example.com',
  '',
);
const day = fc
  .integer({ min: -700_000, max: 2_900_000 })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
const edgeTime = fc.constantFrom(
  'T00:00:00.000Z',
  'T12:00:00Z',
  't00:00:00Z',
  'T00:00:00',
  'T00:00:00+00:00',
  'T23:59:60Z',
);
const ip = fc.oneof(fc.ipV4(), fc.constantFrom('2001:db8::1', '::1', '2001:db8:1:2:3:4:5:6'));
const edgeIp = fc.constantFrom(
  '2001:DB8::1',
  '2001:db8:0:0:0:0:0:1',
  '192.0.2.01',
  '',
  'x',
  '::ffff:192.0.2.1',
);
const stsLines = fc
  .tuple(
    fc.constantFrom('enforce', 'testing'),
    fc.array(host, { minLength: 1, maxLength: 2 }),
    fc.nat({ max: 31_557_600 }),
  )
  .map(([mode, mx, age]) => [
    'version: STSv1',
    `mode: ${mode}`,
    ...mx.map((m) => `mx: ${m}`),
    `max_age: ${age}`,
  ]);
const edgeLines = fc.constantFrom(
  ['garbage'],
  [': x'],
  ['max_age: 1x'],
  ['max_age: 12345678901'],
  ['["a"]'],
  'version: STSv1',
  [],
  ['mode:\ttesting\r', 'x-ext: 1', 'mx:[::1]'],
);
const resultType = fc.constantFrom(
  'certificate-expired',
  'starttls-not-supported',
  'sts-policy-fetch-error',
  'validation-failure',
  'certificate-not-trusted',
);
const detail = fc
  .tuple(
    resultType,
    ip,
    host,
    fc.option(text, { nil: undefined }),
    ip,
    fc.nat({ max: 9 }),
    fc.option(fc.constantFrom('https://r.example/x', 'mailto:a@b.example'), { nil: undefined }),
    fc.option(text, { nil: undefined }),
  )
  .map(([rt, sip, mx, helo, rip, n, info, reason]) => ({
    'result-type': rt,
    'sending-mta-ip': sip,
    'receiving-mx-hostname': mx,
    ...(helo === undefined ? {} : { 'receiving-mx-helo': helo }),
    'receiving-ip': rip,
    'failed-session-count': n,
    ...(info === undefined ? {} : { 'additional-information': info }),
    ...(reason === undefined && (rt === 'validation-failure' || rt === 'certificate-not-trusted')
      ? { 'failure-reason-code': 'x' }
      : {}),
    ...(reason === undefined ? {} : { 'failure-reason-code': reason }),
  }));
const policyResult = fc
  .tuple(
    fc.constantFrom('sts', 'no-policy-found'),
    host,
    stsLines,
    fc.array(
      fc.oneof(
        host,
        host.map((h) => `*.${h}`),
      ),
      { maxLength: 2 },
    ),
    fc.boolean(),
    fc.nat({ max: 99 }),
    fc.array(detail, { maxLength: 2 }),
    fc.boolean(),
  )
  .map(([type, domain, lines, mx, withMx, ok, details, withDetails]) => ({
    policy: {
      'policy-type': type,
      ...(type === 'sts' ? { 'policy-string': lines } : {}),
      'policy-domain': domain,
      ...(withMx ? { 'mx-host': mx } : {}),
    },
    summary: {
      'total-successful-session-count': ok,
      'total-failure-session-count': details.reduce((s, d) => s + d['failed-session-count'], 0),
    },
    ...(withDetails || details.length > 0 ? { 'failure-details': details } : {}),
  }));
const valid = fc
  .tuple(text, address, text, day, fc.array(policyResult, { minLength: 1, maxLength: 2 }))
  .map(([org, contact, id, d, policies]) => ({
    'organization-name': org,
    'date-range': { 'start-datetime': `${d}T00:00:00Z`, 'end-datetime': `${d}T23:59:59Z` },
    'contact-info': contact,
    'report-id': id,
    policies,
  }));
// One field set to an edge value, by a path into the report
// biome-ignore lint/suspicious/noExplicitAny: edits free-form JSON in place
type Loose = any;
const edges: [string, fc.Arbitrary<(r: Loose) => void>][] = [
  [
    'org',
    edgeText.map((v) => (r) => {
      r['organization-name'] = v;
    }),
  ],
  [
    'contact',
    edgeAddress.map((v) => (r) => {
      r['contact-info'] = v;
    }),
  ],
  [
    'id',
    edgeText.map((v) => (r) => {
      r['report-id'] = v;
    }),
  ],
  [
    'start',
    edgeTime.map((t) => (r) => {
      r['date-range']['start-datetime'] = r['date-range']['start-datetime'].slice(0, 10) + t;
    }),
  ],
  [
    'end',
    fc.oneof(edgeTime, fc.constant('T23:59:59Z')).map((t) => (r) => {
      r['date-range']['end-datetime'] = `2025-01-02${t}`;
    }),
  ],
  [
    'policies',
    fc.constantFrom([], {}, null).map((v) => (r) => {
      r.policies = v;
    }),
  ],
  [
    'type',
    fc.constantFrom('tlsa', 'STS', 'other', '', null).map((v) => (r) => {
      r.policies[0].policy['policy-type'] = v;
    }),
  ],
  [
    'domain',
    edgeHost.map((v) => (r) => {
      r.policies[0].policy['policy-domain'] = v;
    }),
  ],
  [
    'strings',
    edgeLines.map((v) => (r) => {
      r.policies[0].policy['policy-string'] = v;
    }),
  ],
  [
    'no strings',
    fc.constant((r: Loose) => {
      delete r.policies[0].policy['policy-string'];
    }),
  ],
  [
    'mx',
    fc
      .oneof(
        edgeHost,
        edgeHost.map((h) => [h]),
      )
      .map((v) => (r) => {
        r.policies[0].policy['mx-host'] = v;
      }),
  ],
  [
    'count',
    fc.constantFrom(-1, 1.5, 2 ** 53, 2 ** 53 + 2, '3', null).map((v) => (r) => {
      r.policies[0].summary['total-successful-session-count'] = v;
    }),
  ],
  [
    'failed',
    fc.constantFrom(1, -1, '0', null).map((v) => (r) => {
      r.policies[0].summary['total-failure-session-count'] = v;
    }),
  ],
  [
    'no failed',
    fc.constant((r: Loose) => {
      delete r.policies[0].summary['total-failure-session-count'];
    }),
  ],
  [
    'details',
    fc.constantFrom(null, {}, [1]).map((v) => (r) => {
      r.policies[0]['failure-details'] = v;
    }),
  ],
  [
    'detail ip',
    edgeIp.map((v) => (r) => {
      const d = r.policies[0]['failure-details']?.[0];
      if (d) d['sending-mta-ip'] = v;
    }),
  ],
  [
    'detail mx',
    edgeHost.map((v) => (r) => {
      const d = r.policies[0]['failure-details']?.[0];
      if (d) d['receiving-mx-hostname'] = v;
    }),
  ],
  [
    'detail type',
    fc.constantFrom('Certificate-Expired', 'new-kind', 'validation-failure').map((v) => (r) => {
      const d = r.policies[0]['failure-details']?.[0];
      if (d) d['result-type'] = v;
    }),
  ],
  [
    'detail info',
    fc.constantFrom('not a uri', '', 'https://[x').map((v) => (r) => {
      const d = r.policies[0]['failure-details']?.[0];
      if (d) d['additional-information'] = v;
    }),
  ],
  [
    'detail helo',
    edgeText.map((v) => (r) => {
      const d = r.policies[0]['failure-details']?.[0];
      if (d) d['receiving-mx-helo'] = v;
    }),
  ],
  [
    'detail count',
    fc.constantFrom(0, 3, '1', 1.5).map((v) => (r) => {
      const d = r.policies[0]['failure-details']?.[0];
      if (d) d['failed-session-count'] = v;
    }),
  ],
  [
    'unknown',
    fc.constantFrom('x', '__proto__', 'email-address', 'mx-host-pattern').map((k) => (r) => {
      r.policies[0].policy[k] = 'v';
    }),
  ],
];
const edgeEdit = fc.oneof(...edges.map(([, a]) => a));
const edited = fc
  .tuple(
    valid,
    fc.option(edgeEdit, { nil: undefined, freq: 2 }),
    fc.nat(),
    fc.integer({ min: 0, max: 9 }),
    fc.boolean(),
  )
  .map(([r, edit, at, kind, pretty]) => {
    edit?.(r);
    const json = JSON.stringify(r, null, pretty ? 2 : undefined);
    const names = [...json.matchAll(/"([a-z-]+)":/g)];
    const m = names[at % Math.max(names.length, 1)];
    const i = m?.index ?? 0;
    switch (kind) {
      case 1: // a duplicate member in front of an existing one
        return m === undefined ? json : `${json.slice(0, i)}"${m[1]}":"dup",${json.slice(i)}`;
      case 2: // an unknown member
        return m === undefined ? json : `${json.slice(0, i)}"x-${m[1]}":1,${json.slice(i)}`;
      case 3: // a \u escape for the first letter of a member name
        return m === undefined
          ? json
          : `${json.slice(0, i + 1)}\\u00${m[1]?.charCodeAt(0).toString(16)}${json.slice(i + 2)}`;
      case 4: // a count past 2^53
        return json.replace(/(-session-count":\s*)\d+/, '$19007199254740993');
      case 5: // a count with a fraction JSON.parse rounds away, or an exponent
        return json.replace(/(-session-count":\s*)(\d+)/, at % 2 === 0 ? '$1$2.5' : '$1$2e-400');
      case 6: // an integer count spelt with a fraction or an exponent
        return json.replace(/(-session-count":\s*)(\d+)/, at % 2 === 0 ? '$1$2.0' : '$1$2e0');
      default:
        return json;
    }
  });

describe('properties', () => {
  test.prop([edited], { numRuns: 2000 })('the fast path never disagrees with the general path', (json) => {
    agrees(json);
  });
  test.prop([valid], { numRuns: 300 })('it takes every valid report of the shapes it knows', (r) => {
    const json = JSON.stringify(r);
    fc.pre(!json.includes('\\u')); // declined like core's fast path: a text "\\u" might be an escape
    // declined too: free text that reads like a number with a fraction after a colon ("a:1.5")
    fc.pre(!/:[ \t\n\r]*-?[0-9]*[.eE]/.test(json));
    expect(agrees(json)).toBe(true);
  });
});
