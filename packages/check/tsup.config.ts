import { defineConfig } from 'tsup';
import { nodeAdapterDts, packageBuild } from '../../tsup.package.ts';

export default defineConfig([packageBuild(['src/index.ts']), nodeAdapterDts('src/node.node.ts')]);
