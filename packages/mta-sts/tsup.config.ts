import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.package.ts';

export default defineConfig(packageBuild(['src/index.ts']));
