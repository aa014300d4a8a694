/**
 * The Node adapters of @mailtls/check (`@mailtls/check/node`): a UDP/TCP DNS client, a
 * node:dns resolver and the STARTTLS probe. Deno and Bun provide these node: modules too.
 * @module
 */
export { tcpQuery, type UdpResolverOptions, udpResolver } from './dns.node.ts';
export { type NodeDnsOptions, nodeDnsResolver } from './node-dns.node.ts';
export { type ProbeOptions, starttlsProbe } from './probe.node.ts';
