/**
 * What a STARTTLS probe reports: the shape {@link checkDomain} consumes. The Node probe is
 * `starttlsProbe` in `@mailtls/check/node`; any runtime can supply its own.
 * @module
 */

/** The server's TLS session as the probe saw it. */
export interface TlsSession {
  /** `TLSv1.3`, `TLSv1.2`… */
  readonly protocol: string;
  readonly cipher: string;
  /** DER certificates exactly as presented, leaf first. */
  readonly chain: Uint8Array[];
  /** SAN dNSNames of the leaf. */
  readonly names: string[];
  readonly subject?: string;
  readonly issuer?: string;
  /** The leaf's validity dates as the TLS stack printed them. */
  readonly validFrom?: string;
  readonly validTo?: string;
  /** Whether the chain is valid against the WebPKI roots used (names not included). */
  readonly webpkiValid: boolean;
  /** The TLS stack's reason when not valid (`CERT_HAS_EXPIRED`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`…). */
  readonly webpkiError?: string;
  /** Whether a SAN dNSName matches the MX host name (RFC 9525 DNS-ID rules). */
  readonly nameMatch: boolean;
}

/** The outcome of probing one MX. */
export interface ProbeResult {
  readonly host: string;
  /** The address and port actually dialled. */
  readonly address?: string;
  readonly port?: number;
  readonly connected: boolean;
  /** The 220 greeting, first line. */
  readonly banner?: string;
  /** EHLO keywords, upper-cased (`STARTTLS`, `PIPELINING`…). */
  readonly extensions?: string[];
  readonly starttlsOffered: boolean;
  /** The TLS session, when STARTTLS succeeded. */
  readonly tls?: TlsSession;
  /** The first failure: connect, greeting, EHLO, STARTTLS or handshake. */
  readonly error?: string;
}

/** A probe target: the MX host name and, when known, an address from the resolver. */
export interface ProbeTarget {
  readonly host: string;
  readonly address?: string;
}

/** A function that probes one MX. */
export type Probe = (target: ProbeTarget) => Promise<ProbeResult>;
