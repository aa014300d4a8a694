/**
 * The `--html` page of `report summarize`: one file, inline CSS and hand-drawn inline SVG, no
 * script and no external reference, so it opens from disk with no network.
 * @module
 */
import type { Summary, SummaryRow } from './report.ts';

const esc = (s: string | number): string =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Per-day succeeded/failed as stacked bars, failed on top in red, its count above. */
function timeChart(sessions: Summary['aggregate']['sessions']): string {
  const days = new Map<string, { ok: number; bad: number }>();
  for (const s of sessions) {
    const d = days.get(s.day) ?? { ok: 0, bad: 0 };
    d.ok += s.successful;
    d.bad += s.failed;
    days.set(s.day, d);
  }
  const entries = [...days.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  if (entries.length === 0) return '<p class="empty">No sessions.</p>';
  const W = 720;
  const H = 240;
  const left = 60;
  const bottom = 40;
  const top = 20;
  const max = Math.max(1, ...entries.map(([, d]) => d.ok + d.bad));
  const slot = (W - left - 10) / entries.length;
  const bar = Math.max(2, Math.min(48, slot * 0.7));
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  let out = `<svg role="img" aria-label="Sessions succeeded and failed per day" viewBox="0 0 ${W} ${H}" width="100%">`;
  for (const t of [0, 0.5, 1]) {
    const v = Math.round(max * t);
    out += `<line x1="${left}" x2="${W - 10}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text>`;
  }
  const labelEvery = Math.ceil(entries.length / 12);
  entries.forEach(([day, d], i) => {
    const x = left + slot * i + (slot - bar) / 2;
    const okH = y(0) - y(d.ok);
    const badH = y(0) - y(d.bad);
    out += `<g><title>${esc(day)}: ${fmt(d.ok)} succeeded, ${fmt(d.bad)} failed</title>`;
    out += `<rect x="${x.toFixed(1)}" y="${y(d.ok).toFixed(1)}" width="${bar.toFixed(1)}" height="${okH.toFixed(1)}" class="ok"/>`;
    if (d.bad > 0) {
      out += `<rect x="${x.toFixed(1)}" y="${(y(d.ok) - Math.max(badH, 2)).toFixed(1)}" width="${bar.toFixed(1)}" height="${Math.max(badH, 2).toFixed(1)}" class="bad"/>`;
      out += `<text x="${(x + bar / 2).toFixed(1)}" y="${(y(d.ok + d.bad) - 5).toFixed(1)}" text-anchor="middle" class="badtext">${fmt(d.bad)}</text>`;
    }
    out += '</g>';
    if (i % labelEvery === 0)
      out += `<text x="${(x + bar / 2).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle">${esc(day.slice(5))}</text>`;
  });
  out += `<rect x="${left}" y="${H - 14}" width="10" height="10" class="ok"/><text x="${left + 14}" y="${H - 5}">succeeded</text>`;
  out += `<rect x="${left + 100}" y="${H - 14}" width="10" height="10" class="bad"/><text x="${left + 114}" y="${H - 5}">failed</text>`;
  return `${out}</svg>`;
}

/** Horizontal bars, largest first (at most 15, the rest summed as "other"). */
function barChart(label: string, items: Map<string, number>): string {
  let entries = [...items.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) return '<p class="empty">No failures.</p>';
  if (entries.length > 15) {
    const rest = entries.slice(14).reduce((n, [, v]) => n + v, 0);
    entries = [...entries.slice(0, 14), [`(${entries.length - 14} others)`, rest]];
  }
  const W = 720;
  const row = 24;
  const left = 260;
  const H = entries.length * row + 10;
  const max = Math.max(1, ...entries.map(([, v]) => v));
  let out = `<svg role="img" aria-label="${esc(label)}" viewBox="0 0 ${W} ${H}" width="100%">`;
  entries.forEach(([name, v], i) => {
    const w = ((W - left - 80) * v) / max;
    const yy = 5 + i * row;
    const shown = name.length > 38 ? `${name.slice(0, 37)}…` : name;
    out += `<g><title>${esc(name)}: ${fmt(v)}</title><text x="${left - 8}" y="${yy + 16}" text-anchor="end">${esc(shown || '(none)')}</text>`;
    out += `<rect x="${left}" y="${yy + 3}" width="${Math.max(w, 1).toFixed(1)}" height="${row - 8}" class="bad"/>`;
    out += `<text x="${(left + Math.max(w, 1) + 6).toFixed(1)}" y="${yy + 16}">${fmt(v)}</text></g>`;
  });
  return `${out}</svg>`;
}

function rowsTable(rows: readonly SummaryRow[]): string {
  const body = rows
    .map(
      (r) =>
        `<tr class="${r.resultType === 'success' ? 'r-ok' : 'r-bad'}"><td>${esc(r.day)}</td><td>${esc(r.policyDomain || '-')}</td><td>${esc(r.policyType)}</td><td>${esc(r.resultType)}</td><td>${esc(r.mx || '-')}</td><td class="num">${fmt(r.sessions)}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>day</th><th>policy domain</th><th>type</th><th>result</th><th>MX</th><th class="num">sessions</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d2330;background:#fff}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #dde;padding-bottom:.2rem}
.meta{color:#5a6070}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #dde;border-radius:6px;padding:.6rem 1rem;min-width:9rem}.card b{display:block;font-size:1.4rem}
svg text{font-size:11px;fill:#40465a}.grid{stroke:#e6e8ef}.ok{fill:#3a9a5b}.bad{fill:#d2483f}.badtext{fill:#b0302a;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eef}
.num{text-align:right;font-variant-numeric:tabular-nums}.r-bad td{color:#a3261f}.empty{color:#5a6070;font-style:italic}
.skipped{color:#8a5a00}
@media (prefers-color-scheme:dark){body{background:#14161c;color:#e4e6ee}.card,h2{border-color:#333a4a}svg text{fill:#b8bdcc}.grid{stroke:#2a2f3c}th,td{border-color:#232836}.r-bad td{color:#ff8a80}}
`;

/** The whole page. */
export function renderHtml(s: Summary): string {
  const byType = new Map<string, number>();
  const byMx = new Map<string, number>();
  for (const f of s.aggregate.failures) {
    byType.set(f.resultType, (byType.get(f.resultType) ?? 0) + f.sessions);
    byMx.set(f.receivingMxHostname, (byMx.get(f.receivingMxHostname) ?? 0) + f.sessions);
  }
  const total = s.totals.successful + s.totals.failed;
  const pct = total === 0 ? '0.00' : ((100 * s.totals.failed) / total).toFixed(2);
  const days = [...new Set(s.rows.map((r) => r.day))].sort();
  const range =
    days.length === 0 ? 'no data' : days.length === 1 ? days[0] : `${days[0]} to ${days[days.length - 1]}`;
  const skipped = s.skipped.length
    ? `<h2>Skipped files</h2><ul class="skipped">${s.skipped.map((k) => `<li>${esc(k.file)}: ${esc(k.code)}: ${esc(k.message)}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>TLSRPT summary: ${esc(range as string)}</title><style>${CSS}</style></head>
<body>
<h1>SMTP TLS reports (TLSRPT)</h1>
<p class="meta">${esc(range as string)} · ${fmt(s.reports)} reports from ${fmt(s.files)} files · ${fmt(s.duplicates)} duplicates dropped · generated by mailtls</p>
<div class="cards"><div class="card"><b>${fmt(s.totals.successful)}</b>sessions succeeded</div><div class="card"><b>${fmt(s.totals.failed)}</b>sessions failed</div><div class="card"><b>${pct}%</b>failure rate</div></div>
<h2>Sessions per day</h2>
${timeChart(s.aggregate.sessions)}
<h2>Failures by result type</h2>
<p class="meta">Failure details may overlap (RFC 8460 §4.2): bars of different types are not additive.</p>
${barChart('Failed sessions by result type', byType)}
<h2>Failures by receiving MX</h2>
${barChart('Failed sessions by receiving MX', byMx)}
<h2>All rows</h2>
${rowsTable(s.rows)}
${skipped}
</body></html>
`;
}
