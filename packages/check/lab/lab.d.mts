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
  /** names whose answers carry AD=0 (an unsigned part of the tree); all others get AD=1 */
  unsigned: Set<string>;
}
export function zone(): Zone;
export function add(z: Zone, name: string, ...rs: LabRecord[]): void;

export interface DnsLab {
  port: number;
  /** Queries received, as "TYPE name" (UDP and TCP). */
  log: string[];
  /** Lets the process exit while the server still listens. */
  unref: () => void;
  close: () => Promise<void>;
}
export function startDns(z: Zone): Promise<DnsLab>;

export interface HttpRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}
export function startHttps(
  tls: { key: string; cert: string },
  routes: Map<string, HttpRoute>,
): Promise<{ port: number; server: HttpsServer; requests: string[] }>;
export function labFetch(port: number, ca: string): FetchLike;

export function startSmtp(opts: {
  key: string;
  cert: string;
  hideSTARTTLS?: boolean;
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
  | 'testing.example';
export const LAB_DOMAINS: Readonly<Record<LabDomain, string>>;

export interface Lab {
  domains: LabDomain[];
  pki: Pki;
  zone: Zone;
  routes: Map<string, HttpRoute>;
  dnsPort: number;
  dnsServer: { server: string; port: number };
  /** DNS queries received, as "TYPE name". */
  dnsLog: string[];
  httpsPort: number;
  /** HTTPS requests received, as "host/path". */
  httpRequests: string[];
  smtpPorts: Record<'good' | 'stripped' | 'wrongname' | 'expired', number>;
  caPem: string;
  resolver: Resolver;
  fetch: FetchLike;
  probe: Probe;
  probeOptions: { ca: string; connectTo: (host: string) => { host: string; port: number } };
  close: () => Promise<void>;
}
export function startLab(options?: {
  /** Per-step timeout of the lab's resolver and probe in milliseconds; default 5000. */
  timeoutMs?: number;
  /** Unref every listener so the process can exit while the lab runs (benchmarks). */
  unref?: boolean;
}): Promise<Lab>;
