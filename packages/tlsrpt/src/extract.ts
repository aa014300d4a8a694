/**
 * Report e-mail (RFC 8460 §5.3): find the report parts of a message, decode them, and cross-check
 * the TLS-Report-* headers, the Subject and the §5.1 filename against the JSON (the JSON wins).
 * @module
 */
import {
  type Issue,
  issue,
  type ParseOptions,
  type Result,
  type TextLocation,
  validateHostname,
} from '@mailtls/core';
import { bytesToBinary, decodeBody, header, type MimePart, parseEntity, parseMimeValue } from './_mime.ts';
import { decodeTlsrptReport, sniff } from './decode.ts';
import { parseTlsrptFilename, type TlsrptFilename } from './format.ts';
import { type TlsrptIssueCode, tlsrptIssues } from './issues.ts';
import type { TlsrptReport } from './report.ts';

/**
 * The caller's DKIM verdict for the message. This package does not verify DKIM: run your
 * verifier (e.g. mailauth's `dkimVerify`) on the raw message and pass the passing signature here.
 */
export interface TlsrptDkimResult {
  /** Whether a signature verified. */
  readonly pass: boolean;
  /** The signing domain (`d=`). */
  readonly domain: string;
  /** The selector (`s=`). */
  readonly selector?: string;
  /** The signed header field names (`h=`), to check coverage of TLS-Report-Domain/-Submitter. */
  readonly signedHeaders?: readonly string[];
  /** The key record's service types (`s=` of the DKIM key); absent or `*` means all services. */
  readonly keyServices?: readonly string[];
  /** Whether the signature used a body length limit (`l=`), which §5.3 forbids. */
  readonly bodyLength?: boolean;
}

/** Options for {@link extractTlsrptReports}. */
export interface ExtractOptions extends ParseOptions {
  /** Cap on the message size in bytes. Default 25 MiB. */
  readonly maxMessage?: number;
  /** Cap on each decompressed report. Default 20 MiB. */
  readonly maxDecompressed?: number;
  /** The caller's DKIM verification result; when given, it is checked against §5.3. */
  readonly dkim?: TlsrptDkimResult;
  /** Require the DKIM key to declare `s=tlsrpt` (§5.3 SHOULD). Default false: the big senders sign with general keys. */
  readonly requireTlsrptService?: boolean;
}

/** What the message said about the report, beside the JSON. */
export interface TlsrptMessageMeta {
  /** `TLS-Report-Domain`. */
  readonly reportDomain?: string;
  /** `TLS-Report-Submitter`. */
  readonly submitter?: string;
  /** The unfolded Subject and what could be read from it. */
  readonly subject?: {
    readonly raw: string;
    readonly policyDomain?: string;
    readonly submitter?: string;
    readonly reportId?: string;
  };
  /** The attachment's file name (Content-Disposition `filename`, else Content-Type `name`). */
  readonly filename?: string;
  /** The §5.1 parts of `filename`, when it follows the syntax. */
  readonly parsedFilename?: TlsrptFilename;
  /** The report part's media type as labelled. */
  readonly contentType: string;
  /** Whether the body was compressed (sniffed). */
  readonly compressed: boolean;
}

/** One report found in a message. */
export interface ExtractedReport {
  readonly report: TlsrptReport;
  readonly meta: TlsrptMessageMeta;
  /** This report's warnings: JSON issues (pointers) and metadata cross-checks (message offsets). */
  readonly warnings: readonly Issue<TlsrptIssueCode>[];
}

const MIB = 1024 * 1024;
const EXACT = new Set(['application/tlsrpt+gzip', 'application/tlsrpt+json']);
const GUESS_TYPES = new Set([
  'application/gzip',
  'application/x-gzip',
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
  'application/json',
]);

/**
 * Extracts every TLSRPT report from an e-mail: `multipart/report; report-type=tlsrpt` with
 * `application/tlsrpt+gzip` or `+json` parts (matched case-insensitively, quoted or not), and in
 * lenient mode the fallbacks real senders use (a report found by file name `.json`, `.json.gz`,
 * `.gz`, `.zip`, or labelled `application/gzip`/`zip`/`octet-stream`/`json`, or a single-part
 * message whose body is the report: warning `report-part-guessed`). Each report is cross-checked
 * against `TLS-Report-Domain`, `TLS-Report-Submitter`, the Subject's Report-ID and the §5.1
 * filename; disagreements are warnings (strict) or info (lenient) and the JSON wins (§5.6).
 * A missing `policy-domain` is filled from `TLS-Report-Domain` or the filename (lenient).
 * DKIM is the caller's (§5.3 "MUST be ignored" when unsigned): pass `options.dkim`.
 * @example const r = await extractTlsrptReports(rawEmail); r.ok && r.value[0].meta.submitter // 'google.com'
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-5.3
 */
export async function extractTlsrptReports(
  message: string | Uint8Array,
  options: ExtractOptions = {},
): Promise<Result<ExtractedReport[], TlsrptIssueCode>> {
  // Total for JavaScript callers: options and message of any type
  const opts = readOptions(options);
  const strict = opts.strict === true;
  const msgIssues: Issue<TlsrptIssueCode>[] = [];
  // positions come from a line index built once per text (counting from the start for each
  // issue was quadratic over a message with many issues)
  let indexed: string | undefined;
  let locate: (offset: number) => TextLocation = () => ({ offset: 0, line: 1, column: 1 });
  const atOffset = (text: string, offset: number): TextLocation => {
    if (text !== indexed) {
      indexed = text;
      locate = lineLocator(text);
    }
    return locate(offset);
  };
  if (typeof message !== 'string' && !(message instanceof Uint8Array)) {
    const kind = message === null ? 'null' : typeof message;
    const at = { offset: 0, line: 1, column: 1 };
    return {
      ok: false,
      errors: [issue(tlsrptIssues, 'message-syntax', 'error', at, `not text or bytes: ${kind}`)],
      warnings: [],
    };
  }
  const bytes = typeof message === 'string' ? new TextEncoder().encode(message) : message;
  const max = opts.maxMessage ?? 25 * MIB;
  if (bytes.length > max) {
    return {
      ok: false,
      errors: [
        issue(
          tlsrptIssues,
          'input-too-large',
          'error',
          { offset: 0, line: 1, column: 1 },
          `${bytes.length} bytes`,
        ),
      ],
      warnings: [],
    };
  }
  const text = bytesToBinary(bytes);
  const root = parseEntity(text);
  const add = (code: TlsrptIssueCode, severity: Issue['severity'], offset: number, detail?: string) =>
    msgIssues.push(issue(tlsrptIssues, code, severity, atOffset(text, offset), detail));
  /** Message-lint findings: warnings when linting, info when ingesting. */
  const lint = (code: TlsrptIssueCode, offset: number, detail?: string) =>
    add(code, strict ? 'warning' : 'info', offset, detail);
  const dev = (code: TlsrptIssueCode, offset: number, detail?: string) =>
    add(code, strict ? 'error' : 'warning', offset, detail);

  if (root.headers.length === 0) {
    add('message-syntax', 'error', 0, 'no header fields');
    return finish(msgIssues, []);
  }
  const domainH = header(root, 'tls-report-domain');
  const submitterH = header(root, 'tls-report-submitter');
  // §5.3: "These message headers MUST be included"
  if (domainH === undefined) dev('header-missing', 0, 'TLS-Report-Domain');
  if (submitterH === undefined) dev('header-missing', 0, 'TLS-Report-Submitter');
  const reportDomain = domainH === undefined ? undefined : hostOrRaw(domainH.value);
  const submitter = submitterH === undefined ? undefined : hostOrRaw(submitterH.value);
  const subjectH = header(root, 'subject');
  const subject = subjectH === undefined ? undefined : readSubject(subjectH.value);
  if (subjectH !== undefined && subject !== undefined && !subject.wellFormed)
    lint('subject-syntax', subjectH.offset, subjectH.value);

  if (opts.dkim !== undefined) checkDkim(opts, opts.dkim, submitterH?.offset ?? 0, add, lint);

  // Find the report parts
  const found: { part: MimePart; guessed: boolean }[] = [];
  const walk = (p: MimePart): void => {
    if (p.parts.length > 0) {
      for (const c of p.parts) walk(c);
      return;
    }
    const type = p.contentType.value;
    if (EXACT.has(type)) found.push({ part: p, guessed: false });
    else if (p !== root && (GUESS_TYPES.has(type) || /\.(json|json\.gz|gz|zip)$/i.test(fileName(p) ?? ''))) {
      found.push({ part: p, guessed: true });
    }
  };
  walk(root);
  if (found.length === 0 && root.parts.length === 0) {
    // A single-part message whose body is the report itself
    const body = decodeBody(root);
    if (body !== undefined && (sniff(body) !== 'json' || body[firstNonSpace(body)] === 0x7b))
      found.push({ part: root, guessed: true });
  }
  if (found.length === 0) {
    add('report-part-missing', 'error', root.offset);
    return finish(msgIssues, []);
  }

  const reports: ExtractedReport[] = [];
  const partErrors: Issue<TlsrptIssueCode>[] = [];
  for (const { part, guessed } of found) {
    const own: Issue<TlsrptIssueCode>[] = [];
    const ownAdd = (code: TlsrptIssueCode, severity: Issue['severity'], offset: number, detail?: string) =>
      own.push(issue(tlsrptIssues, code, severity, atOffset(text, offset), detail));
    const ownLint = (code: TlsrptIssueCode, offset: number, detail?: string) =>
      ownAdd(code, strict ? 'warning' : 'info', offset, detail);
    if (guessed)
      ownAdd('report-part-guessed', strict ? 'error' : 'warning', part.offset, part.contentType.value);
    const body = decodeBody(part);
    if (body === undefined) {
      ownAdd('message-syntax', 'error', part.offset, 'invalid base64 body');
      partErrors.push(...own);
      continue;
    }
    const name = fileName(part);
    const parsedFilename = name === undefined ? undefined : parseTlsrptFilename(name);
    const dispOffset =
      (header(part, 'content-disposition') ?? header(part, 'content-type'))?.offset ?? part.offset;
    if (name !== undefined && parsedFilename === undefined) ownLint('filename-syntax', dispOffset, name);
    const compressed = sniff(body) !== 'json';
    // §5.2 SHOULD compress (Halon sends plain JSON)
    if (!compressed) ownLint('report-uncompressed', part.offset);
    const fill = reportDomain ?? parsedFilename?.policyDomain;
    const decoded = await decodeTlsrptReport(body, {
      strict,
      ...(opts.maxDecompressed === undefined ? {} : { maxDecompressed: opts.maxDecompressed }),
      ...(fill === undefined ? {} : { policyDomain: fill }),
    });
    if (!decoded.ok) {
      partErrors.push(...own, ...decoded.warnings, ...decoded.errors);
      continue;
    }
    const report = decoded.value;
    // Cross-checks (§5.6: the report is authoritative)
    const domains = new Set(report.policies.map((p) => p.policy.policyDomain).filter((d) => d !== undefined));
    if (reportDomain !== undefined && domains.size > 0 && !domains.has(reportDomain)) {
      ownLint('metadata-mismatch', domainH?.offset ?? 0, `TLS-Report-Domain ${reportDomain}`);
    }
    const contactDomain = report.contactInfo?.slice(report.contactInfo.lastIndexOf('@') + 1).toLowerCase();
    if (submitter !== undefined && contactDomain !== undefined && contactDomain !== submitter) {
      // Mail.ru: TLS-Report-Submitter mail.ru, contact tls_support@corp.mail.ru
      ownAdd(
        'submitter-contact-mismatch',
        strict ? 'error' : 'warning',
        submitterH?.offset ?? 0,
        `${submitter} ≠ ${contactDomain}`,
      );
    }
    if (subject !== undefined && subjectH !== undefined) {
      if (
        subject.value.reportId !== undefined &&
        report.reportId !== undefined &&
        subject.value.reportId !== report.reportId
      ) {
        // Google's Subject id differs from its JSON id; Microsoft omits "<>"
        ownLint('metadata-mismatch', subjectH.offset, `Subject Report-ID ${subject.value.reportId}`);
      }
      if (
        subject.value.policyDomain !== undefined &&
        reportDomain !== undefined &&
        subject.value.policyDomain !== reportDomain
      ) {
        ownLint('metadata-mismatch', subjectH.offset, `Subject domain ${subject.value.policyDomain}`);
      }
    }
    if (parsedFilename !== undefined) {
      const r = report.dateRange;
      const endOk = [r.endMs, r.endExclusiveMs, r.endExclusiveMs - 1000].some(
        (ms) => Math.floor(ms / 1000) === parsedFilename.end,
      );
      // Timestamps are true epochs: a generator writing local time with a literal "Z" (Halon) shows here
      if (Math.floor(r.startMs / 1000) !== parsedFilename.begin || !endOk)
        ownLint('metadata-mismatch', dispOffset, `filename range ${name}`);
      if (domains.size > 0 && !domains.has(parsedFilename.policyDomain))
        ownLint('metadata-mismatch', dispOffset, `filename domain ${parsedFilename.policyDomain}`);
      if (submitter !== undefined && parsedFilename.sender !== submitter)
        ownLint('metadata-mismatch', dispOffset, `filename sender ${parsedFilename.sender}`);
    }
    const meta: {
      -readonly [K in keyof TlsrptMessageMeta]: TlsrptMessageMeta[K];
    } = { contentType: part.contentType.value, compressed };
    if (reportDomain !== undefined) meta.reportDomain = reportDomain;
    if (submitter !== undefined) meta.submitter = submitter;
    if (subject !== undefined) meta.subject = subject.value;
    if (name !== undefined) meta.filename = name;
    if (parsedFilename !== undefined) meta.parsedFilename = parsedFilename;
    reports.push({
      report,
      meta,
      warnings: [...own.filter((i) => i.severity !== 'error'), ...decoded.warnings],
    });
    partErrors.push(...own.filter((i) => i.severity === 'error'));
  }
  if (opts.dkim?.pass === true) {
    // §5.3: "a valid DKIM signature by the reporting domain". Spec notes 5.3: that domain is
    // ambiguous (the submitter's or the contact-info's): accept either. Judged once the reports
    // are read, as contact-info lives in the JSON.
    const d = hostOrRaw(opts.dkim.domain);
    const domains = reports.flatMap((r) => {
      const c = r.report.contactInfo;
      return c === undefined ? [] : [hostOrRaw(c.slice(c.lastIndexOf('@') + 1))];
    });
    if (submitter !== undefined) domains.push(submitter);
    if (domains.length > 0 && !domains.some((x) => relatedDomains(d, x)))
      add('dkim-domain-mismatch', strict ? 'error' : 'warning', submitterH?.offset ?? 0, d);
  }
  return finish([...msgIssues, ...partErrors], reports);
}

/** Whether a signing domain `d` and a reporting domain are the same, or one is a parent of the other. */
const relatedDomains = (d: string, x: string): boolean =>
  d === x || x.endsWith(`.${d}`) || d.endsWith(`.${x}`);

/** The options as far as they are usable: any JavaScript value in, well-typed fields out. */
function readOptions(options: unknown): ExtractOptions {
  if (typeof options !== 'object' || options === null) return {};
  const o = options as { [K in keyof ExtractOptions]?: unknown };
  const num = (v: unknown) => (typeof v === 'number' && !Number.isNaN(v) ? v : undefined);
  const out: { -readonly [K in keyof ExtractOptions]: ExtractOptions[K] } = {};
  if (o.strict === true) out.strict = true;
  if (o.requireTlsrptService === true) out.requireTlsrptService = true;
  const maxMessage = num(o.maxMessage);
  if (maxMessage !== undefined) out.maxMessage = maxMessage;
  const maxDecompressed = num(o.maxDecompressed);
  if (maxDecompressed !== undefined) out.maxDecompressed = maxDecompressed;
  const dkim = o.dkim as { [K in keyof TlsrptDkimResult]?: unknown } | null | undefined;
  if (typeof dkim === 'object' && dkim !== null) {
    const strings = (v: unknown) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
    const d: { -readonly [K in keyof TlsrptDkimResult]: TlsrptDkimResult[K] } = {
      pass: dkim.pass === true,
      domain: typeof dkim.domain === 'string' ? dkim.domain : '',
    };
    if (typeof dkim.selector === 'string') d.selector = dkim.selector;
    const signed = strings(dkim.signedHeaders);
    if (signed !== undefined) d.signedHeaders = signed;
    const services = strings(dkim.keyServices);
    if (services !== undefined) d.keyServices = services;
    if (dkim.bodyLength === true) d.bodyLength = true;
    out.dkim = d;
  }
  return out;
}

function finish(
  issues: Issue<TlsrptIssueCode>[],
  reports: ExtractedReport[],
): Result<ExtractedReport[], TlsrptIssueCode> {
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = [...issues.filter((i) => i.severity !== 'error'), ...reports.flatMap((r) => r.warnings)];
  const [first, ...rest] = errors;
  if (first !== undefined) return { ok: false, errors: [first, ...rest], warnings };
  return { ok: true, value: reports, warnings };
}

/** The DKIM checks that need no report: pass, `l=`, signed headers, key services. */
function checkDkim(
  options: ExtractOptions,
  dkim: TlsrptDkimResult,
  at: number,
  add: (code: TlsrptIssueCode, severity: Issue['severity'], offset: number, detail?: string) => void,
  lint: (code: TlsrptIssueCode, offset: number, detail?: string) => void,
): void {
  // §5.3: "Reports lacking such a signature MUST be ignored by the recipient"; l= MUST NOT be used
  if (!dkim.pass || dkim.bodyLength === true) {
    add('dkim-failed', 'error', 0, dkim.pass ? 'l= used' : dkim.domain);
    return;
  }
  if (dkim.signedHeaders !== undefined) {
    const h = new Set(dkim.signedHeaders.map((x) => x.trim().toLowerCase()));
    // SHOULD (Google covers them; Microsoft and Mail.ru do not): a lint finding only
    if (!h.has('tls-report-domain') || !h.has('tls-report-submitter')) lint('dkim-headers-uncovered', at);
  }
  const services = dkim.keyServices;
  if (
    options.requireTlsrptService &&
    services !== undefined &&
    !services.includes('*') &&
    !services.includes('tlsrpt')
  ) {
    add('dkim-service-missing', 'error', at, services.join(':'));
  }
}

function hostOrRaw(v: string): string {
  const r = validateHostname(v.trim());
  return r.ok ? r.value.ascii : v.trim().toLowerCase();
}

function fileName(p: MimePart): string | undefined {
  const disp = header(p, 'content-disposition');
  const fromDisp = disp === undefined ? undefined : parseMimeValue(disp.value).params.get('filename');
  return fromDisp ?? p.contentType.params.get('name');
}

function firstNonSpace(b: Uint8Array): number {
  let i = 0;
  while (
    i < b.length &&
    (b[i] === 0x20 ||
      b[i] === 0x0a ||
      b[i] === 0x0d ||
      b[i] === 0x09 ||
      b[i] === 0xef ||
      b[i] === 0xbb ||
      b[i] === 0xbf)
  )
    i++;
  return i;
}

/**
 * Reads `Report Domain: d Submitter: s Report-ID: <id>` (§5.3) leniently: Microsoft omits the
 * angle brackets, Stalwart's id has no "@", Mail.ru folds the line.
 */
function readSubject(raw: string): {
  wellFormed: boolean;
  value: NonNullable<TlsrptMessageMeta['subject']>;
} {
  const words = raw.split(/[ \t]+/).filter((w) => w !== '');
  const after = (label: string): string | undefined => {
    const k = words.findIndex((w) => w.toLowerCase() === label);
    return k < 0 ? undefined : words[k + 1];
  };
  const domain = after('domain:');
  const sub = after('submitter:');
  const id = after('report-id:');
  const value: {
    -readonly [K in keyof NonNullable<TlsrptMessageMeta['subject']>]: NonNullable<
      TlsrptMessageMeta['subject']
    >[K];
  } = { raw };
  if (domain !== undefined) value.policyDomain = hostOrRaw(domain);
  if (sub !== undefined) value.submitter = hostOrRaw(sub);
  let wellFormed =
    words[0] === 'Report' &&
    words[1] === 'Domain:' &&
    domain !== undefined &&
    sub !== undefined &&
    id !== undefined;
  if (id !== undefined) {
    const bracketed = id.startsWith('<') && id.endsWith('>');
    value.reportId = bracketed ? id.slice(1, -1) : id;
    // msg-id = "<" id-left "@" id-right ">"
    if (!bracketed || !value.reportId.includes('@')) wellFormed = false;
  }
  return { wellFormed, value };
}

/**
 * Offsets of `text` to line and column (1-based, in UTF-16 code units), from an index of its line
 * ends built once: each lookup is a binary search. Internal (exported for the tests).
 */
export function lineLocator(text: string): (offset: number) => TextLocation {
  const ends: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) ends.push(i);
  return (offset) => {
    // the line ends before `offset`
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ends[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return { offset, line: lo + 1, column: offset - (lo === 0 ? 0 : (ends[lo - 1] as number) + 1) + 1 };
  };
}
