// Build-time loader for the changelog page: pending changesets (.changeset/*.md) and each
// package's CHANGELOG.md (written by `changeset version`), rendered with VitePress's markdown.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMarkdownRenderer, defineLoader } from 'vitepress';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface PendingChange {
  file: string;
  bumps: { name: string; type: string }[];
  html: string;
}
export interface PackageChangelog {
  name: string;
  html: string;
}
export interface ChangelogData {
  pending: PendingChange[];
  packages: PackageChangelog[];
}

declare const data: ChangelogData;

export { data };

export default defineLoader({
  watch: [`${root}.changeset/*.md`, `${root}packages/*/CHANGELOG.md`],
  async load(): Promise<ChangelogData> {
    const md = await createMarkdownRenderer(`${root}docs`);
    const pending: PendingChange[] = [];
    const dir = `${root}.changeset`;
    if (existsSync(dir)) {
      for (const f of readdirSync(dir).sort()) {
        if (!f.endsWith('.md') || f.toLowerCase() === 'readme.md') continue;
        const text = readFileSync(`${dir}/${f}`, 'utf8');
        const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
        const front = m?.[1] ?? '';
        const body = (m?.[2] ?? text).trim();
        const bumps = [...front.matchAll(/^\s*["']?([^"':]+)["']?\s*:\s*(\w+)/gm)].map((b) => ({
          name: b[1]!.trim(),
          type: b[2]!,
        }));
        pending.push({ file: f, bumps, html: md.render(body) });
      }
    }
    const packages: PackageChangelog[] = [];
    for (const p of readdirSync(`${root}packages`).sort()) {
      const f = `${root}packages/${p}/CHANGELOG.md`;
      if (!existsSync(f)) continue;
      const pkg = JSON.parse(readFileSync(`${root}packages/${p}/package.json`, 'utf8'));
      // the file's own "# name" heading is replaced by the page's section heading
      const body = readFileSync(f, 'utf8').replace(/^#\s[^\n]*\n/, '');
      packages.push({ name: pkg.name, html: md.render(body) });
    }
    return { pending, packages };
  },
});
