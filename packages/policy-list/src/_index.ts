// The O(1) lookup index: normalised mail domain → resolved policy, built once per list.
// Never re-exported.
import { normalizeHostname } from '@mailtls/core';
import type { PolicyEntry, PolicyList, ResolvedPolicy } from './list.ts';

// Keyed by the list object itself, so any PolicyList (parsed, built or written by hand) can be
// looked up, the index is never serialised, and a list dropped by the caller frees its index.
const INDEX = new WeakMap<PolicyList, Map<string, ResolvedPolicy>>();

/** Records the index `parsePolicyList` built while validating, so lookups skip a second pass. */
export function rememberIndex(list: PolicyList, index: Map<string, ResolvedPolicy>): void {
  INDEX.set(list, index);
}

/** The index of a list, built on first use for lists that did not come from the parser. */
export function indexOf(list: PolicyList): Map<string, ResolvedPolicy> {
  let index = INDEX.get(list);
  if (index === undefined) {
    index = new Map();
    const aliases = list.policyAliases;
    for (const domain of Object.keys(list.policies)) {
      const resolved = resolveEntry(domain, list.policies[domain] as PolicyEntry, aliases);
      // A Map, not an object: a "__proto__" or "constructor" key is just a key.
      if (resolved !== undefined) index.set(normalizeHostname(domain), resolved);
    }
    INDEX.set(list, index);
  }
  return index;
}

/** Resolves one `policies` entry through `policy-aliases`; undefined when the alias dangles. */
export function resolveEntry(
  domain: string,
  entry: PolicyEntry,
  aliases: PolicyList['policyAliases'],
): ResolvedPolicy | undefined {
  if ('policyAlias' in entry) {
    const name = entry.policyAlias;
    if (!Object.hasOwn(aliases, name)) return undefined;
    const def = aliases[name];
    if (def === undefined) return undefined;
    return { domain, mode: def.mode, mxs: def.mxs, alias: name };
  }
  return { domain, mode: entry.mode, mxs: entry.mxs };
}
