/**
 * `mailtls report summarize`: ingest TLSRPT reports (json, json.gz, eml, folders), dedupe,
 * aggregate, and print a table, JSON, CSV or a self-contained HTML page.
 * @module
 */
import { writeFileSync } from 'node:fs';
import {
  aggregateTlsrptReports,
  decodeTlsrptReport,
  extractTlsrptReports,
  type TlsrptAggregate,
  type TlsrptAggregateInput,
} from '@mailtls/tlsrpt';
import { renderHtml } from './html.ts';
import {
  describeFsError,
  type Exit,
  type Io,
  isDirectory,
  paint,
  parse,
  readInput,
  safe,
  str,
  type Unreadable,
  UsageError,
  walk,
} from './util.ts';

export const REPORT_HELP = `Usage: mailtls report summarize [options] <file|folder>...

Reads TLSRPT reports (.json, .json.gz/.gz, .zip, .eml; folders recursively), drops duplicates
(the same report delivered twice) and prints sessions per day, policy domain, result type and MX.

Options:
      --json         the summary as JSON on stdout
      --csv          the table as CSV on stdout
      --html <file>  also write one self-contained HTML page with charts (no network needed)
  -s, --strict       read reports strictly (RFC 8460 to the letter); invalid reports are skipped
      --no-dedupe    count duplicate reports too
  -h, --help         this help

Exit status: 0 summary printed, 1 no report could be read, 2 usage or read error.`;

/** One line of the table: successes have result type `success` and no MX (reports give none). */
export interface SummaryRow {
  readonly day: string;
  readonly policyDomain: string;
  readonly policyType: string;
  readonly resultType: string;
  readonly mx: string;
  readonly sessions: number;
}

export interface Summary {
  readonly files: number;
  readonly reports: number;
  readonly duplicates: number;
  readonly skipped: { readonly file: string; readonly code: string; readonly message: string }[];
  readonly totals: { readonly successful: number; readonly failed: number };
  readonly rows: SummaryRow[];
  readonly aggregate: TlsrptAggregate;
}

const REPORT_EXT = /\.(json|json\.gz|gz|zip|eml|msg)$/i;

/** Rows per (day, domain, type, result, MX), summed over reporters and IPs, sorted. */
export function summaryRows(agg: TlsrptAggregate): SummaryRow[] {
  const map = new Map<string, { -readonly [K in keyof SummaryRow]: SummaryRow[K] }>();
  const bump = (
    day: string,
    policyDomain: string,
    policyType: string,
    resultType: string,
    mx: string,
    n: number,
  ) => {
    const key = [day, policyDomain, policyType, resultType, mx].join('\u0000');
    const row = map.get(key);
    if (row) row.sessions += n;
    else map.set(key, { day, policyDomain, policyType, resultType, mx, sessions: n });
  };
  const detailed = new Set(
    agg.failures.map((f) => [f.day, f.reporter, f.policyDomain, f.policyType].join('\u0000')),
  );
  for (const s of agg.sessions) {
    if (s.successful > 0) bump(s.day, s.policyDomain, s.policyType, 'success', '', s.successful);
    // A failure total without failure-details still has to show up somewhere
    const key = [s.day, s.reporter, s.policyDomain, s.policyType].join('\u0000');
    if (s.failed > 0 && !detailed.has(key))
      bump(s.day, s.policyDomain, s.policyType, 'failure (no details)', '', s.failed);
  }
  for (const f of agg.failures)
    bump(f.day, f.policyDomain, f.policyType, f.resultType, f.receivingMxHostname, f.sessions);
  return [...map.values()].sort(
    (a, b) =>
      a.day.localeCompare(b.day) ||
      a.policyDomain.localeCompare(b.policyDomain) ||
      a.policyType.localeCompare(b.policyType) ||
      (a.resultType === 'success'
        ? -1
        : b.resultType === 'success'
          ? 1
          : a.resultType.localeCompare(b.resultType)) ||
      a.mx.localeCompare(b.mx),
  );
}

function progress(io: Io, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  io.err(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files`);
  if (done === total) io.err('\r\x1b[K');
}

export async function summarizeFiles(
  paths: string[],
  io: Io,
  strict: boolean,
  dedupe: boolean,
): Promise<Summary> {
  const files: string[] = [];
  const unreadable: Unreadable[] = [];
  for (const p of paths) {
    if (isDirectory(p)) files.push(...walk(p, unreadable).filter((f) => REPORT_EXT.test(f)));
    else files.push(p);
  }
  const inputs: TlsrptAggregateInput[] = [];
  // A folder entry that cannot be stat'ed (a dangling symlink) is skipped like an invalid report
  const skipped: Summary['skipped'] = unreadable.map((u) => ({
    file: u.file,
    code: 'unreadable',
    message: u.error,
  }));
  const showProgress = io.errTty && files.length >= 50;
  let done = 0;
  for (const file of files) {
    const bytes = readInput(file);
    const isMail =
      /\.(eml|msg)$/i.test(file) ||
      (bytes[0] !== 0x1f &&
        bytes[0] !== 0x7b &&
        /^[A-Za-z-]+:/.test(new TextDecoder().decode(bytes.subarray(0, 64))));
    if (isMail) {
      const r = await extractTlsrptReports(bytes, { strict });
      if (r.ok)
        for (const x of r.value)
          inputs.push(
            x.meta.submitter === undefined ? x.report : { report: x.report, submitter: x.meta.submitter },
          );
      else skipped.push({ file, code: r.errors[0].code, message: r.errors[0].message });
    } else {
      const r = await decodeTlsrptReport(bytes, { strict });
      if (r.ok) inputs.push(r.value);
      else if (r.errors[0].code === 'decompress-failed')
        throw new UsageError(`cannot read ${file}: ${r.errors[0].message}`);
      else skipped.push({ file, code: r.errors[0].code, message: r.errors[0].message });
    }
    if (showProgress) progress(io, ++done, files.length);
  }
  const aggregate = aggregateTlsrptReports(inputs, { dedupe });
  const totals = aggregate.sessions.reduce(
    (t, s) => ({ successful: t.successful + s.successful, failed: t.failed + s.failed }),
    { successful: 0, failed: 0 },
  );
  return {
    files: files.length,
    reports: aggregate.reports,
    duplicates: aggregate.duplicates,
    skipped,
    totals,
    rows: summaryRows(aggregate),
    aggregate,
  };
}

const csvCell = (v: string | number): string => {
  const s = String(v);
  // A leading = + - @ would be a formula in a spreadsheet: quote it with a leading apostrophe
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(rows: readonly SummaryRow[]): string {
  const head = 'day,policy_domain,policy_type,result_type,mx_host,sessions\n';
  return (
    head +
    rows
      .map((r) =>
        [r.day, r.policyDomain, r.policyType, r.resultType, r.mx, r.sessions].map(csvCell).join(','),
      )
      .join('\n') +
    (rows.length ? '\n' : '')
  );
}

function table(io: Io, rows: readonly SummaryRow[]): string {
  const head = ['day', 'policy domain', 'type', 'result', 'mx', 'sessions'];
  const body = rows.map((r) => [
    r.day,
    r.policyDomain || '-',
    r.policyType,
    r.resultType,
    r.mx || '-',
    String(r.sessions),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === cells.length - 1 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number),
      )
      .join('  ');
  const lines = [paint(io, 1, fmt(head)), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (let i = 0; i < body.length; i++) {
    const line = fmt(body[i] as string[]);
    lines.push(rows[i]?.resultType === 'success' ? line : paint(io, 31, line));
  }
  return `${lines.join('\n')}\n`;
}

export async function report(args: string[], io: Io): Promise<Exit> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(`${REPORT_HELP}\n`);
    if (sub === undefined) throw new UsageError('report: missing subcommand (summarize)');
    return 0;
  }
  if (sub !== 'summarize' && sub !== 'summarise')
    throw new UsageError(`report: unknown subcommand ${JSON.stringify(sub)} (summarize)`);
  const { values, positionals } = parse('report summarize', rest, {
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    html: { type: 'string' },
    strict: { type: 'boolean', short: 's' },
    'no-dedupe': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    debug: { type: 'boolean' },
  });
  if (values.help) {
    io.out(`${REPORT_HELP}\n`);
    return 0;
  }
  if (values.json && values.csv)
    throw new UsageError('report summarize: --json and --csv exclude each other');
  if (positionals.length === 0)
    throw new UsageError(
      'report summarize: no report file or folder given (see mailtls report summarize --help)',
    );
  const s = await summarizeFiles(positionals, io, values.strict === true, values['no-dedupe'] !== true);
  for (const k of s.skipped) io.err(`mailtls: skipped ${safe(k.file)}: ${k.code}: ${safe(k.message)}\n`);
  const html = str(values.html);
  if (html !== undefined) {
    try {
      writeFileSync(html, renderHtml(s));
    } catch (e) {
      throw new UsageError(`cannot write ${html}: ${describeFsError(e)}`);
    }
  }
  if (values.json) {
    const { aggregate, ...rest } = s;
    io.out(
      `${JSON.stringify({ ...rest, warnings: aggregate.warnings, sessions: aggregate.sessions, failures: aggregate.failures }, null, 2)}\n`,
    );
  } else if (values.csv) {
    io.out(toCsv(s.rows));
  } else {
    io.out(table(io, s.rows));
    const failedPct =
      s.totals.successful + s.totals.failed === 0
        ? 0
        : (100 * s.totals.failed) / (s.totals.successful + s.totals.failed);
    io.out(
      `\n${s.reports} report${s.reports === 1 ? '' : 's'} from ${s.files} file${s.files === 1 ? '' : 's'} (${s.duplicates} duplicate${s.duplicates === 1 ? '' : 's'} dropped, ${s.skipped.length} skipped): ${s.totals.successful} sessions succeeded, ${s.totals.failed} failed (${failedPct.toFixed(2)}%)\n`,
    );
    for (const w of s.aggregate.warnings) io.out(`warning ${w.code}: ${w.message}\n`);
    if (html !== undefined) io.out(`wrote ${html}\n`);
  }
  return s.reports > 0 ? 0 : 1;
}
