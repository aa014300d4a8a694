/**
 * TLSA lookup for an MX host (RFC 7672 §2.2) and the DANE decision.
 * @module
 */
import {
  type DnssecStatus,
  evaluateTlsaRrset,
  parseTlsaRdata,
  type TlsaRecord,
  type TlsaRrsetEvaluation,
  tlsaOwnerName,
} from '@mailtls/dane';
import { type DnsResponse, dnssecStatus, type Resolver } from './resolver.ts';

/** The TLSA RRset of an MX and what a DANE sender does with it. */
export interface TlsaLookup {
  /** `_25._tcp.<mx>`. */
  readonly owner: string;
  readonly dns: DnsResponse;
  readonly dnssec: DnssecStatus;
  /** The records that parsed. */
  readonly records: TlsaRecord[];
  /** RDATA that did not parse (RFC 7671 §4.1: an unusable record, not a failure of the RRset). */
  readonly malformed: number;
  readonly evaluation: TlsaRrsetEvaluation;
}

/**
 * Looks up `_25._tcp.<mx>` (CNAMEs followed by the resolver; RFC 7672 §2.2.2) and evaluates the
 * RRset with @mailtls/dane. The DNSSEC status comes from the AD bit: secure only when the
 * resolver validated the whole chain. A SERVFAIL or timeout is `error` → `defer`, never
 * "no TLSA" (RFC 7672 §2.1.1). A secure MX RRset is not required here: the MX lookup's AD bit
 * is reported separately.
 * @see https://www.rfc-editor.org/rfc/rfc7672#section-2.2
 */
export async function lookupTlsa(resolver: Resolver, mx: string, port = 25): Promise<TlsaLookup> {
  const owner = tlsaOwnerName(mx, port);
  const dns = await resolver.query(owner, 'TLSA');
  const dnssec = dnssecStatus(dns);
  const records: TlsaRecord[] = [];
  let malformed = 0;
  for (const r of dns.records) {
    if (r.type !== 'TLSA') continue;
    const p = parseTlsaRdata(r.data);
    if (p.ok) records.push(p.value);
    else malformed++;
  }
  return { owner, dns, dnssec, records, malformed, evaluation: evaluateTlsaRrset({ records, dnssec }) };
}
