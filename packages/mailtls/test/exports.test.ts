import * as core from '@mailtls/core';
import * as dane from '@mailtls/dane';
import * as mtaSts from '@mailtls/mta-sts';
import * as policyList from '@mailtls/policy-list';
import * as tlsrpt from '@mailtls/tlsrpt';
import { describe, expect, it } from 'vitest';
import * as umbrella from '../src/index.ts';

const packages = {
  '@mailtls/mta-sts': mtaSts,
  '@mailtls/tlsrpt': tlsrpt,
  '@mailtls/dane': dane,
  '@mailtls/policy-list': policyList,
};

describe('the umbrella', () => {
  it('no two packages export the same runtime name (export * would silently drop it)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [name, mod] of Object.entries(packages)) {
      for (const key of Object.keys(mod)) {
        const prev = owner.get(key);
        if (prev !== undefined) clashes.push(`${key}: ${prev} and ${name}`);
        owner.set(key, name);
      }
    }
    expect(clashes).toEqual([]);
  });
  it('re-exports every runtime name of every package, plus unwrap and ParseError', () => {
    const names = new Map(Object.entries(umbrella));
    for (const mod of Object.values(packages)) {
      for (const [key, value] of Object.entries(mod)) expect(names.get(key)).toBe(value);
    }
    expect(umbrella.unwrap).toBe(core.unwrap);
    expect(umbrella.ParseError).toBe(core.ParseError);
  });
  it('mailtls/dane/node is @mailtls/dane/node', async () => {
    const [mine, theirs] = await Promise.all([import('../src/dane.node.ts'), import('@mailtls/dane/node')]);
    expect(Object.keys(mine)).toEqual(['nodeSignatureVerifier']);
    expect(mine.nodeSignatureVerifier).toBe(theirs.nodeSignatureVerifier);
  });
});
