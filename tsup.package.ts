// The build every library package shares (tsup, ESM, one output file per module).
import type { Options } from 'tsup';

/**
 * One output file per module: with `"sideEffects": false` a bundler drops every file a consumer
 * does not reach, which one bundled index.js would not allow (top-level calls such as zod schemas
 * cannot be tree-shaken inside a bundle). Declarations only for `publicEntries` (the exports map),
 * rolled up: Deno resolves a relative './x.js' in a .d.ts to the JS file whenever one exists.
 */
export function packageBuild(publicEntries: string[]): Options {
  return {
    entry: ['src/*.ts', '!src/*.d.ts'],
    splitting: true,
    dts: { entry: publicEntries },
    format: ['esm'],
    clean: true,
    target: 'es2022',
    platform: 'neutral',
  };
}
