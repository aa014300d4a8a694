/**
 * A small MIME reader, just enough for report e-mail: header fields with unfolding (RFC 5322
 * §2.2.3), Content-Type and Content-Disposition parameters (RFC 2045 §5.1, RFC 2183, simple
 * RFC 2231 `name*=charset''value`), multipart bodies (RFC 2046 §5.1) and the base64 and
 * quoted-printable transfer encodings (RFC 2045 §6). The message is held as a "binary string"
 * (one char per byte) so bodies round-trip exactly.
 * @module
 */

/** One header field, unfolded. */
export interface MimeHeader {
  /** Lower-cased field name. */
  readonly name: string;
  /** The unfolded value, trimmed. */
  readonly value: string;
  /** Byte offset of the field in the message. */
  readonly offset: number;
}

/** A parsed media type or disposition: `type/subtype` (or `attachment`) and its parameters. */
export interface MimeValue {
  /** Lower-cased value before the first `;`. */
  readonly value: string;
  /** Parameters, names lower-cased. */
  readonly params: ReadonlyMap<string, string>;
}

/** One entity: headers, a raw body, and sub-parts for multipart types. */
export interface MimePart {
  readonly headers: readonly MimeHeader[];
  readonly contentType: MimeValue;
  /** Offset of the entity in the message. */
  readonly offset: number;
  /** The undecoded body (binary string). */
  readonly body: string;
  readonly parts: readonly MimePart[];
}

const MAX_DEPTH = 8;
const MAX_PARTS = 200;

/** Converts bytes to a binary string (one UTF-16 unit per byte). */
export function bytesToBinary(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

/** Converts a binary string back to bytes. */
export function binaryToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** The first header named `name`, or undefined. */
export function header(part: MimePart, name: string): MimeHeader | undefined {
  return part.headers.find((h) => h.name === name);
}

/** Parses one entity (a whole message or a body part). Never throws. */
export function parseEntity(text: string, offset = 0, depth = 0, budget = { parts: 0 }): MimePart {
  const headers: MimeHeader[] = [];
  // the last header's value and its folded continuations, joined once when the header is done
  // (appending to the value line by line copied it each time: quadratic on a long folded header)
  let pieces: string[] = [];
  const unfold = (): void => {
    const last = headers[headers.length - 1];
    if (last !== undefined && pieces.length > 1)
      headers[headers.length - 1] = { ...last, value: pieces.filter((p) => p !== '').join(' ') };
  };
  let i = 0;
  const n = text.length;
  let bodyStart = n;
  while (i < n) {
    let eol = text.indexOf('\n', i);
    if (eol < 0) eol = n;
    const line = text.slice(i, eol > i && text.charCodeAt(eol - 1) === 0x0d ? eol - 1 : eol);
    if (line === '') {
      bodyStart = Math.min(n, eol + 1);
      break;
    }
    const first = line.charCodeAt(0);
    if ((first === 0x20 || first === 0x09) && headers.length > 0) {
      // RFC 5322 §2.2.3: unfolding removes the CRLF before WSP
      pieces.push(line.trim());
    } else {
      const colon = line.indexOf(':');
      if (colon > 0) {
        unfold();
        const value = line.slice(colon + 1).trim();
        headers.push({ name: line.slice(0, colon).trim().toLowerCase(), value, offset: offset + i });
        pieces = [value];
      }
    }
    i = eol + 1;
  }
  unfold();
  const body = text.slice(bodyStart);
  const ctHeader = headers.find((h) => h.name === 'content-type');
  const contentType = parseMimeValue(ctHeader?.value ?? 'text/plain');
  const parts: MimePart[] = [];
  const boundary = contentType.params.get('boundary');
  if (
    contentType.value.startsWith('multipart/') &&
    boundary !== undefined &&
    boundary !== '' &&
    depth < MAX_DEPTH
  ) {
    for (const [start, end] of splitMultipart(body, boundary)) {
      if (++budget.parts > MAX_PARTS) break;
      parts.push(parseEntity(body.slice(start, end), offset + bodyStart + start, depth + 1, budget));
    }
  }
  return { headers, contentType, offset, body, parts };
}

/** The [start, end) ranges of the body parts between `--boundary` delimiter lines. */
function splitMultipart(body: string, boundary: string): [number, number][] {
  const delim = `--${boundary}`;
  const ranges: [number, number][] = [];
  let partStart = -1;
  let i = 0;
  while (i <= body.length) {
    let eol = body.indexOf('\n', i);
    if (eol < 0) eol = body.length;
    if (body.startsWith(delim, i)) {
      // transport padding (RFC 2046 §5.1.1), trimmed by a loop: /[ \t\r]+$/ is quadratic on a
      // long run of white space that does not end the line
      let e = eol;
      while (e > i + delim.length && ' \t\r'.includes(body[e - 1] as string)) e--;
      const rest = body.slice(i + delim.length, e);
      if (rest === '' || rest === '--') {
        // RFC 2046 §5.1.1: the CRLF before a delimiter belongs to the delimiter
        if (partStart >= 0) {
          let end = i;
          if (body.charCodeAt(end - 1) === 0x0a) end--;
          if (body.charCodeAt(end - 1) === 0x0d) end--;
          ranges.push([partStart, Math.max(partStart, end)]);
        }
        if (rest === '--') return ranges;
        partStart = eol + 1;
      }
    }
    i = eol + 1;
  }
  // Missing close delimiter: keep the last part (lenient, as mail clients do)
  if (partStart >= 0 && partStart < body.length) ranges.push([partStart, body.length]);
  return ranges;
}

/** Parses `value *(";" name "=" (token / quoted-string))` (RFC 2045 §5.1). */
export function parseMimeValue(text: string): MimeValue {
  const params = new Map<string, string>();
  let i = text.indexOf(';');
  const value = (i < 0 ? text : text.slice(0, i)).trim().toLowerCase();
  while (i >= 0 && i < text.length) {
    i++;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    let name = text.slice(i, eq).trim().toLowerCase();
    let v: string;
    let j = eq + 1;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] === '"') {
      v = '';
      j++;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        v += text[j] ?? '';
        j++;
      }
      j = text.indexOf(';', j);
    } else {
      const semi = text.indexOf(';', j);
      v = (semi < 0 ? text.slice(j) : text.slice(j, semi)).trim();
      j = semi;
    }
    if (name.endsWith('*')) {
      // RFC 2231 §4: charset'language'percent-encoded
      name = name.slice(0, -1);
      const parts = v.split("'");
      if (parts.length === 3) v = decodePercentUtf8(parts[2] as string);
    }
    if (name !== '' && !params.has(name)) params.set(name, v);
    i = j;
  }
  return { value, params };
}

function decodePercentUtf8(s: string): string {
  const bytes: number[] = [];
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(k + 1, k + 3))) {
      bytes.push(Number.parseInt(s.slice(k + 1, k + 3), 16));
      k += 2;
    } else bytes.push(s.charCodeAt(k) & 0xff);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
let table: Int16Array | undefined;

/**
 * Decodes a part body by its Content-Transfer-Encoding. base64 skips line breaks and stops at
 * padding; anything else outside the alphabet makes it fail (undefined).
 */
export function decodeBody(part: MimePart): Uint8Array | undefined {
  const cte = (header(part, 'content-transfer-encoding')?.value ?? '7bit').toLowerCase();
  if (cte === 'base64') {
    if (table === undefined) {
      table = new Int16Array(256).fill(-1);
      for (let k = 0; k < 64; k++) table[B64.charCodeAt(k)] = k;
    }
    const s = part.body;
    const out = new Uint8Array(Math.ceil((s.length * 3) / 4));
    let n = 0;
    let acc = 0;
    let bits = 0;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c === 0x3d) break;
      if (c === 0x0d || c === 0x0a || c === 0x20 || c === 0x09) continue;
      const v = c < 256 ? (table[c] as number) : -1;
      if (v < 0) return undefined;
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (acc >> bits) & 0xff;
      }
    }
    return out.subarray(0, n);
  }
  if (cte === 'quoted-printable') {
    const s = part.body;
    const out: number[] = [];
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c !== 0x3d) {
        out.push(c & 0xff);
        continue;
      }
      const hex = s.slice(k + 1, k + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out.push(Number.parseInt(hex, 16));
        k += 2;
      } else if (s[k + 1] === '\n')
        k += 1; // soft line break (LF)
      else if (s[k + 1] === '\r' && s[k + 2] === '\n')
        k += 2; // soft line break (CRLF)
      else out.push(c);
    }
    return new Uint8Array(out);
  }
  return binaryToBytes(part.body);
}
