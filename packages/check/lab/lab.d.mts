// Types of lab.mjs (the lab is plain JavaScript so `node` runs it without a build).
import type { Buffer } from 'node:buffer';
import type { Server as HttpsServer } from 'node:https';
import type { Server as NetServer } from 'node:net';
import type { FetchLike, Probe, Resolver } from '../src/index.ts';

export interface Pki {
  caPem: string;
  caSpkiSha256: string;
  leaf: (
    name: string,
    sans: string[],
    opts?: { expired?: boolean },
  ) => { key: string; cert: string; spkiSha256: string };
  cleanup: () => void;
}
export function makePki(): Pki;

export type LabRecord =
  | { type: 'MX'; data: { preference: number; exchange: string } }
  | { type: 'TXT'; data: string[] }
  | { type: 'A' | 'AAAA' | 'CNAME'; data: string }
  | { type: 'TLSA'; data: { usage: number; selector: number; matchingType: number; certificate: Buffer } };

export interface Zone {
  /** name → records (any type) */
  records: Map<string, LabRecord[]>;
  /** "TYPE name" answered with SERVFAIL */
  servfail: Set<string>;
  /** names (and all types) that get no answer at all, to provoke timeouts */
  silent: Set<string>;
  /** names whose UDP answers are truncated (TC=1), forcing TCP */
  truncate: Set<string>;
  /**
   * names heading an unsigned part of the tree: answers at or below them carry AD=0, all others
   * AD=1 (knot + unbound: an unsigned child zone delegated without DS)
   */
  unsigned: Set<string>;
}
export function zone(): Zone;
export function add(z: Zone, name: string, ...rs: LabRecord[]): void;

export interface DnsLab {
  port: number;
  /** Queries received, as "TYPE name" (UDP and TCP). */
  log: string[];
  /** A copy of {@link log}. */
  queries: () => string[];
  /** Lets the process exit while the server still listens. */
  unref: () => void;
  close: () => Promise<void>;
}
export function startDns(z: Zone): Promise<DnsLab>;

/** The knotd/keymgr/unbound paths this machine lacks (empty: {@link startKnotUnbound} can run). */
export function debianDnsMissing(): string[];
/** A port number free on both UDP and TCP of 127.0.0.1. */
export function freePort(host?: string): Promise<number>;
export interface KnotUnbound {
  /** The loopback address knot and unbound listen on: 127.53.x.y of this lab's own on Linux. */
  host: string;
  /** unbound, the validating resolver to query. */
  port: number;
  /** knot, the authoritative server. */
  knotPort: number;
  /** Queries unbound received, as "TYPE name", from its query log. */
  queries: () => string[];
  unref: () => void;
  close: () => Promise<void>;
}
/**
 * Serves `z` with real DNSSEC: knot signing every name under `apex` (default `example`) behind a
 * validating unbound whose only trust anchor is the apex key. `z.unsigned` names become unsigned
 * delegations (AD=0); `z.servfail` names become signed child zones with a DS naming another key
 * (bogus: SERVFAIL for every type at that name).
 */
export function startKnotUnbound(z: Zone, options?: { apex?: string }): Promise<KnotUnbound>;

export interface HttpRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}
export function startHttps(
  tls: { key: string; cert: string },
  routes: Map<string, HttpRoute>,
): Promise<{ port: number; server: HttpsServer; requests: string[] }>;
/** Dials `port` at the address `resolver` gives for the URL's host (default 127.0.0.1). */
export function labFetch(port: number, ca: string, resolver?: Resolver): FetchLike;

export function startSmtp(opts: {
  key: string;
  cert: string;
  hideSTARTTLS?: boolean;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: the OS chooses. */
  port?: number;
}): Promise<{ port: number; server: NetServer; close: () => Promise<void> }>;

export type LabDomain =
  | 'good.example'
  | 'stripped.example'
  | 'wrongname.example'
  | 'expired.example'
  | 'rescued.example'
  | 'redirect.example'
  | 'ctype.example'
  | 'multi.example'
  | 'uncovered.example'
  | 'servfail.example'
  | 'testing.example'
  | 'insecure.example'
  | 'ipv6.example';
export const LAB_DOMAINS: Readonly<Record<LabDomain, string>>;

export interface Lab {
  domains: LabDomain[];
  pki: Pki;
  zone: Zone;
  routes: Map<string, HttpRoute>;
  /** knot + unbound (real DNSSEC) or the in-process server (AD set by the server itself). */
  dnsBackend: 'debian' | 'in-process';
  dnsPort: number;
  /** Where the lab's resolver listens: 127.0.0.1, or 127.53.x.y for knot + unbound on Linux. */
  dnsServer: { server: string; port: number };
  /** DNS queries the lab's resolver port received so far, as "TYPE name" (the lab fetch's too). */
  dnsQueries: () => string[];
  httpsPort: number;
  /** HTTPS requests received, as "host/path". */
  httpRequests: string[];
  /** "address:port" of each SMTP server: good, stripped, wrongname, expired and (if ::1 works) v6. */
  smtpAddresses: Record<string, string>;
  caPem: string;
  resolver: Resolver;
  fetch: FetchLike;
  probe: Probe;
  /**
   * The probe's options: the lab's one SMTP port (the probe dials the address DNS gave), or
   * where loopback aliases are missing, a `connectTo` mapping each MX host to its server.
   */
  probeOptions:
    | { ca: string; port: number }
    | { ca: string; connectTo: (host: string) => { host: string; port: number } };
  close: () => Promise<void>;
}
export function startLab(options?: {
  /** Per-step timeout of the lab's resolver and probe in milliseconds; default 5000. */
  timeoutMs?: number;
  /** Unref every listener so the process can exit while the lab runs (benchmarks). */
  unref?: boolean;
  /** DNS backend; default 'auto' (debian when knot and unbound are installed). */
  dns?: 'auto' | 'debian' | 'in-process';
  /** Default true: SMTP servers on 127.0.0.2… and ::1 sharing one port; false: 127.0.0.1 only, a port each. */
  aliases?: boolean;
}): Promise<Lab>;
