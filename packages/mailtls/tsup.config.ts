import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // Thin re-export files: the standards' own dist files do the work, so a bundler that follows
    // `mailtls` to one parser pays exactly what importing that package directly costs.
    entry: [
      'src/index.ts',
      'src/mta-sts.ts',
      'src/tlsrpt.ts',
      'src/dane.ts',
      'src/dane.node.ts',
      'src/policy-list.ts',
    ],
    splitting: true,
    dts: true,
    format: ['esm'],
    // dist/cli.js is the second build's; the library build must not wipe it
    clean: ['*', '!cli.js'],
    target: 'es2022',
    platform: 'neutral',
    external: [/^@mailtls\//],
  },
  {
    // The `mailtls` bin: Node-only, one file, the libraries imported from their own packages
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    splitting: false,
    target: 'node20',
    platform: 'node',
    tsconfig: 'tsconfig.cli.json',
    banner: { js: '#!/usr/bin/env node' },
    external: [/^@mailtls\//],
  },
]);
