#!/usr/bin/env node
// Builds the docs site: the API reference from TSDoc (typedoc + typedoc-plugin-markdown into
// docs/api/, generated, never committed), then `vitepress build docs` into docs/.vitepress/dist.
// The site imports the packages through the `@mailtls/source` condition, so it needs no prior
// `pnpm build`. `--skip-api` reuses an existing docs/api.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
const started = performance.now();

function run(label, cmd, args) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`docs build: ${label} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  console.log(`docs build: ${label} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

if (!(process.argv.includes('--skip-api') && existsSync(join(ROOT, 'docs', 'api')))) {
  rmSync(join(ROOT, 'docs', 'api'), { recursive: true, force: true });
  run('API reference (typedoc)', bin('typedoc'), ['--options', 'typedoc.json']);
}
run('site (vitepress)', bin('vitepress'), ['build', 'docs']);
console.log(`docs build: docs/.vitepress/dist in ${((performance.now() - started) / 1000).toFixed(1)} s`);
