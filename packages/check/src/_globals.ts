/**
 * Timers and AbortController, present in every runtime mailtls supports but absent from the
 * es2022 lib the library compiles with: reached through globalThis with minimal local types,
 * so no ambient declaration leaks into consumers' builds.
 * @module
 */

/** The part of AbortSignal this package uses. */
export interface SignalLike {
  readonly aborted: boolean;
}
interface Globals {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  AbortController: new () => { readonly signal: SignalLike; abort(reason?: unknown): void };
}
const g = globalThis as unknown as Globals;

/** Runs `fn` after `ms`; returns a canceller. */
export function timer(ms: number, fn: () => void): () => void {
  const id = g.setTimeout(fn, ms);
  return () => g.clearTimeout(id);
}

/** A new AbortController. */
export function abortController(): { readonly signal: SignalLike; abort(reason?: unknown): void } {
  return new g.AbortController();
}
