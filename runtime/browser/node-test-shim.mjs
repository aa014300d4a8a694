// A browser stand-in for node:test: collects tests, runs them in order, and reports to the page.
const tests = [];
export function test(name, fn) {
  tests.push({ name, fn });
}
export default test;
export async function run() {
  const results = [];
  for (const t of tests) {
    try {
      await t.fn();
      results.push({ name: t.name, ok: true });
    } catch (e) {
      results.push({ name: t.name, ok: false, error: String(e?.stack ?? e) });
    }
  }
  return results;
}
