/**
 * The `mailtls` command: lint, tlsa, dane verify, report summarize, policy-list. Node-only.
 * Errors are one line on stderr and exit 2; `--debug` adds the stack.
 * @module
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHECK_HELP, type CheckDeps, check } from './check.ts';
import { DANE_HELP, dane, TLSA_HELP, tlsa } from './dane.ts';
import { LINT_HELP, lint } from './lint.ts';
import { POLICY_LIST_HELP, policyList } from './policy-list.ts';
import { REPORT_HELP, report } from './report.ts';
import { type Exit, type Io, nodeIo, safe, UsageError } from './util.ts';

const HELP = `mailtls — MTA-STS, TLSRPT, DANE/TLSA and the STARTTLS-Everywhere policy list

Usage: mailtls <command> [options]

Commands:
  lint <file|folder|->...            validate records, policies, reports, TLSA records, policy lists
  tlsa <cert-or-chain.pem>           the TLSA records to publish for a certificate chain
  dane verify --chain … --tlsa … --host …
                                     verify a chain against TLSA records (RFC 7672)
  report summarize <files|folders>   summarise TLSRPT reports (table, --json, --csv, --html)
  policy-list postfix <list.json>    Postfix smtp_tls_policy_maps from a policy list
  policy-list lookup <list.json> <domain>
  check <domain>                     inspect a domain's live MTA-STS, TLSRPT and DANE setup

Options:
  -h, --help     help (also: mailtls <command> --help)
  -v, --version  the version
      --debug    stack traces for errors

Exit status: 0 ok/valid, 1 invalid/not verified, 2 usage or read error.`;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const COMMANDS: Record<string, (args: string[], io: Io, deps: CheckDeps) => Promise<Exit>> = {
  lint,
  tlsa,
  dane,
  report,
  'policy-list': policyList,
  check,
};

/**
 * Runs the CLI; resolves to the exit code. `deps` replaces the network pieces of `check` (the
 * lab demo runs `mailtls check` in-process against its loopback servers this way).
 */
export async function main(argv: string[], io: Io = nodeIo(), deps: CheckDeps = {}): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [command, ...rest] = args;
  try {
    if (command === undefined || command === '-h' || command === '--help') {
      if (command === undefined) {
        io.err(`${HELP}\n\nmailtls: missing command\n`);
        return 2;
      }
      io.out(`${HELP}\n`);
      return 0;
    }
    if (command === '-v' || command === '--version' || command === 'version') {
      io.out(`mailtls ${version()}\n`);
      return 0;
    }
    if (command === 'help') {
      const topic = rest[0];
      const text =
        topic === 'lint'
          ? LINT_HELP
          : topic === 'tlsa'
            ? TLSA_HELP
            : topic === 'dane'
              ? DANE_HELP
              : topic === 'report'
                ? REPORT_HELP
                : topic === 'policy-list'
                  ? POLICY_LIST_HELP
                  : topic === 'check'
                    ? CHECK_HELP
                    : HELP;
      io.out(`${text}\n`);
      return 0;
    }
    const run = COMMANDS[command];
    if (run === undefined)
      throw new UsageError(
        `unknown command ${JSON.stringify(command)} (lint, tlsa, dane, report, policy-list, check; see mailtls --help)`,
      );
    return await run(rest, io, deps);
  } catch (e) {
    // One line, whatever the message quotes (a path, an argument): control characters escaped
    if (e instanceof UsageError) io.err(`mailtls: ${safe(e.message)}\n`);
    else
      io.err(
        `mailtls: internal error: ${safe(e instanceof Error ? e.message : String(e))}${debug ? '' : ' (run with --debug for the stack)'}\n`,
      );
    if (debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    return 2;
  }
}

/** Whether this file is the program node runs (the `mailtls` bin), not a module imported by one. */
function isEntry(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntry()) process.exitCode = await main(process.argv.slice(2));
