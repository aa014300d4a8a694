/**
 * A STARTTLS probe over node:net/node:tls (also provided by Deno and Bun): greeting, EHLO,
 * STARTTLS, the TLS handshake, the presented chain, WebPKI validity and the DNS-ID match.
 * @module
 */
import { connect as netConnect, type Socket } from 'node:net';
import {
  type DetailedPeerCertificate,
  rootCertificates,
  type TLSSocket,
  connect as tlsConnect,
} from 'node:tls';
import { matchesDnsId, normalizeHostname } from '@mailtls/core';
import type { Probe, ProbeResult, ProbeTarget, TlsSession } from './probe.ts';

/** Options of {@link starttlsProbe}. */
export interface ProbeOptions {
  /** Default 25. */
  readonly port?: number;
  /**
   * Where to dial instead of the target's address (labs, tests): an address, or a function of
   * the MX host returning `{ host, port }`.
   */
  readonly connectTo?: string | ((host: string) => { host: string; port?: number } | undefined);
  /** PEM trust anchors for the WebPKI check; default Node's bundled roots. */
  readonly ca?: string | readonly string[];
  /** The name sent in EHLO; default `mailtls.invalid`. */
  readonly ehloName?: string;
  /** Per-step timeout in milliseconds; default 30 000. */
  readonly timeoutMs?: number;
}

/** Reads SMTP replies (multi-line `250-…`/`250 …`) from a socket. */
class Replies {
  private buf = '';
  private waiters: ((r: { code: number; lines: string[] } | Error) => void)[] = [];
  private lines: string[] = [];
  private readonly sock: Socket;
  constructor(sock: Socket) {
    this.sock = sock;
    sock.setEncoding('latin1');
    sock.on('data', this.onData);
    sock.on('error', (e) => this.fail(e));
    sock.on('close', () => this.fail(new Error('connection closed')));
  }
  private onData = (d: string): void => {
    // only the new text can hold a line end: searching the whole buffer per chunk was quadratic
    const from = this.buf.length;
    this.buf += d;
    if (this.buf.length > 65536 || this.lines.length > 512) {
      // a line, or a multiline reply (RFC 5321 §4.2.1), far beyond any real server's
      this.fail(new Error('reply too long'));
      return;
    }
    for (let nl = this.buf.indexOf('\n', from); nl >= 0; nl = this.buf.indexOf('\n')) {
      const line = this.buf.slice(0, nl).replace(/\r$/, '');
      this.buf = this.buf.slice(nl + 1);
      this.lines.push(line);
      if (line.length < 4 || line[3] !== '-') {
        const lines = this.lines;
        this.lines = [];
        this.waiters.shift()?.({ code: Number(line.slice(0, 3)), lines: lines.map((l) => l.slice(4)) });
      }
    }
  };
  private fail(e: Error): void {
    for (const w of this.waiters.splice(0)) w(e);
  }
  detach(): void {
    this.sock.off('data', this.onData);
  }
  next(timeoutMs: number): Promise<{ code: number; lines: string[] }> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timed out waiting for the server')), timeoutMs);
      this.waiters.push((r) => {
        clearTimeout(t);
        if (r instanceof Error) reject(r);
        else resolve(r);
      });
    });
  }
}

function chainOf(sock: TLSSocket): Uint8Array[] {
  const out: Uint8Array[] = [];
  let c: DetailedPeerCertificate | undefined = sock.getPeerCertificate(true);
  const seen = new Set<string>();
  while (c?.raw !== undefined && out.length < 16) {
    const key = c.fingerprint256;
    if (seen.has(key)) break; // the root points at itself
    seen.add(key);
    out.push(new Uint8Array(c.raw));
    c = c.issuerCertificate;
  }
  return out;
}

function sanNames(san: string | undefined): string[] {
  if (!san) return [];
  return san
    .split(', ')
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4));
}

function dn(x: unknown): string | undefined {
  if (x === null || typeof x !== 'object') return undefined;
  return Object.entries(x as Record<string, unknown>)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

/**
 * A {@link Probe} for port 25: connects, reads the 220 greeting, sends EHLO, and when STARTTLS is
 * offered upgrades with SNI = the MX host, `rejectUnauthorized: false` so every chain is recorded,
 * then reports WebPKI validity against `ca` (or the bundled roots) and the RFC 9525 DNS-ID match of
 * the SAN dNSNames against the MX host (RFC 8461 §4.2). A missing STARTTLS in the EHLO reply is
 * reported as not offered (a stripped offer when the host is expected to offer it). Sends QUIT.
 * @example const r = await starttlsProbe()({ host: 'mx.example.com' }) // { connected: true, starttlsOffered: true, tls: { protocol: 'TLSv1.3', … } }
 * @see https://www.rfc-editor.org/rfc/rfc3207
 */
export function starttlsProbe(options: ProbeOptions = {}): Probe {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const ehlo = options.ehloName ?? 'mailtls.invalid';
  const ca =
    options.ca === undefined
      ? [...rootCertificates]
      : typeof options.ca === 'string'
        ? [options.ca]
        : [...options.ca];
  return async (target: ProbeTarget): Promise<ProbeResult> => {
    const host = normalizeHostname(target.host);
    const over = typeof options.connectTo === 'function' ? options.connectTo(host) : undefined;
    const address =
      over?.host ??
      (typeof options.connectTo === 'string' ? options.connectTo : undefined) ??
      target.address ??
      host;
    const port = over?.port ?? options.port ?? 25;
    const base = { host, address, port };
    let sock: Socket | undefined;
    let connected = false;
    let banner: string | undefined;
    let extensions: string[] | undefined;
    let starttlsOffered = false;
    const result = (extra: Partial<ProbeResult> = {}): ProbeResult => {
      const r: { -readonly [K in keyof ProbeResult]: ProbeResult[K] } = {
        ...base,
        connected,
        starttlsOffered,
        ...extra,
      };
      if (banner !== undefined) r.banner = banner;
      if (extensions !== undefined) r.extensions = extensions;
      return r;
    };
    try {
      sock = await new Promise<Socket>((resolve, reject) => {
        const s = netConnect({ host: address, port });
        const t = setTimeout(() => {
          s.destroy();
          reject(new Error('connect timed out'));
        }, timeoutMs);
        s.once('connect', () => {
          clearTimeout(t);
          resolve(s);
        });
        s.once('error', (e) => {
          clearTimeout(t);
          reject(e);
        });
      });
      connected = true;
      const replies = new Replies(sock);
      const greet = await replies.next(timeoutMs);
      banner = greet.lines[0] ?? '';
      if (greet.code !== 220) return result({ error: `greeting ${greet.code} ${banner}` });
      sock.write(`EHLO ${ehlo}\r\n`);
      const e = await replies.next(timeoutMs);
      if (e.code !== 250) return result({ error: `EHLO answered ${e.code}` });
      extensions = e.lines.slice(1).map((l) => l.toUpperCase());
      starttlsOffered = extensions.some((l) => l === 'STARTTLS' || l.startsWith('STARTTLS '));
      if (!starttlsOffered) {
        sock.write('QUIT\r\n');
        return result({ error: 'STARTTLS not offered' });
      }
      sock.write('STARTTLS\r\n');
      const st = await replies.next(timeoutMs);
      if (st.code !== 220) return result({ error: `STARTTLS answered ${st.code}` });
      replies.detach();
      const plain = sock;
      const tls = await new Promise<TLSSocket>((resolve, reject) => {
        // the chain is judged by Node (authorized), the names by matchesDnsId below: Node's own
        // identity check would fold a name mismatch into authorizationError
        const s = tlsConnect({
          socket: plain,
          servername: host,
          rejectUnauthorized: false,
          ca,
          checkServerIdentity: () => undefined,
        });
        const t = setTimeout(() => {
          s.destroy();
          reject(new Error('TLS handshake timed out'));
        }, timeoutMs);
        s.once('secureConnect', () => {
          clearTimeout(t);
          resolve(s);
        });
        s.once('error', (err) => {
          clearTimeout(t);
          reject(err);
        });
      });
      sock = tls;
      const leaf = tls.getPeerCertificate(false);
      const names = sanNames(leaf.subjectaltname);
      const authError = tls.authorizationError;
      const session: { -readonly [K in keyof TlsSession]: TlsSession[K] } = {
        protocol: tls.getProtocol() ?? 'unknown',
        cipher: tls.getCipher().name,
        chain: chainOf(tls),
        names,
        webpkiValid: tls.authorized,
        nameMatch: names.some((n) => matchesDnsId(n, host)),
      };
      const subject = dn(leaf.subject);
      const issuer = dn(leaf.issuer);
      if (subject !== undefined) session.subject = subject;
      if (issuer !== undefined) session.issuer = issuer;
      if (leaf.valid_from) session.validFrom = leaf.valid_from;
      if (leaf.valid_to) session.validTo = leaf.valid_to;
      if (authError) session.webpkiError = String(authError);
      tls.write('QUIT\r\n');
      return result({ tls: session });
    } catch (e) {
      return result({ error: e instanceof Error ? e.message : String(e) });
    } finally {
      sock?.destroy();
    }
  };
}
