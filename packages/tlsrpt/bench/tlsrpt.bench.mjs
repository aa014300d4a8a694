// Benchmarks for @mailtls/tlsrpt (contract: bench/README.md). Inputs are built at bench time from
// a real Google report in ../shared/data when present, else from an equivalent inline fixture.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJson } from '@mailtls/core/json';
import {
  aggregateTlsrptReports,
  createTlsrptReportBuilder,
  parseTlsrptRecord,
  parseTlsrptReport,
} from '@mailtls/tlsrpt';

const here = dirname(fileURLToPath(import.meta.url));
const sample = resolve(here, '../../../../shared/data/tlsrpt/samples/google-2024-11-08-sts-testing.json');
const FALLBACK = JSON.stringify(
  {
    'organization-name': 'Google Inc.',
    'date-range': { 'start-datetime': '2024-11-08T00:00:00Z', 'end-datetime': '2024-11-08T23:59:59Z' },
    'contact-info': 'smtp-tls-reporting@google.com',
    'report-id': '2024-11-08T00:00:00Z_example.com',
    policies: [
      {
        policy: {
          'policy-type': 'sts',
          'policy-string': ['version: STSv1', 'mode: testing', 'mx: mail.example.com', 'max_age: 86400'],
          'policy-domain': 'example.com',
          'mx-host': ['mail.example.com'],
        },
        summary: { 'total-successful-session-count': 1, 'total-failure-session-count': 0 },
      },
    ],
  },
  null,
  2,
);
const google = existsSync(sample) ? readFileSync(sample, 'utf8') : FALLBACK;
const googleBytes = new TextEncoder().encode(google);
const record = 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://tlsrpt.example.com/v1';

// 100 k distinct reports for aggregation: 200 domains × 5 reporters × 100 days, with failures
const parsed = parseTlsrptReport(google);
if (!parsed.ok) throw new Error('bench input does not parse');
const reporters = [
  'smtp-tls-reporting@google.com',
  'tlsrpt-noreply@microsoft.com',
  'tls_support@corp.mail.ru',
  'a@b.example',
  'c@d.example',
];
const reports = [];
for (let i = 0; i < 100_000; i++) {
  const b = createTlsrptReportBuilder({
    organizationName: 'Org',
    contactInfo: reporters[i % 5],
    day: (19_000 + (i % 100)) * 86_400_000,
    reportId: `${i}@bench`,
  });
  const policy = {
    policyType: 'sts',
    policyDomain: `d${i % 200}.example`,
    policyStrings: ['version: STSv1', 'mode: enforce', 'mx: mx.example.net', 'max_age: 86400'],
  };
  b.addSuccess(policy, 1 + (i % 7));
  if (i % 3 === 0)
    b.addFailure(policy, {
      resultType: 'certificate-expired',
      sendingMtaIp: `192.0.2.${i % 250}`,
      receivingIp: '198.51.100.1',
      receivingMxHostname: 'mx.example.net',
    });
  reports.push(b.build());
}

export default [
  {
    name: 'TLSRPT report, typical Google (lenient)',
    unit: 'reports',
    target: 100_000,
    subject: 'mailtls',
    tasks: {
      mailtls: () => parseTlsrptReport(google),
      'mailtls (bytes)': () => parseTlsrptReport(googleBytes),
      'mailtls strict': () => parseTlsrptReport(google, { strict: true }),
      'baseline: JSON.parse': () => JSON.parse(google),
      // core's validating JSON parser alone: the floor under parseTlsrptReport
      'baseline: parseJson (core)': () => parseJson(google),
    },
  },
  {
    name: 'TLSRPT TXT record',
    unit: 'records',
    target: 3_000_000,
    subject: 'mailtls',
    tasks: {
      mailtls: () => parseTlsrptRecord(record),
      'baseline: split(";")': () => record.split(';'),
    },
  },
  {
    name: 'TLSRPT aggregation of 100 k reports',
    unit: 'runs',
    target: 1,
    subject: 'mailtls',
    tasks: {
      mailtls: () => aggregateTlsrptReports(reports),
    },
  },
];
