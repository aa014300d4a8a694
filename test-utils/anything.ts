// The most hostile value fast-check's `anything` builds, with every option on: null-prototype
// objects, boxed values, BigInt, typed and sparse arrays, Map, Set, Date and String objects. The
// totality properties (STYLE.md "Tests") of every package draw their inputs and options from it.
import { fc } from '@fast-check/vitest';

/** Any JavaScript value, every `fc.anything` option on. */
export const anyValue = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});
