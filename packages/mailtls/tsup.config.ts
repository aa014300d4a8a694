import { defineConfig } from 'tsup';

export default defineConfig({
  // Thin re-export files: the standards' own dist files do the work, so a bundler that follows
  // `mailtls` to one parser pays exactly what importing that package directly costs.
  entry: ['src/index.ts', 'src/mta-sts.ts', 'src/tlsrpt.ts', 'src/dane.ts', 'src/policy-list.ts'],
  splitting: true,
  dts: true,
  format: ['esm'],
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: [/^@mailtls\//],
});
