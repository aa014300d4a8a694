/**
 * Which TLSA records a client may use (RFC 6698 §4.1, RFC 7671 §9, RFC 7672 §3.1.3), and digest
 * algorithm agility (RFC 7671 §9).
 * @module
 */
import { isCertificate, isSubjectPublicKeyInfo } from './der.ts';
import type { TlsaIssueCode } from './issues.ts';
import { parseTlsaRecord, type TlsaRecord } from './record.ts';

/** The DANE profile: `smtp` (RFC 7672, the default) or `generic` (RFC 6698/7671 with a trust store). */
export type DaneProfile = 'smtp' | 'generic';

/** Options for {@link tlsaUsability}. */
export interface UsabilityOptions {
  /** `smtp` (default): usages 0 and 1 are unusable (RFC 7672 §3.1.3). `generic`: 0–3 usable. */
  readonly profile?: DaneProfile;
  /**
   * The digest matching types this client supports, default `[1, 2]`. Removing one makes its
   * records unusable (spec §8); Full(0) is always supported.
   */
  readonly matchingTypes?: readonly number[];
}

/** Whether a record is usable, and if not, why. */
export interface TlsaUsability {
  readonly usable: boolean;
  /** Why the record is unusable; absent when it is usable. */
  readonly code?: TlsaIssueCode;
}

const USABLE: TlsaUsability = { usable: true };
const unusable = (code: TlsaIssueCode): TlsaUsability => ({ usable: false, code });

/**
 * Whether a client may use a TLSA record: known usage, selector and matching type, an exact
 * digest length (SHA2-256: 32 bytes, SHA2-512: 64), and Full(0) data that is exactly one DER
 * certificate (selector 0) or SubjectPublicKeyInfo (selector 1). In the `smtp` profile PKIX-TA(0)
 * and PKIX-EE(1) are unusable (RFC 7672 §3.1.3). Checked in that order; the first failure is
 * the `code`.
 * @example tlsaUsability(unwrap(parseTlsaRecord('3 1 1 abcd'))) // { usable: false, code: 'tlsa-digest-length' }
 * @example tlsaUsability(unwrap(parseTlsaRecord('1 1 1 ' + '00'.repeat(32)))) // { usable: false, code: 'tlsa-usage-unusable' }
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc7671#section-9
 */
export function tlsaUsability(record: TlsaRecord, options?: UsabilityOptions): TlsaUsability {
  // total for JavaScript callers: anything but an object is not a record at all
  if (typeof record !== 'object' || record === null) return unusable('tlsa-syntax');
  const generic = options?.profile === 'generic';
  const digests = options?.matchingTypes;
  const { usage, selector, matchingType, data } = record;
  // RFC 7672 §3.1.3: SMTP clients "MAY treat such records as 'unusable'"; we always do, as
  // Postfix, mox and OpenSSL's SMTP example do. 4–255 are unassigned or private everywhere.
  if (usage !== 2 && usage !== 3 && !(generic && (usage === 0 || usage === 1)))
    return unusable('tlsa-usage-unusable');
  if (selector !== 0 && selector !== 1) return unusable('tlsa-selector-unusable');
  if (matchingType !== 0 && !(Array.isArray(digests) ? digests : [1, 2]).includes(matchingType)) {
    return unusable('tlsa-mtype-unusable');
  }
  if (matchingType !== 0 && matchingType !== 1 && matchingType !== 2) return unusable('tlsa-mtype-unusable');
  if (!(data instanceof Uint8Array) || data.length === 0) return unusable('tlsa-data-empty');
  // RFC 7671 §9 lists an "incorrect digest length" among malformed records
  if (matchingType === 1 && data.length !== 32) return unusable('tlsa-digest-length');
  if (matchingType === 2 && data.length !== 64) return unusable('tlsa-digest-length');
  // RFC 6698 §4.1: "the comparison data for a certificate is malformed"
  if (matchingType === 0 && !(selector === 0 ? isCertificate(data) : isSubjectPublicKeyInfo(data))) {
    return unusable('tlsa-full-malformed');
  }
  return USABLE;
}

/** Records sorted into usable (in input order) and unusable ones. */
export interface SortedRecords {
  readonly usable: TlsaRecord[];
  /** Unusable records and why; a string that does not parse is kept as given. */
  readonly unusable: { readonly record: TlsaRecord | string; readonly code: TlsaIssueCode }[];
}

/**
 * Parses strings (lenient) and applies {@link tlsaUsability} to each record. Total: anything but
 * an array is an empty RRset, and an element that is neither a string nor a record is unusable
 * (`tlsa-syntax`).
 * @example sortRecords(['3 1 1 ' + 'ab'.repeat(32), '3 1 1 00']).unusable // [{ record: { usage: 3, … }, code: 'tlsa-digest-length' }]
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-4.1
 */
export function sortRecords(
  records: ReadonlyArray<TlsaRecord | string>,
  options?: UsabilityOptions,
): SortedRecords {
  return sortRecordsAt(records, options);
}

/**
 * {@link sortRecords}, also noting in `index` where each usable record sits in `records`, so that
 * issues can point at it (`/records/<i>`). Internal.
 */
export function sortRecordsAt(
  records: ReadonlyArray<TlsaRecord | string>,
  options?: UsabilityOptions,
  index?: Map<TlsaRecord, number>,
): SortedRecords {
  const usable: TlsaRecord[] = [];
  const unusableList: { record: TlsaRecord | string; code: TlsaIssueCode }[] = [];
  const list = Array.isArray(records) ? records : [];
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as TlsaRecord | string;
    let record: TlsaRecord;
    if (typeof r === 'string') {
      const p = parseTlsaRecord(r);
      if (!p.ok) {
        unusableList.push({ record: r, code: p.errors[0].code });
        continue;
      }
      record = p.value;
    } else record = r;
    const u = tlsaUsability(record, options);
    if (u.usable) {
      usable.push(record);
      if (index !== undefined && !index.has(record)) index.set(record, i);
    } else unusableList.push({ record, code: u.code ?? 'tlsa-syntax' });
  }
  return { usable, unusable: unusableList };
}

/**
 * Digest algorithm agility (RFC 7671 §9): for each (usage, selector), keep every Full(0) record
 * and only the digest records of the strongest matching type present, by `order` (strongest
 * first, default `[2, 1]`: SHA2-512 over SHA2-256). Returns them in matching order: usage and
 * selector descending, digests before Full(0), as OpenSSL does.
 * @example applyAgility([r311, r312]).map((r) => r.matchingType) // [2]
 * @see https://www.rfc-editor.org/rfc/rfc7671#section-9
 */
export function applyAgility(usable: readonly TlsaRecord[], order?: readonly number[]): TlsaRecord[] {
  // total for JavaScript callers: non-records are dropped, a non-array order is the default
  const records = Array.isArray(usable) ? usable.filter((r) => typeof r === 'object' && r !== null) : [];
  const prefer: readonly number[] = Array.isArray(order) ? order : [2, 1];
  const rank = (m: number): number => (m === 0 ? prefer.length : prefer.indexOf(m));
  const best = new Map<number, number>();
  for (const r of records) {
    if (r.matchingType === 0) continue;
    const key = r.usage * 256 + r.selector;
    const k = rank(r.matchingType);
    if (k < 0) continue;
    const b = best.get(key);
    if (b === undefined || k < b) best.set(key, k);
  }
  const kept = records.filter(
    (r) => r.matchingType === 0 || best.get(r.usage * 256 + r.selector) === rank(r.matchingType),
  );
  // stable sort: usage desc, selector desc, preferred digest first, Full(0) last
  return kept
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        b.r.usage - a.r.usage ||
        b.r.selector - a.r.selector ||
        rank(a.r.matchingType) - rank(b.r.matchingType) ||
        a.i - b.i,
    )
    .map((x) => x.r);
}
