import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// The custom condition makes every package resolve its siblings' src/ unbuilt; it goes in
// ssr.resolve (vitest runs tests through the SSR pipeline), not resolve.
export default defineConfig({
  ssr: { resolve: { conditions: ['@mailtls/source', ...defaultServerConditions] } },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts'],
      exclude: ['packages/*/src/**/*.d.ts'],
      reporter: ['text-summary', 'json-summary'],
    },
  },
});
