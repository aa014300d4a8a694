import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  aggregateTlsrptReports,
  dedupeTlsrptReports,
  mergeTlsrptAggregates,
  tlsrptDedupeKey,
} from '../src/aggregate.ts';
import { createTlsrptReportBuilder } from '../src/builder.ts';
import type { TlsrptReport } from '../src/report.ts';
import { describeResultType, isTlsrptResultType, TLSRPT_RESULT_TYPES } from '../src/result-types.ts';
import { failureArb, policyArb } from './_arbitraries.ts';

const reportArb: fc.Arbitrary<TlsrptReport> = fc
  .record({
    org: fc.constantFrom('Google Inc.', 'Microsoft Corporation', 'Mail.ru'),
    contact: fc.constantFrom('a@google.example', 'b@microsoft.example', 'c@mail.example'),
    day: fc.integer({ min: 19000, max: 19010 }),
    id: fc.stringMatching(/^[a-z0-9]{1,6}$/),
    sessions: fc.array(
      fc.tuple(policyArb, fc.option(failureArb, { nil: undefined }), fc.integer({ min: 1, max: 50 })),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ org, contact, day, id, sessions }) => {
    const b = createTlsrptReportBuilder({
      organizationName: org,
      contactInfo: contact,
      day: day * 86_400_000,
      reportId: `${id}@x`,
    });
    for (const [p, f, n] of sessions) f === undefined ? b.addSuccess(p, n) : b.addFailure(p, f, n);
    return b.build();
  });

const uniqueReports = fc.uniqueArray(reportArb, { maxLength: 12, selector: (r) => tlsrptDedupeKey(r) });
const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

describe('aggregation laws', () => {
  test.prop([uniqueReports])('sums of parts equal the whole', (reports) => {
    const a = aggregateTlsrptReports(reports);
    expect(a.reports).toBe(reports.length);
    const policies = reports.flatMap((r) => r.policies);
    expect(sum(a.sessions, (s) => s.successful)).toBe(
      sum(policies, (p) => p.summary.totalSuccessfulSessionCount),
    );
    expect(sum(a.sessions, (s) => s.failed)).toBe(sum(policies, (p) => p.summary.totalFailureSessionCount));
    expect(sum(a.sessions, (s) => s.policies)).toBe(policies.length);
    expect(sum(a.failures, (f) => f.sessions)).toBe(
      sum(
        policies.flatMap((p) => p.failureDetails),
        (d) => d.failedSessionCount,
      ),
    );
  });
  test.prop([uniqueReports])('dedupe is idempotent; duplicates change nothing but the count', (reports) => {
    const once = dedupeTlsrptReports(reports);
    expect(dedupeTlsrptReports(once.reports).reports).toEqual(once.reports);
    const doubled = aggregateTlsrptReports([...reports, ...reports]);
    const single = aggregateTlsrptReports(reports);
    expect({ ...doubled, duplicates: 0 }).toEqual(single);
    expect(doubled.duplicates).toBe(reports.length);
    expect(dedupeTlsrptReports([...reports, ...reports]).reports).toEqual(reports);
  });
  test.prop([uniqueReports, fc.nat(), fc.nat()])(
    'merging is associative and commutative and equals aggregating the union',
    (reports, i, j) => {
      const cut1 = i % (reports.length + 1);
      const cut2 = cut1 + (j % (reports.length - cut1 + 1));
      const [x, y, z] = [reports.slice(0, cut1), reports.slice(cut1, cut2), reports.slice(cut2)].map((r) =>
        aggregateTlsrptReports(r),
      ) as [
        ReturnType<typeof aggregateTlsrptReports>,
        ReturnType<typeof aggregateTlsrptReports>,
        ReturnType<typeof aggregateTlsrptReports>,
      ];
      const whole = aggregateTlsrptReports(reports);
      expect(mergeTlsrptAggregates(x, y)).toEqual(mergeTlsrptAggregates(y, x));
      expect(mergeTlsrptAggregates(mergeTlsrptAggregates(x, y), z)).toEqual(
        mergeTlsrptAggregates(x, mergeTlsrptAggregates(y, z)),
      );
      expect(mergeTlsrptAggregates(mergeTlsrptAggregates(x, y), z)).toEqual(whole);
    },
  );
});

describe('dedupe and grouping', () => {
  const b = () =>
    createTlsrptReportBuilder({
      organizationName: 'R',
      contactInfo: 'r@r.example',
      day: '2025-01-01',
      reportId: 'id@r',
    });
  const sts = { policyType: 'sts' as const, policyDomain: 'example.com' };
  it('keeps the first of a conflicting pair and warns', () => {
    const a = b().addSuccess(sts, 1).build();
    const c = b().addSuccess(sts, 2).build();
    const d = dedupeTlsrptReports([a, c]);
    expect(d.reports).toEqual([a]);
    expect(d.warnings.map((w) => w.code)).toEqual(['duplicate-key-conflict']);
    expect(aggregateTlsrptReports([a, c]).warnings.map((w) => w.code)).toEqual(['duplicate-key-conflict']);
    expect(aggregateTlsrptReports([a, c], { dedupe: false }).sessions[0]?.successful).toBe(3);
    const merged = mergeTlsrptAggregates(aggregateTlsrptReports([a]), aggregateTlsrptReports([c]));
    expect(merged.warnings.map((w) => w.code)).toEqual(['aggregate-overlap']);
  });
  it('says when merged aggregates overlap, even for the very same report', () => {
    const a = aggregateTlsrptReports([b().addSuccess(sts, 1).build()]);
    const twice = mergeTlsrptAggregates(a, a);
    expect(twice.sessions[0]?.successful).toBe(2);
    expect(twice.warnings.map((w) => [w.code, w.message])).toEqual([
      [
        'aggregate-overlap',
        `The same report is in both merged aggregates; its sessions were counted twice: ${JSON.stringify(a.keys[0]?.replaceAll('\n', ' '))}`,
      ],
    ]);
  });
  it('uses the submitter when the report names no one; flags multi-day reports; maps domains; groups unknown types', () => {
    const r = b().addSuccess(sts, 1).build();
    const anon = { ...r, contactInfo: undefined, organizationName: undefined } as unknown as TlsrptReport;
    const week = {
      ...r,
      reportId: 'w@r',
      dateRange: { ...r.dateRange, endExclusiveMs: r.dateRange.startMs + 7 * 86_400_000 },
    };
    const odd = {
      ...r,
      reportId: 'o@r',
      policies: [{ ...r.policies[0], policy: { ...r.policies[0]?.policy, policyType: 'weird' } }],
    } as unknown as TlsrptReport;
    const a = aggregateTlsrptReports([{ report: anon, submitter: 'Sub.Example' }, week, odd], {
      mapPolicyDomain: (d) => d.toUpperCase(),
    });
    expect(a.sessions.map((s) => [s.reporter, s.policyDomain, s.policyType])).toEqual(
      expect.arrayContaining([
        ['sub.example', 'EXAMPLE.COM', 'sts'],
        ['r@r.example', 'EXAMPLE.COM', 'other'],
      ]),
    );
    expect(a.warnings.map((w) => w.code)).toEqual(['range-multi-day']);
  });
  it('is fast enough to matter (shape only; speed is benchmarked)', () => {
    const r = b().addSuccess(sts, 1).build();
    const many = Array.from({ length: 1000 }, (_, i) => ({ ...r, reportId: `${i}@r` }));
    expect(aggregateTlsrptReports(many).sessions[0]?.successful).toBe(1000);
  });
});

describe('describeResultType', () => {
  it('explains all 11 registered types and any other value', () => {
    expect(TLSRPT_RESULT_TYPES).toHaveLength(11);
    for (const t of TLSRPT_RESULT_TYPES) {
      const d = describeResultType(t);
      expect(d.registered).toBe(true);
      expect(d.meaning.length).toBeGreaterThan(20);
      expect(d.fix.length).toBeGreaterThan(20);
    }
    expect(describeResultType('sts-policy-fetch-error')).toMatchObject({ group: 'sts', preConnection: true });
    expect(describeResultType('certificate-expired')).toMatchObject({
      group: 'negotiation',
      preConnection: false,
    });
    expect(describeResultType('toString')).toMatchObject({ registered: false, group: 'unknown' });
  });
  // a result type comes from a report's JSON, or from a JavaScript caller: never a throw
  test.prop([fc.oneof(fc.anything(), fc.constant(Object.create(null)))])('total', (v) => {
    const code = v as string;
    expect(isTlsrptResultType(code)).toBe(
      typeof v === 'string' && (TLSRPT_RESULT_TYPES as readonly string[]).includes(code),
    );
    expect(describeResultType(code).registered).toBe(isTlsrptResultType(code));
  });
});
