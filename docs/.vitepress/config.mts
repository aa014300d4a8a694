import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitepress';

const apiDir = fileURLToPath(new URL('../api/', import.meta.url));

/** The API sidebar: one entry per module typedoc wrote (docs/api is generated, never committed). */
function apiSidebar() {
  if (!existsSync(apiDir)) return [{ text: 'Run scripts/docs-build.mjs to generate', link: '/api/' }];
  const modules: { text: string; link: string }[] = [];
  for (const pkg of readdirSync(apiDir, { withFileTypes: true })) {
    if (!pkg.isDirectory()) continue;
    modules.push({ text: `@mailtls/${pkg.name}`, link: `/api/${pkg.name}/` });
    for (const sub of readdirSync(`${apiDir}${pkg.name}`, { withFileTypes: true })) {
      if (sub.isDirectory() && existsSync(`${apiDir}${pkg.name}/${sub.name}/index.md`))
        modules.push({ text: `@mailtls/${pkg.name}/${sub.name}`, link: `/api/${pkg.name}/${sub.name}/` });
    }
  }
  return [{ text: 'API reference', link: '/api/', items: modules }];
}

const guides = [
  { text: 'MTA-STS', link: '/mta-sts' },
  { text: 'TLSRPT', link: '/tlsrpt' },
  { text: 'DANE / TLSA', link: '/dane' },
  { text: 'Policy list', link: '/policy-list' },
];

export default defineConfig({
  title: 'mailtls',
  description:
    'MTA-STS, TLSRPT, DANE/TLSA and the STARTTLS-Everywhere policy list, exactly right, for every JavaScript runtime',
  lang: 'en',
  cleanUrls: false,
  // docs/README.md is the GitHub index of this folder; the site's home is index.md
  srcExclude: ['README.md'],
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Guides', items: guides },
      { text: 'Playground', link: '/playground' },
      { text: 'API', link: '/api/' },
      { text: 'Benchmarks', link: '/benchmarks' },
      { text: 'Changelog', link: '/changelog' },
    ],
    sidebar: {
      '/api/': apiSidebar(),
      '/': [
        { text: 'Guides', items: guides },
        {
          text: 'Tools',
          items: [
            { text: 'Playground', link: '/playground' },
            { text: 'API reference', link: '/api/' },
            { text: 'Benchmarks', link: '/benchmarks' },
            { text: 'Changelog', link: '/changelog' },
          ],
        },
      ],
    },
    outline: { level: [2, 3] },
    search: { provider: 'local' },
  },
  vite: {
    // Package names resolve to the workspace sources, so the site needs no prior build and always
    // documents (and runs) the code in this checkout.
    resolve: { conditions: ['@mailtls/source'] },
    ssr: { resolve: { conditions: ['@mailtls/source'] } },
    server: { fs: { allow: ['..'] } },
    build: {
      chunkSizeWarningLimit: 2000,
      rollupOptions: {
        // dependencies' misplaced /*#__PURE__*/ comments are harmless noise in every build log
        onwarn(warning, warn) {
          if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
        },
      },
    },
  },
});
