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

/**
 * The declarations of a Node adapter entry (`src/*.node.ts`, a `./node` subpath): built apart with
 * the package's tsconfig.node.json, because they need Node's types, which the library build must
 * not see. The JavaScript comes from {@link packageBuild} like every other module.
 */
export function nodeAdapterDts(entry: string): Options {
  return {
    entry: [entry],
    dts: { only: true },
    tsconfig: 'tsconfig.node.json',
    format: ['esm'],
    clean: false,
    target: 'es2022',
    platform: 'node',
  };
}
