// The real EFF lists, read in place from ../shared/data/policy-list (never copied).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unwrap } from '@mailtls/core';
import { formatMtaStsPolicy, isMxAllowed, parseMtaStsPolicy } from '@mailtls/mta-sts';
import { describe, expect, it } from 'vitest';
import { corpus } from '../../../test-utils/corpus.ts';
import {
  EFF_POLICY_SIGNING_SUBKEY_FINGERPRINT,
  formatPolicyList,
  isMxAllowedByList,
  isPolicyListExpired,
  lookupFreshPolicy,
  lookupPolicy,
  parsePolicyList,
  policyListSchema,
  policyListToPostfix,
  toMtaStsPolicy,
  verifyPolicyListSignature,
} from '../src/index.ts';
import { AFTER_EXPIRY, codes, IN_LIFETIME } from './_helpers.ts';

const dir = corpus('policy-list');
const read = (f: string): Buffer => readFileSync(join(dir as string, f));

describe.runIf(dir !== undefined)('final list (2020-05-20)', () => {
  const bytes = dir === undefined ? new Uint8Array() : new Uint8Array(read('policy.json'));
  const text = dir === undefined ? '' : read('policy.json').toString('utf8');

  it('passes strict and lenient with its numbers', () => {
    for (const strict of [true, false]) {
      const r = parsePolicyList(bytes, { strict });
      expect(codes(r)).toEqual({ errors: [], warnings: [] });
      const list = unwrap(r);
      expect(Object.keys(list.policies)).toHaveLength(926);
      expect(Object.keys(list.policyAliases)).toEqual(['google', 'icloud', 'outlook', 'yahoo']);
      expect(list.version).toBe('0.1');
      expect(list.author).toBe('Electronic Frontier Foundation https://eff.org');
      expect(list.timestamp).toEqual({
        epochMs: Date.UTC(2020, 4, 20, 17, 25, 12, 710),
        value: '2020-05-20T10:25:12.710034-07:00',
      });
      expect(list.expires.epochMs).toBe(Date.UTC(2020, 5, 3, 17, 25, 12, 710));
    }
  });

  it('resolves 361 enforce and 565 testing, 12 through aliases', () => {
    const list = unwrap(parsePolicyList(text));
    const tally = { enforce: 0, testing: 0 };
    const aliases: Record<string, number> = {};
    let patterns = 0;
    for (const d of Object.keys(list.policies)) {
      const p = lookupPolicy(list, d);
      expect(p?.domain).toBe(d);
      if (p === undefined) continue;
      tally[p.mode]++;
      if (p.alias !== undefined) aliases[p.alias] = (aliases[p.alias] ?? 0) + 1;
      else patterns += p.mxs.length;
    }
    expect(tally).toEqual({ enforce: 361, testing: 565 });
    expect(aliases).toEqual({ yahoo: 5, outlook: 4, icloud: 2, google: 1 });
    expect(patterns).toBe(1632);
  });

  it('preloads MTA-STS: every entry is a strict-valid policy allowing its hosts (spec §5)', () => {
    const list = unwrap(parsePolicyList(text));
    expect(toMtaStsPolicy(lookupPolicy(list, 'gmail.com')!, list, IN_LIFETIME)).toEqual({
      ok: true,
      value: {
        id: 'policy-list-1589995512',
        version: 'STSv1',
        mode: 'enforce',
        mx: ['gmail-smtp-in.l.google.com', '*.gmail-smtp-in.l.google.com'],
        maxAge: 840312,
        extensions: [],
      },
      warnings: [],
    });
    for (const d of Object.keys(list.policies)) {
      const entry = lookupPolicy(list, d)!;
      const r = toMtaStsPolicy(entry, list, IN_LIFETIME);
      expect(r.warnings).toEqual([]);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const { id: _id, ...policy } = r.value;
      expect(parseMtaStsPolicy(formatMtaStsPolicy(policy), { strict: true })).toMatchObject({
        value: policy,
      });
      for (const mx of entry.mxs) {
        const host = mx.startsWith('.') ? `mx0${mx}` : mx;
        expect(isMxAllowed(r.value, host)).toBe(true);
      }
    }
    expect(codes(toMtaStsPolicy(lookupPolicy(list, 'gmail.com')!, list, AFTER_EXPIRY)).errors).toEqual([
      'list-expired',
    ]);
    expect(codes(lookupFreshPolicy(list, 'gmail.com', { now: AFTER_EXPIRY })).errors).toEqual([
      'list-expired',
    ]);
    expect(lookupFreshPolicy(list, 'gmail.com', { now: IN_LIFETIME })).toMatchObject({
      ok: true,
      value: { mode: 'enforce' },
    });
  });

  it('looks domains up exactly, case-insensitively, with aliases resolved', () => {
    const list = unwrap(parsePolicyList(text));
    expect(lookupPolicy(list, 'Comcast.NET.')).toEqual({
      domain: 'comcast.net',
      mode: 'enforce',
      mxs: ['mx1.comcast.net', 'mx2.comcast.net'],
    });
    expect(lookupPolicy(list, 'aol.com')?.alias).toBe('yahoo');
    expect(lookupPolicy(list, 'lists.eff.org')).toBeUndefined(); // no parent fallback
    expect(lookupPolicy(list, '__proto__')).toBeUndefined();
    expect(lookupPolicy(list, 'constructor')).toBeUndefined();
    expect(lookupPolicy(list, 'eff.org', { now: AFTER_EXPIRY })).toBeUndefined();
    expect(lookupPolicy(list, 'eff.org', { now: IN_LIFETIME })?.mode).toBe('testing');
    expect(isMxAllowedByList(list, 'gmail.com', 'alt1.gmail-smtp-in.l.google.com')).toBe(true);
    expect(isMxAllowedByList(list, 'gmail.com', 'a.b.gmail-smtp-in.l.google.com')).toBe(false);
    expect(
      isMxAllowedByList(list, 'gmail.com', 'a.b.gmail-smtp-in.l.google.com', { semantics: 'any-depth' }),
    ).toBe(true);
    expect(isMxAllowedByList(list, 'shintag.com', 'alt1.aspmx.l.google.com')).toBe(true); // listed upper-case
    expect(isMxAllowedByList(list, 'unlisted.example', 'mx.unlisted.example')).toBeUndefined();
  });

  it('formats back to the published bytes', () => {
    expect(formatPolicyList(unwrap(parsePolicyList(text, { strict: true })))).toBe(text);
  });

  it('expired on 2020-06-03', () => {
    const list = unwrap(parsePolicyList(text));
    expect(isPolicyListExpired(list, IN_LIFETIME)).toBe(false);
    expect(isPolicyListExpired(list, Date.UTC(2020, 5, 3, 17, 25, 12, 709))).toBe(false);
    expect(isPolicyListExpired(list, Date.UTC(2020, 5, 3, 17, 25, 12, 710))).toBe(true);
    expect(isPolicyListExpired(list, new Date(AFTER_EXPIRY))).toBe(true);
  });

  it('gives Postfix lines as starttls-policy-cli does', () => {
    const list = unwrap(parsePolicyList(text));
    const out = policyListToPostfix(list, { now: IN_LIFETIME, header: false });
    const lines = out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(926);
    expect(lines.filter((l) => !l.startsWith('#'))).toHaveLength(361);
    // the longest key sets the padding, testing keys included
    const width = Math.max(...Object.keys(list.policies).map((k) => k.length));
    expect(lines).toContain(
      `comcast.net${' '.repeat(width - 11)}  secure match=mx1.comcast.net:mx2.comcast.net`,
    );
    expect(lines).toContain(`# eff.org${' '.repeat(width - 7)} undefined due to testing policy`);
    // patterns verbatim: case kept
    const tn = lines.find((l) => l.startsWith('technikumnukleoniczne.pl'));
    expect(
      tn?.endsWith(
        '  secure match=TechnikumNukleoniczne-pl.mail.protection.outlook.com:mx1.comcast.net:mx2.comcast.net',
      ),
    ).toBe(true);
    const sorted = [...lines].map((l) => l.replace(/^# /, '').split(' ')[0]);
    expect(sorted).toEqual([...sorted].sort());
    const early = policyListToPostfix(list, { now: IN_LIFETIME, header: false, includeTesting: true });
    expect(early.split('\n').filter((l) => l.includes(' secure match='))).toHaveLength(926);
    expect(policyListToPostfix(list, { now: AFTER_EXPIRY, header: false })).toBe(
      '# Policy list is outdated. Falling back to opportunistic encryption.\n',
    );
  });

  it('is accepted by the zod schema', () => {
    expect(policyListSchema.safeParse(JSON.parse(text)).success).toBe(true);
  });

  it('passes the published bytes and signature to the verifier', async () => {
    const asc = read('policy.json.asc').toString('utf8');
    let seen: [Uint8Array, string] | undefined;
    const r = await verifyPolicyListSignature(bytes, asc, {
      verify: (data, sig) => {
        seen = [data, sig];
        return {
          ok: true,
          created: Date.UTC(2020, 4, 20, 17, 25, 12),
          fingerprint: EFF_POLICY_SIGNING_SUBKEY_FINGERPRINT,
        };
      },
    });
    expect(r).toEqual({
      ok: true,
      value: {
        created: Date.UTC(2020, 4, 20, 17, 25, 12),
        fingerprint: EFF_POLICY_SIGNING_SUBKEY_FINGERPRINT,
      },
      warnings: [],
    });
    expect(seen?.[0]).toEqual(bytes);
    expect(seen?.[1]).toBe(asc);
  });
});

describe.runIf(dir !== undefined)('older lists', () => {
  it('the last list with pinsets fails strict on pinsets and passes lenient with warnings', () => {
    const bytes = read('policy-2018-11-07-last-with-pinsets.json');
    const strict = parsePolicyList(bytes, { strict: true });
    expect(strict.ok).toBe(false);
    // it also repeats the "salesforce.com" key
    expect(codes(strict).errors).toEqual(['json-duplicate-key', 'additional-property']);
    expect(!strict.ok && strict.errors[1]).toMatchObject({
      code: 'additional-property',
      at: { pointer: '/pinsets' },
    });
    const lenient = parsePolicyList(bytes);
    expect(codes(lenient)).toEqual({ errors: [], warnings: ['json-duplicate-key', 'additional-property'] });
    const list = unwrap(lenient);
    expect(Object.keys(list.policies)).toHaveLength(225);
    expect(lookupPolicy(list, 'gmail.com')?.mxs).toEqual(['.l.google.com']);
    expect(policyListSchema.safeParse(JSON.parse(bytes.toString('utf8'))).success).toBe(false);
  });

  it('the first list (2018-03-30) has pinsets too', () => {
    const bytes = read('policy-2018-03-30-first.json');
    expect(codes(parsePolicyList(bytes, { strict: true })).errors).toEqual(['additional-property']);
    expect(Object.keys(unwrap(parsePolicyList(bytes)).policies)).toHaveLength(18);
  });

  it('the 2019-05-30 list is strict-valid, all testing', () => {
    const list = unwrap(parsePolicyList(read('policy-2019-05-30.json'), { strict: true }));
    const domains = Object.keys(list.policies);
    expect(domains).toHaveLength(466);
    expect(domains.every((d) => lookupPolicy(list, d)?.mode === 'testing')).toBe(true);
    // all testing: the CLI's table is nothing but comments
    expect(
      policyListToPostfix(list, { now: Date.UTC(2019, 5, 1), header: false })
        .split('\n')
        .every((l) => l === '' || l.startsWith('# ')),
    ).toBe(true);
  });

  it('upstream test lists with epoch dates are strict-valid', () => {
    const a = unwrap(parsePolicyList(read('legacy/test_rules-config.json'), { strict: true }));
    expect(a.timestamp).toEqual({ epochMs: 1401093333000, value: 1401093333 });
    const b = unwrap(parsePolicyList(read('legacy/test_rules-bigger_test_config.json'), { strict: true }));
    expect(b.expires).toEqual({ epochMs: Date.UTC(2015, 7, 1, 4), value: '2015-08-01T12:00:00+08:00' });
  });

  it('names the era of pre-0.1 files', () => {
    for (const [f, era] of [
      ['legacy/config-2016.json', '2015–2018-02'],
      ['legacy/bigger_test_config-2016.json', '2015–2018-02'],
      ['legacy/starttls-everywhere-2014-06-09.json', '2014-06 mx-domains'],
      ['legacy/config-2014-06-06.jsonc', '2014-06 design document'],
    ] as const) {
      const r = parsePolicyList(read(f));
      expect(r.ok).toBe(false);
      expect(!r.ok && r.errors[0]).toMatchObject({ code: 'legacy-format' });
      expect(!r.ok && r.errors[0].message).toContain(era);
    }
  });
});
