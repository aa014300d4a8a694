import { defineConfig } from 'tsup';

export default defineConfig({
  // One output file per module: with "sideEffects": false a bundler drops every file a consumer
  // does not reach (zod's top-level schema calls could not be tree-shaken inside one bundle).
  entry: ['src/*.ts'],
  splitting: true,
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
});
