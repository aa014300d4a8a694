/**
 * `@mailtls/tlsrpt`: SMTP TLS Reporting (RFC 8460) for receivers and senders. The
 * `_smtp._tls` TXT record; the JSON aggregate report (strict linter and lenient ingest); gzip and
 * e-mail delivery; aggregation and deduplication; a report builder for senders; a zod schema.
 * Runtime-agnostic: web-standard APIs only.
 * @module
 */

export {
  type AggregateOptions,
  aggregateTlsrptReports,
  dedupeTlsrptReports,
  mergeTlsrptAggregates,
  type TlsrptAggregate,
  type TlsrptAggregateInput,
  type TlsrptDedupeResult,
  type TlsrptFailureRow,
  type TlsrptSessionRow,
  tlsrptDedupeKey,
  tlsrptReporter,
} from './aggregate.ts';
export {
  createTlsrptReportBuilder,
  type TlsrptFailureInput,
  type TlsrptReportBuilder,
  type TlsrptReportBuilderOptions,
  type TlsrptSessionPolicy,
} from './builder.ts';
export { type DecodeOptions, decodeTlsrptReport } from './decode.ts';
export {
  type ExtractedReport,
  type ExtractOptions,
  extractTlsrptReports,
  type TlsrptDkimResult,
  type TlsrptMessageMeta,
} from './extract.ts';
export {
  type EncodeOptions,
  encodeTlsrptReport,
  type FilenameOptions,
  formatTlsrptReport,
  parseTlsrptFilename,
  type SubjectOptions,
  type TlsrptFilename,
  tlsrptFilename,
  tlsrptSubject,
} from './format.ts';
export {
  type TlsrptIssueCode,
  type TlsrptRecordIssueCode,
  type TlsrptReportIssueCode,
  tlsrptIssues,
} from './issues.ts';
export {
  formatTlsrptRecord,
  parseTlsrptRecord,
  selectTlsrptRecord,
  type TlsrptRecord,
  type TlsrptRecordInput,
  type TlsrptRua,
} from './record.ts';
export {
  parseTlsrptReport,
  type TlsrptDateRange,
  type TlsrptFailureDetail,
  type TlsrptPolicy,
  type TlsrptPolicyResult,
  type TlsrptPolicyType,
  type TlsrptReport,
  type TlsrptReportOptions,
  type TlsrptStsPolicy,
  type TlsrptSummary,
  type TlsrptTlsaRecord,
} from './report.ts';
export {
  describeResultType,
  isTlsrptResultType,
  type ResultTypeDescription,
  TLSRPT_RESULT_TYPES,
  type TlsrptResultType,
} from './result-types.ts';
export { type TlsrptReportJson, tlsrptReportJsonSchema, tlsrptReportSchema } from './schema.ts';
