/**
 * `mailtls lint`: detect what each input is, parse it with the right package, print every issue
 * with its position and a caret under the offending text.
 * @module
 */
import type { Issue } from '@mailtls/core';
import { decodeUtf8 } from '@mailtls/core/bytes';
import { daneIssues, parseTlsaRecord, tlsaUsability } from '@mailtls/dane';
import { parseMtaStsPolicy, parseMtaStsRecord } from '@mailtls/mta-sts';
import { parsePolicyList } from '@mailtls/policy-list';
import { decodeTlsrptReport, extractTlsrptReports, parseTlsrptRecord } from '@mailtls/tlsrpt';
import {
  type Exit,
  type Io,
  isDirectory,
  paint,
  parse,
  ReadError,
  readInput,
  safe,
  str,
  type Unreadable,
  UsageError,
  walk,
} from './util.ts';

export const KINDS = [
  'mta-sts-record',
  'mta-sts-policy',
  'tlsrpt-record',
  'tlsrpt-report',
  'tlsrpt-email',
  'tlsa',
  'policy-list',
] as const;
export type Kind = (typeof KINDS)[number];

const DESCRIBE: Record<Kind, string> = {
  'mta-sts-record': 'MTA-STS TXT record (RFC 8461 §3.1)',
  'mta-sts-policy': 'MTA-STS policy (RFC 8461 §3.2)',
  'tlsrpt-record': 'TLSRPT TXT record (RFC 8460 §3)',
  'tlsrpt-report': 'TLSRPT report (RFC 8460 §4)',
  'tlsrpt-email': 'TLSRPT report e-mail (RFC 8460 §5.3)',
  tlsa: 'TLSA records (RFC 6698 §2.2, RFC 7672)',
  'policy-list': 'STARTTLS-Everywhere policy list',
};

export const LINT_HELP = `Usage: mailtls lint [options] <file|folder|->...

Validates MTA-STS records and policies, TLSRPT records and reports (.json, .json.gz, .eml),
TLSA records or zone-file lines, and STARTTLS-Everywhere policy lists. The kind is detected
from the name and content; folders are searched recursively (files of no known kind are skipped).

Options:
  -k, --kind <kind>  treat every input as: ${KINDS.join(', ')}
  -s, --strict       the RFC grammar to the letter (every lenient deviation is an error)
      --json         machine-readable output on stdout
  -q, --quiet        print errors only
  -h, --help         this help

A file that is not valid UTF-8 is invalid (exit 1), with the byte offset of the first bad byte.
A file inside a folder that cannot be read (a dangling symlink, no permission, a broken gzip) is
reported on stderr and the others are still linted. Nothing to lint (an empty folder, or only
files of no known kind) is an error, never a pass.

Exit status: 0 every input valid, 1 some input invalid, 2 usage or read error (including an
unreadable file in a folder, and nothing to lint).`;

/** One finding, positioned in the file. */
export interface Finding {
  readonly severity: Issue['severity'];
  readonly code: string;
  readonly message: string;
  readonly ref: string;
  readonly line?: number;
  readonly column?: number;
  readonly pointer?: string;
}

export interface FileResult {
  readonly file: string;
  readonly kind: Kind;
  readonly valid: boolean;
  readonly findings: Finding[];
  /** Source lines, for carets (not serialised). */
  readonly lines?: readonly string[];
}

const isGzip = (b: Uint8Array): boolean => b[0] === 0x1f && b[1] === 0x8b;

function firstContentLine(text: string): string {
  for (const l of text.split(/\r?\n/)) {
    const t = l.trim();
    if (t !== '' && !t.startsWith(';') && !t.startsWith('#')) return t;
  }
  return '';
}

/** Detects the kind from the name, then the content; undefined when unsure. */
export function detectKind(file: string, bytes: Uint8Array): Kind | undefined {
  const name = file.toLowerCase();
  if (name.endsWith('.eml') || name.endsWith('.msg')) return 'tlsrpt-email';
  if (isGzip(bytes) || name.endsWith('.json.gz') || name.endsWith('.zip')) return 'tlsrpt-report';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 64 * 1024));
  } catch {
    return undefined;
  }
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{')) {
    if (/"date-range"|"organization-name"|"report-id"/.test(text)) return 'tlsrpt-report';
    if (/"policy-aliases"|"expires"|"timestamp"/.test(text)) return 'policy-list';
    if (name.includes('tlsrpt') || name.includes('report')) return 'tlsrpt-report';
    if (name.includes('polic')) return 'policy-list';
    return undefined;
  }
  if (
    /^(Received|Return-Path|From|To|Subject|MIME-Version|Date|Message-ID|Content-Type|DKIM-Signature|TLS-Report-Domain):/im.test(
      t.slice(0, 4096),
    ) &&
    /multipart\/report|tlsrpt/i.test(text)
  )
    return 'tlsrpt-email';
  const first = firstContentLine(t);
  const record = first.replace(/^[^"]*\bTXT\s+/i, '').replace(/"/g, '');
  if (/^v\s*=\s*STSv1/i.test(record)) return 'mta-sts-record';
  if (/^v\s*=\s*TLSRPTv1/i.test(record)) return 'tlsrpt-record';
  if (/^version\s*:/im.test(t) || /^mode\s*:/im.test(t)) return 'mta-sts-policy';
  if (
    /\bTLSA\b/i.test(first) ||
    /^[0-9]{1,3}\s+[0-9]{1,3}\s+[0-9]{1,3}\s+[0-9a-fA-F(]/.test(first) ||
    /^\\#\s/.test(first)
  )
    return 'tlsa';
  if (/^(DANE|PKIX)-(EE|TA)\s/i.test(first)) return 'tlsa';
  if (name.endsWith('.zone') && /TLSA/i.test(t)) return 'tlsa';
  return undefined;
}

function toFinding(i: Issue, lineBase = 0, colBase = 0): Finding {
  const f: { -readonly [K in keyof Finding]: Finding[K] } = {
    severity: i.severity,
    code: i.code,
    message: i.message,
    ref: i.ref,
  };
  const at = i.at as { line?: number; column?: number; pointer?: string } | undefined;
  if (at?.pointer !== undefined) f.pointer = at.pointer;
  if (at?.line !== undefined && at.column !== undefined) {
    f.line = at.line + lineBase;
    f.column = at.line === 1 ? at.column + colBase : at.column;
  }
  return f;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function sorted(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        (a.f.line ?? Number.MAX_SAFE_INTEGER) - (b.f.line ?? Number.MAX_SAFE_INTEGER) ||
        (a.f.column ?? 0) - (b.f.column ?? 0) ||
        SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] ||
        a.i - b.i,
    )
    .map((x) => x.f);
}

/** The file as text for carets: invalid bytes shown as U+FFFD, a BOM dropped. Never throws. */
function displayText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/**
 * The text of a text-only kind (TXT records, TLSA lines), decoded strictly; or, when it is not
 * UTF-8, a finding at the first invalid byte that names its byte offset. Invalid UTF-8 makes the
 * file invalid (RFC 8461 §3.2 for policies; the records are ASCII), not unreadable: exit 1.
 */
function strictText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; finding: Finding } {
  const r = decodeUtf8(bytes);
  if (r.ok) return { ok: true, text: r.value.replace(/^\uFEFF/, '') };
  const e = r.errors[0];
  const at = e.at as { offset?: number } | undefined;
  const offset = at?.offset ?? 0;
  // Line and column as displayText() counts them, so the caret lands on the U+FFFD
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++)
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  const column = displayText(bytes.subarray(lineStart, offset)).length + 1;
  // the quoted bad byte that ends the message (`…: "0xff"`), found without a regex: /: (".*")$/
  // retried at every ": \"" and was quadratic
  const k = e.message.indexOf(': "');
  const token = k >= 0 && e.message.length >= k + 4 && e.message.endsWith('"') ? e.message.slice(k + 2) : '';
  return {
    ok: false,
    finding: {
      severity: 'error',
      code: e.code,
      message: `Invalid UTF-8 at byte offset ${offset}${token === '' ? '' : `: ${token}`}`,
      ref: e.ref,
      line,
      column,
    },
  };
}

/**
 * The terminated `"…"` character-strings of a zone-file TXT line, in order, each with its index
 * and its text unescaped (`\\x` stands for `x`); an unterminated last one is left out. One pass: a
 * regex for a quoted string retries at every escaped quote of an unterminated one (quadratic).
 */
function quotedStrings(rest: string): { index: number; value: string }[] {
  const out: { index: number; value: string }[] = [];
  for (let i = rest.indexOf('"'); i >= 0; ) {
    let value = '';
    let j = i + 1;
    for (; j < rest.length && rest[j] !== '"'; j++) {
      if (rest[j] === '\\' && j + 1 < rest.length) j++;
      value += rest[j];
    }
    if (j >= rest.length) break;
    out.push({ index: i, value });
    i = rest.indexOf('"', j + 1);
  }
  return out;
}

/**
 * Record files hold one record per line (blank lines and `;`/`#` comments skipped); a zone-file
 * line `name [ttl] [IN] TXT "…" "…"` is reduced to its joined strings, with columns kept for the
 * first string.
 */
function recordLines(text: string): { line: number; col: number; value: string }[] {
  const out: { line: number; col: number; value: string }[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    const t = raw.trim();
    if (t === '' || t.startsWith(';') || t.startsWith('#')) return;
    const txt = /^(?:\S+\s+)?(?:[0-9]+\s+)?(?:IN\s+)?TXT\s+/i.exec(raw);
    if (txt !== null && raw.slice(txt[0].length).trimStart().startsWith('"')) {
      const strings = quotedStrings(raw.slice(txt[0].length));
      out.push({
        line: n + 1,
        col: txt[0].length + (strings[0]?.index ?? 0) + 1,
        value: strings.map((q) => q.value).join(''),
      });
      return;
    }
    const lead = raw.length - raw.trimStart().length;
    out.push({ line: n + 1, col: lead, value: raw.trim() });
  });
  return out;
}

export async function lintBytes(
  file: string,
  bytes: Uint8Array,
  kind: Kind,
  strict: boolean,
): Promise<FileResult> {
  const findings: Finding[] = [];
  let valid = true;
  let lines: string[] | undefined;
  const add = (r: { ok: boolean; errors?: readonly Issue[]; warnings: readonly Issue[] }, lb = 0, cb = 0) => {
    if (!r.ok) valid = false;
    for (const i of [...(r.errors ?? []), ...r.warnings]) findings.push(toFinding(i, lb, cb));
  };
  /** The file as strict UTF-8 text, its lines kept for the carets; else its finding, and undefined. */
  const strictTextOf = (): string | undefined => {
    const decoded = strictText(bytes);
    lines = (decoded.ok ? decoded.text : displayText(bytes)).split(/\r?\n/);
    if (decoded.ok) return decoded.text;
    valid = false;
    findings.push(decoded.finding);
    return undefined;
  };
  switch (kind) {
    case 'mta-sts-record':
    case 'tlsrpt-record': {
      const text = strictTextOf();
      if (text === undefined) break;
      const recs = recordLines(text);
      if (recs.length === 0) {
        valid = false;
        findings.push({
          severity: 'error',
          code: 'record-missing',
          message: 'No record in the input',
          ref: kind === 'mta-sts-record' ? 'RFC 8461 §3.1' : 'RFC 8460 §3',
        });
      }
      for (const r of recs) {
        const res =
          kind === 'mta-sts-record'
            ? parseMtaStsRecord(r.value, { strict })
            : parseTlsrptRecord(r.value, { strict });
        add(res, r.line - 1, r.col);
      }
      break;
    }
    case 'mta-sts-policy': {
      // The parser takes the bytes and reports invalid UTF-8 itself (policy-utf8, RFC 8461 §3.2)
      lines = displayText(bytes).split(/\r?\n/);
      add(parseMtaStsPolicy(bytes, { strict }));
      break;
    }
    case 'tlsrpt-report': {
      // The decoder takes the bytes and reports input that is not UTF-8 JSON itself (RFC 8460 §4)
      if (!isGzip(bytes)) lines = displayText(bytes).split(/\r?\n/);
      const r = await decodeTlsrptReport(bytes, { strict });
      if (!r.ok && r.errors[0].code === 'decompress-failed') throw new ReadError(file, r.errors[0].message);
      add(r);
      break;
    }
    case 'tlsrpt-email': {
      const r = await extractTlsrptReports(bytes, { strict });
      add(r);
      if (r.ok) for (const rep of r.value) for (const w of rep.warnings) findings.push(toFinding(w));
      break;
    }
    case 'tlsa': {
      const text = strictTextOf();
      if (text === undefined) break;
      let records = 0;
      text.split(/\r?\n/).forEach((raw, n) => {
        const t = raw.trim();
        if (t === '' || t.startsWith(';') || t.startsWith('$')) return;
        records++;
        const r = parseTlsaRecord(raw, { strict });
        add(r, n, 0);
        if (r.ok) {
          const u = tlsaUsability(r.value);
          if (!u.usable && u.code !== undefined) {
            const c = daneIssues[u.code];
            // Point at the RDATA (after the TLSA type of a zone-file line)
            const rdata = /\bTLSA\s+/i.exec(raw);
            const column =
              rdata === null ? raw.length - raw.trimStart().length + 1 : rdata.index + rdata[0].length + 1;
            findings.push({
              severity: 'warning',
              code: u.code,
              message: `Unusable for SMTP: ${c.message}`,
              ref: c.ref,
              line: n + 1,
              column,
            });
          }
        }
      });
      if (records === 0) {
        valid = false;
        findings.push({
          severity: 'error',
          code: 'record-missing',
          message: 'No TLSA record in the input',
          ref: 'RFC 6698 §2.2',
        });
      }
      break;
    }
    case 'policy-list': {
      // The parser takes the bytes and reports invalid UTF-8 itself
      lines = displayText(bytes).split(/\r?\n/);
      add(parsePolicyList(bytes, { strict }));
      break;
    }
  }
  const base = { file, kind, valid, findings: sorted(findings) };
  return lines === undefined ? base : { ...base, lines };
}

const KNOWN_EXT = /\.(txt|json|gz|eml|zone|pem|zip|msg)$/i;

export async function lint(args: string[], io: Io): Promise<Exit> {
  const { values, positionals } = parse('lint', args, {
    kind: { type: 'string', short: 'k' },
    strict: { type: 'boolean', short: 's' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
    debug: { type: 'boolean' },
  });
  if (values.help) {
    io.out(`${LINT_HELP}\n`);
    return 0;
  }
  const forced = str(values.kind);
  if (forced !== undefined && !(KINDS as readonly string[]).includes(forced))
    throw new UsageError(`lint: unknown --kind ${JSON.stringify(forced)} (one of ${KINDS.join(', ')})`);
  if (positionals.length === 0) throw new UsageError('lint: no input given (see mailtls lint --help)');
  const strict = values.strict === true;
  const results: FileResult[] = [];
  // Files inside a folder that cannot be read (a dangling symlink, no permission, a broken gzip)
  // are reported one line each and the rest is still linted; the run then exits 2. A file named
  // on the command line that cannot be read ends the run at once (exit 2).
  const unreadable: Unreadable[] = [];
  let skipped = 0;
  for (const p of positionals) {
    const fromFolder = isDirectory(p);
    const files = fromFolder ? walk(p, unreadable).filter((f) => KNOWN_EXT.test(f)) : [p];
    for (const f of files) {
      try {
        const bytes = readInput(f);
        const kind = (forced as Kind | undefined) ?? detectKind(f === '-' ? '' : f, bytes);
        if (kind === undefined) {
          if (fromFolder) {
            skipped++;
            continue;
          }
          throw new UsageError(
            `lint: cannot tell what ${f === '-' ? 'stdin' : f} is; pass --kind (${KINDS.join(', ')})`,
          );
        }
        results.push(await lintBytes(f === '-' ? '<stdin>' : f, bytes, kind, strict));
      } catch (e) {
        if (!(fromFolder && e instanceof ReadError)) throw e;
        unreadable.push({ file: e.file, error: e.reason });
      }
    }
  }
  // Nothing linted at all (empty folders, or only files of no known kind): not a pass. A CI job
  // pointed at the wrong or an empty folder must not go green: one line, exit 2.
  if (results.length === 0 && unreadable.length === 0)
    throw new UsageError(
      `lint: nothing to lint in ${positionals.join(', ')}: ${skipped > 0 ? `${skipped} file${skipped === 1 ? '' : 's'} of no known kind (pass --kind)` : 'no .txt, .json, .gz, .eml, .zone, .pem, .zip or .msg file'}`,
    );
  for (const u of unreadable) io.err(`mailtls: cannot read ${safe(u.file)}: ${safe(u.error)}\n`);
  const valid = results.every((r) => r.valid);
  if (values.json) {
    const files = results.map(({ lines: _l, ...r }) => r);
    io.out(
      `${JSON.stringify({ valid, strict, files, ...(unreadable.length > 0 ? { unreadable } : {}) }, null, 2)}\n`,
    );
  } else {
    printHuman(results, io, values.quiet === true, strict);
    const invalid = results.filter((r) => !r.valid).length;
    const count = (s: Issue['severity']) =>
      results.reduce((n, r) => n + r.findings.filter((f) => f.severity === s).length, 0);
    io.out(
      `\n${results.length} file${results.length === 1 ? '' : 's'} (${strict ? 'strict' : 'lenient'}): ${results.length - invalid} valid, ${invalid} invalid; ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes${skipped > 0 ? `; ${skipped} skipped (unknown kind)` : ''}${unreadable.length > 0 ? `; ${unreadable.length} unreadable` : ''}\n`,
    );
  }
  return unreadable.length > 0 ? 2 : valid ? 0 : 1;
}

const COLORS = { error: 31, warning: 33, info: 36 } as const;

/** The caret's width: the quoted token at the end of the message, when the source has it there. */
function caretWidth(source: string, column: number, message: string): number {
  const m = /: ("(?:[^"\\]|\\.)*")$/.exec(message);
  if (m?.[1] !== undefined) {
    try {
      const token = (JSON.parse(m[1]) as string).replace(/…$/, '');
      if (token !== '' && source.startsWith(token, column - 1)) return token.length;
    } catch {
      // not a JSON string: one caret
    }
  }
  return 1;
}

export function printHuman(results: FileResult[], io: Io, quiet: boolean, _strict: boolean): void {
  for (const r of results) {
    const verdict = r.valid ? paint(io, 32, 'valid') : paint(io, 31, 'invalid');
    // File names, messages (which quote the input) and source lines are escaped: a control
    // character in any of them is shown as \xHH, never sent to the terminal.
    const file = safe(r.file);
    io.out(`${paint(io, 1, file)}: ${DESCRIBE[r.kind]}: ${verdict}\n`);
    for (const f of r.findings) {
      if (quiet && f.severity !== 'error') continue;
      const pos = f.line !== undefined ? `:${f.line}:${f.column}` : '';
      const ptr = f.pointer !== undefined ? ` ${safe(f.pointer === '' ? '/' : f.pointer)}` : '';
      io.out(
        `${file}${pos}${ptr} ${paint(io, COLORS[f.severity], f.severity)} ${paint(io, 1, f.code)} ${safe(f.message)} (${f.ref})\n`,
      );
      const src = f.line !== undefined ? r.lines?.[f.line - 1] : undefined;
      if (src !== undefined && f.column !== undefined && src.length < 400) {
        const col = Math.min(f.column, src.length + 1);
        const width = caretWidth(src, col, f.message);
        const pad = safe(src.slice(0, col - 1), true).replace(/[^\t]/g, ' ');
        io.out(`    ${safe(src, true)}\n    ${pad}${paint(io, COLORS[f.severity], '^'.repeat(width))}\n`);
      }
    }
  }
}
