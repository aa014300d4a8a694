#!/usr/bin/env node
// Linear-time guard: library and CLI source must not use a regex that is quadratic on a long run
// of characters, the kind a hostile record, report, e-mail or DNS answer can hold. It flags the
// pattern every such regex found so far had: a run quantifier (`+`, `*`, `{n,}`) ending a regex
// that is not anchored at its start, e.g. `/0+$/` or `/[ \t]+$/`, which V8 retries at each start
// position inside the run (`'0'.repeat(1e5) + '1'` took 3.4 s). Anchored regexes (`/^…$/`) and
// single-character searches are linear. Use a loop from the end instead (see tlsrpt/src/_fast.ts).
// A regex that is linear for a reason the pattern does not show (say, it only ever sees one short
// line) says so on the line above it: `// regex-guard: linear (<why>)`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|mts)$/.test(name)) yield path;
  }
}

// A regex literal: "/", then escapes, classes or other characters, then "/" and flags; only
// where a regex can start (after one of these, not after a name or a closing bracket).
const LITERAL = /(?:^|[=(,:!&|?{};[]|return)\s*\/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+)\/[dgimsuvy]*/g;
// …whose body ends with a run of something before "$", without a leading "^"
const TRAILING_RUN = /(?:[+*]|\{\d+,\})\$$/;

/** The flagged regex bodies of `lines` (source text), with their 0-based line numbers. */
function flagged(lines) {
  const out = [];
  lines.forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line)) return; // comments
    if (/regex-guard: linear \(.+\)/.test(lines[i - 1] ?? '')) return;
    for (const m of line.matchAll(LITERAL))
      if (!m[1].startsWith('^') && TRAILING_RUN.test(m[1])) out.push({ line: i, body: m[1] });
  });
  return out;
}

// The guard checks itself first: the regexes it was written for must be flagged, and the
// linear shapes next to them must not be.
const selfTest = flagged([
  "const a = digits.replace(/0+$/, '');",
  "const b = line.replace(/[ \\t\\r]+$/, '');",
  'const c = /\\0*$/;',
  'const d = /x{2,}$/g;',
  'const ok1 = /^[0-9]+$/;',
  'const ok2 = /[^\\t -~]/;',
  '  // regex-guard: linear (one short line)',
  'const ok3 = /x+$/;',
]).map((f) => f.body);
if (JSON.stringify(selfTest) !== JSON.stringify(['0+$', '[ \\t\\r]+$', '\\0*$', 'x{2,}$'])) {
  console.error(`regex guard: its self-test failed (flagged ${JSON.stringify(selfTest)})`);
  process.exit(1);
}

let failures = 0;
let checked = 0;
for (const pkg of readdirSync(join(ROOT, 'packages'))) {
  const dir = join(ROOT, 'packages', pkg, 'src');
  try {
    statSync(dir);
  } catch {
    continue;
  }
  for (const file of files(dir)) {
    checked++;
    for (const f of flagged(readFileSync(file, 'utf8').split('\n'))) {
      failures++;
      console.error(
        `${relative(ROOT, file)}:${f.line + 1}: unanchored trailing run /${f.body}/ is quadratic on a long run`,
      );
    }
  }
}
if (failures > 0) {
  console.error(`regex guard: ${failures} quadratic regex(es) in ${checked} files`);
  process.exit(1);
}
console.log(`regex guard: ${checked} source files, no unanchored trailing-run regex (self-test passed)`);
