/**
 * The slice of WHATWG fetch this package needs, typed locally (the library compiles without DOM
 * types): pass the runtime's `fetch`, or any function of this shape.
 * @module
 */
import type { SignalLike } from './_globals.ts';

/** Request options this package passes. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  redirect?: 'manual' | 'error' | 'follow';
  cache?: 'no-store';
  signal?: SignalLike;
}

/** The parts of a Response this package reads. */
export interface FetchResponse {
  readonly status: number;
  readonly url?: string;
  readonly type?: string;
  readonly redirected?: boolean;
  readonly headers: { get(name: string): string | null };
  readonly body?: ReadableStream<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A fetch function: the global `fetch` of Node ≥ 20.19, Deno, Bun, browsers and workers fits. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/**
 * Reads a response body up to `limit` bytes, streaming, cancelling the stream past the cap.
 * Returns undefined when the body is larger than `limit`.
 */
export async function readCapped(res: FetchResponse, limit: number): Promise<Uint8Array | undefined> {
  const body = res.body;
  if (body === undefined || body === null) {
    const all = new Uint8Array(await res.arrayBuffer());
    return all.length > limit ? undefined : all;
  }
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value === undefined) continue;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
