// Internal: the guard every total function shares. Never re-exported.

/**
 * The type of a value a caller passed where a string (or bytes) belongs, for the `input-type`
 * message: `typeof`, with `null` told apart. Never throws, whatever the value.
 */
export const typeName = (x: unknown): string => (x === null ? 'null' : typeof x);
