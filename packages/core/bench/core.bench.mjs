// @mailtls/core hot paths, side by side with the platform's own primitives.
import { matchesWildcard, normalizeHostname, parseDateTime } from '@mailtls/core';
import { parseJson } from '@mailtls/core/json';

const report = JSON.stringify({
  'organization-name': 'Company-X',
  'date-range': { 'start-datetime': '2016-04-01T00:00:00Z', 'end-datetime': '2016-04-01T23:59:59Z' },
  'contact-info': 'sts-reporting@company-x.example',
  'report-id': '5065427c-23d3-47ca-b6e0-946ea0e8c4be',
  policies: Array.from({ length: 4 }, (_, i) => ({
    policy: {
      'policy-type': 'sts',
      'policy-string': ['version: STSv1', 'mode: testing', 'mx: *.mail.company-y.example', 'max_age: 86400'],
      'policy-domain': 'company-y.example',
      'mx-host': ['*.mail.company-y.example'],
    },
    summary: { 'total-successful-session-count': 5326 + i, 'total-failure-session-count': 303 },
    'failure-details': [
      {
        'result-type': 'certificate-expired',
        'sending-mta-ip': '2001:db8:abcd:0012::1',
        'receiving-mx-hostname': 'mx1.mail.company-y.example',
        'failed-session-count': 100,
      },
    ],
  })),
});

export default [
  {
    name: 'normalizeHostname (ASCII, mixed case, trailing dot)',
    unit: 'names',
    tasks: {
      mailtls: () => normalizeHostname('MX1.Mail.Example.COM.'),
      'baseline: toLowerCase + slice': () => 'MX1.Mail.Example.COM.'.toLowerCase().slice(0, -1),
    },
  },
  {
    name: 'matchesWildcard (one-label wildcard)',
    unit: 'matches',
    tasks: {
      mailtls: () => matchesWildcard('*.mail.example.com', 'mx1.mail.example.com'),
      'baseline: endsWith (wrong: any depth)': () => 'mx1.mail.example.com'.endsWith('.mail.example.com'),
    },
  },
  {
    name: 'parseDateTime (RFC 3339, Z)',
    unit: 'dates',
    tasks: {
      mailtls: () => parseDateTime('2016-04-01T23:59:59Z'),
      'baseline: Date.parse (reads no-offset as local!)': () => Date.parse('2016-04-01T23:59:59Z'),
    },
  },
  {
    name: `parseJson (TLSRPT-shaped report, ${report.length} chars)`,
    unit: 'documents',
    tasks: {
      mailtls: () => parseJson(report),
      'baseline: JSON.parse': () => JSON.parse(report),
    },
  },
];
