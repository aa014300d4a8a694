/**
 * Operational advice on a published MTA-STS deployment: what a checker shows beyond validity.
 * @module
 */
import { type Issue, issue, normalizeHostname, pointer } from '@mailtls/core';
import { type MtaStsLintIssueCode, mtaStsLintIssues, mtaStsRecordIssues } from './issues.ts';
import { isMxAllowed, matchesMx } from './match.ts';
import type { MtaStsPolicy } from './policy.ts';
import type { MtaStsRecord } from './record.ts';

/** What {@link lintMtaSts} looks at. `null` means "looked, found nothing"; omitted means "not looked". */
export interface MtaStsLintInput {
  /** The policy domain (the part after `@`); enables `wildcard-broad` and the implicit MX. */
  readonly domain?: string;
  /** The selected `_mta-sts` record, or `null` when none is published. */
  readonly record?: MtaStsRecord | null;
  /** The retrieved policy, or `null` when none is served. */
  readonly policy?: MtaStsPolicy | null;
  /** The domain's DNS MX host names. `[]` means no MX RRset (the implicit MX is `domain`); `['.']` is a null MX. */
  readonly mxHosts?: readonly string[];
  /** What a previous check saw, for `id-unchanged` and `removed-without-none` (RFC 8461 §8). */
  readonly previous?: { readonly record?: MtaStsRecord | null; readonly policy?: MtaStsPolicy | null };
}

const DAY = 86400;
/** Two weeks: spec §10's floor for `max_age` under `enforce` (the RFC 8461 §3.2 examples use one week). */
const ENFORCE_MIN = 14 * DAY;

/** Codes {@link lintMtaSts} returns. */
export type MtaStsLintCode = MtaStsLintIssueCode | 'record-id-format';

/**
 * Operational advice on an MTA-STS deployment (never validity: parse first). Reports a short
 * `max_age` (`max-age-short`: under a day in any mode, under two weeks under enforce), 0 under
 * enforce (`max-age-zero-enforce`, in place of `max-age-short`), testing and none modes (info),
 * DNS MX hosts no pattern covers (`mx-not-covered`, every MX, backups included, RFC 8461 §8.4)
 * and patterns that match no MX (`mx-unused-pattern`, info), wildcards over a whole domain or a
 * TLD, a changed policy under an unchanged record `id`, a removal without `mode: none` first, and
 * one half published without the other. Locations are JSON Pointers into the input
 * (`/policy/mx/1`).
 * @example lintMtaSts({ policy: { version: 'STSv1', mode: 'enforce', mx: ['mx1.example.org'], maxAge: 3600, extensions: [] }, mxHosts: ['mx1.example.org', 'mx2.example.org'] }).map((i) => i.code)
 * // ['max-age-short', 'mx-not-covered']
 * @see https://www.rfc-editor.org/rfc/rfc8461#section-10.2
 */
export function lintMtaSts(input: MtaStsLintInput): Issue<MtaStsLintCode>[] {
  const out: Issue<MtaStsLintCode>[] = [];
  const add = (
    code: MtaStsLintIssueCode,
    severity: Issue['severity'],
    path: (string | number)[],
    detail?: string,
  ) => out.push(issue(mtaStsLintIssues, code, severity, { pointer: pointer(path) }, detail));
  const { record, policy, previous } = input;

  // One half published without the other: senders then have no policy (§3.1, §3.3).
  if (record === null && policy) add('policy-without-record', 'warning', ['record']);
  if (record && policy === null) add('record-without-policy', 'warning', ['policy']);

  // Leniency in the parser accepts any visible-ASCII id; ids are 1-32 letters or digits (§3.1).
  if (record && !/^[A-Za-z0-9]{1,32}$/.test(record.id)) {
    out.push(issue(mtaStsRecordIssues, 'record-id-format', 'warning', { pointer: '/record/id' }, record.id));
  }

  if (policy) {
    if (policy.mode === 'testing') add('mode-testing', 'info', ['policy', 'mode']);
    if (policy.mode === 'none') add('mode-none', 'info', ['policy', 'mode']);
    // RFC 8461 §10.2: a short max_age shrinks the window an attacker must block discovery for.
    // Spec §10: max-age-short below a day "always" (testing and none too), below two weeks under
    // enforce; enforce with 0 has its own, more specific code. max-age-week is not in the table
    // and is no longer reported.
    if (policy.mode === 'enforce' && policy.maxAge === 0)
      add('max-age-zero-enforce', 'warning', ['policy', 'maxAge']);
    else if (policy.maxAge < (policy.mode === 'enforce' ? ENFORCE_MIN : DAY)) {
      add('max-age-short', 'warning', ['policy', 'maxAge'], String(policy.maxAge));
    }

    // §10.4: a wildcard lets any host with a certificate under it receive mail.
    const domain = input.domain === undefined ? undefined : normalizeHostname(input.domain);
    policy.mx.forEach((p, i) => {
      if (!p.startsWith('*.')) return;
      const base = normalizeHostname(p.slice(2));
      const labels = base.split('.').length;
      if (labels === 1) add('wildcard-tld', 'warning', ['policy', 'mx', i], p);
      // Without a public suffix list, "a whole registrable domain" is the policy domain itself
      // or any two-label name. Judgement call: cheap, and right for the common cases.
      else if (base === domain || labels === 2) add('wildcard-broad', 'info', ['policy', 'mx', i], p);
    });

    // §4.1, §8.4: every MX is checked, backups included; under none the patterns are unused.
    if (input.mxHosts !== undefined && policy.mode !== 'none') {
      const hosts: { host: string; path: (string | number)[] }[] = [];
      input.mxHosts.forEach((h, i) => {
        // RFC 7505 null MX ("." or empty) means no delivery at all: nothing to cover.
        if (normalizeHostname(h) !== '') hosts.push({ host: h, path: ['mxHosts', i] });
      });
      const nullMx = input.mxHosts.length > 0 && hosts.length === 0;
      // RFC 5321 §5.1: with no MX RRset the domain itself is the implicit MX.
      if (input.mxHosts.length === 0 && domain !== undefined) hosts.push({ host: domain, path: ['domain'] });
      for (const { host, path } of hosts)
        if (!isMxAllowed(policy, host)) add('mx-not-covered', 'error', path, host);
      if (!nullMx && hosts.length > 0) {
        policy.mx.forEach((p, i) => {
          if (!hosts.some(({ host }) => matchesMx(p, host)))
            add('mx-unused-pattern', 'info', ['policy', 'mx', i], p);
        });
      }
    }
  }

  if (previous) {
    // §8.1: publish the new policy first, then change the TXT id; senders only refetch on a new id.
    const pr = previous.record;
    const pp = previous.policy;
    if (pr && record && pr.id === record.id && pp && policy && !samePolicy(pp, policy)) {
      add('id-unchanged', 'warning', ['record', 'id'], record.id);
    }
    // §8.3: to opt out, serve mode none with a new id first, then remove after max_age.
    if (pp && pp.mode !== 'none' && record === null) add('removed-without-none', 'warning', ['record']);
  }
  return out;
}

function samePolicy(a: MtaStsPolicy, b: MtaStsPolicy): boolean {
  if (a.mode !== b.mode || a.maxAge !== b.maxAge || a.mx.length !== b.mx.length) return false;
  // The order of mx lines carries no meaning (§4.1: any pattern may match).
  const am = [...a.mx].sort();
  const bm = [...b.mx].sort();
  for (let i = 0; i < am.length; i++) if (am[i] !== bm[i]) return false;
  const ae = a.extensions;
  const be = b.extensions;
  if (ae.length !== be.length) return false;
  for (let i = 0; i < ae.length; i++) if (ae[i]![0] !== be[i]![0] || ae[i]![1] !== be[i]![1]) return false;
  return true;
}
