import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.package.ts';

export default defineConfig([
  // `#default-verifier` stays an import in dist/verify.js: the runtime's conditions pick the file
  { ...packageBuild(['src/index.ts']), external: ['#default-verifier'] },
  {
    // The Node adapter's declarations need Node's types, which the library build must not see.
    entry: ['src/verify.node.ts'],
    dts: { only: true },
    tsconfig: 'tsconfig.node.json',
    format: ['esm'],
    clean: false,
    target: 'es2022',
    platform: 'node',
  },
]);
