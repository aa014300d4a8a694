import { defineConfig } from 'tsup';

export default defineConfig({
  // One output file per module: with "sideEffects": false a bundler drops every file a consumer
  // does not reach, which one bundled index.js would not allow (top-level calls such as zod
  // schemas cannot be tree-shaken inside a bundle).
  entry: ['src/*.ts'],
  splitting: true,
  // Declarations only for the public entries of the exports map, rolled up: Deno resolves a
  // relative './x.js' in a .d.ts to the JS file whenever one exists, and would find no types.
  dts: { entry: ['src/index.ts'] },
  format: ['esm'],
  clean: true,
  target: 'es2022',
  platform: 'neutral',
});
