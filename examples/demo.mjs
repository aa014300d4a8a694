#!/usr/bin/env node
// The mailtls demo: parses every input under examples/ with the built packages and prints what
// each parser says, the way a checker would show it. Run `pnpm build` first (the Quick start does).
//   node examples/demo.mjs [--strict]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const HERE = new URL('.', import.meta.url).pathname;
const ROOT = join(HERE, '..');
const pkg = async (name) => {
  try {
    return await import(join(ROOT, 'packages', name, 'dist', 'index.js'));
  } catch (e) {
    console.error(
      `mailtls demo: packages/${name}/dist is missing or broken (${e.code ?? e.message}); run \`pnpm build\` first`,
    );
    process.exit(2);
  }
};
const mtaSts = await pkg('mta-sts');
const tlsrpt = await pkg('tlsrpt');
const dane = await pkg('dane');
const policyList = await pkg('policy-list');
const strict = process.argv.includes('--strict');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const SEVERITY = { error: (s) => paint(31, s), warning: (s) => paint(33, s), info: (s) => paint(36, s) };

let inputs = 0;
let invalid = 0;

function where(file, at) {
  if (!at) return file;
  const pos = at.line !== undefined ? `:${at.line}:${at.column}` : '';
  return `${file}${pos}${at.pointer !== undefined ? ` ${at.pointer || '/'}` : ''}`;
}

function show(file, what, result, summary) {
  inputs++;
  if (!result.ok) invalid++;
  const verdict = result.ok ? paint(32, 'valid') : paint(31, 'invalid');
  console.log(
    `\n${paint(1, file)} — ${what}: ${verdict}${result.ok && summary ? ` — ${summary(result.value)}` : ''}`,
  );
  for (const i of [...(result.ok ? [] : result.errors), ...result.warnings]) {
    console.log(
      `  ${where(file, i.at)}  ${SEVERITY[i.severity](i.severity.padEnd(7))} ${i.code}  ${i.message}  (${i.ref})`,
    );
  }
}

const files = (dir) =>
  readdirSync(join(HERE, dir))
    .sort()
    .map((f) => join(HERE, dir, f));
const text = (path) => readFileSync(path, 'utf8');
const rel = (path) => relative(ROOT, path);
// A text file's first non-comment line (examples keep one record per file).
const line = (path) =>
  text(path)
    .split('\n')
    .find((l) => l.trim() !== '' && !l.startsWith(';')) ?? '';

console.log(
  `mailtls demo — ${strict ? 'strict' : 'lenient'} mode${strict ? '' : ' (run with --strict for the RFC grammar to the letter)'}`,
);

for (const f of files('mta-sts')) {
  if (f.includes('record'))
    show(
      rel(f),
      'MTA-STS TXT record (RFC 8461 §3.1)',
      mtaSts.parseMtaStsRecord(line(f), { strict }),
      (v) => `id ${v.id}`,
    );
  else
    show(
      rel(f),
      'MTA-STS policy (RFC 8461 §3.2)',
      mtaSts.parseMtaStsPolicy(readFileSync(f), { strict }),
      (v) => `mode ${v.mode}, mx ${v.mx.join(' ')}, max_age ${v.maxAge}`,
    );
}

for (const f of files('tlsrpt')) {
  if (f.endsWith('.txt')) {
    show(
      rel(f),
      'TLSRPT record (RFC 8460 §3)',
      tlsrpt.parseTlsrptRecord(line(f), { strict }),
      (v) => `rua ${v.rua.map((r) => r.uri).join(', ')}`,
    );
  } else {
    const bytes = new Uint8Array(readFileSync(f));
    const result = await tlsrpt.decodeTlsrptReport(bytes, { strict });
    show(rel(f), `TLSRPT report (RFC 8460 §4)${f.endsWith('.gz') ? ', gzip' : ''}`, result, (r) => {
      const ok = r.policies.reduce((n, p) => n + p.summary.totalSuccessfulSessionCount, 0);
      const bad = r.policies.reduce((n, p) => n + p.summary.totalFailureSessionCount, 0);
      return `${r.organizationName}, ${ok} sessions succeeded, ${bad} failed`;
    });
  }
}

{
  const chainPem = text(join(HERE, 'dane', 'chain.pem'));
  const blocks = [...chainPem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map(
    (m) => m[0],
  );
  const chain = blocks.map((b) =>
    Uint8Array.from(atob(b.replace(/-----[A-Z ]+-----|\s/g, '')), (c) => c.charCodeAt(0)),
  );
  for (const f of files('dane').filter((x) => x.endsWith('.zone'))) {
    const lines = text(f).split('\n');
    const records = [];
    lines.forEach((l, n) => {
      if (l.trim() === '' || l.startsWith(';')) return;
      const r = dane.parseTlsaRecord(l, { strict });
      show(`${rel(f)}:${n + 1}`, 'TLSA record (RFC 6698 §2.2)', r, (v) => {
        const u = dane.tlsaUsability(v);
        return u.usable ? 'usable for SMTP' : `not usable for SMTP (${u.code})`;
      });
      if (r.ok) records.push(r.value);
    });
    const v = await dane.verifyDane({ chain, records, referenceIds: ['mx1.example.org'] });
    const matched = v.matched ? dane.formatTlsaRecord(v.matched).slice(0, 20) : '';
    console.log(
      `  → verifyDane(chain.pem, ${records.length} records, mx1.example.org): ${v.verified ? paint(32, `verified at depth ${v.depth} by ${matched}…`) : paint(31, `not verified: ${v.error?.code ?? 'no match'}`)}`,
    );
  }
}

for (const f of files('policy-list')) {
  show(
    rel(f),
    'STARTTLS-Everywhere policy list',
    policyList.parsePolicyList(readFileSync(f), { strict }),
    (l) => {
      const p = policyList.lookupPolicy(l, 'example.net');
      return `${Object.keys(l.policies ?? {}).length} domains; example.net → ${p ? `${p.mode} ${p.mxs.join(' ')}` : 'none'}`;
    },
  );
}

console.log(
  `\n${inputs} inputs: ${inputs - invalid} valid, ${invalid} invalid (the broken ones are meant to be)`,
);
