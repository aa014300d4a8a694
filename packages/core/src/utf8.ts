/**
 * Strict UTF-8 decoding that names the first bad byte. Its own module with its own one-entry
 * catalogue, so a parser that only decodes bytes does not bundle the hex, base64 and PEM messages.
 * @module
 */
import { typeName } from './_input.ts';
import { type CoreIssueCode, utf8Issues } from './issues.ts';
import { issue, type Result } from './result.ts';

let decoder: TextDecoder | undefined;

/**
 * Decodes UTF-8 strictly: an invalid sequence is an error naming its first byte and offset. A BOM
 * is kept as U+FEFF so callers can see and judge it. Total: a value that is not bytes (a
 * `Uint8Array`, or another `ArrayBuffer` view, read as its bytes) is the error `input-type`.
 * @example decodeUtf8(new Uint8Array([0x68, 0x69])) // ok, 'hi'
 * @example decodeUtf8(new Uint8Array([0x61, 0xff])).errors[0].at.offset // 1
 * @see https://www.rfc-editor.org/rfc/rfc3629#section-3
 */
export function decodeUtf8(bytes: Uint8Array): Result<string, CoreIssueCode> {
  // TextDecoder would read undefined as no bytes at all, and an ArrayBuffer as its bytes
  if (!ArrayBuffer.isView(bytes)) {
    return {
      ok: false,
      errors: [issue(utf8Issues, 'input-type', 'error', { offset: 0, line: 1, column: 1 }, typeName(bytes))],
      warnings: [],
    };
  }
  decoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return { ok: true, value: decoder.decode(bytes), warnings: [] };
  } catch {
    // the bytes the decoder read, whatever the view (only on this error path: no copy is made)
    const b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const at = firstInvalid(b);
    const byte = `0x${(b[at] ?? 0).toString(16).padStart(2, '0')}`;
    return {
      ok: false,
      errors: [issue(utf8Issues, 'utf8-invalid', 'error', { offset: at, line: 1, column: at + 1 }, byte)],
      warnings: [],
    };
  }
}

/** The offset of the first byte that starts an ill-formed sequence (RFC 3629 §4). */
function firstInvalid(b: Uint8Array): number {
  let i = 0;
  for (;;) {
    const c = b[i] as number;
    // lead byte → number of continuation bytes; C0, C1 and F5–FF never start a sequence
    const n = c < 0x80 ? 0 : c < 0xc2 ? -1 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    // second-byte ranges that exclude overlongs, surrogates and code points above U+10FFFF
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    // the decoder threw, so an ill-formed sequence lies ahead: the loop always returns
    i += n + 1;
  }
}
