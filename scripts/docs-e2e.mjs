#!/usr/bin/env node
// End-to-end test of the docs site: builds it (scripts/docs-build.mjs; `--no-build` reuses
// docs/.vitepress/dist), serves the output on 127.0.0.1 with a tiny static server, and drives it
// in headless Chromium (playwright-core + Debian's /usr/bin/chromium): the playground shows the
// expected diagnostic for an invalid MTA-STS policy, the summary of a TLSRPT report (pasted JSON
// and a .json.gz on the file input) and "verified" for a 3 1 1 record against a pasted chain;
// the guides, API reference, benchmarks and changelog pages render.
// Ends with one plain line `docs e2e: N passed, N failed`; exits 1 on any failure. Without
// Chromium it prints one `skipped:` line and exits 0, unless MAILTLS_REQUIRE_BROWSER=1.
// `--screenshot=<file>` saves the playground with its diagnostics showing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './_chromium.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'docs', '.vitepress', 'dist');
const started = performance.now();
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

if (!existsSync(CHROMIUM_PATH)) {
  if (process.env.MAILTLS_REQUIRE_BROWSER === '1') {
    console.log(`docs e2e: 0 passed, 1 failed (no Chromium at ${CHROMIUM_PATH}; MAILTLS_REQUIRE_BROWSER=1)`);
    process.exit(1);
  }
  console.log(`skipped: docs e2e (no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium)`);
  process.exit(0);
}

if (!process.argv.includes('--no-build')) {
  const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'docs-build.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (b.status !== 0) {
    console.log(`${b.stdout}${b.stderr}`.trim().split('\n').slice(-30).join('\n'));
    console.log('✗ docs site builds');
    console.log('docs e2e: 0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`✓ docs site builds (${((performance.now() - started) / 1000).toFixed(1)} s)`);
} else if (!existsSync(join(DIST, 'index.html'))) {
  console.log('✗ docs/.vitepress/dist exists (run without --no-build)');
  console.log('docs e2e: 0 passed, 1 failed');
  process.exit(1);
}

// --- a static server for the built site, on loopback only ---------------------------------------
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
function resolveFile(urlPath) {
  let p = normalize(decodeURIComponent(urlPath.split('?')[0].split('#')[0]));
  if (p.includes('\0') || !join(DIST, p).startsWith(DIST)) return undefined;
  const candidates = [p, `${p}.html`, join(p, 'index.html')];
  for (const c of candidates) {
    const f = join(DIST, c);
    if (existsSync(f) && statSync(f).isFile()) return f;
  }
  p = undefined;
  return p;
}
const server = createServer((req, res) => {
  const f = resolveFile(req.url ?? '/');
  if (f === undefined) {
    const nf = join(DIST, '404.html');
    res.writeHead(404, { 'content-type': TYPES['.html'] });
    res.end(existsSync(nf) ? readFileSync(nf) : 'not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(f)] ?? 'application/octet-stream' });
  res.end(readFileSync(f));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const BASE = `http://127.0.0.1:${server.address().port}`;

// --- the tests ------------------------------------------------------------------------------------
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_FLAGS,
  headless: true,
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
// Nothing may leave the page: any request to another origin fails the run
const offsite = [];
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (url.startsWith(BASE) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
  offsite.push(url);
  return route.abort();
});

let passed = 0;
let failed = 0;
async function test(name, fn) {
  const t = performance.now();
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  try {
    await fn(page);
    if (pageErrors.length > 0) throw new Error(`page errors: ${pageErrors.join('; ')}`);
    passed++;
    console.log(`✓ ${name} (${Math.round(performance.now() - t)} ms)`);
  } catch (e) {
    failed++;
    console.log(
      `✗ ${name}\n    ${String(e?.message ?? e)
        .split('\n')
        .slice(0, 8)
        .join('\n    ')}`,
    );
  } finally {
    await page.close();
  }
}
const TIMEOUT = 15_000;
const example = (p) => readFileSync(join(ROOT, 'examples', p), 'utf8');

async function playground(page) {
  await page.goto(`${BASE}/playground.html`);
  await page.waitForSelector('.pg[data-ready="yes"]', { timeout: TIMEOUT });
}
async function codes(page) {
  return page.locator('[data-test="code"]').allTextContents();
}

await test('playground: an invalid MTA-STS policy shows policy-max-age-syntax', async (page) => {
  await playground(page);
  // typed, not pasted: the diagnostics follow the keystrokes
  await page
    .locator('[data-test="input"]')
    .pressSequentially(example('mta-sts/policy-broken.txt'), { delay: 2 });
  await page.waitForSelector('[data-test="code"]:text-is("policy-max-age-syntax")', { timeout: TIMEOUT });
  const status = await page.locator('[data-test="status"]').textContent();
  if (!/MTA-STS policy/.test(status) || !/invalid/.test(status)) throw new Error(`status: ${status}`);
  const all = await codes(page);
  for (const c of ['mx-trailing-dot']) if (!all.includes(c)) throw new Error(`missing ${c} in ${all}`);
  const row = await page.locator('.pg-diags tbody tr').first().textContent();
  if (!/RFC 8461 §3\.2/.test(row) || !/4:10/.test(row)) throw new Error(`row lacks ref or position: ${row}`);
  const shot = arg('screenshot');
  if (shot) await page.screenshot({ path: shot, fullPage: true });
  // fixing the line clears the error live
  await page.locator('[data-test="input"]').fill(example('mta-sts/policy.txt'));
  await page.waitForSelector('[data-test="status"].pg-valid', { timeout: TIMEOUT });
  if ((await codes(page)).includes('policy-max-age-syntax'))
    throw new Error('error still shown after the fix');
});

await test('playground: strict mode turns a lenient warning into an error', async (page) => {
  await playground(page);
  await page
    .locator('[data-test="input"]')
    .fill('version: STSv1\nmode: enforce\nmx: mx1.example.org.\nmax_age: 86400\n');
  await page.waitForSelector('[data-test="code"]:text-is("mx-trailing-dot")', { timeout: TIMEOUT });
  if (!/: valid/.test(await page.locator('[data-test="status"]').textContent()))
    throw new Error('lenient: not valid');
  await page.locator('[data-test="strict"]').check();
  await page.waitForSelector('[data-test="status"].pg-invalid', { timeout: TIMEOUT });
  if (!(await page.locator('.pg-sev-error [data-test="code"]').allTextContents()).includes('mx-trailing-dot'))
    throw new Error('mx-trailing-dot is not an error in strict mode');
});

await test('playground: a pasted TLSRPT report shows its summary', async (page) => {
  await playground(page);
  await page.locator('[data-test="input"]').fill(example('tlsrpt/report.json'));
  const summary = page.locator('[data-test="summary"]');
  await summary.waitFor({ timeout: TIMEOUT });
  const text = await summary.textContent();
  for (const want of [
    'Report summary',
    'Example Sender Inc.',
    '1,742 succeeded, 3 failed',
    'certificate-expired',
  ])
    if (!text.includes(want)) throw new Error(`summary lacks ${JSON.stringify(want)}: ${text}`);
});

await test('playground: a .json.gz report on the file input is decoded and summarised', async (page) => {
  await playground(page);
  await page.locator('[data-test="file"]').setInputFiles(join(ROOT, 'examples', 'tlsrpt', 'report.json.gz'));
  await page.waitForSelector('[data-test="file-name"]', { timeout: TIMEOUT });
  const summary = page.locator('[data-test="summary"]');
  await summary.waitFor({ timeout: TIMEOUT });
  const text = await summary.textContent();
  for (const want of ['Example Sender Inc.', '1,742 succeeded, 3 failed'])
    if (!text.includes(want)) throw new Error(`summary lacks ${JSON.stringify(want)}: ${text}`);
  const status = await page.locator('[data-test="status"]').textContent();
  if (!/TLSRPT report/.test(status)) throw new Error(`status: ${status}`);
});

await test('playground: a 3 1 1 record verifies against the pasted chain', async (page) => {
  await playground(page);
  const line = example('dane/tlsa.zone')
    .split('\n')
    .find((l) => /\sTLSA\s+3 1 1\s/.test(l));
  if (line === undefined) throw new Error('no 3 1 1 line in examples/dane/tlsa.zone');
  await page.locator('[data-test="input"]').fill(line);
  await page.locator('[data-test="chain"]').fill(example('dane/chain.pem'));
  const verdict = page.locator('[data-test="verdict"]');
  await verdict.waitFor({ timeout: TIMEOUT });
  const text = await verdict.textContent();
  if (!/✓ verified: 3 1 1 matched at depth 0/.test(text)) throw new Error(`verdict: ${text}`);
  // a record for another key does not verify
  await page.locator('[data-test="input"]').fill(line.replace(/[0-9a-f]{64}$/, '00'.repeat(32)));
  await page.waitForSelector('[data-test="verdict"]:has-text("not verified")', { timeout: TIMEOUT });
});

await test('playground: a broken policy list shows its diagnostics', async (page) => {
  await playground(page);
  await page.locator('[data-test="input"]').fill(example('policy-list/policy-list-broken.json'));
  await page.waitForSelector('[data-test="status"]:has-text("Policy list")', { timeout: TIMEOUT });
  if ((await codes(page)).length === 0) throw new Error('no diagnostics');
});

await test('guides, API reference, benchmarks and changelog render', async (page) => {
  for (const [path, want] of [
    ['/', 'mailtls'],
    ['/mta-sts.html', 'MTA-STS'],
    ['/tlsrpt.html', 'TLSRPT'],
    ['/dane.html', 'DANE'],
    ['/policy-list.html', 'policy list'],
    ['/api/', 'mailtls API'],
    ['/api/mta-sts/functions/parseMtaStsPolicy.html', 'parseMtaStsPolicy'],
    ['/benchmarks.html', 'Benchmarks'],
    ['/changelog.html', 'Changelog'],
  ]) {
    const r = await page.goto(`${BASE}${path}`);
    if (r?.status() !== 200) throw new Error(`${path}: HTTP ${r?.status()}`);
    const h1 = await page.locator('h1').first().textContent({ timeout: TIMEOUT });
    if (!h1.includes(want)) throw new Error(`${path}: h1 ${JSON.stringify(h1)} lacks ${want}`);
  }
  await page.goto(`${BASE}/benchmarks.html`);
  const hasResults = existsSync(join(ROOT, 'bench', 'results', 'latest.json'));
  if (hasResults && (await page.locator('figure.bench svg rect').count()) === 0)
    throw new Error('no chart bars');
  if (!hasResults && !(await page.locator('main').textContent()).includes('pnpm bench'))
    throw new Error('no hint how to produce results');
  await page.goto(`${BASE}/changelog.html`);
  if (
    (await page.locator('.changeset').count()) === 0 &&
    existsSync(join(ROOT, '.changeset', 'core-initial.md'))
  )
    throw new Error('pending changesets not rendered');
});

if (offsite.length > 0) {
  failed++;
  console.log(`✗ nothing leaves the page: ${offsite.length} off-site request(s), e.g. ${offsite[0]}`);
} else {
  passed++;
  console.log('✓ nothing leaves the page (no off-site requests)');
}

await browser.close();
server.close();
console.log(
  `docs e2e: ${passed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(failed > 0 ? 1 : 0);
