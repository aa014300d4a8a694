#!/usr/bin/env node
// The runtime matrix: runs runtime/dist.test.mjs against the built dist/ of every package under
// Node, Deno and Bun, and in headless Chromium (playwright-core driving Debian's /usr/bin/chromium,
// the bundle served from 127.0.0.1). Prints one line per leg and, last, `runtimes: N passed, N failed`.
// A missing Chromium is one clear skip line, or a failure with MAILTLS_REQUIRE_BROWSER=1.
// `--json FILE` writes the per-leg counts for scripts/test.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './_chromium.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const SUITE = 'runtime/dist.test.mjs';
const CACHE = join(ROOT, '.cache');
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
const env = {
  ...process.env,
  DENO_DIR: join(CACHE, 'deno'),
  BUN_INSTALL_CACHE_DIR: join(CACHE, 'bun'),
  XDG_CACHE_HOME: join(CACHE, 'xdg-cache'),
  XDG_CONFIG_HOME: join(CACHE, 'xdg-config'),
  XDG_DATA_HOME: join(CACHE, 'xdg-data'),
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};
mkdirSync(CACHE, { recursive: true });

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
  // strip ANSI colours: deno colours its summary even when told not to
  const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.replace(/\x1b\[[0-9;]*m/g, '');
  return { code: r.status ?? 1, out, error: r.error };
}
const num = (out, re) => Number(re.exec(out)?.[1] ?? Number.NaN);

function leg(name, cmd, args, parse) {
  const r = run(cmd, args);
  let { pass, fail } = parse(r.out);
  if (!Number.isFinite(pass) || !Number.isFinite(fail)) {
    pass = 0;
    fail = 1; // a leg that did not report counts as one failure
  }
  if (r.code !== 0 && fail === 0) fail = 1;
  if (fail > 0 || r.code !== 0) console.log(r.out.trim().split('\n').slice(-40).join('\n'));
  console.log(`${fail === 0 ? '✓' : '✗'} ${name}: ${pass} passed, ${fail} failed`);
  return { name, pass, fail };
}

const legs = [];
legs.push(
  leg('node', process.execPath, ['--test', '--test-reporter=tap', SUITE], (o) => ({
    pass: num(o, /^# pass (\d+)/m),
    fail: num(o, /^# fail (\d+)/m),
  })),
);
legs.push(
  // --no-check: Deno reads the workspace-linked packages as local files and then never maps a
  // relative "./x.js" in a .d.ts to "./x.d.ts", which npm: consumers (resolved through package
  // "types") never hit. The declarations are checked by tsc and attw; this leg checks behaviour.
  leg('deno', bin('deno'), ['test', '--quiet', '--no-check', '--allow-read', '--allow-env', SUITE], (o) => ({
    pass: num(o, /(?:ok|FAILED) \| (\d+) passed/),
    fail: num(o, /(?:ok|FAILED) \| \d+ passed \| (\d+) failed/),
  })),
);
legs.push(
  leg('bun', bin('bun'), ['test', `./${SUITE}`], (o) => ({
    pass: num(o, /^\s*(\d+) pass$/m),
    fail: num(o, /^\s*(\d+) fail$/m),
  })),
);
legs.push(await browserLeg());

async function browserLeg() {
  const name = 'chromium';
  const executablePath = CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    const why = `${executablePath} not found (apt-get install chromium)`;
    if (process.env.MAILTLS_REQUIRE_BROWSER === '1') {
      console.log(`✗ ${name}: required (MAILTLS_REQUIRE_BROWSER=1) but ${why}`);
      return { name, pass: 0, fail: 1 };
    }
    console.log(`skipped: ${name} leg: ${why}`);
    return { name, pass: 0, fail: 0, skipped: true };
  }
  const { build } = await import('esbuild');
  const shims = join(ROOT, 'runtime', 'browser');
  const bundle = await build({
    stdin: {
      contents: `import { run } from 'node:test';\nimport ${JSON.stringify(`./${SUITE}`)};\nwindow.__results = await run();\n`,
      resolveDir: ROOT,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    alias: {
      'node:test': join(shims, 'node-test-shim.mjs'),
      'node:assert/strict': join(shims, 'assert-shim.mjs'),
    },
  });
  const js = bundle.outputFiles[0].text;
  const html =
    '<!doctype html><meta charset="utf-8"><title>mailtls smoke</title><script type="module" src="/suite.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === '/suite.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page
      .waitForFunction(() => window.__results !== undefined || document.title === 'error', null, {
        timeout: 60_000,
      })
      .catch(() => {});
    const results = (await page.evaluate(() => window.__results)) ?? [];
    const pass = results.filter((r) => r.ok).length;
    const fail = results.length - pass + (results.length === 0 ? 1 : 0);
    for (const r of results.filter((x) => !x.ok)) console.log(`  ✗ ${r.name}\n${r.error}`);
    for (const e of errors) console.log(`  page error: ${e}`);
    console.log(`${fail === 0 ? '✓' : '✗'} ${name}: ${pass} passed, ${fail} failed`);
    return { name, pass, fail };
  } finally {
    await browser.close();
    server.close();
  }
}

const pass = legs.reduce((n, l) => n + l.pass, 0);
const fail = legs.reduce((n, l) => n + l.fail, 0);
const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], JSON.stringify(legs));
console.log(`runtimes: ${pass} passed, ${fail} failed`);
process.exit(fail > 0 ? 1 : 0);
