/**
 * A DNS client over UDP with TCP fallback (node:dgram, node:net): for a validating resolver the
 * caller trusts (its AD bit is reported).
 * @module
 */
import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';
import { DnsTimeoutError, type Resolver, wireResolver } from './resolver.ts';

/** Options of {@link udpResolver}. */
export interface UdpResolverOptions {
  /** The resolver's IP address. */
  readonly server: string;
  /** Default 53. */
  readonly port?: number;
  /** Per-attempt timeout in milliseconds; default 3000. */
  readonly timeoutMs?: number;
  /** Further UDP attempts after a timeout; default 2. */
  readonly retries?: number;
}

/**
 * A resolver speaking DNS over UDP to one server, retrying on timeout and repeating the query
 * over TCP when the UDP answer is truncated (TC=1, RFC 7766 §5). Answers with the wrong ID or
 * from another address are ignored.
 * @example const r = await udpResolver({ server: '127.0.0.1' }).query('_25._tcp.mx.example.com', 'TLSA')
 * @see https://www.rfc-editor.org/rfc/rfc7766#section-5
 */
export function udpResolver(options: UdpResolverOptions): Resolver {
  const server = options.server;
  const port = options.port ?? 53;
  const timeoutMs = options.timeoutMs ?? 3000;
  const retries = options.retries ?? 2;
  return wireResolver(async (query, id) => {
    for (let attempt = 0; attempt <= retries; attempt++) {
      const answer = await udpOnce(server, port, query, id, timeoutMs);
      if (answer === undefined) continue;
      // TC bit (byte 2, 0x02): retry the same question over TCP
      if (((answer[2] ?? 0) & 0x02) !== 0) return tcpQuery(server, port, query, timeoutMs);
      return answer;
    }
    throw new DnsTimeoutError(`no answer from ${server}:${port} after ${retries + 1} attempts`);
  });
}

function udpOnce(server: string, port: number, query: Uint8Array, id: number, timeoutMs: number) {
  return new Promise<Uint8Array | undefined>((resolve, reject) => {
    const sock = createSocket(isIPv6(server) ? 'udp6' : 'udp4');
    const done = (v: Uint8Array | undefined, e?: Error): void => {
      clearTimeout(t);
      sock.close();
      if (e) reject(e);
      else resolve(v);
    };
    const t = setTimeout(() => done(undefined), timeoutMs);
    sock.on('error', (e) => done(undefined, e));
    sock.on('message', (msg, rinfo) => {
      if (rinfo.port !== port || msg.length < 12 || msg.readUInt16BE(0) !== id) return;
      done(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength));
    });
    sock.send(query, port, server, (e) => {
      if (e) done(undefined, e);
    });
  });
}

/** One query over TCP (two-byte length prefix, RFC 1035 §4.2.2). */
export function tcpQuery(
  server: string,
  port: number,
  query: Uint8Array,
  timeoutMs: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: server, port });
    const chunks: Buffer[] = [];
    let size = 0;
    const t = setTimeout(() => {
      sock.destroy();
      reject(new DnsTimeoutError(`TCP query to ${server}:${port} timed out`));
    }, timeoutMs);
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      sock.write(Buffer.concat([len, query]));
    });
    // RFC 1035 §4.2.2: a 2-octet length, then the message. The chunks are joined once to read the
    // length and once when the message is complete (joining on every chunk was quadratic when a
    // server dribbles its answer a byte at a time).
    let need = -1;
    sock.on('data', (d) => {
      chunks.push(d);
      size += d.length;
      if (need < 0 && size >= 2) need = 2 + Buffer.concat(chunks, size).readUInt16BE(0);
      if (need >= 0 && size >= need) {
        clearTimeout(t);
        sock.destroy();
        const msg = Buffer.concat(chunks, size).subarray(2, need);
        resolve(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
    sock.on('close', () => {
      clearTimeout(t);
      reject(new Error(`TCP connection to ${server}:${port} closed before an answer`));
    });
  });
}
