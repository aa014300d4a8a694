// Minimal types for dns-packet 5 (CommonJS): only what @mailtls/check uses. Written here instead
// of depending on @types/dns-packet, which pulls Node's types (Buffer) into the library build.
declare module 'dns-packet' {
  /** Bytes as dns-packet handles them: a Buffer (from the `buffer` package in library code). */
  export type Bytes = Uint8Array;
  export interface Question {
    type: string;
    name: string;
    class?: string;
  }
  export interface Answer {
    type: string;
    name: string;
    ttl?: number;
    class?: string;
    flush?: boolean;
    // biome-ignore lint/suspicious/noExplicitAny: per-type RDATA shapes
    data?: any;
    udpPayloadSize?: number;
    flags?: number;
    /** EDNS options of an OPT record: unknown codes (like 15, RFC 8914) keep raw `data`. */
    options?: { code: number; data?: unknown }[];
  }
  export interface Packet {
    id?: number;
    type?: 'query' | 'response';
    flags?: number;
    rcode?: string;
    flag_tc?: boolean;
    flag_ad?: boolean;
    flag_aa?: boolean;
    flag_rd?: boolean;
    questions?: Question[];
    answers?: Answer[];
    authorities?: Answer[];
    additionals?: Answer[];
  }
  export function encode(packet: Packet, buf?: Bytes, offset?: number): Bytes;
  export function decode(buf: Bytes, offset?: number): Packet;
  export function streamEncode(packet: Packet): Bytes;
  export function streamDecode(buf: Bytes): Packet;
  export const RECURSION_DESIRED: number;
  export const AUTHENTIC_DATA: number;
  export const TRUNCATED_RESPONSE: number;
  export const AUTHORITATIVE_ANSWER: number;
  export const DNSSEC_OK: number;
  const _default: {
    encode: typeof encode;
    decode: typeof decode;
    streamEncode: typeof streamEncode;
    streamDecode: typeof streamDecode;
    RECURSION_DESIRED: number;
    AUTHENTIC_DATA: number;
    TRUNCATED_RESPONSE: number;
    AUTHORITATIVE_ANSWER: number;
    DNSSEC_OK: number;
  };
  export default _default;
}
