#!/usr/bin/env node
// `pnpm bench`: builds the packages, then runs every packages/*/bench/*.bench.mjs in this one
// process with tinybench, each group's tasks side by side (the subject, its baselines and peers),
// printing ops/s, each task's ratio to the subject, and whether the subject meets its target.
// Writes bench/results/latest.json. Benchmarks are never tests: nothing here fails the build.
// Usage: node scripts/bench.mjs [--no-build] [--time MS] [filter]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';

const ROOT = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const timeAt = args.indexOf('--time');
const time = timeAt >= 0 ? Number(args[timeAt + 1]) : 1000;
const filter = args.filter((a, i) => !a.startsWith('--') && (timeAt < 0 || i !== timeAt + 1))[0];

if (!args.includes('--no-build')) {
  const b = spawnSync('pnpm', ['-r', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const files = [];
for (const pkg of readdirSync(join(ROOT, 'packages'))) {
  const dir = join(ROOT, 'packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.bench.mjs')) files.push(join(dir, f));
}

const fmt = (n) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k/s` : `${n.toFixed(1)} /s`;
const results = [];
console.log(
  `mailtls benchmarks — node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${time} ms per task`,
);
for (const file of files) {
  const groups = (await import(pathToFileURL(file).href)).default;
  for (const g of groups) {
    if (filter && !`${file} ${g.name}`.includes(filter)) continue;
    const bench = new Bench({ time, warmupTime: Math.min(250, time / 4) });
    for (const [name, fn] of Object.entries(g.tasks)) bench.add(name, fn);
    await bench.run();
    const rows = bench.tasks.map((t) => ({
      task: t.name,
      hz: t.result?.throughput?.mean ?? t.result?.hz ?? 0,
      rme: t.result?.latency?.rme ?? t.result?.rme ?? 0,
    }));
    const subject = rows.find((r) => r.task === (g.subject ?? 'mailtls')) ?? rows[0];
    console.log(`\n${g.name}${g.unit ? ` (${g.unit})` : ''}`);
    for (const r of rows) {
      const ratio =
        subject && r !== subject
          ? subject.hz >= r.hz
            ? `  ${subject.task} ${(subject.hz / r.hz).toFixed(2)}× faster`
            : `  ${subject.task} ${(r.hz / subject.hz).toFixed(2)}× slower`
          : '';
      console.log(`  ${r.task.padEnd(40)} ${fmt(r.hz).padStart(12)} ±${r.rme.toFixed(1)}%${ratio}`);
    }
    if (g.target && subject) {
      console.log(
        `  target ${fmt(g.target)}: ${subject.hz >= g.target ? 'met' : 'NOT met'} (${(subject.hz / g.target).toFixed(2)}× target)`,
      );
    }
    results.push({
      file: file.slice(ROOT.length),
      group: g.name,
      unit: g.unit,
      target: g.target,
      subject: subject?.task,
      rows,
    });
  }
}
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', 'latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, results }, null, 2)}\n`,
);
console.log('\nwrote bench/results/latest.json');
