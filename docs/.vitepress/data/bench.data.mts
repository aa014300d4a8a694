// Build-time loader for the benchmarks page: the latest `pnpm bench` results, if any.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineLoader } from 'vitepress';

const file = fileURLToPath(new URL('../../../bench/results/latest.json', import.meta.url));

export interface BenchRow {
  task: string;
  hz: number;
  rme: number;
}
export interface BenchGroup {
  file: string;
  group: string;
  unit: string;
  target?: number;
  subject?: string;
  rows: BenchRow[];
}
export interface BenchData {
  present: boolean;
  date?: string;
  node?: string;
  cpu?: string;
  cores?: number;
  results: BenchGroup[];
  error?: string;
}

declare const data: BenchData;

export { data };

export default defineLoader({
  watch: [file],
  load(): BenchData {
    if (!existsSync(file)) return { present: false, results: [] };
    try {
      const j = JSON.parse(readFileSync(file, 'utf8'));
      return {
        present: true,
        date: j.date,
        node: j.node,
        cpu: j.cpu,
        cores: j.cores,
        results: Array.isArray(j.results) ? j.results : [],
      };
    } catch (e) {
      return { present: false, results: [], error: String(e) };
    }
  },
});
