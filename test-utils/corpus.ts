// Where the third-party corpora live: ../shared/data beside the repository. Tests read them in
// place and never copy them into the repo. Without ../shared, corpus suites print one skip line;
// with MAILTLS_REQUIRE_CORPUS=1 (CI) their absence is a failure.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** `../shared/data` beside the repository root. */
export const SHARED_DATA = resolve(REPO_ROOT, '..', 'shared', 'data');

/**
 * The absolute path of a corpus folder or file under ../shared/data, or undefined when it is
 * absent (after printing one skip line). Throws when MAILTLS_REQUIRE_CORPUS=1 and it is absent.
 * Use with `describe.runIf(corpus('tlsrpt/samples') !== undefined)`.
 */
export function corpus(sub: string): string | undefined {
  const path = join(SHARED_DATA, sub);
  if (existsSync(path)) return path;
  if (process.env.MAILTLS_REQUIRE_CORPUS === '1') {
    throw new Error(`corpus ${path} is required (MAILTLS_REQUIRE_CORPUS=1) but missing`);
  }
  console.log(`skipped: corpus tests for ${sub}: ${path} not found (clone beside ../shared to run them)`);
  return undefined;
}
