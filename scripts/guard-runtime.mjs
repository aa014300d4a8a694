#!/usr/bin/env node
// Runtime-agnostic guard: library source of the pure packages may use only web-standard APIs.
// No `node:` imports, Buffer, process or require. Files named as Node adapters (*.node.ts,
// node-adapter*) and the CLI (src/cli/) are exempt. The tsconfig (lib es2022, no ambient types)
// catches most slips at compile time; this guard also catches them in comments-free JS and in
// type-only escapes such as `declare const process`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const PACKAGES = ['core', 'mta-sts', 'tlsrpt', 'dane', 'policy-list', 'check'];
const RULES = [
  [/from\s+['"]node:|import\s*\(\s*['"]node:|require\s*\(\s*['"]node:/, 'imports a node: module'],
  [/\bBuffer\b/, 'uses Buffer (use Uint8Array)'],
  [/\bprocess\s*\./, 'uses process'],
  [/\brequire\s*\(/, 'uses require'],
  [/\b__dirname\b|\b__filename\b/, 'uses a CommonJS global'],
];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'cli') yield* files(path);
    } else if (/\.(ts|mts|js|mjs)$/.test(name) && !/\.node\.ts$|node-adapter/.test(name)) yield path;
  }
}

const stripComments = (src) =>
  src.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/\/\/.*$/gm, '');

let failures = 0;
let checked = 0;
for (const pkg of PACKAGES) {
  const dir = join(ROOT, 'packages', pkg, 'src');
  for (const file of files(dir)) {
    checked++;
    const source = stripComments(readFileSync(file, 'utf8'));
    // `import { Buffer } from 'buffer'` is the npm polyfill (Node maps it to its builtin): a
    // dependency's need (dns-packet), not a use of Node's global.
    const polyfilled = /import\s*\{\s*Buffer\s*\}\s*from\s*['"]buffer['"]/.test(source);
    const lines = source.split('\n');
    lines.forEach((line, i) => {
      for (const [re, why] of RULES) {
        if (polyfilled && why.startsWith('uses Buffer')) continue;
        if (re.test(line)) {
          failures++;
          console.error(`${relative(ROOT, file)}:${i + 1}: ${why}: ${line.trim()}`);
        }
      }
    });
  }
}
if (failures > 0) {
  console.error(`runtime guard: ${failures} violation(s) in ${checked} files`);
  process.exit(1);
}
console.log(`runtime guard: ${checked} library files use web-standard APIs only`);
