// A browser stand-in for node:assert/strict, covering what the smoke suite uses.
function fail(message) {
  throw new Error(message);
}
function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}
const assert = {
  equal: (a, b, m) => Object.is(a, b) || fail(m ?? `expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`),
  notEqual: (a, b, m) => !Object.is(a, b) || fail(m ?? `expected not ${JSON.stringify(b)}`),
  deepEqual: (a, b, m) =>
    deepEqual(a, b) || fail(m ?? `expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`),
  ok: (v, m) => v || fail(m ?? `expected truthy, got ${JSON.stringify(v)}`),
  match: (s, re, m) => re.test(s) || fail(m ?? `${JSON.stringify(s)} does not match ${re}`),
  rejects: async (p, m) => {
    try {
      await (typeof p === 'function' ? p() : p);
    } catch {
      return;
    }
    fail(m ?? 'expected a rejection');
  },
};
export default assert;
