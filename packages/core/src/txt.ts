/**
 * The tag-value TXT grammar shared by the MTA-STS record (RFC 8461 §3.1) and the TLSRPT record
 * (RFC 8460 §3): fields split at `;` with optional WSP around it, `name=value` extensions. The
 * tokenizer only reports structure; each package decides what is an error and what a warning.
 * @module
 */

// RFC 8461 §3.1 / RFC 8460 §3 (identical productions)
//   field-delim = *WSP ";" *WSP
//   ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//   ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)         ; no "=", ";", SP, CTL

const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const isWsp = (c: number): boolean => c === 0x20 || c === 0x09; // SP / HTAB, RFC 5234 B.1

/** One `;`-separated field of a TXT record. */
export interface TxtField {
  /** The field with the WSP that `field-delim` allows around `;` removed. */
  readonly text: string;
  /** Offset of `text` in the record. */
  readonly offset: number;
  /** Text before the first `=` (the whole text when there is none), WSP before `=` removed. */
  readonly name: string;
  /** Text after the first `=`, WSP after `=` removed; `''` when there is no `=`. */
  readonly value: string;
  /** Offset of `value` in the record. */
  readonly valueOffset: number;
  /** Whether the field contains `=`. */
  readonly hasEquals: boolean;
  /** Whether WSP stood around the `=` (not in the grammar; a lenient deviation). */
  readonly spacedEquals: boolean;
}

/** The structure of a TXT record, as the tokenizer saw it. */
export interface TxtTokens {
  /** Every field in order, empty ones (`;;`) included; the first is the version field. */
  readonly fields: readonly TxtField[];
  /** Whether the record ended with an optional final `;` (plus WSP). */
  readonly finalDelimiter: boolean;
  /** WSP before the first field (not in the grammar). */
  readonly leadingWsp: boolean;
  /** WSP after the last field with no final `;` (not in the grammar). */
  readonly trailingWsp: boolean;
}

/**
 * Splits a TXT record into fields at `;`. Linear; never throws: a value that is not a string is
 * read as the empty record.
 * @example tokenizeTxt('v=STSv1; id=1;').fields.map((f) => f.name) // ['v', 'id']
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.1
 */
export function tokenizeTxt(txt: string): TxtTokens {
  if (typeof txt !== 'string') txt = ''; // total for JavaScript callers
  const fields: TxtField[] = [];
  const n = txt.length;
  let a = 0;
  while (a < n && isWsp(txt.charCodeAt(a))) a++;
  const leadingWsp = a > 0;
  let finalDelimiter = false;
  let trailingWsp = false;
  let start = a;
  let eq = -1; // the field's first "=", found in the same pass as the ";"
  for (let end = a; end <= n; end++) {
    const c = end < n ? txt.charCodeAt(end) : SEMICOLON;
    if (c === EQUALS && eq < 0) eq = end;
    if (c !== SEMICOLON) continue;
    const atSemicolon = end < n;
    let b = end;
    while (b > start && isWsp(txt.charCodeAt(b - 1))) b--;
    if (!atSemicolon) {
      // End of input: an empty remainder after ";" *WSP is the optional final delimiter
      if (b === start && fields.length > 0) {
        finalDelimiter = true;
        break;
      }
      trailingWsp = b < end;
    }
    fields.push(field(txt, start, b, eq));
    start = end + 1;
    while (start < n && isWsp(txt.charCodeAt(start))) start++;
    end = start - 1;
    eq = -1;
  }
  return { fields, finalDelimiter, leadingWsp, trailingWsp };
}

// Slices straight from the record: no intermediate copy of the field to search again.
function field(txt: string, start: number, end: number, eq: number): TxtField {
  const text = txt.slice(start, end);
  if (eq < 0) {
    return {
      text,
      offset: start,
      name: text,
      value: '',
      valueOffset: end,
      hasEquals: false,
      spacedEquals: false,
    };
  }
  let ne = eq;
  while (ne > start && isWsp(txt.charCodeAt(ne - 1))) ne--;
  let vs = eq + 1;
  while (vs < end && isWsp(txt.charCodeAt(vs))) vs++;
  return {
    text,
    offset: start,
    name: txt.slice(start, ne),
    value: txt.slice(vs, end),
    valueOffset: vs,
    hasEquals: true,
    spacedEquals: ne !== eq || vs !== eq + 1,
  };
}

/**
 * Whether `name` fits `ext-name`: a letter or digit, then up to 31 of letters, digits, `_`, `-`, `.`.
 * @example isTxtExtName('tls_rpt.v2') // true
 */
export function isTxtExtName(name: string): boolean {
  // anchored, one bounded class: linear; JS `$` never matches before a final "\n"
  return typeof name === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/.test(name);
}

/**
 * Whether `value` fits `ext-value`: one or more of %x21-3A / %x3C / %x3E-7E (no SP, `;`, `=`, CTL).
 * @example isTxtExtValue('a:b') // true
 */
export function isTxtExtValue(value: string): boolean {
  if (typeof value !== 'string' || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === SEMICOLON || c === EQUALS) return false;
  }
  return true;
}

/**
 * Joins one TXT RR's character-strings with no separator (RFC 7208 §3.3 practice, RFC 8461 §3.1).
 * Never joins different RRs. Total: anything but a string or an array of strings gives `''`
 * (and a non-string element counts as empty).
 * @example joinTxt(['v=STSv1; ', 'id=1;']) // 'v=STSv1; id=1;'
 */
export function joinTxt(rr: string | readonly string[]): string {
  if (typeof rr === 'string') return rr;
  let s = '';
  if (Array.isArray(rr)) for (const x of rr) if (typeof x === 'string') s += x;
  return s;
}
