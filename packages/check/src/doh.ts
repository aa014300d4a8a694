/**
 * DNS-over-HTTPS (RFC 8484) over fetch: runs in browsers, workers, Deno, Bun and Node.
 * @module
 */
import { abortController, timer } from './_globals.ts';
import type { FetchLike } from './fetch.ts';
import { readCapped } from './fetch.ts';
import { DnsTimeoutError, type Resolver, wireResolver } from './resolver.ts';

/** Options of {@link dohResolver}. */
export interface DohOptions {
  /** The DoH endpoint, e.g. `https://cloudflare-dns.com/dns-query`. */
  readonly url: string;
  /** The fetch to use; default the global `fetch`. */
  readonly fetch?: FetchLike;
  /** Per-attempt timeout in milliseconds; default 5000. */
  readonly timeoutMs?: number;
  /** Further attempts after a timeout or network error; default 1. */
  readonly retries?: number;
}

/**
 * A resolver speaking RFC 8484 wire format: `POST` of `application/dns-message`, the DO and AD
 * bits set so a validating DoH server reports DNSSEC status in the AD bit. Responses larger
 * than 64 KiB (the DNS message limit) are rejected; the message ID is 0 as RFC 8484 §4.1 advises
 * for cache friendliness, and the response's ID is not checked for the same reason.
 * @example const r = await dohResolver({ url: 'https://dns.example/dns-query' }).query('example.com', 'MX')
 * // { name: 'example.com', type: 'MX', outcome: 'answer', rcode: 'NOERROR', ad: true, records: [ … ], cnames: [] }
 * @see https://www.rfc-editor.org/rfc/rfc8484#section-4.1
 */
export function dohResolver(options: DohOptions): Resolver {
  const f =
    options.fetch ?? ((globalThis as unknown as { fetch?: FetchLike }).fetch as FetchLike | undefined);
  if (typeof f !== 'function') throw new TypeError('dohResolver: no fetch available; pass options.fetch');
  const timeoutMs = options.timeoutMs ?? 5000;
  const retries = options.retries ?? 1;
  const url = options.url;
  return wireResolver(async (query) => {
    const body = new Uint8Array(query);
    body[0] = 0; // RFC 8484 §4.1: "the DNS ID ... SHOULD be 0"
    body[1] = 0;
    let last: unknown;
    for (let attempt = 0; attempt <= retries; attempt++) {
      const ctl = abortController();
      let timedOut = false;
      const cancel = timer(timeoutMs, () => {
        timedOut = true;
        ctl.abort();
      });
      try {
        const res = await f(url, {
          method: 'POST',
          headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message' },
          body,
          redirect: 'error',
          signal: ctl.signal,
        });
        if (res.status !== 200) throw new Error(`DoH server answered HTTP ${res.status}`);
        const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
        if (type !== 'application/dns-message') throw new Error(`DoH content type ${type || 'missing'}`);
        const bytes = await readCapped(res, 65535);
        if (bytes === undefined) throw new Error('DoH response larger than 65535 bytes');
        return bytes;
      } catch (e) {
        last = timedOut ? new DnsTimeoutError(`DoH query timed out after ${timeoutMs} ms`) : e;
        // HTTP-level answers (status, type) are final; retry only timeouts and network errors
        if (!timedOut && e instanceof Error && /^DoH /.test(e.message)) throw e;
      } finally {
        cancel();
      }
    }
    throw last;
  });
}
