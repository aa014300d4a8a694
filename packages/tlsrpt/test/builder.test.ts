import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createTlsrptReportBuilder } from '../src/builder.ts';
import { formatTlsrptReport, parseTlsrptFilename, tlsrptFilename, tlsrptSubject } from '../src/format.ts';
import { parseTlsrptReport } from '../src/report.ts';
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
  });
});
