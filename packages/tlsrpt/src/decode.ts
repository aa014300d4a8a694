/**
 * Delivery bodies (RFC 8460 §5.2): sniff gzip, ZIP or plain JSON, decompress under a size cap,
 * then parse.
 * @module
 */
import { type Issue, issue, type Result } from '@mailtls/core';
import { inflateCapped, readCapped } from './_streams.ts';
import { type TlsrptIssueCode, tlsrptIssues } from './issues.ts';
import { parseTlsrptReport, type TlsrptReport, type TlsrptReportOptions } from './report.ts';

/** Options for {@link decodeTlsrptReport}. */
export interface DecodeOptions extends TlsrptReportOptions {
  /** Cap on the (compressed) input in bytes. Default 10 MiB, "a commonly observed receiver limit". */
  readonly maxInput?: number;
  /** Cap on the decompressed report in bytes. Default 20 MiB (as mox). */
  readonly maxDecompressed?: number;
}

const MIB = 1024 * 1024;
const at0 = { offset: 0, line: 1, column: 1 };

/** What the first bytes say the body is. */
export function sniff(bytes: Uint8Array): 'gzip' | 'zip' | 'json' {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  return 'json';
}

/**
 * Decodes a report body from e-mail or an HTTPS POST: gzip (magic `1f 8b`, concatenated members
 * accepted where the runtime's DecompressionStream does) or plain JSON, sniffed from the bytes,
 * never from labels. A ZIP archive (Stalwart and parsedmarc accept one) is read in lenient mode
 * with warning `zip-container`. Decompression streams under a cap (default 20 MiB): past it,
 * reading stops and the stream is cancelled, so a gzip bomb is an error (`decompress-limit`), not
 * an out-of-memory. The body may be bytes (a `Uint8Array` or an `ArrayBuffer`), a stream of
 * `Uint8Array` chunks, or a string, which is report text as `parseTlsrptReport` reads it (a
 * string cannot carry gzip). Anything else is `report-not-object`. Never rejects.
 * @example await decodeTlsrptReport(gzippedBytes) // { ok: true, value: { organizationName: 'Google Inc.', … } }
 * @see https://www.rfc-editor.org/rfc/rfc8460#section-5.2
 */
export async function decodeTlsrptReport(
  body: Uint8Array | ArrayBuffer | string | ReadableStream<Uint8Array>,
  options: DecodeOptions = {},
): Promise<Result<TlsrptReport, TlsrptIssueCode>> {
  // Total for JavaScript callers: options and body of any type
  const opts: DecodeOptions = typeof options === 'object' && options !== null ? options : {};
  const cap = (v: unknown, d: number) => (typeof v === 'number' && !Number.isNaN(v) ? v : d);
  const maxInput = cap(opts.maxInput, 10 * MIB);
  const maxOut = cap(opts.maxDecompressed, 20 * MIB);
  const fail = (code: TlsrptIssueCode, detail?: string, warnings: Issue<TlsrptIssueCode>[] = []) =>
    ({ ok: false, errors: [issue(tlsrptIssues, code, 'error', at0, detail)], warnings }) as const;
  let bytes: Uint8Array;
  if (body instanceof Uint8Array) bytes = body;
  else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
  else if (typeof body === 'string') {
    if (body.length > maxInput) return fail('input-too-large', `${body.length} characters`);
    return parseTlsrptReport(body, { ...opts, maxLength: Math.max(maxOut, body.length) });
  } else if (typeof (body as { getReader?: unknown } | null)?.getReader !== 'function') {
    return fail('report-not-object', `not bytes, text or a stream: ${body === null ? 'null' : typeof body}`);
  } else {
    const read = await readCapped(body as ReadableStream<Uint8Array>, maxInput);
    if (read.kind === 'limit') return fail('input-too-large', `more than ${maxInput} bytes`);
    if (read.kind === 'error') return fail('decompress-failed', read.message);
    bytes = read.bytes;
  }
  if (bytes.length > maxInput) return fail('input-too-large', `${bytes.length} bytes`);
  const kind = sniff(bytes);
  const warnings: Issue<TlsrptIssueCode>[] = [];
  let json = bytes;
  if (kind === 'zip') {
    // Not in the RFC: strict refuses; lenient reads the first stored or deflated entry
    if (opts.strict === true) return fail('zip-container');
    warnings.push(issue(tlsrptIssues, 'zip-container', 'warning', at0));
    const entry = zipEntry(bytes);
    if (entry === undefined) return fail('zip-unsupported', undefined, warnings);
    if (entry.method === 0) json = entry.data;
    else {
      const out = await inflateCapped(entry.data, 'deflate-raw', maxOut);
      if (out.kind !== 'ok')
        return fail(out.kind === 'limit' ? 'decompress-limit' : 'decompress-failed', undefined, warnings);
      json = out.bytes;
    }
  } else if (kind === 'gzip') {
    const out = await inflateCapped(bytes, 'gzip', maxOut);
    if (out.kind === 'limit') return fail('decompress-limit', `more than ${maxOut} bytes`);
    if (out.kind === 'error') return fail('decompress-failed', out.message);
    json = out.bytes;
  }
  if (json.length > maxOut) return fail('decompress-limit', `more than ${maxOut} bytes`, warnings);
  return withWarnings(
    parseTlsrptReport(json, { ...opts, maxLength: Math.max(maxOut, json.length) }),
    warnings,
  );
}

function withWarnings<T>(
  r: Result<T, TlsrptIssueCode>,
  extra: readonly Issue<TlsrptIssueCode>[],
): Result<T, TlsrptIssueCode> {
  if (extra.length === 0) return r;
  return { ...r, warnings: [...extra, ...r.warnings] };
}

/** The first file of a ZIP archive (APPNOTE 4.3.7 local header; sizes from the central directory when deferred). */
function zipEntry(b: Uint8Array): { method: number; data: Uint8Array } | undefined {
  const u16 = (o: number) => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
  const u32 = (o: number) => (u16(o) | (u16(o + 2) << 16)) >>> 0;
  if (b.length < 30) return undefined;
  const flags = u16(6);
  const method = u16(8);
  let size = u32(18);
  const nameLen = u16(26);
  const extraLen = u16(28);
  const start = 30 + nameLen + extraLen;
  if (flags & 0x08) {
    // Sizes deferred to a data descriptor: take them from the first central directory entry
    let eocd = -1;
    for (let o = b.length - 22; o >= Math.max(0, b.length - 65_557); o--) {
      if (u32(o) === 0x06054b50) {
        eocd = o;
        break;
      }
    }
    if (eocd < 0) return undefined;
    const cd = u32(eocd + 16);
    if (u32(cd) !== 0x02014b50) return undefined;
    size = u32(cd + 20);
  }
  if ((method !== 0 && method !== 8) || flags & 0x01 || start + size > b.length) return undefined;
  return { method, data: b.subarray(start, start + size) };
}
