#!/usr/bin/env node
// TLSRPT (RFC 8460): parse a _smtp._tls record, decode a gzipped report, extract one from e-mail,
// and aggregate them (duplicates dropped).
//   node examples/tlsrpt.mjs   (after `pnpm build`)
import { readFileSync } from 'node:fs';
import {
  aggregateTlsrptReports,
  decodeTlsrptReport,
  extractTlsrptReports,
  parseTlsrptRecord,
} from 'mailtls/tlsrpt';

const file = (p) => new Uint8Array(readFileSync(new URL(p, import.meta.url)));

const record = parseTlsrptRecord(readFileSync(new URL('tlsrpt/record.txt', import.meta.url), 'utf8').trim());
console.log(
  'record.txt:',
  record.ok ? record.value.rua.map((r) => r.uri).join(', ') : record.errors[0].message,
);

const reports = [];
for (const p of ['tlsrpt/report.json', 'tlsrpt/report.json.gz']) {
  const r = await decodeTlsrptReport(file(p));
  console.log(`${p}: ${r.ok ? `${r.value.organizationName}, report ${r.value.reportId}` : r.errors[0].code}`);
  if (r.ok) reports.push(r.value);
}
const mail = await extractTlsrptReports(file('tlsrpt-mail/report.eml'));
if (mail.ok) for (const x of mail.value) reports.push({ report: x.report, submitter: x.meta.submitter });
console.log(
  `tlsrpt-mail/report.eml: ${mail.ok ? `${mail.value.length} report(s) from ${mail.value[0]?.meta.submitter}` : mail.errors[0].code}`,
);

const agg = aggregateTlsrptReports(reports);
console.log(`\n${agg.reports} reports (${agg.duplicates} duplicate dropped)`);
for (const s of agg.sessions)
  console.log(`  ${s.day} ${s.policyDomain} ${s.policyType}: ${s.successful} ok, ${s.failed} failed`);
for (const f of agg.failures)
  console.log(`  ${f.day} ${f.resultType} at ${f.receivingMxHostname}: ${f.sessions}`);
