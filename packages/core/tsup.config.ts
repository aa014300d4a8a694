import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bytes.ts', 'src/json.ts', 'src/txt.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
});
