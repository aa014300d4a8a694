// Tree-shaking: bundling matchesMx alone must not pull in the parsers (marker "STSv1").
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

async function bundle(names: string): Promise<string> {
  const result = await build({
    stdin: {
      contents: `export { ${names} } from ${JSON.stringify(entry)};`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@mailtls/source'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('tree-shaking', () => {
  it('matchesMx alone contains no parser', async () => {
    const code = await bundle('matchesMx');
    expect(code).not.toContain('STSv1');
    expect(code).not.toContain('max_age');
  });
  it('parseMtaStsPolicy alone contains no record parser, lint or HTTP code', async () => {
    const code = await bundle('parseMtaStsPolicy');
    expect(code).toContain('STSv1');
    expect(code).not.toContain('record-quoted');
    expect(code).not.toContain('mx-unused-pattern');
    expect(code).not.toContain('http-redirect');
    expect(code).not.toContain('utf8-invalid'); // core's decoder and its catalogue
  });
});
