/**
 * CLI plumbing: usage errors, colours, file reading. Node-only (src/cli/ is exempt from the
 * runtime guard and type-checked by tsconfig.cli.json).
 * @module
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A problem with how the CLI was called or with reading its inputs: one line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What a command returns: its exit code (0 ok, 1 invalid/failed, 2 some input could not be read). */
export type Exit = 0 | 1 | 2;

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

/**
 * Text the CLI did not write itself (file names, file contents, remote text) made safe for a
 * terminal: C0 and C1 control characters and DEL as \xHH, so none reaches it as an escape
 * sequence or a line break. `keepTab` leaves tabs (source lines under a caret keep their layout).
 */
export const safe = (s: string, keepTab = false): string =>
  s.replace(
    keepTab ? /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g : /[\x00-\x1f\x7f-\x9f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );

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
      // regex-guard: linear (one line of node:util's message; ".*$" after a literal cannot fail)
      /\. To specify a positional.*$/,
      '',
    );
    throw new UsageError(`${command}: ${msg} (see mailtls ${command} --help)`);
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];

/** An input that could not be read: a UsageError that keeps the file and the reason apart. */
export class ReadError extends UsageError {
  override name = 'ReadError';
  readonly file: string;
  readonly reason: string;
  constructor(file: string, reason: string) {
    super(`cannot read ${file}: ${reason}`);
    this.file = file;
    this.reason = reason;
  }
}

/** Reads a file (or `-` for stdin) as bytes, with a one-line error. */
export function readInput(path: string): Uint8Array {
  try {
    const buf = path === '-' ? readFileSync(0) : readFileSync(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new ReadError(path, describeFsError(e, path));
  }
}

/** A file-system error in a few words; `path` tells a dangling symlink from a missing file. */
export function describeFsError(e: unknown, path?: string): string {
  const code = (e as { code?: string } | null | undefined)?.code;
  if (code === 'ENOENT') {
    try {
      if (path !== undefined && path !== '-' && lstatSync(path).isSymbolicLink())
        return 'broken symbolic link';
    } catch {
      // the link itself is gone too: plain "no such file"
    }
    return 'no such file or directory';
  }
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

export function isDirectory(path: string): boolean {
  if (path === '-') return false;
  try {
    return statSync(path).isDirectory();
  } catch (e) {
    throw new ReadError(path, describeFsError(e, path));
  }
}

/** An entry of a folder that could not be read (a broken symlink, no permission). */
export interface Unreadable {
  readonly file: string;
  readonly error: string;
}

/**
 * Files under a folder, recursively, sorted, skipping dot-files and node_modules. An entry that
 * cannot be stat'ed (a dangling symlink, a permission error) goes to `unreadable` instead of
 * ending the walk; the folder itself being unreadable is a UsageError.
 */
export function walk(dir: string, unreadable: Unreadable[] = []): string[] {
  const out: string[] = [];
  const visit = (d: string, top: boolean): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      if (top) throw new ReadError(d, describeFsError(e, d));
      unreadable.push({ file: d, error: describeFsError(e, d) });
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = join(d, name);
      let directory: boolean;
      try {
        directory = statSync(p).isDirectory();
      } catch (e) {
        unreadable.push({ file: p, error: describeFsError(e, p) });
        continue;
      }
      if (directory) visit(p, false);
      else out.push(p);
    }
  };
  visit(dir, true);
  return out;
}
