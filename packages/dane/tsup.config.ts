import { defineConfig } from 'tsup';
import { nodeAdapterDts, packageBuild } from '../../tsup.package.ts';

export default defineConfig([
  // `#default-verifier` stays an import in dist/verify.js: the runtime's conditions pick the file
  { ...packageBuild(['src/index.ts']), external: ['#default-verifier'] },
  nodeAdapterDts('src/verify.node.ts'),
]);
