/// <reference path="./dns-packet.d.ts" />
/**
 * The resolver interface @mailtls/check runs on, the DNS wire codec shared by the DoH and UDP/TCP
 * resolvers (dns-packet), CNAME-chain following, and per-check memoisation.
 * @module
 */
import { normalizeHostname } from '@mailtls/core';
import { Buffer } from 'buffer';
import dnsPacket from 'dns-packet';

/** The record types a mail-domain check asks for. */
export type DnsType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'TLSA' | 'CNAME';

/**
 * How a query ended. `nxdomain` (RCODE 3: the name does not exist), `nodata` (NOERROR, no record
 * of the type), `servfail` (RCODE 2: includes DNSSEC-bogus answers from a validating resolver),
 * `refused` and `error` (other RCODEs, malformed answers), `timeout` (no answer after retries)
 * are kept apart: only `nxdomain` and `nodata` mean "no records" (RFC 7672 §2.1.1).
 */
export type DnsOutcome = 'answer' | 'nxdomain' | 'nodata' | 'servfail' | 'refused' | 'timeout' | 'error';

/** One record of the answer, its RDATA decoded per type. */
export type DnsRecord =
  | {
      readonly type: 'A' | 'AAAA' | 'CNAME';
      readonly name: string;
      readonly ttl: number;
      readonly data: string;
    }
  | {
      readonly type: 'MX';
      readonly name: string;
      readonly ttl: number;
      readonly data: { readonly preference: number; readonly exchange: string };
    }
  /** TXT: the RR's character-strings, decoded as UTF-8 (invalid bytes replaced). */
  | { readonly type: 'TXT'; readonly name: string; readonly ttl: number; readonly data: string[] }
  /** TLSA: the raw RDATA (parse with @mailtls/dane's `parseTlsaRdata`). */
  | { readonly type: 'TLSA'; readonly name: string; readonly ttl: number; readonly data: Uint8Array };

/** A resolver's answer to one question. */
export interface DnsResponse {
  /** The question name, normalised (lower-case A-labels, no trailing dot). */
  readonly name: string;
  readonly type: DnsType;
  readonly outcome: DnsOutcome;
  /** The RCODE as text (`NOERROR`, `NXDOMAIN`, `SERVFAIL`…); `undefined` after a timeout. */
  readonly rcode: string | undefined;
  /**
   * The AD bit of the (last) response: `true` when the resolver validated the answer with DNSSEC,
   * `undefined` when the transport cannot tell (node:dns). Only meaningful from a validating
   * resolver the caller trusts over a secure channel (RFC 6698 §4.1, RFC 4035 §4.9.3).
   */
  readonly ad: boolean | undefined;
  /** The records of `type` at the end of the CNAME chain. */
  readonly records: DnsRecord[];
  /** The CNAME chain followed from `name`, each target in order (empty when none). */
  readonly cnames: string[];
  /** What went wrong, for `error`, `timeout` and transport failures. */
  readonly error?: string;
  /**
   * Extended DNS Errors (RFC 8914) the resolver attached, e.g. `{ code: 6 }` "DNSSEC Bogus" on a
   * SERVFAIL from unbound or 1.1.1.1: what tells a bogus answer from a server failure.
   */
  readonly ede?: readonly ExtendedDnsError[];
}

/** One Extended DNS Error (RFC 8914 §2): the INFO-CODE and the optional EXTRA-TEXT. */
export interface ExtendedDnsError {
  readonly code: number;
  readonly text?: string;
}

/**
 * The RFC 8914 §4 INFO-CODEs that report a failed DNSSEC validation: 6 DNSSEC Bogus, 7 Signature
 * Expired, 8 Signature Not Yet Valid, 9 DNSKEY Missing, 10 RRSIGs Missing, 11 No Zone Key Bit
 * Set, 12 NSEC Missing.
 */
const EDE_BOGUS = new Set([6, 7, 8, 9, 10, 11, 12]);

/** Anything that answers DNS questions: {@link dohResolver}, `udpResolver`, `nodeDnsResolver`, or your own. */
export interface Resolver {
  query(name: string, type: DnsType): Promise<DnsResponse>;
}

/**
 * The DNSSEC status of a response for @mailtls/dane: AD → secure, no AD → insecure, unknown →
 * indeterminate, a SERVFAIL carrying a DNSSEC Extended DNS Error (RFC 8914 codes 6–12) → bogus,
 * any other failure → error.
 */
export function dnssecStatus(r: DnsResponse): 'secure' | 'insecure' | 'bogus' | 'indeterminate' | 'error' {
  if (r.outcome === 'servfail' && r.ede?.some((e) => EDE_BOGUS.has(e.code))) return 'bogus';
  if (r.outcome !== 'answer' && r.outcome !== 'nxdomain' && r.outcome !== 'nodata') return 'error';
  if (r.ad === undefined) return 'indeterminate';
  return r.ad ? 'secure' : 'insecure';
}

/** A DNS message exchange over some transport: query bytes in, response bytes out. */
export type DnsExchange = (query: Uint8Array, id: number) => Promise<Uint8Array>;

/** Thrown by a {@link DnsExchange} that got no answer in time. */
export class DnsTimeoutError extends Error {
  override name = 'DnsTimeoutError';
}

/** The maximum CNAME chain length followed (unbound and BIND stop near 8–12). */
export const MAX_CNAME_CHAIN = 8;

/**
 * Encodes a recursive query with EDNS(0), the DO bit and the AD bit set, so a validating
 * resolver reports whether it validated the answer (RFC 6840 §5.7, RFC 3225).
 */
export function encodeQuery(name: string, type: DnsType, id: number, payloadSize = 1232): Uint8Array {
  const bytes = dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA,
    questions: [{ type, name, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: payloadSize, flags: dnsPacket.DNSSEC_OK }],
  });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const utf8 = new TextDecoder('utf-8');

/** One decoded message: what {@link decodeResponse} extracts for a question. */
export interface DecodedMessage {
  readonly id: number;
  readonly rcode: string;
  readonly tc: boolean;
  readonly ad: boolean;
  readonly answers: DnsRecord[];
  readonly cnames: Map<string, string>;
  readonly ede: ExtendedDnsError[];
}

/** Decodes a DNS response message; throws on malformed input. */
export function decodeMessage(bytes: Uint8Array): DecodedMessage {
  const p = dnsPacket.decode(Buffer.from(bytes));
  const answers: DnsRecord[] = [];
  const cnames = new Map<string, string>();
  for (const a of p.answers ?? []) {
    const name = normalizeHostname(a.name);
    const ttl = a.ttl ?? 0;
    switch (a.type) {
      case 'A':
      case 'AAAA':
        answers.push({ type: a.type, name, ttl, data: String(a.data) });
        break;
      case 'CNAME': {
        const target = normalizeHostname(String(a.data));
        cnames.set(name, target);
        answers.push({ type: 'CNAME', name, ttl, data: target });
        break;
      }
      case 'MX':
        answers.push({
          type: 'MX',
          name,
          ttl,
          data: {
            preference: Number(a.data.preference),
            exchange: normalizeHostname(String(a.data.exchange)),
          },
        });
        break;
      case 'TXT': {
        const parts: unknown[] = Array.isArray(a.data) ? a.data : [a.data];
        answers.push({
          type: 'TXT',
          name,
          ttl,
          data: parts.map((s) => (typeof s === 'string' ? s : utf8.decode(s as Uint8Array))),
        });
        break;
      }
      case 'TLSA': {
        // dns-packet splits TLSA RDATA into fields; rebuild the raw RDATA for @mailtls/dane
        const d = a.data as {
          usage: number;
          selector: number;
          matchingType: number;
          certificate: Uint8Array;
        };
        const out = new Uint8Array(3 + d.certificate.length);
        out[0] = d.usage;
        out[1] = d.selector;
        out[2] = d.matchingType;
        out.set(d.certificate, 3);
        answers.push({ type: 'TLSA', name, ttl, data: out });
        break;
      }
      default:
        break;
    }
  }
  // RFC 8914 §2: option 15 of the OPT record, a 2-byte INFO-CODE then UTF-8 EXTRA-TEXT
  const ede: ExtendedDnsError[] = [];
  for (const a of p.additionals ?? [])
    if (a.type === 'OPT')
      for (const o of a.options ?? []) {
        const d = o.data;
        if (o.code !== 15 || !(d instanceof Uint8Array) || d.length < 2) continue;
        // EXTRA-TEXT, trailing NULs dropped by a loop (/\0+$/ is quadratic on inner NUL runs)
        let end = d.length;
        while (end > 2 && d[end - 1] === 0) end--;
        const text = utf8.decode(d.subarray(2, end));
        ede.push(text === '' ? { code: (d[0]! << 8) | d[1]! } : { code: (d[0]! << 8) | d[1]!, text });
      }
  return {
    id: p.id ?? 0,
    rcode: p.rcode ?? 'NOERROR',
    tc: p.flag_tc === true,
    ad: p.flag_ad === true,
    answers,
    cnames,
    ede,
  };
}

/**
 * Builds a {@link DnsResponse} for `name`/`type` out of one message: follows the CNAME chain the
 * message carries (at most {@link MAX_CNAME_CHAIN} links, loops stopped) and keeps the records of
 * `type` at its end.
 */
export function toResponse(name: string, type: DnsType, m: DecodedMessage): DnsResponse {
  const cnames: string[] = [];
  let owner = name;
  if (type !== 'CNAME') {
    const seen = new Set([owner]);
    for (let next = m.cnames.get(owner); next !== undefined; next = m.cnames.get(owner)) {
      if (seen.has(next) || cnames.length >= MAX_CNAME_CHAIN) break;
      seen.add(next);
      cnames.push(next);
      owner = next;
    }
  }
  const records = m.answers.filter((r) => r.type === type && r.name === owner);
  const outcome: DnsOutcome =
    m.rcode === 'NOERROR'
      ? records.length > 0
        ? 'answer'
        : 'nodata'
      : m.rcode === 'NXDOMAIN'
        ? 'nxdomain'
        : m.rcode === 'SERVFAIL'
          ? 'servfail'
          : m.rcode === 'REFUSED'
            ? 'refused'
            : 'error';
  const out: { -readonly [K in keyof DnsResponse]: DnsResponse[K] } = {
    name,
    type,
    outcome,
    rcode: m.rcode,
    ad: m.ad,
    records,
    cnames,
  };
  if (outcome === 'error') out.error = `DNS rcode ${m.rcode}`;
  if (m.ede.length > 0) out.ede = m.ede;
  return out;
}

function failure(name: string, type: DnsType, e: unknown): DnsResponse {
  const timeout = e instanceof DnsTimeoutError;
  return {
    name,
    type,
    outcome: timeout ? 'timeout' : 'error',
    rcode: undefined,
    ad: undefined,
    records: [],
    cnames: [],
    error: e instanceof Error ? e.message : typeof e === 'string' ? e : 'query failed',
  };
}

let nextId = 1;
/** A fresh 16-bit message ID (not security relevant over DoH/TCP; UDP callers add port randomness). */
export function messageId(): number {
  nextId = (nextId * 1103515245 + 12345 + Math.floor(Math.random() * 65536)) & 0xffff;
  return nextId;
}

/**
 * A {@link Resolver} over a wire-format transport: encodes the question, decodes the answer,
 * and when the answer ends in a CNAME whose target it does not carry, asks again for the target
 * (up to {@link MAX_CNAME_CHAIN} links). The AD bit of a chain is the AND of its responses.
 */
export function wireResolver(exchange: DnsExchange): Resolver {
  return {
    async query(qname, type) {
      const name = normalizeHostname(qname);
      const chain: string[] = [];
      let ad = true;
      let ask = name;
      for (;;) {
        let m: DecodedMessage;
        try {
          const id = messageId();
          m = decodeMessage(await exchange(encodeQuery(ask, type, id), id));
        } catch (e) {
          return { ...failure(name, type, e), cnames: chain };
        }
        const r = toResponse(ask, type, m);
        ad = ad && m.ad;
        chain.push(...r.cnames);
        const end = chain.at(-1);
        const dangling = r.outcome === 'nodata' && r.cnames.length > 0 && end !== undefined;
        if (!dangling || chain.length >= MAX_CNAME_CHAIN || end === name) {
          return { ...r, name, ad, cnames: chain };
        }
        ask = end;
      }
    },
  };
}

/** Counters of one check: DNS queries actually sent (after memoisation), HTTP requests, TLS handshakes. */
export interface CheckCounters {
  dnsQueries: number;
  httpRequests: number;
  tlsHandshakes: number;
}

/**
 * Wraps a resolver so each name+type is asked once; counts the queries sent. A resolver that
 * throws or rejects (instead of resolving with its failure) gives an `error` outcome.
 */
export function memoResolver(resolver: Resolver, counters: CheckCounters): Resolver {
  const seen = new Map<string, Promise<DnsResponse>>();
  return {
    query(name, type) {
      const key = `${type} ${normalizeHostname(name)}`;
      let p = seen.get(key);
      if (p === undefined) {
        counters.dnsQueries++;
        p = (async () => resolver.query(name, type))().catch((e: unknown) =>
          failure(normalizeHostname(name), type, e),
        );
        seen.set(key, p);
      }
      return p;
    },
  };
}
