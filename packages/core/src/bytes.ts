/**
 * Bytes on `Uint8Array`: hex, base64, PEM ⇄ DER, and strict UTF-8 decoding (from `utf8.ts`, kept
 * apart so that importing it alone bundles only its own message). Uint8Array only.
 * @module
 */
import { type BytesIssueCode, bytesIssues, type CoreIssueCode } from './issues.ts';

export { type BytesIssueCode, bytesIssues, type Utf8IssueCode, utf8Issues } from './issues.ts';
export { decodeUtf8 } from './utf8.ts';

import { typeName } from './_input.ts';
import { issue, type Result } from './result.ts';

const HEX = '0123456789abcdef';

const textAt = (offset: number) => ({ offset, line: 1, column: offset + 1 });

/** The `input-type` error for a value that is not a string (JavaScript callers). */
const notString = (x: unknown): Result<never, CoreIssueCode> => ({
  ok: false,
  errors: [issue(bytesIssues, 'input-type', 'error', textAt(0), typeName(x))],
  warnings: [],
});

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** Options for {@link hexToBytes}. */
export interface HexOptions {
  /** Skip SP, TAB, CR and LF between digits (TLSA presentation form allows it). Default false. */
  readonly whitespace?: boolean;
}

/**
 * Decodes hex (either case) to bytes. Total: a value that is not a string is the error `input-type`.
 * @example hexToBytes('0aFF') // ok, Uint8Array [10, 255]
 * @see https://www.rfc-editor.org/rfc/rfc4648#section-8
 */
export function hexToBytes(hex: string, options: HexOptions = {}): Result<Uint8Array, CoreIssueCode> {
  if (typeof hex !== 'string') return notString(hex);
  const whitespace = options?.whitespace; // options may be null from JavaScript callers
  const out = new Uint8Array(hex.length >>> 1);
  let n = 0;
  let high = -1;
  let highAt = 0;
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i);
    const v = hexValue(c);
    if (v < 0) {
      if (whitespace && isSpace(c)) continue;
      return {
        ok: false,
        errors: [issue(bytesIssues, 'hex-invalid', 'error', textAt(i), hex[i])],
        warnings: [],
      };
    }
    if (high < 0) {
      high = v;
      highAt = i;
    } else {
      out[n++] = (high << 4) | v;
      high = -1;
    }
  }
  if (high >= 0) {
    return {
      ok: false,
      errors: [issue(bytesIssues, 'hex-odd-length', 'error', textAt(highAt))],
      warnings: [],
    };
  }
  return { ok: true, value: n === out.length ? out : out.slice(0, n), warnings: [] };
}

/**
 * Encodes bytes as lower-case hex.
 * @example bytesToHex(new Uint8Array([10, 255])) // '0aff'
 */
export function bytesToHex(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) return ''; // total for JavaScript callers
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    s += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return s;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
let b64Lookup: Int16Array | undefined;
function b64Table(): Int16Array {
  if (b64Lookup) return b64Lookup;
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[B64.charCodeAt(i)] = i;
  b64Lookup = t;
  return t;
}

/** Options for {@link base64ToBytes}. */
export interface Base64Options {
  /** Skip SP, TAB, CR and LF (PEM bodies, folded headers). Default false. */
  readonly whitespace?: boolean;
}

/**
 * Decodes standard base64 (RFC 4648 §4) with canonical padding; bits past the last byte must be 0.
 * Total: a value that is not a string is the error `input-type`.
 * @example base64ToBytes('AQID') // ok, Uint8Array [1, 2, 3]
 * @example base64ToBytes('AR==').errors[0].at.offset // 1: "R" leaves spare bits set
 * @see https://www.rfc-editor.org/rfc/rfc4648#section-4
 */
export function base64ToBytes(text: string, options: Base64Options = {}): Result<Uint8Array, CoreIssueCode> {
  if (typeof text !== 'string') return notString(text);
  const whitespace = options?.whitespace; // options may be null from JavaScript callers
  const table = b64Table();
  const out = new Uint8Array(Math.ceil((text.length * 3) / 4));
  const fail = (i: number): Result<Uint8Array, CoreIssueCode> => ({
    ok: false,
    errors: [
      issue(bytesIssues, 'base64-invalid', 'error', textAt(i), i < text.length ? text[i] : 'end of input'),
    ],
    warnings: [],
  });
  let n = 0;
  let acc = 0;
  let bits = 0;
  let quads = 0; // characters consumed, including padding
  let pad = 0;
  let last = 0; // offset of the last data character: the one holding any spare bits
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (whitespace && isSpace(c)) continue;
    if (c === 0x3d) {
      // "=" only at the end, at most two, completing a quantum
      pad++;
      quads++;
      if (pad > 2) return fail(i);
      continue;
    }
    const v = c < 128 ? (table[c] as number) : -1;
    if (v < 0 || pad > 0) return fail(i);
    last = i;
    acc = (acc << 6) | v;
    bits += 6;
    quads++;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  // An incomplete quantum: the input ended early.
  if (quads % 4 !== 0) return fail(text.length);
  // Whole quanta with at most two "=" always leave 0, 2 or 4 spare bits, matching the padding;
  // canonical encoding (RFC 4648 §3.5) needs those spare bits to be zero. They sit in the last
  // data character ("R" in "AR=="), so that is the one named.
  if ((acc & ((1 << bits) - 1)) !== 0) return fail(last);
  return { ok: true, value: out.slice(0, n), warnings: [] };
}

/**
 * Encodes bytes as standard padded base64.
 * @example bytesToBase64(new Uint8Array([1, 2, 3])) // 'AQID'
 */
export function bytesToBase64(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) return ''; // total for JavaScript callers
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    s += B64[v >> 18]! + B64[(v >> 12) & 63]! + B64[(v >> 6) & 63]! + B64[v & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = (bytes[i] as number) << 16;
    s += `${B64[v >> 18]!}${B64[(v >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    s += `${B64[v >> 18]!}${B64[(v >> 12) & 63]!}${B64[(v >> 6) & 63]!}=`;
  }
  return s;
}

/** One PEM block. */
export interface PemBlock {
  /** The label between `BEGIN ` and `-----`, e.g. `CERTIFICATE`. */
  readonly label: string;
  readonly der: Uint8Array;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';

/**
 * Decodes every PEM block in `text` (RFC 7468), in order; text between blocks is ignored, as
 * RFC 7468 §2 allows. With `label`, blocks with another label are skipped. Total: a `text` that
 * is not a string is the error `input-type` (a `label` that is not one matches no block).
 * @example pemToDer(pem, 'CERTIFICATE') // ok, [{ label: 'CERTIFICATE', der: Uint8Array […] }]
 * @see https://www.rfc-editor.org/rfc/rfc7468#section-2
 */
export function pemToDer(text: string, label?: string): Result<PemBlock[], CoreIssueCode> {
  if (typeof text !== 'string') return notString(text);
  const blocks: PemBlock[] = [];
  const fail = (code: BytesIssueCode, offset: number, token?: string): Result<PemBlock[], CoreIssueCode> => ({
    ok: false,
    errors: [issue(bytesIssues, code, 'error', textAt(offset), token)],
    warnings: [],
  });
  let pos = 0;
  for (;;) {
    const begin = text.indexOf(BEGIN, pos);
    if (begin < 0) break;
    const labelEnd = text.indexOf(DASHES, begin + BEGIN.length);
    // the label must end on its line; looking for "\n" only up to labelEnd keeps this linear
    if (labelEnd < 0 || text.slice(begin, labelEnd).includes('\n')) return fail('pem-unterminated', begin);
    const name = text.slice(begin + BEGIN.length, labelEnd);
    const endLine = `${END}${name}${DASHES}`;
    const end = text.indexOf(endLine, labelEnd + DASHES.length);
    if (end < 0) return fail('pem-unterminated', begin, name);
    pos = end + endLine.length;
    if (label !== undefined && name !== label) continue;
    const bodyStart = labelEnd + DASHES.length;
    const body = text.slice(bodyStart, end);
    // RFC 7468 §2: explanatory headers (RFC 1421 "Proc-Type:") are not part of the strict form
    const der = base64ToBytes(body, { whitespace: true });
    if (!der.ok) return fail('pem-invalid', bodyStart, name);
    blocks.push({ label: name, der: der.value });
  }
  if (blocks.length === 0) return fail('pem-missing', 0, label);
  return { ok: true, value: blocks, warnings: [] };
}

/**
 * Encodes DER as one PEM block with 64-character lines and a final newline.
 * @example derToPem(der) // '-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----\n'
 * @see https://www.rfc-editor.org/rfc/rfc7468#section-3
 */
export function derToPem(der: Uint8Array, label?: string): string {
  // 'CERTIFICATE' by default, and for anything but a string (total for JavaScript callers)
  const name = typeof label === 'string' ? label : 'CERTIFICATE';
  const b64 = bytesToBase64(der);
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += `${b64.slice(i, i + 64)}\n`;
  return `${BEGIN}${name}${DASHES}\n${body}${END}${name}${DASHES}\n`;
}
