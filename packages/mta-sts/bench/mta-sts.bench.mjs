// MTA-STS parsing and MX matching, side by side with npm mailauth 7 (devDependency).
import { createRequire } from 'node:module';
import { matchesMx, parseMtaStsPolicy, parseMtaStsRecord } from '@mailtls/mta-sts';

const require = createRequire(import.meta.url);
const mailauth = require('mailauth/lib/mta-sts.js');

const record = 'v=STSv1; id=20240131T000000;';
// A typical policy: RFC 8461 §3.2's example shape, LF line endings.
const policy =
  'version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmx: backupmx.example.com\nmax_age: 604800\n';
const policyBytes = new TextEncoder().encode(policy);
// The same with CRLF, as RFC 8461 §3.2 prints it. A literal: a string built with replace() is a
// flattened cons string, which every parser reads more slowly than a fetched body.
const policyCrlf =
  'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n';
const mailauthPolicy = { mode: 'enforce', mx: ['*.mx.example.org'] };

export default [
  {
    name: 'MTA-STS TXT record',
    unit: 'records',
    target: 5_000_000,
    subject: 'mailtls',
    tasks: {
      mailtls: () => parseMtaStsRecord(record),
      'mailtls strict': () => parseMtaStsRecord(record, { strict: true }),
      'baseline: split(";")': () => record.split(';'),
    },
  },
  {
    name: 'MTA-STS policy',
    unit: 'policies',
    target: 1_500_000,
    subject: 'mailtls',
    tasks: {
      mailtls: () => parseMtaStsPolicy(policy),
      'mailtls strict': () => parseMtaStsPolicy(policy, { strict: true }),
      'mailtls (bytes)': () => parseMtaStsPolicy(policyBytes),
      'mailtls (CRLF)': () => parseMtaStsPolicy(policyCrlf),
      'mailauth 7': () => mailauth.parsePolicy(policy),
      'mailauth 7 strict': () => mailauth.parsePolicy(policy, { strict: true }),
      'mailauth 7 (CRLF)': () => mailauth.parsePolicy(policyCrlf),
    },
  },
  {
    name: 'MTA-STS MX matching',
    unit: 'matches',
    target: 5_000_000,
    subject: 'mailtls',
    tasks: {
      mailtls: () => matchesMx('*.mx.example.org', 'a.MX.example.org.'),
      'mailtls (exact)': () => matchesMx('mx1.example.org', 'mx1.example.org'),
      'mailauth 7 validateMx': () => mailauth.validateMx('a.MX.example.org.', mailauthPolicy),
    },
  },
];
