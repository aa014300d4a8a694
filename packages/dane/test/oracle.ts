// The OpenSSL DANE oracle (../shared/tools/dane-oracle/dane_verify.c), built on demand into
// packages/dane/.cache/ (git-ignored). Needs a C compiler and libssl-dev.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../../../test-utils/corpus.ts';

const SOURCE = resolve(REPO_ROOT, '..', 'shared', 'tools', 'dane-oracle', 'dane_verify.c');
const BINARY = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'dane_verify');

/**
 * The oracle's path, building it when missing or stale; undefined (after one skip line) when it
 * cannot be built. Throws instead under MAILTLS_REQUIRE_CORPUS=1 (CI).
 */
export function oracle(): string | undefined {
  const skip = (why: string): undefined => {
    if (process.env.MAILTLS_REQUIRE_CORPUS === '1') {
      throw new Error(`DANE oracle required (MAILTLS_REQUIRE_CORPUS=1) but unavailable: ${why}`);
    }
    console.log(`skipped: OpenSSL differential tests: ${why}`);
    return undefined;
  };
  if (!existsSync(SOURCE)) return skip(`${SOURCE} not found`);
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= statSync(SOURCE).mtimeMs) return BINARY;
  try {
    mkdirSync(dirname(BINARY), { recursive: true });
    execFileSync('cc', ['-O1', '-o', BINARY, SOURCE, '-lssl', '-lcrypto'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (e) {
    return skip(
      `cannot build dane_verify (install gcc and libssl-dev): ${(e as Error).message.split('\n')[0]}`,
    );
  }
  return BINARY;
}

export interface OracleVerdict {
  usable: number;
  error: number;
  depth: number;
  match?: string;
}

export interface OracleCase {
  base: string;
  chainFile: string;
  records: string[];
  hosts?: string[];
  cafile?: string;
  noEeNameChecks?: boolean;
  timeSeconds: number;
}

/** Runs one case through OpenSSL. */
export function runOracle(bin: string, c: OracleCase): OracleVerdict {
  const args = ['--base', c.base, '--chain', c.chainFile, '--time', String(c.timeSeconds)];
  if (c.noEeNameChecks) args.push('--no-ee-namechecks');
  if (c.cafile !== undefined) args.push('--cafile', c.cafile);
  for (const h of c.hosts ?? []) args.push('--host', h);
  let out: string;
  try {
    out = execFileSync(bin, [...args, ...c.records], { encoding: 'utf8' });
  } catch (e) {
    const err = e as { status?: number; stdout?: string };
    if (err.status !== 1 || err.stdout === undefined) throw e;
    out = err.stdout; // exit status 1: verification failed, JSON still printed
  }
  return JSON.parse(out.trim().split('\n').pop() as string) as OracleVerdict;
}
