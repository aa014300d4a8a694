// Every real report in ../shared/data/tlsrpt/samples, read in place. The expected warning codes
// and model facts below were reviewed against each sample and the spec notes' matrix.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus } from '../../../test-utils/corpus.ts';
import { aggregateTlsrptReports } from '../src/aggregate.ts';
import { formatTlsrptReport } from '../src/format.ts';
import { parseTlsrptReport, type TlsrptReport } from '../src/report.ts';

const dir = corpus('tlsrpt/samples');

type Facts = { types: string; domains: string; mx: string; ok: number; failed: number; end: number };
// [file, lenient warning codes (sorted, unique), strict ok, facts]
const GOLDEN: [string, string[], boolean, Facts][] = [
  [
    'google-2020-02-06-multi-sts-no-mx-host.json',
    ['failure-reason-code-missing'],
    true,
    {
      types: 'no-policy-found,sts,sts',
      domains: 'test.mailflow.ovh,test.mailflow.ovh,test.mailflow.ovh',
      mx: ',,',
      ok: 1,
      failed: 13,
      end: 86400000,
    },
  ],
  [
    'google-2022-09-15-sts.json',
    [],
    true,
    { types: 'sts', domains: 'test.xmox.nl', mx: 'komijn.test.xmox.nl', ok: 3, failed: 0, end: 86400000 },
  ],
  [
    'google-2024-09-03-no-policy-found.json',
    [],
    true,
    { types: 'no-policy-found', domains: 'cardinalhealth.ca', mx: '', ok: 48, failed: 0, end: 86400000 },
  ],
  [
    'google-2024-09-15-sts.json',
    [],
    true,
    { types: 'sts', domains: 'krvtz.net', mx: 'carp-20.krvtz.net', ok: 1, failed: 0, end: 86400000 },
  ],
  [
    'google-2024-09-18-sts.json',
    [],
    true,
    { types: 'sts', domains: 'krvtz.net', mx: 'carp-20.krvtz.net', ok: 2, failed: 0, end: 86400000 },
  ],
  [
    'google-2024-11-08-sts-testing.json',
    [],
    true,
    { types: 'sts', domains: 'eden.one', mx: 'mail.eden.one', ok: 1, failed: 0, end: 86400000 },
  ],
  [
    'google-2025-03-27-no-policy-found.json',
    [],
    true,
    { types: 'no-policy-found', domains: 'foo-bar.io', mx: '', ok: 1, failed: 0, end: 86400000 },
  ],
  [
    'google-2025-05-22-sts.json',
    [],
    true,
    { types: 'sts', domains: 'foo-bar.io', mx: '*.foo-bar.io', ok: 1, failed: 0, end: 86400000 },
  ],
  [
    'google-2025-06-01-sts.json',
    [],
    true,
    { types: 'sts', domains: 'maxchernoff.ca', mx: '*.migadu.com', ok: 3, failed: 0, end: 86400000 },
  ],
  [
    'mailru-2023-01-25-sts-policy-fetch-timeout.json',
    ['field-missing', 'range-end-midnight'],
    true,
    { types: 'sts', domains: 'krvtz.net', mx: '', ok: 0, failed: 1, end: 86400000 },
  ],
  [
    'mailru-2024-02-22-sts-policy-fetch-error.json',
    ['detail-sum-exceeds-total', 'field-missing', 'range-end-midnight'],
    true,
    { types: 'sts', domains: 'example.com', mx: '', ok: 0, failed: 1, end: 86400000 },
  ],
  [
    'microsoft-2023-01-10-no-timezone.json',
    ['datetime-no-offset'],
    false,
    { types: 'sts', domains: 'test.xmox.nl', mx: '', ok: 2, failed: 0, end: 86400000 },
  ],
  [
    'microsoft-2024-09-13-sts-and-tlsa-stringified.json',
    ['policy-string-stringified'],
    false,
    { types: 'sts,tlsa', domains: 'krvtz.net,krvtz.net', mx: ',', ok: 4, failed: 0, end: 86400000 },
  ],
  [
    'microsoft-2024-10-23-tlsa-stringified-and-sts.json',
    ['policy-string-stringified'],
    false,
    { types: 'tlsa,sts', domains: 'ueber.net,ueber.net', mx: ',', ok: 14, failed: 0, end: 86400000 },
  ],
  [
    'microsoft-2024-11-07-sts-policy-fetch-error.json',
    ['field-missing'],
    true,
    { types: 'sts', domains: 'eden.one', mx: '', ok: 0, failed: 2, end: 86400000 },
  ],
  [
    'microsoft-2025-05-23-sts-and-tlsa-stringified.json',
    ['policy-string-stringified'],
    false,
    { types: 'sts,tlsa', domains: 'random.net,random.net', mx: ',', ok: 4, failed: 0, end: 86400000 },
  ],
  [
    'microsoft-2025-06-14-sts-fetch-error-fixture.json',
    ['field-missing'],
    true,
    { types: 'sts', domains: 'xxxxxxxx.xx', mx: '', ok: 0, failed: 3, end: 86400000 },
  ],
  [
    'microsoft-2025-06-14-sts-fetch-error-no-ip-no-mx.json',
    ['field-missing'],
    true,
    { types: 'sts', domains: 'xxxxxxxx.xx', mx: '', ok: 0, failed: 3, end: 86400000 },
  ],
  [
    'parsedmarc-example-inc-2024-01-09-validation-failure.json',
    ['failure-reason-code-missing'],
    true,
    { types: 'sts', domains: 'example.com', mx: '', ok: 0, failed: 3, end: 86400000 },
  ],
  [
    'postfix-sys4-2025-09-20-no-policy-found-no-domain.json',
    ['field-missing'],
    false,
    { types: 'no-policy-found', domains: '-', mx: '', ok: 1, failed: 0, end: 86400000 },
  ],
  [
    'rfc8460-appendix-b-as-in-parsedmarc.json',
    ['field-missing', 'ip-noncanonical', 'mx-host-string'],
    true,
    {
      types: 'sts',
      domains: 'company-y.example',
      mx: '*.mail.company-y.example',
      ok: 5326,
      failed: 303,
      end: 86400000,
    },
  ],
  [
    'socketlabs-2020-02-27-receiving-mx-host-name-typo.json',
    ['field-alias', 'range-end-midnight'],
    true,
    {
      types: 'sts,sts',
      domains: 'test.mailflow.ovh,test.mailflow.ovh',
      mx: 'mta-sts.test.mailflow.ovh,',
      ok: 12,
      failed: 2,
      end: 86400000,
    },
  ],
  [
    'stalwart-egressif-2024-10-31-null-contact.json',
    ['field-null', 'range-end-midnight'],
    false,
    { types: 'no-policy-found', domains: 'redacted.example.com', mx: '', ok: 1, failed: 0, end: 86400000 },
  ],
  [
    'stalwart-fixture-rpt02-google-weekly.json',
    ['range-not-full-day'],
    true,
    { types: 'sts', domains: 'example.com', mx: '', ok: 23, failed: 1, end: 604800000 },
  ],
  [
    'stalwart-fixture-rpt03-invalid-policy-type.json',
    ['field-missing', 'policy-type-unknown'],
    false,
    {
      types: 'no-policy-found,invalid-policy-type',
      domains: '-,-',
      mx: ',',
      ok: 2,
      failed: 0,
      end: 86400000,
    },
  ],
  [
    'stalwart-like-2026-01-11-null-contact-fixture.json',
    ['field-null', 'mx-host-prefix', 'range-end-midnight'],
    false,
    { types: 'sts', domains: 'server.com', mx: 'mx.server.com', ok: 1, failed: 0, end: 86400000 },
  ],
  [
    'stalwart-refluxstop-2026-01-11-null-contact.json',
    ['field-null', 'range-end-midnight'],
    false,
    {
      types: 'sts',
      domains: 'hin.ch',
      mx: 'mx1.hin.ch|mx2.hin.ch|mx3.hin.ch|mx4.hin.ch',
      ok: 1,
      failed: 0,
      end: 86400000,
    },
  ],
];

const facts = (v: TlsrptReport): Facts => ({
  types: v.policies.map((p) => p.policy.policyType).join(','),
  domains: v.policies.map((p) => p.policy.policyDomain ?? '-').join(','),
  mx: v.policies.map((p) => p.policy.mxHost.join('|')).join(','),
  ok: v.policies.reduce((a, p) => a + p.summary.totalSuccessfulSessionCount, 0),
  failed: v.policies.reduce((a, p) => a + p.summary.totalFailureSessionCount, 0),
  end: v.dateRange.endExclusiveMs - v.dateRange.startMs,
});

describe.runIf(dir !== undefined)('real reports (../shared/data/tlsrpt/samples)', () => {
  const d = dir as string;
  it('covers every .json sample', () => {
    expect(
      readdirSync(d)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(GOLDEN.map((g) => g[0]).sort());
  });
  for (const [file, warnings, strictOk, expected] of GOLDEN) {
    it(`${file} ingests leniently with the expected warnings`, () => {
      const bytes = readFileSync(join(d, file));
      const r = parseTlsrptReport(bytes);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect([...new Set(r.warnings.map((w) => w.code))].sort()).toEqual(warnings);
      expect(facts(r.value)).toEqual(expected);
      expect(parseTlsrptReport(bytes, { strict: true }).ok).toBe(strictOk);
      // Normalised output: every time is UTC "Z", arrays always present
      expect(r.value.dateRange.start.endsWith('Z')).toBe(true);
      for (const p of r.value.policies) {
        expect(
          Array.isArray(p.policy.mxHost) &&
            Array.isArray(p.policy.policyStrings) &&
            Array.isArray(p.failureDetails),
        ).toBe(true);
      }
      // Re-emitted canonically, a lenient ingest is strictly re-parseable to the same counts
      if (
        r.value.policies.every(
          (p) =>
            p.policy.policyDomain !== undefined &&
            ['sts', 'tlsa', 'no-policy-found'].includes(p.policy.policyType),
        ) &&
        r.value.contactInfo &&
        r.value.organizationName
      ) {
        const again = parseTlsrptReport(formatTlsrptReport(r.value), { strict: true });
        expect(again.ok).toBe(true);
        expect(again.ok && facts(again.value)).toEqual(expected);
      }
    });
  }
  it('the Microsoft TLSA strings are unwrapped and canonical', () => {
    const r = parseTlsrptReport(readFileSync(join(d, 'microsoft-2024-09-13-sts-and-tlsa-stringified.json')));
    const tlsa = r.ok ? r.value.policies[1]?.policy : undefined;
    expect(tlsa?.policyStrings).toHaveLength(13);
    expect(
      tlsa?.tlsa?.every(
        (t) => t.usage === 2 && t.selector === 1 && t.matchingType === 1 && t.data.length === 64,
      ),
    ).toBe(true);
  });
  it('the Microsoft no-offset dates are read as UTC', () => {
    const r = parseTlsrptReport(readFileSync(join(d, 'microsoft-2023-01-10-no-timezone.json')));
    expect(r.ok && r.value.dateRange).toMatchObject({
      start: '2023-01-10T00:00:00Z',
      startMs: 1673308800000,
      endExclusiveMs: 1673395200000,
    });
  });
  it('RFC Appendix B as printed fails at its raw line break (line 32), in both modes', () => {
    for (const strict of [false, true]) {
      const r = parseTlsrptReport(readFileSync(join(d, 'rfc8460-appendix-b-as-printed.txt')), { strict });
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.errors[0]).toMatchObject({
          code: 'json-syntax',
          at: { line: 32, pointer: '/policies/0/failure-details/1/additional-information' },
        });
    }
  });
  it('aggregates the whole corpus', () => {
    const reports = GOLDEN.map(([f]) => parseTlsrptReport(readFileSync(join(d, f)))).flatMap((r) =>
      r.ok ? [r.value] : [],
    );
    const a = aggregateTlsrptReports(reports);
    expect(a.reports + a.duplicates).toBe(reports.length);
    expect(a.sessions.reduce((s, x) => s + x.successful, 0)).toBe(GOLDEN.reduce((s, g) => s + g[3].ok, 0));
  });
});
