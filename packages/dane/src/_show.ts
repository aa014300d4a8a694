/**
 * Names a value in a TypeError message without coercing it: `String()` of an arbitrary object
 * can itself throw (a null prototype, a hostile `toString`), and the deliberate TypeError of a
 * programmer error must be the only thing thrown. Internal.
 * @module
 */

/** The value itself for a number, string or boolean, else its `typeof`. */
export function show(v: unknown): string {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? String(v) : typeof v;
}
