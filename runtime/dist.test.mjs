// One smoke suite for the built dist/ of every package, run unchanged by `node --test`,
// `deno test`, `bun test`, and (bundled with shims for node:test and node:assert) in headless
// Chromium. It checks that each entry loads with web-standard APIs only and gives the right answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  matchesDnsId,
  matchesWildcard,
  normalizeHostname,
  parseDateTime,
  unwrap,
  validateHostname,
} from '@mailtls/core';
import { base64ToBytes, bytesToHex, decodeUtf8, pemToDer } from '@mailtls/core/bytes';
import { parseJson } from '@mailtls/core/json';
import { tokenizeTxt } from '@mailtls/core/txt';

test('core: host names, IDNA and wildcards', () => {
  assert.equal(normalizeHostname('MX1.Bücher.Example.'), 'mx1.xn--bcher-kva.example');
  assert.equal(matchesWildcard('*.mx.example.org', 'a.mx.example.org'), true);
  assert.equal(matchesWildcard('*.mx.example.org', 'b.a.mx.example.org'), false);
  assert.equal(matchesDnsId('*.com', 'example.com'), false);
  assert.equal(unwrap(validateHostname('Mail.Example.COM.')).ascii, 'mail.example.com');
  assert.equal(validateHostname('192.0.2.1').ok, false);
});

test('core: RFC 3339 dates never read local time', () => {
  const r = parseDateTime('2023-01-10T00:00:00');
  assert.equal(r.ok && r.value.epochMs, Date.UTC(2023, 0, 10));
  assert.equal(r.warnings[0].code, 'datetime-no-offset');
  assert.equal(parseDateTime('2023-01-10T00:00:00', { strict: true }).ok, false);
});

test('core: bytes, JSON and TXT subpaths', () => {
  assert.equal(bytesToHex(unwrap(base64ToBytes('AQID'))), '010203');
  assert.equal(unwrap(pemToDer('-----BEGIN X-----\nAQID\n-----END X-----\n'))[0].label, 'X');
  assert.equal(decodeUtf8(new Uint8Array([0xff])).ok, false);
  const j = parseJson('{"a":1,"a":2}');
  assert.equal(j.ok, true);
  assert.equal(j.warnings[0].code, 'json-duplicate-key');
  assert.equal(parseJson(new TextEncoder().encode('[1,]')).ok, false);
  assert.deepEqual(
    tokenizeTxt('v=STSv1; id=1;').fields.map((f) => f.name),
    ['v', 'id'],
  );
});

import {
  formatPolicyList,
  isMxAllowedByList,
  lookupPolicy,
  parsePolicyList,
  policyListToPostfix,
} from '@mailtls/policy-list';

test('policy-list: parse, look up, match, and write Postfix maps', () => {
  const json = JSON.stringify({
    timestamp: '2026-11-01T00:00:00Z',
    expires: '2027-11-01T00:00:00Z',
    version: '0.1',
    'policy-aliases': { big: { mode: 'enforce', mxs: ['.mx.big.example'] } },
    policies: {
      'example.org': { mode: 'enforce', mxs: ['mx1.example.org'] },
      'example.net': { 'policy-alias': 'big' },
    },
  });
  const r = parsePolicyList(json, { strict: true });
  assert.equal(r.ok, true);
  const list = unwrap(r);
  assert.equal(lookupPolicy(list, 'Example.NET.').mode, 'enforce');
  assert.equal(isMxAllowedByList(list, 'example.net', 'a.mx.big.example'), true);
  assert.equal(isMxAllowedByList(list, 'example.net', 'b.a.mx.big.example'), false);
  assert.match(
    policyListToPostfix(list, { now: new Date('2026-11-02T00:00:00Z') }),
    /example\.org\s+secure\s+match=mx1\.example\.org/,
  );
  assert.equal(JSON.parse(formatPolicyList(list)).policies['example.org'].mode, 'enforce');
  assert.equal(parsePolicyList('{"policies":', { strict: true }).ok, false);
});

import {
  checkPolicyResponse,
  formatMtaStsPolicy,
  isMxAllowed,
  matchesMx,
  parseMtaStsPolicy,
  parseMtaStsRecord,
  selectMtaStsRecord,
} from '@mailtls/mta-sts';

test('mta-sts: record, policy, MX matching and the HTTP rules', () => {
  assert.equal(unwrap(parseMtaStsRecord('v=STSv1; id=20240131;')).id, '20240131');
  assert.equal(selectMtaStsRecord([['v=STSv1; ', 'id=1;'], 'v=spf1 -all']).ok, true);
  assert.equal(selectMtaStsRecord(['v=STSv1; id=1;', 'v=STSv1; id=2;']).ok, false);
  const body = new TextEncoder().encode(
    'version: STSv1\nmode: enforce\nmx: *.mx.example.org\nmax_age: 604800\n',
  );
  const policy = unwrap(parseMtaStsPolicy(body));
  assert.equal(policy.mode, 'enforce');
  assert.equal(unwrap(parseMtaStsPolicy(formatMtaStsPolicy(policy))).maxAge, 604800);
  assert.equal(parseMtaStsPolicy('version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1e5\n').ok, false);
  assert.equal(matchesMx('*.mx.example.org', 'a.mx.example.org'), true);
  assert.equal(matchesMx('*.mx.example.org', 'b.a.mx.example.org'), false);
  assert.equal(isMxAllowed(policy, 'mx.example.org'), false);
  const url = 'https://mta-sts.example.org/.well-known/mta-sts.txt';
  assert.equal(
    checkPolicyResponse({ url, status: 200, headers: { 'content-type': 'text/plain' }, body }).ok,
    true,
  );
  assert.equal(
    checkPolicyResponse({ url, status: 301, headers: { location: 'https://www.example.org/' }, body }).ok,
    false,
  );
});

import {
  aggregateTlsrptReports,
  createTlsrptReportBuilder,
  decodeTlsrptReport,
  formatTlsrptReport,
  parseTlsrptRecord,
  parseTlsrptReport,
} from '@mailtls/tlsrpt';

const REPORT = {
  'organization-name': 'Example Sender',
  'date-range': { 'start-datetime': '2026-11-01T00:00:00Z', 'end-datetime': '2026-11-01T23:59:59Z' },
  'contact-info': 'tlsrpt@sender.example',
  'report-id': 'r-1',
  policies: [
    {
      policy: {
        'policy-type': 'sts',
        'policy-string': ['version: STSv1', 'mode: enforce', 'mx: mx.example.org', 'max_age: 86400'],
        'policy-domain': 'example.org',
        'mx-host': ['mx.example.org'],
      },
      summary: { 'total-successful-session-count': 7, 'total-failure-session-count': 1 },
      'failure-details': [
        {
          'result-type': 'certificate-expired',
          'sending-mta-ip': '192.0.2.1',
          'receiving-mx-hostname': 'mx.example.org',
          'failed-session-count': 1,
        },
      ],
    },
  ],
};

test('tlsrpt: record, report, gzip decoding and aggregation', async () => {
  const rec = unwrap(parseTlsrptRecord('v=TLSRPTv1; rua=mailto:tlsrpt@example.org,https://r.example.org/v1'));
  assert.equal(rec.rua.length, 2);
  // RFC 8460 §3: other schemes are grammatical; kept, marked unusable, with a warning
  const http = parseTlsrptRecord('v=TLSRPTv1; rua=http://r.example.org/');
  assert.equal(http.ok && http.value.rua[0].usable, false);
  assert.equal(http.warnings[0].code, 'rua-unsupported-scheme');
  assert.equal(parseTlsrptRecord('v=TLSRPTv1; ru=mailto:tlsrpt@example.org').ok, false);
  const json = JSON.stringify(REPORT);
  const report = unwrap(parseTlsrptReport(json, { strict: true }));
  assert.equal(report.policies[0].summary.totalFailureSessionCount, 1);
  const gz = new Uint8Array(
    await new Response(new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
  );
  const decoded = await decodeTlsrptReport(gz);
  assert.equal(decoded.ok && decoded.value.reportId, 'r-1');
  const agg = aggregateTlsrptReports([report]);
  assert.ok(agg);
  const noOffset = parseTlsrptReport(json.replace('2026-11-01T00:00:00Z', '2026-11-01T00:00:00'));
  assert.equal(noOffset.ok, true);
  assert.ok(noOffset.warnings.some((w) => w.code === 'datetime-no-offset' || w.code.includes('offset')));
  assert.equal(parseTlsrptReport('{"policies": [\n').ok, false);
  const b = createTlsrptReportBuilder({
    organizationName: 'Example Sender',
    contactInfo: 'tlsrpt@sender.example',
  });
  assert.equal(typeof b, 'object');
  assert.equal(typeof formatTlsrptReport, 'function');
});

import {
  createTlsaRecord,
  evaluateTlsaRrset,
  formatTlsaRecord,
  matchDaneEe,
  parseTlsaRecord,
  tlsaUsability,
  verifyDane,
} from '@mailtls/dane';

// examples/dane/chain.pem: a leaf for mx1.example.org and its issuing CA (P-256, valid to 2036).
const CHAIN_PEM = `-----BEGIN CERTIFICATE-----
MIIB4TCCAYigAwIBAgIUUCD1IynyTLcejePYXSUgN88O4QswCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXRXhhbXBsZSBNYWlsIElzc3VpbmcgQ0EwHhcNMjYxMTIzMjIz
MTU4WhcNMzYxMDAxMjIzMTU4WjAaMRgwFgYDVQQDDA9teDEuZXhhbXBsZS5vcmcw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQ8ubuC7yKJqiAseLlB3f76IQHCiiIa
JSqWC4oGoUcIn8W41n/q++pw/bm4y9+eJK0W1hhxoblJNAr89/aEyEIoo4GjMIGg
MAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUF
BwMBMCsGA1UdEQQkMCKCD214MS5leGFtcGxlLm9yZ4IPbXgyLmV4YW1wbGUub3Jn
MB0GA1UdDgQWBBQnMC7pTBA6lD5NcQ9jT1fO/RQVPTAfBgNVHSMEGDAWgBRTbov6
feWDJrXeXOnqhCKJOhNAVjAKBggqhkjOPQQDAgNHADBEAiAX4EoCNyeYwPkDM+pA
DjFAOakDSxkUXJufOz7JxOYPqAIgNAkMnVmWPfdxORye89qHCFymdHFUbnHe+epr
ojEuwfs=
-----END CERTIFICATE-----
-----BEGIN CERTIFICATE-----
MIIBqzCCAVKgAwIBAgIUIP38efzanI/MRDhzJSWj2bqsKgYwCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXRXhhbXBsZSBNYWlsIElzc3VpbmcgQ0EwHhcNMjYxMTIzMjIz
MTU4WhcNMzYxMTIwMjIzMTU4WjAiMSAwHgYDVQQDDBdFeGFtcGxlIE1haWwgSXNz
dWluZyBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMATqdUjITJcFSqISSxU
ryeo4MRqhopVft1ycJyDgiSLQfj0DWtjNhBUfZPTFFWNqUGmtcp6G7xDv+cgkeNU
CTqjZjBkMB0GA1UdDgQWBBRTbov6feWDJrXeXOnqhCKJOhNAVjAfBgNVHSMEGDAW
gBRTbov6feWDJrXeXOnqhCKJOhNAVjASBgNVHRMBAf8ECDAGAQH/AgEAMA4GA1Ud
DwEB/wQEAwIBBjAKBggqhkjOPQQDAgNHADBEAiBj7f7IFz2kIFAP9l6V6/YdDFDf
TW5yHybraz8klkbX8QIgKUpxJhtdQnEZvmgZg1GMwjliwLeQX/Z44tpX7YmiTmA=
-----END CERTIFICATE-----
`;
const chain = unwrap(pemToDer(CHAIN_PEM)).map((b) => b.der);

test('dane: records, 3 1 1 and 2 1 1 verification with the default verifier and pkijs', async () => {
  const ee = unwrap(
    parseTlsaRecord(
      '_25._tcp.mx1.example.org. 3600 IN TLSA 3 1 1 dd350d573d7c481313020e674ea778b1beb50fb30eb06d516d4883603240048a',
    ),
  );
  const ta = unwrap(
    parseTlsaRecord(' 2 1 1 863e21f26161854ac2a73e4456552cb3843fb4c4c3cbd7564e1c57dda3452a5e'),
  );
  assert.equal(
    formatTlsaRecord(unwrap(createTlsaRecord(CHAIN_PEM, { usage: 3, selector: 1, matchingType: 1 }))),
    formatTlsaRecord(ee),
  );
  assert.equal(tlsaUsability(ee).usable, true);
  assert.equal(
    tlsaUsability(
      unwrap(parseTlsaRecord('0 0 1 863e21f26161854ac2a73e4456552cb3843fb4c4c3cbd7564e1c57dda3452a5e')),
    ).usable,
    false,
  );
  assert.equal(matchDaneEe({ chain, records: [ee] }).matched !== undefined, true);
  assert.equal(matchDaneEe({ chain: [chain[1]], records: [ee] }).matched, undefined);
  const v3 = await verifyDane({
    chain,
    records: [ee],
    referenceIds: ['mx1.example.org'],
    now: new Date('2030-01-01T00:00:00Z'),
  });
  assert.equal(v3.verified, true);
  assert.equal(v3.depth, 0);
  const v2 = await verifyDane({
    chain,
    records: [ta],
    referenceIds: ['mx1.example.org'],
    now: new Date('2030-01-01T00:00:00Z'),
  });
  assert.equal(v2.verified, true);
  assert.equal(v2.depth, 1);
  const wrongName = await verifyDane({
    chain,
    records: [ta],
    referenceIds: ['mx9.example.org'],
    now: new Date('2030-01-01T00:00:00Z'),
  });
  assert.equal(wrongName.verified, false);
  assert.equal(wrongName.error.code, 'name-mismatch');
  // one bit of the leaf's signature flipped: the default verifier of this runtime must refuse it
  const forged = chain[0].slice();
  forged[forged.length - 1] ^= 1;
  const badSig = await verifyDane({
    chain: [forged, chain[1]],
    records: [ta],
    referenceIds: ['mx1.example.org'],
    now: new Date('2030-01-01T00:00:00Z'),
  });
  assert.equal(badSig.verified, false);
  assert.equal(badSig.error.code, 'bad-signature');
  assert.equal(evaluateTlsaRrset({ records: [ee], dnssec: 'secure' }).decision, 'verify');
  assert.equal(evaluateTlsaRrset({ records: [ee], dnssec: 'insecure' }).decision, 'no-dane');
});

import { dohResolver } from '@mailtls/check';

// A DoH endpoint in-process: answers any TXT question with one record and the AD bit set, as a
// validating resolver would (RFC 8484 wire format; dns-packet and its Buffer polyfill run inside
// the resolver in every runtime).
function fakeDoh(txt) {
  return async (_url, init) => {
    const q = new Uint8Array(init.body);
    let end = 12;
    while (q[end] !== 0) end += q[end] + 1;
    end += 5; // the root label, QTYPE, QCLASS
    const data = new TextEncoder().encode(txt);
    const answer = [0xc0, 0x0c, 0, 16, 0, 1, 0, 0, 1, 44, 0, data.length + 1, data.length, ...data];
    const header = [q[0], q[1], 0x81, 0xa0, 0, 1, 0, 1, 0, 0, 0, 0]; // QR RD RA AD, NOERROR
    const body = new Uint8Array([...header, ...q.subarray(12, end), ...answer]);
    return new Response(body, { status: 200, headers: { 'content-type': 'application/dns-message' } });
  };
}

test('check: the DoH resolver (dns-packet with the buffer polyfill) answers with the AD bit', async () => {
  const resolver = dohResolver({
    url: 'https://doh.invalid/dns-query',
    fetch: fakeDoh('v=STSv1; id=20240131;'),
  });
  const r = await resolver.query('_mta-sts.example.org', 'TXT');
  assert.equal(r.outcome, 'answer');
  assert.equal(r.ad, true);
  assert.deepEqual(r.records[0].data, ['v=STSv1; id=20240131;']);
  assert.equal(unwrap(parseMtaStsRecord(r.records[0].data.join(''))).id, '20240131');
});
