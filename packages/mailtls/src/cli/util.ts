/**
 * CLI plumbing: usage errors, colours, file reading. Node-only (src/cli/ is exempt from the
 * runtime guard and type-checked by tsconfig.cli.json).
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A problem with how the CLI was called or with reading its inputs: one line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What a command returns: its exit code (0 ok, 1 invalid/failed). */
export type Exit = 0 | 1;

/** Output streams, injectable for tests of the functions; the binary passes process's. */
export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly color: boolean;
  readonly errTty: boolean;
}

export function nodeIo(): Io {
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    color,
    errTty: process.stderr.isTTY === true,
  };
}

export const paint = (io: Io, code: number, s: string): string => (io.color ? `\x1b[${code}m${s}\x1b[0m` : s);

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` with every failure turned into a one-line UsageError naming the command. */
export function parse<O extends Options>(
  command: string,
  args: string[],
  options: O,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    return {
      values: r.values as Record<string, string | boolean | string[] | undefined>,
      positionals: r.positionals,
    };
  } catch (e) {
    const msg = (e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)).replace(
      /\. To specify a positional.*$/,
      '',
    );
    throw new UsageError(`${command}: ${msg} (see mailtls ${command} --help)`);
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];

/** Reads a file (or `-` for stdin) as bytes, with a one-line error. */
export function readInput(path: string): Uint8Array {
  try {
    const buf = path === '-' ? readFileSync(0) : readFileSync(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(e)}`);
  }
}

export function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

export function isDirectory(path: string): boolean {
  if (path === '-') return false;
  try {
    return statSync(path).isDirectory();
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(e)}`);
  }
}

/** Files under a folder, recursively, sorted, skipping dot-files and node_modules. */
export function walk(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      throw new UsageError(`cannot read ${d}: ${describeFsError(e)}`);
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else out.push(p);
    }
  };
  visit(dir);
  return out;
}
