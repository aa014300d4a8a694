/**
 * The `_mta-sts.<domain>` TXT record (RFC 8461 §3.1): parsing one record, selecting the record
 * from an RRset the way a sender discovers it, and formatting.
 * @module
 */
import { asciiLower, type Issue, issue, type Location, type ParseOptions, type Result } from '@mailtls/core';
import { isTxtExtName, isTxtExtValue, joinTxt, tokenizeTxt } from '@mailtls/core/txt';
import { type MtaStsRecordIssueCode, mtaStsRecordIssues } from './issues.ts';

/** A parsed `_mta-sts.<domain>` TXT record. */
export interface MtaStsRecord {
  /** `v`: always `STSv1`. */
  readonly version: 'STSv1';
  /** `id`: names one version of the policy; compare for equality only, case-sensitively. */
  readonly id: string;
  /** Extension fields (`name=value`), in record order; ignored by senders, kept for re-emission. */
  readonly extensions: readonly (readonly [name: string, value: string])[];
}

// RFC 8461 §3.1 (%s: case-sensitive, RFC 7405)
//   sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
//   sts-field       = sts-id / sts-extension
//   sts-field-delim = *WSP ";" *WSP
//   sts-version     = %s"v=STSv1"
//   sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
//   sts-extension   = sts-ext-name "=" sts-ext-value
//   sts-ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//   sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)

/** RFC 1035 §3.3.14: TXT RDATA is at most 65535 octets; no longer record can come from DNS. */
const MAX_RECORD = 65535;
/** A cap on reported issues of each severity, so that hostile input cannot blow up the result. */
const MAX_ISSUES = 100;
const QUOTE = 0x22;
const SEMICOLON = 0x3b;
const PREFIX = 'v=STSv1;';

const isWsp = (c: number): boolean => c === 0x20 || c === 0x09;
const isAlnum = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Whether `s.slice(from, to)` fits `1*32(ALPHA / DIGIT)`. Reads the record in place: charCodeAt
 * on a slice (a V8 SlicedString) measured several times slower than on the flat record.
 */
function isStrictId(s: string, from: number, to: number): boolean {
  if (to === from || to - from > 32) return false;
  for (let i = from; i < to; i++) if (!isAlnum(s.charCodeAt(i))) return false;
  return true;
}

/** Lenient ids: any non-empty run of visible ASCII (no SP, no `;`, which the tokenizer already split on). */
function isVisibleAscii(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

const at = (offset: number): Location => ({ offset, line: 1, column: offset + 1 });

/** The id of a record that is exactly `v=STSv1;` *WSP `id=` 1*32 alphanumerics [`;`], else undefined. */
function canonicalId(txt: string): string | undefined {
  if (!txt.startsWith(PREFIX)) return undefined;
  let i = PREFIX.length;
  while (isWsp(txt.charCodeAt(i))) i++;
  if (!txt.startsWith('id=', i)) return undefined;
  const from = i + 3;
  let to = from;
  while (isAlnum(txt.charCodeAt(to))) to++;
  if (to === from || to - from > 32) return undefined;
  if (to !== txt.length && !(to === txt.length - 1 && txt.charCodeAt(to) === SEMICOLON)) return undefined;
  return txt.slice(from, to);
}

// Per-call state of parseMtaStsRecord, at module level so that a call allocates no closures:
// the parser is synchronous and never re-entered.
let strict = false;
let errors: Issue<MtaStsRecordIssueCode>[] = [];
let warnings: Issue<MtaStsRecordIssueCode>[] = [];

function report(
  list: Issue<MtaStsRecordIssueCode>[],
  code: MtaStsRecordIssueCode,
  offset: number,
  detail?: string,
): void {
  if (list.length < MAX_ISSUES)
    list.push(issue(mtaStsRecordIssues, code, list === errors ? 'error' : 'warning', at(offset), detail));
}
const error = (code: MtaStsRecordIssueCode, offset: number, detail?: string): void =>
  report(errors, code, offset, detail);
const warn = (code: MtaStsRecordIssueCode, offset: number, detail?: string): void =>
  report(warnings, code, offset, detail);
// A deviation the lenient mode accepts: an error under { strict: true }, else a warning.
const deviation = (code: MtaStsRecordIssueCode, offset: number, detail?: string): void =>
  report(strict ? errors : warnings, code, offset, detail);
const fail = (): Result<never, MtaStsRecordIssueCode> => ({
  ok: false,
  errors: errors as [Issue<MtaStsRecordIssueCode>, ...Issue<MtaStsRecordIssueCode>[]],
  warnings,
});

/**
 * Parses one `_mta-sts` TXT record whose character-strings are already joined. Lenient by
 * default: the deviations real operators publish are accepted with a warning each;
 * `{ strict: true }` applies the ABNF to the letter. Never throws.
 * @example parseMtaStsRecord('v=STSv1; id=20240131T0000;')
 * // { ok: true, value: { version: 'STSv1', id: '20240131T0000', extensions: [] }, warnings: [] }
 * @example parseMtaStsRecord('v=STSv1; ID=1;').ok // false: "ID" is an extension, "id" is missing
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.1
 */
export function parseMtaStsRecord(
  txt: string,
  options: ParseOptions = {},
): Result<MtaStsRecord, MtaStsRecordIssueCode> {
  strict = options.strict === true;
  errors = [];
  warnings = [];

  if (typeof txt !== 'string') {
    error('not-sts', 0);
    return fail();
  }
  if (txt.length > MAX_RECORD) {
    error('record-too-long', MAX_RECORD);
    return fail();
  }

  // Fast path: nearly every published record is exactly `v=STSv1;` *WSP `id=` 1*32(ALPHA / DIGIT)
  // [";"]. Such a record is valid in both modes with no issue, so it needs no tokenizing.
  const canonical = canonicalId(txt);
  if (canonical !== undefined)
    return { ok: true, value: { version: 'STSv1', id: canonical, extensions: [] }, warnings: [] };

  let text = txt;
  let base = 0;
  if (!txt.startsWith(PREFIX)) {
    // Leniency: DNS web interfaces that want the value quoted get it pasted with its quotes
    // (spec §1.3, "literal surrounding quotes"). Strip one pair when the record is wrapped in them.
    let a = 0;
    while (a < txt.length && isWsp(txt.charCodeAt(a))) a++;
    let b = txt.length;
    while (b > a && isWsp(txt.charCodeAt(b - 1))) b--;
    if (b - a >= 2 && txt.charCodeAt(a) === QUOTE && txt.charCodeAt(b - 1) === QUOTE) {
      deviation('record-quoted', a);
      text = txt.slice(a + 1, b - 1);
      base = a + 1;
    }
  }

  const tokens = tokenizeTxt(text);
  // Leniency: leading WSP (copy-paste, zone-file indentation). Not in the grammar.
  if (tokens.leadingWsp) deviation('record-leading-wsp', base);
  const first = tokens.fields[0];
  if (first === undefined || !first.hasEquals) {
    error('not-sts', base, first?.text ?? '');
    return fail();
  }
  if (first.name !== 'v' || first.value !== 'STSv1' || first.spacedEquals) {
    // Leniency: "V=stsv1" and "v = STSv1" (hand-typed records). Anything else is another record.
    if (asciiLower(first.name) !== 'v' || asciiLower(first.value) !== 'stsv1') {
      error('not-sts', base + first.offset, first.text);
      return fail();
    }
    if (first.name !== 'v' || first.value !== 'STSv1')
      deviation('record-case', base + first.offset, first.text);
    if (first.spacedEquals) deviation('record-spaced-equals', base + first.offset, first.text);
  }
  // RFC 8461 §3.1 ABNF allows WSP before the first ";", but discovery keeps only records that
  // begin with exactly "v=STSv1;", so such a record is ignored by every sender (erratum 6285).
  const afterVersion = base + first.offset + first.text.length;
  if (tokens.fields.length > 1 && isWsp(txt.charCodeAt(afterVersion))) {
    warn('record-version-wsp', afterVersion);
  }

  let id: string | undefined;
  const extensions: (readonly [string, string])[] = [];
  let seen: Set<string> | undefined;
  const fields = tokens.fields;
  for (let i = 1; i < fields.length; i++) {
    const f = fields[i]!;
    const offset = base + f.offset;
    if (f.text.length === 0) {
      // Leniency: ";;" (doubled delimiters in hand-edited records); skipped.
      deviation('record-empty-field', offset);
      continue;
    }
    if (f.spacedEquals) deviation('record-spaced-equals', offset, f.text);
    let name = f.name;
    if (name !== 'id' && name !== 'v' && f.hasEquals) {
      const lower = asciiLower(name);
      if (lower === 'id' || lower === 'v') {
        // RFC 7405 %s: "ID=" is an extension in the ABNF. Leniency: read it as "id" with a warning.
        if (strict) {
          warn('record-case', offset, f.text);
        } else {
          deviation('record-case', offset, f.text);
          name = lower;
        }
      }
    }
    if (name === 'id' && f.hasEquals) {
      const value = f.value;
      if (value.length === 0) {
        error('record-id-missing', offset, f.text);
      } else if (!isStrictId(text, f.valueOffset, f.valueOffset + value.length)) {
        // Leniency: dates with separators ("2024-01-31"), UUIDs and over-long ids are common;
        // senders compare ids for equality only, so any visible-ASCII id still works.
        if (strict || !isVisibleAscii(value)) error('record-id-format', base + f.valueOffset, value);
        else warn('record-id-format', base + f.valueOffset, value);
      }
      // §3.1 is silent on repeated fields; apply §3.2's first-wins rule, as mox and mailauth do.
      if (id === undefined) id = value;
      else warn('record-duplicate-field', offset, f.text);
      continue;
    }
    if (name === 'v' && f.hasEquals) {
      // Registered names are reserved: a later "v" is never read as an extension, and a malformed
      // value is an error even though the duplicate is ignored (spec §0). "STSv1" is %s
      // (case-sensitive): a case variant is invalid in strict mode, and in lenient mode accepted
      // with a warning (spec §1.3), as for the first field.
      if (f.value !== 'STSv1') {
        const caseOnly = asciiLower(f.value) === 'stsv1';
        if (caseOnly) warn('record-case', offset, f.text);
        if (strict || !caseOnly) {
          error('record-version', offset, f.text);
          continue;
        }
      }
      warn('record-duplicate-field', offset, f.text);
      continue;
    }
    if (!f.hasEquals || !isTxtExtName(name) || !isTxtExtValue(f.value)) {
      // Leniency: a malformed extension is skipped; it carries nothing a sender acts on.
      deviation('record-ext-syntax', offset, f.text);
      continue;
    }
    seen ??= new Set();
    if (seen.has(name)) {
      warn('record-duplicate-field', offset, f.text);
      continue;
    }
    seen.add(name);
    extensions.push([name, f.value]);
  }
  // Trailing WSP is only allowed as part of a final "; " delimiter.
  if (tokens.trailingWsp) deviation('record-trailing-wsp', txt.length);
  if (id === undefined) error('record-id-missing', txt.length);
  if (errors.length > 0 || id === undefined) return fail();
  return { ok: true, value: { version: 'STSv1', id, extensions }, warnings };
}

/**
 * Picks the MTA-STS record out of a TXT RRset the way a sender discovers it (RFC 8461 §3.1):
 * each element is one RR, whole or as its character-strings (joined with no separator). RRs
 * not beginning with exactly `v=STSv1;` are discarded (lenient mode also recognises quoted,
 * indented and case-variant records, with warnings); no record left is `record-none`, more
 * than one is `record-multiple`, and an invalid one is `record-syntax` followed by its errors.
 * Issue locations carry the RR's index as a JSON Pointer (`/1`) with the offset, line and column
 * inside that RR; `record-none`, which concerns the whole RRset, points at it all (`''`, offset 0).
 * Never throws.
 * @example selectMtaStsRecord([['v=spf1 -all'], ['v=STSv1; ', 'id=1;']]).ok // true, id '1'
 * @example selectMtaStsRecord([]).errors[0].code // 'record-none'
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.1
 */
export function selectMtaStsRecord(
  rrset: ReadonlyArray<string | readonly string[]>,
  options: ParseOptions = {},
): Result<MtaStsRecord, MtaStsRecordIssueCode> {
  const strict = options.strict === true;
  const warnings: Issue<MtaStsRecordIssueCode>[] = [];
  const candidates: { index: number; txt: string }[] = [];
  const list = Array.isArray(rrset) ? rrset : [];
  for (let index = 0; index < list.length; index++) {
    const rr = list[index];
    const txt = rrText(rr);
    const kind = classify(txt, strict);
    if (kind === 'sts') {
      candidates.push({ index, txt });
    } else if (kind === 'version-wsp') {
      // Erratum 6285 is not applied: discovery keeps only the literal prefix (spec §1.2 step 3).
      warnings.push(issue(mtaStsRecordIssues, 'record-version-wsp', 'warning', ptr(index, 7), txt));
    } else {
      warnings.push(issue(mtaStsRecordIssues, 'record-unrelated', 'info', ptr(index, 0), txt));
    }
  }
  if (candidates.length === 0) {
    // No RR to point into: the whole RRset (RFC 6901 root), at its start, as tlsrpt does.
    return {
      ok: false,
      errors: [
        issue(mtaStsRecordIssues, 'record-none', 'error', { pointer: '', offset: 0, line: 1, column: 1 }),
      ],
      warnings,
    };
  }
  if (candidates.length > 1) {
    // RFC 8461 §3.1: "If multiple TXT records for _mta-sts are returned by the resolver, records
    // that do not begin with "v=STSv1;" are discarded. If the number of resulting records is not
    // one, or if the resulting record is syntactically invalid, senders MUST assume the
    // recipient domain does not have an available MTA-STS Policy."
    const [a, ...rest] = candidates.map((c) =>
      issue(mtaStsRecordIssues, 'record-multiple', 'error', ptr(c.index, 0), c.txt),
    );
    return { ok: false, errors: [a!, ...rest], warnings };
  }
  const { index, txt } = candidates[0]!;
  const parsed = parseMtaStsRecord(txt, options);
  const relocate = (i: Issue<MtaStsRecordIssueCode>): Issue<MtaStsRecordIssueCode> =>
    i.at !== undefined && 'offset' in i.at && i.at.offset !== undefined
      ? { ...i, at: ptr(index, i.at.offset) }
      : i;
  const own = parsed.warnings.map(relocate);
  if (parsed.ok) return { ok: true, value: parsed.value, warnings: [...warnings, ...own] };
  return {
    ok: false,
    errors: [
      issue(mtaStsRecordIssues, 'record-syntax', 'error', ptr(index, 0), txt),
      ...parsed.errors.map(relocate),
    ],
    warnings: [...warnings, ...own],
  };
}

/** One RR's text: its character-strings joined with no separator (never across RRs). */
function rrText(rr: unknown): string {
  if (typeof rr === 'string') return rr;
  if (!Array.isArray(rr)) return '';
  for (const part of rr) if (typeof part !== 'string') return '';
  return joinTxt(rr as readonly string[]);
}

function ptr(index: number, offset: number): Location {
  return { pointer: `/${index}`, offset, line: 1, column: offset + 1 };
}

/** Which RRs discovery keeps (spec §1.2 step 3, §1.3 for the lenient filter). */
function classify(txt: string, strict: boolean): 'sts' | 'version-wsp' | 'other' {
  if (txt.startsWith(PREFIX)) return 'sts';
  if (txt.startsWith('v=STSv1')) {
    let i = 7;
    while (isWsp(txt.charCodeAt(i))) i++;
    if (i > 7 && txt.charCodeAt(i) === SEMICOLON) return 'version-wsp';
  }
  if (strict) return 'other';
  // Leniency (spec §1.3): leading WSP, surrounding quotes, case variants and WSP around "=" are
  // recognised, so that the parser can name the deviation instead of calling the domain unprotected.
  let a = 0;
  while (isWsp(txt.charCodeAt(a))) a++;
  if (txt.charCodeAt(a) === QUOTE) a++;
  while (isWsp(txt.charCodeAt(a))) a++;
  if ((txt.charCodeAt(a) | 0x20) !== 0x76) return 'other'; // "v" / "V"
  a++;
  while (isWsp(txt.charCodeAt(a))) a++;
  if (txt.charCodeAt(a) !== 0x3d) return 'other'; // "="
  a++;
  while (isWsp(txt.charCodeAt(a))) a++;
  if (asciiLower(txt.slice(a, a + 5)) !== 'stsv1') return 'other';
  a += 5;
  return txt.charCodeAt(a) === SEMICOLON ? 'sts' : 'other';
}

/**
 * Formats a record in canonical form: `v=STSv1; id=<id>;` then each extension as `name=value;`,
 * separated by one space. The inverse of {@link parseMtaStsRecord} for every record that parses
 * in strict mode. Throws a `TypeError` when a value would change the record's structure (empty,
 * or holding whitespace, `;` or `=` where they cannot appear).
 * @example formatMtaStsRecord({ version: 'STSv1', id: '20240131', extensions: [] }) // 'v=STSv1; id=20240131;'
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-3.1
 */
export function formatMtaStsRecord(record: Pick<MtaStsRecord, 'id'> & Partial<MtaStsRecord>): string {
  if (!isVisibleAscii(record.id) || record.id.includes(';')) {
    throw new TypeError(`MTA-STS record id must be visible ASCII without ";": ${JSON.stringify(record.id)}`);
  }
  let out = `v=STSv1; id=${record.id};`;
  for (const [name, value] of record.extensions ?? []) {
    if (!isTxtExtName(name) || !isTxtExtValue(value)) {
      throw new TypeError(`Invalid MTA-STS record extension: ${JSON.stringify(`${name}=${value}`)}`);
    }
    out += ` ${name}=${value};`;
  }
  return out;
}
