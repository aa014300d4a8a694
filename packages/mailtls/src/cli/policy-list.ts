/**
 * `mailtls policy-list postfix|lookup`.
 * @module
 */
import { parseDateTime } from '@mailtls/core';
import { lookupPolicy, type PolicyList, parsePolicyList, policyListToPostfix } from '@mailtls/policy-list';
import { type Exit, type Io, parse, readInput, safe, str, UsageError } from './util.ts';

export const POLICY_LIST_HELP = `Usage: mailtls policy-list postfix [options] <list.json>
       mailtls policy-list lookup [options] <list.json> <domain>

postfix  prints a Postfix smtp_tls_policy_maps table, as starttls-policy-cli does (then run
         postmap on it). An expired list gives only the fallback comment.
lookup   prints the policy for one mail domain (alias resolved); exit 1 when there is none.

Options:
      --now <time>       the time expiry is checked against (RFC 3339 or epoch seconds; default now)
  -e, --include-testing  postfix: emit "testing" domains as secure too (the CLI's --early-adopter)
      --no-header        postfix: no leading comment lines
  -s, --strict           parse the list strictly (schema to the letter)
      --json             lookup: the policy as JSON
  -h, --help             this help`;

function nowOf(text: string | undefined): number {
  if (text === undefined) return Date.now();
  if (/^[0-9]{1,12}$/.test(text)) return Number(text) * 1000;
  const d = parseDateTime(text, { strict: false });
  if (!d.ok)
    throw new UsageError(
      `policy-list: --now: not an RFC 3339 date-time or epoch seconds: ${JSON.stringify(text)}`,
    );
  return d.value.epochMs;
}

function load(file: string, strict: boolean, io: Io): PolicyList | undefined {
  const r = parsePolicyList(readInput(file), { strict });
  for (const i of r.ok ? r.warnings : [...r.errors, ...r.warnings]) {
    const at = i.at as { pointer?: string } | undefined;
    io.err(
      `${safe(file)}${at?.pointer ? ` ${safe(at.pointer)}` : ''} ${i.severity} ${i.code} ${safe(i.message)} (${i.ref})\n`,
    );
  }
  return r.ok ? r.value : undefined;
}

export async function policyList(args: string[], io: Io): Promise<Exit> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(`${POLICY_LIST_HELP}\n`);
    if (sub === undefined) throw new UsageError('policy-list: missing subcommand (postfix, lookup)');
    return 0;
  }
  if (sub !== 'postfix' && sub !== 'lookup')
    throw new UsageError(`policy-list: unknown subcommand ${JSON.stringify(sub)} (postfix, lookup)`);
  const { values, positionals } = parse(`policy-list ${sub}`, rest, {
    now: { type: 'string' },
    'include-testing': { type: 'boolean', short: 'e' },
    'no-header': { type: 'boolean' },
    strict: { type: 'boolean', short: 's' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    debug: { type: 'boolean' },
  });
  if (values.help) {
    io.out(`${POLICY_LIST_HELP}\n`);
    return 0;
  }
  const now = nowOf(str(values.now));
  if (sub === 'postfix') {
    if (positionals.length !== 1)
      throw new UsageError(
        'policy-list postfix: give exactly one list file (see mailtls policy-list --help)',
      );
    const list = load(positionals[0] as string, values.strict === true, io);
    if (list === undefined) return 1;
    io.out(
      policyListToPostfix(list, {
        now,
        includeTesting: values['include-testing'] === true,
        header: values['no-header'] !== true,
      }),
    );
    return 0;
  }
  if (positionals.length !== 2)
    throw new UsageError(
      'policy-list lookup: give a list file and a domain (see mailtls policy-list --help)',
    );
  const [file, domain] = positionals as [string, string];
  const list = load(file, values.strict === true, io);
  if (list === undefined) return 1;
  const expired = now >= list.expires.epochMs;
  const p = lookupPolicy(list, domain);
  if (values.json) {
    io.out(`${JSON.stringify({ domain, expired, policy: p ?? null }, null, 2)}\n`);
  } else if (p === undefined) {
    io.out(`${domain}: no policy in the list\n`);
  } else {
    io.out(
      `${p.domain}: ${p.mode}; mxs ${p.mxs.join(' ')}${p.alias !== undefined ? ` (alias ${p.alias})` : ''}\n`,
    );
  }
  if (expired)
    io.err(`mailtls: warning: the list expired at ${list.expires.value}; a sender must not enforce it\n`);
  return p === undefined || expired ? 1 : 0;
}
