/**
 * The issue catalogue of `@mailtls/tlsrpt`: every code its functions can return, its own and the
 * core codes it passes through (JSON, UTF-8, date-times).
 * @module
 */
import { type Catalogue, type CoreIssueCode, datetimeIssues, hostnameIssues } from '@mailtls/core';
import { bytesIssues, utf8Issues } from '@mailtls/core/bytes';
import { jsonIssues } from '@mailtls/core/json';
import {
  type TlsrptRecordIssueCode,
  tlsrptRecordParseIssues,
  tlsrptRecordSelectIssues,
} from './_record-issues.ts';
import { type TlsrptReportIssueCode, tlsrptReportIssues } from './_report-issues.ts';

export type { TlsrptRecordIssueCode, TlsrptReportIssueCode };

/** Every code `@mailtls/tlsrpt` can return. Stable API: codes are added, never renamed or reused. */
export type TlsrptIssueCode = TlsrptRecordIssueCode | TlsrptReportIssueCode | CoreIssueCode;

/**
 * Refs and messages for every {@link TlsrptIssueCode}, core's included.
 * @example tlsrptIssues['rua-missing'].ref // 'RFC 8460 §3'
 */
export const tlsrptIssues: Catalogue<TlsrptIssueCode> = {
  ...hostnameIssues,
  ...datetimeIssues,
  ...bytesIssues,
  ...utf8Issues,
  ...jsonIssues,
  ...tlsrptRecordParseIssues,
  ...tlsrptRecordSelectIssues,
  ...tlsrptReportIssues,
};
