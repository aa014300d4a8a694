import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createTlsrptReportBuilder } from '../src/builder.ts';
import { formatTlsrptReport, parseTlsrptFilename, tlsrptFilename, tlsrptSubject } from '../src/format.ts';
import { parseTlsrptReport } from '../src/report.ts';
import { TLSRPT_RESULT_TYPES } from '../src/result-types.ts';
import { tlsrptReportJsonSchema, tlsrptReportSchema } from '../src/schema.ts';

import { failureArb, policyArb } from './_arbitraries.ts';

const session = fc.tuple(
  policyArb,
  fc.option(failureArb, { nil: undefined }),
  fc.integer({ min: 1, max: 1000 }),
);
const day = fc.integer({ min: 0, max: 20_000 }).map((d) => d * 86_400_000);

describe('builder', () => {
  test.prop([fc.array(session, { minLength: 1, maxLength: 8 }), day])(
    'round trip: builder → format → strict parse → same model, no warnings',
    (sessions, d) => {
      const b = createTlsrptReportBuilder({
        organizationName: 'Sender Inc.',
        contactInfo: 'tlsrpt@mta.sender.example',
        day: d,
      });
      for (const [p, f, n] of sessions) {
        if (f === undefined) b.addSuccess(p, n);
        else b.addFailure(p, f, n);
      }
      const report = b.build();
      const json = formatTlsrptReport(report);
      const parsed = parseTlsrptReport(json, { strict: true });
      expect(parsed.ok).toBe(true);
      expect(parsed.warnings).toEqual([]);
      expect(parsed.ok && parsed.value).toEqual(report);
      // Sums: every added session is in exactly one summary count
      let ok = 0;
      let failed = 0;
      for (const [, f, n] of sessions) f === undefined ? (ok += n) : (failed += n);
      expect(report.policies.reduce((s, p) => s + p.summary.totalSuccessfulSessionCount, 0)).toBe(ok);
      expect(report.policies.reduce((s, p) => s + p.summary.totalFailureSessionCount, 0)).toBe(failed);
      // The zod schema agrees with the strict parser on conformant output
      expect(tlsrptReportSchema.safeParse(JSON.parse(json)).success).toBe(true);
      // Filename and Subject per §5.1/§5.3
      const name = tlsrptFilename(report, { uniqueId: '001' });
      expect(parseTlsrptFilename(name)).toEqual({
        sender: 'mta.sender.example',
        policyDomain: report.policies[0]?.policy.policyDomain,
        begin: d / 1000,
        end: d / 1000 + 86_399,
        uniqueId: '001',
        extension: 'json.gz',
      });
      expect(tlsrptSubject(report)).toBe(
        `Report Domain: ${report.policies[0]?.policy.policyDomain} Submitter: mta.sender.example Report-ID: <${report.reportId}>`,
      );
    },
  );
  it('merges equal policies and details; canonicalises IPs, hosts and TLSA strings', () => {
    const p = {
      policyType: 'tlsa' as const,
      policyDomain: 'MX.Example.COM.',
      policyStrings: ['3 1 1 ab cd'],
    };
    const f = {
      resultType: 'validation-failure',
      sendingMtaIp: '2001:DB8:0::1',
      receivingIp: '192.0.2.1',
      receivingMxHostname: 'mx.example.com',
      failureReasonCode: 'dane-no-match',
    };
    const r = createTlsrptReportBuilder({
      organizationName: 'S',
      contactInfo: 'a@s.example',
      day: '2025-01-01',
    })
      .addFailure(p, f, 2)
      .addFailure({ ...p, policyStrings: ['3 1 1 ABCD'] }, { ...f, sendingMtaIp: '2001:db8::1' })
      .addSuccess(p, 5)
      .build();
    expect(r.policies).toHaveLength(1);
    expect(r.policies[0]?.policy).toMatchObject({
      policyDomain: 'mx.example.com',
      policyStrings: ['3 1 1 ABCD'],
    });
    expect(r.policies[0]?.summary).toEqual({ totalSuccessfulSessionCount: 5, totalFailureSessionCount: 3 });
    expect(r.policies[0]?.failureDetails).toEqual([
      { ...f, sendingMtaIp: '2001:db8::1', failedSessionCount: 3 },
    ]);
    expect(r.reportId).toBe('20250101.mx.example.com@s.example');
    expect(r.dateRange).toMatchObject({ start: '2025-01-01T00:00:00Z', end: '2025-01-01T23:59:59Z' });
  });
  it('throws TypeError on programmer errors', () => {
    const b = createTlsrptReportBuilder({
      organizationName: 'S',
      contactInfo: 'a@s.example',
      day: '2025-01-01',
    });
    const sts = { policyType: 'sts' as const, policyDomain: 'example.com' };
    expect(() => createTlsrptReportBuilder({ organizationName: 'S', contactInfo: 'nope' })).toThrow(
      TypeError,
    );
    expect(() =>
      createTlsrptReportBuilder({ organizationName: 'S', contactInfo: 'a@s.example', day: '2025-02-30' }),
    ).toThrow(TypeError);
    expect(() => b.addSuccess(sts, -1)).toThrow(TypeError);
    expect(() => b.addSuccess({ ...sts, policyDomain: 'bad domain' })).toThrow(TypeError);
    expect(() => b.addFailure(sts, { resultType: 'made-up' })).toThrow(TypeError);
    expect(() => b.addFailure(sts, { resultType: 'certificate-expired', sendingMtaIp: '1.2.3' })).toThrow(
      TypeError,
    );
    expect(() => b.addFailure(sts, [])).toThrow(TypeError);
    expect(() =>
      b.addSuccess({ policyType: 'tlsa', policyDomain: 'example.com', policyStrings: ['x'] }),
    ).toThrow(TypeError);
    const noMsgId = createTlsrptReportBuilder({
      organizationName: 'S',
      contactInfo: 'a@s.example',
      day: '2025-01-01',
      reportId: 'plain',
    })
      .addSuccess(sts)
      .build();
    expect(() => tlsrptSubject(noMsgId)).toThrow(TypeError);
    expect(() => tlsrptFilename(noMsgId, { uniqueId: 'a-b' })).toThrow(TypeError);
  });
  it('refuses, at the call, input whose report would fail strict mode or warn there', () => {
    const opts = { organizationName: 'S', contactInfo: 'a@s.example', day: '2025-01-01' };
    const sts = { policyType: 'sts' as const, policyDomain: 'example.com' };
    // running totals past 2^53 - 1 (json-number-precision / count-invalid)
    const big = createTlsrptReportBuilder(opts).addSuccess(sts, Number.MAX_SAFE_INTEGER);
    expect(() => big.addSuccess(sts, 1)).toThrow(/2\^53/);
    expect(big.build().policies[0]?.summary.totalSuccessfulSessionCount).toBe(Number.MAX_SAFE_INTEGER);
    const f = { resultType: 'certificate-expired' };
    const bigF = createTlsrptReportBuilder(opts).addFailure(sts, f, Number.MAX_SAFE_INTEGER);
    expect(() => bigF.addFailure(sts, f, 1)).toThrow(TypeError);
    expect(() => createTlsrptReportBuilder(opts).addFailure(sts, [f, f], 2 ** 52)).toThrow(TypeError);
    // a throw leaves the builder as it was: no empty policy, no partial detail
    const atomic = createTlsrptReportBuilder(opts).addSuccess(sts, 1);
    expect(() =>
      atomic.addFailure({ ...sts, policyDomain: 'other.example' }, [f, { resultType: 'validation-failure' }]),
    ).toThrow(TypeError);
    expect(atomic.build().policies).toHaveLength(1);
    // failure-reason-code-missing (spec notes section 10: include it for these two)
    for (const resultType of ['validation-failure', 'certificate-not-trusted'])
      expect(() => createTlsrptReportBuilder(opts).addFailure(sts, { resultType })).toThrow(
        /failureReasonCode/,
      );
    // field-empty / field-missing, policies-empty, json-lone-surrogate
    expect(() => createTlsrptReportBuilder({ ...opts, reportId: '' })).toThrow(TypeError);
    expect(() => createTlsrptReportBuilder(opts).build()).toThrow(/at least one policy/);
    expect(() => createTlsrptReportBuilder({ ...opts, organizationName: 'Org\ud800' })).toThrow(/surrogate/);
    expect(() => createTlsrptReportBuilder({ ...opts, reportId: '\udc00@x' })).toThrow(/surrogate/);
    expect(() =>
      createTlsrptReportBuilder(opts).addFailure(sts, { ...f, receivingMxHelo: 'mx\ud800' }),
    ).toThrow(/surrogate/);
    expect(() =>
      createTlsrptReportBuilder(opts).addSuccess({ ...sts, policyStrings: ['mode: enforce\nmx: a.example'] }),
    ).toThrow(/one policy line/);
    expect(() => createTlsrptReportBuilder({ ...opts, day: 1e16 })).toThrow(TypeError);
  });
  it('takes TLSA strings as @mailtls/dane reads them: leading zeros, the generic form', () => {
    const hash = 'AB'.repeat(32);
    const r = createTlsrptReportBuilder({
      organizationName: 'S',
      contactInfo: 'a@s.example',
      day: '2025-01-01',
    })
      .addSuccess({
        policyType: 'tlsa',
        policyDomain: 'mx.example.com',
        policyStrings: [`0003 1 1 ${hash}`, '\\# 3 030101'],
      })
      .build();
    expect(r.policies[0]?.policy.policyStrings).toEqual([`3 1 1 ${hash}`, '\\# 3 030101']);
    const parsed = parseTlsrptReport(formatTlsrptReport(r), { strict: true });
    expect(parsed.ok && parsed.warnings).toEqual([]);
    expect(parsed.ok && parsed.value).toEqual(r);
  });
  test.prop([
    fc.array(
      fc.tuple(
        fc.boolean(),
        fc.constantFrom(...TLSRPT_RESULT_TYPES),
        fc.option(fc.string({ maxLength: 4 }), { nil: undefined }),
        fc.oneof(fc.nat({ max: 10 }), fc.constant(2 ** 52), fc.constant(Number.MAX_SAFE_INTEGER)),
      ),
      { minLength: 1, maxLength: 6 },
    ),
    fc.option(fc.string({ maxLength: 4 }), { nil: undefined }),
    fc.string({ maxLength: 4 }),
  ])(
    'whatever it is given, build() either throws TypeError or passes strict mode with no warning',
    (calls, reportId, org) => {
      const policy = { policyType: 'sts' as const, policyDomain: 'example.com' };
      // what the sender knows of a connection (section 10 omits unknown members; strict mode then
      // warns field-missing on connection-stage result types)
      const conn = {
        sendingMtaIp: '192.0.2.1',
        receivingMxHostname: 'mx.example.com',
        receivingIp: '192.0.2.2',
      };
      const run = () => {
        const b = createTlsrptReportBuilder({
          organizationName: org,
          contactInfo: 'a@s.example',
          day: '2025-01-01',
          ...(reportId === undefined ? {} : { reportId }),
        });
        for (const [success, resultType, reason, n] of calls) {
          try {
            if (success) b.addSuccess(policy, n);
            else
              b.addFailure(
                policy,
                { resultType, ...conn, ...(reason === undefined ? {} : { failureReasonCode: reason }) },
                n,
              );
          } catch (e) {
            expect(e).toBeInstanceOf(TypeError);
          }
        }
        return b.build();
      };
      let report: ReturnType<typeof run>;
      try {
        report = run();
      } catch (e) {
        expect(e).toBeInstanceOf(TypeError);
        return;
      }
      const parsed = parseTlsrptReport(formatTlsrptReport(report), { strict: true });
      expect(parsed.ok).toBe(true);
      expect(parsed.warnings.filter((w) => w.severity !== 'info')).toEqual([]);
    },
  );
  it('exports the JSON Schema of the wire format', () => {
    const s = tlsrptReportJsonSchema() as {
      type: string;
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(s.type).toBe('object');
    expect(s.required).toEqual(
      expect.arrayContaining(['organization-name', 'date-range', 'contact-info', 'report-id', 'policies']),
    );
    expect(tlsrptReportSchema.safeParse({ policies: 'x' }).success).toBe(false);
  });
  it('parses §5.1 filenames and rejects others', () => {
    expect(
      parseTlsrptFilename('mail.sndr.example.com!example.net!1470013207!1470186007!001.json.gz'),
    ).toEqual({
      sender: 'mail.sndr.example.com',
      policyDomain: 'example.net',
      begin: 1470013207,
      end: 1470186007,
      uniqueId: '001',
      extension: 'json.gz',
    });
    expect(parseTlsrptFilename('a.example!b.example!1!2.json')).toMatchObject({ extension: 'json' });
    for (const bad of [
      'report.json',
      'a!b!c!d.json',
      'a.example!b.example!1!2!x-y.json',
      'a.example!b.example!1!2.txt',
    ])
      expect(parseTlsrptFilename(bad)).toBeUndefined();
    // total for JavaScript callers
    for (const v of [null, undefined, 5, {}, ['a!b!1!2.json']])
      expect(parseTlsrptFilename(v as unknown as string)).toBeUndefined();
  });
});
