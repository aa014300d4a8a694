/**
 * A resolver over node:dns (the system's or given servers). node:dns does not expose the AD bit,
 * so DNSSEC status is always `indeterminate` (treated as insecure for DANE, RFC 7672 §2.1.1).
 * @module
 */
import { Resolver as NodeResolver } from 'node:dns/promises';
import { normalizeHostname } from '@mailtls/core';
import type { DnsOutcome, DnsRecord, DnsResponse, DnsType, Resolver } from './resolver.ts';

/** Options of {@link nodeDnsResolver}. */
export interface NodeDnsOptions {
  /** Servers (`1.2.3.4`, `[::1]:53`, `127.0.0.1:5353`); default the system's. */
  readonly servers?: readonly string[];
  /** Per-attempt timeout in milliseconds (c-ares); default 5000. */
  readonly timeoutMs?: number;
  readonly tries?: number;
}

const CODES: Record<string, DnsOutcome> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ESERVFAIL: 'servfail',
  EREFUSED: 'refused',
  ETIMEOUT: 'timeout',
};

/**
 * A {@link Resolver} over node:dns. TLSA is not supported by node:dns and is answered with an
 * `error` outcome (use `udpResolver` or `dohResolver` for DANE); CNAME chains are followed by
 * c-ares and not reported.
 * @example await nodeDnsResolver().query('example.com', 'MX') // { outcome: 'answer', ad: undefined, … }
 */
export function nodeDnsResolver(options: NodeDnsOptions = {}): Resolver {
  const r = new NodeResolver({ timeout: options.timeoutMs ?? 5000, tries: options.tries ?? 2 });
  if (options.servers !== undefined) r.setServers([...options.servers]);
  return {
    async query(qname: string, type: DnsType): Promise<DnsResponse> {
      const name = normalizeHostname(qname);
      const base = { name, type, ad: undefined, cnames: [] as string[] };
      try {
        let records: DnsRecord[];
        switch (type) {
          case 'A':
          case 'AAAA': {
            const rr = await (type === 'A'
              ? r.resolve4(name, { ttl: true })
              : r.resolve6(name, { ttl: true }));
            records = rr.map((x) => ({ type, name, ttl: x.ttl, data: x.address }));
            break;
          }
          case 'MX':
            records = (await r.resolveMx(name)).map((x) => ({
              type: 'MX',
              name,
              ttl: 0,
              data: { preference: x.priority, exchange: normalizeHostname(x.exchange) },
            }));
            break;
          case 'TXT':
            records = (await r.resolveTxt(name)).map((x) => ({ type: 'TXT', name, ttl: 0, data: x }));
            break;
          case 'CNAME':
            records = (await r.resolveCname(name)).map((x) => ({
              type: 'CNAME',
              name,
              ttl: 0,
              data: normalizeHostname(x),
            }));
            break;
          default:
            return {
              ...base,
              outcome: 'error',
              rcode: undefined,
              records: [],
              error: `node:dns cannot query ${type}`,
            };
        }
        return { ...base, outcome: records.length ? 'answer' : 'nodata', rcode: 'NOERROR', records };
      } catch (e) {
        const code = (e as { code?: string }).code ?? '';
        const outcome = CODES[code] ?? 'error';
        const rcode =
          outcome === 'nxdomain'
            ? 'NXDOMAIN'
            : outcome === 'nodata'
              ? 'NOERROR'
              : outcome === 'servfail'
                ? 'SERVFAIL'
                : outcome === 'refused'
                  ? 'REFUSED'
                  : undefined;
        const out: DnsResponse = { ...base, outcome, rcode, records: [] };
        return outcome === 'nxdomain' || outcome === 'nodata' ? out : { ...out, error: (e as Error).message };
      }
    },
  };
}
