import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // One output file per module: with "sideEffects": false a bundler drops every file a consumer
    // does not reach. The *.node.ts files compile here too: their node: imports stay external.
    entry: ['src/*.ts', '!src/*.d.ts'],
    splitting: true,
    // Declarations only for the public entries, rolled up (Deno resolves a relative './x.js' in a
    // .d.ts to the JS file whenever one exists).
    dts: { entry: ['src/index.ts'] },
    format: ['esm'],
    clean: true,
    target: 'es2022',
    platform: 'neutral',
  },
  {
    // The Node adapters' declarations need Node's types, which the library build must not see.
    entry: ['src/node.node.ts'],
    dts: { only: true },
    tsconfig: 'tsconfig.node.json',
    format: ['esm'],
    clean: false,
    target: 'es2022',
    platform: 'node',
  },
]);
