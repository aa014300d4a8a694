/**
 * The X.509 fields path validation needs (RFC 5280 §4.1–4.2), read with the DER walker.
 * Internal: used only by the path validator. Total: `undefined` on bad input.
 * @module
 */
import { daysFromCivil } from '@mailtls/core';
import { bytesEqual, certificateLayout, expectTlv, readTlv, TAG, type Tlv } from './der.ts';

/** What the verifier knows about one certificate. */
export interface X509 {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  readonly version: number;
  readonly serial: Uint8Array;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  /** Canonical forms of the names, for comparison (OpenSSL's X509_NAME_cmp canonicalises). */
  readonly issuerKey: string;
  readonly subjectKey: string;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly spki: Uint8Array;
  /** `rsa`, `ec`, `ed25519`, `ed448` or the key algorithm OID. */
  readonly keyType: string;
  /** Named curve OID for EC keys. */
  readonly curve: string | undefined;
  readonly sigAlgOid: string;
  /** The whole signatureAlgorithm AlgorithmIdentifier DER. */
  readonly sigAlg: Uint8Array;
  /** Signature bits (BIT STRING contents without the unused-bits octet). */
  readonly signature: Uint8Array;
  readonly basicConstraints: { readonly ca: boolean; readonly pathLen: number } | undefined;
  /** OpenSSL's ex_kusage layout: first KU octet | second octet << 8; undefined when absent. */
  readonly keyUsage: number | undefined;
  readonly extKeyUsage: readonly string[] | undefined;
  readonly ski: Uint8Array | undefined;
  readonly akiKeyId: Uint8Array | undefined;
  readonly akiSerial: Uint8Array | undefined;
  readonly dnsNames: readonly string[];
  readonly commonNames: readonly string[];
  readonly permittedDns: readonly string[];
  readonly excludedDns: readonly string[];
  readonly hasNameConstraints: boolean;
  readonly unknownCritical: boolean;
  /** Subject equals issuer (RFC 5280 §6.1 "self-issued"). */
  readonly selfIssued: boolean;
}

/** OpenSSL KU_* bits. */
export const KU = {
  DIGITAL_SIGNATURE: 0x80,
  KEY_ENCIPHERMENT: 0x20,
  KEY_AGREEMENT: 0x08,
  KEY_CERT_SIGN: 0x04,
} as const;

const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  nameConstraints: '2.5.29.30',
  commonName: '2.5.4.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
} as const;

// The extensions OpenSSL 3.0 understands (v3_purp.c supported_nids); an unknown critical one
// fails verification (RFC 5280 §4.2: "MUST reject the certificate if it encounters a critical
// extension it does not recognize")
const SUPPORTED = new Set([
  '2.16.840.1.113730.1.1', // Netscape cert type
  '2.5.29.15',
  '2.5.29.17',
  '2.5.29.19',
  '2.5.29.32', // certificate policies
  '2.5.29.31', // CRL distribution points
  '2.5.29.37',
  '1.3.6.1.5.5.7.1.7', // RFC 3779 IP address blocks
  '1.3.6.1.5.5.7.1.8', // RFC 3779 AS identifiers
  '2.5.29.36', // policy constraints
  '1.3.6.1.5.5.7.1.14', // proxyCertInfo
  '2.5.29.30',
  '2.5.29.33', // policy mappings
  '2.5.29.54', // inhibit anyPolicy
]);

/** Dotted form of an OBJECT IDENTIFIER's contents (X.690 §8.19), or '' when malformed. */
export function oidToString(bytes: Uint8Array, start: number, end: number): string {
  if (start >= end) return '';
  // built as it is read: an array and a join cost twice as much, and every name attribute and
  // extension of every certificate goes through here
  let s = '';
  let v = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    if (v === 0 && b === 0x80) return ''; // non-minimal
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 256) return '';
    if ((b & 0x80) === 0) {
      // X.690 §8.19.4: the first subidentifier packs the first two arcs
      if (s === '') s = v < 80 ? `${Math.floor(v / 40)}.${v % 40}` : `2.${v - 80}`;
      else s += `.${v}`;
      v = 0;
    } else if (i === end - 1) return '';
  }
  return s;
}

function oidAt(der: Uint8Array, t: Tlv | undefined): string {
  return t === undefined || t.tag !== TAG.OID ? '' : oidToString(der, t.body, t.end);
}

/** One strict UTF-8 decoder, made on first use (a decode without `stream` keeps no state). */
let utf8: TextDecoder | undefined;

/** Decodes ASN.1 string types to text (X.680 §41); `undefined` for other tags. */
function stringValue(der: Uint8Array, t: Tlv): string | undefined {
  const bytes = der.subarray(t.body, t.end);
  switch (t.tag) {
    case TAG.UTF8_STRING:
      try {
        utf8 ??= new TextDecoder('utf-8', { fatal: true });
        return utf8.decode(bytes);
      } catch {
        return undefined;
      }
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case TAG.T61_STRING:
    case 0x1a: // VisibleString
      return String.fromCharCode(...bytes);
    case TAG.BMP_STRING: {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2)
        s += String.fromCharCode(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
      return s;
    }
    default:
      return undefined;
  }
}

/**
 * OpenSSL's canonical form of a Name's string value (x509_name_canon, asn1_string_canon): ASCII
 * lower case, whitespace runs collapsed to one space, leading and trailing whitespace dropped.
 */
export function canonicalTextGeneral(text: string): string {
  return text
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * {@link canonicalTextGeneral} in one scan for ASCII text whose whitespace is already single
 * inner spaces (most attribute values: `Let's Encrypt`, `US`, host names): then only ASCII case
 * can change, which `toLowerCase` does exactly on ASCII. Anything else (tabs, runs of spaces,
 * leading or trailing spaces, any non-ASCII character, since `\s` knows Unicode spaces) takes
 * the general path.
 */
export function canonicalText(text: string): string {
  let upper = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      if (i === 0 || i === text.length - 1 || text.charCodeAt(i - 1) === 0x20)
        return canonicalTextGeneral(text);
    } else if (c < 0x20 || c >= 0x7f) {
      return canonicalTextGeneral(text);
    } else if (c >= 0x41 && c <= 0x5a) upper = true;
  }
  return upper ? text.toLowerCase() : text;
}

/**
 * A comparison key for a Name: each attribute's OID and value, with string values folded the
 * way OpenSSL's X509_NAME canonical encoding does (ASCII lower case, whitespace collapsed and
 * trimmed), so names encoded with different string types still compare equal.
 */
function nameKey(der: Uint8Array, name: Tlv, cns?: string[]): string | undefined {
  let key = '';
  let p = name.body;
  while (p < name.end) {
    const rdn = expectTlv(der, p, name.end, TAG.SET);
    if (rdn === undefined) return undefined;
    key += '/';
    let q = rdn.body;
    while (q < rdn.end) {
      const atv = expectTlv(der, q, rdn.end, TAG.SEQUENCE);
      if (atv === undefined) return undefined;
      const type = expectTlv(der, atv.body, atv.end, TAG.OID);
      const value = type === undefined ? undefined : readTlv(der, type.end, atv.end);
      if (type === undefined || value === undefined || value.end !== atv.end) return undefined;
      const oid = oidToString(der, type.body, type.end);
      const text = stringValue(der, value);
      if (text !== undefined && oid === OID.commonName) cns?.push(text);
      const canon =
        text === undefined
          ? `#${Array.from(der.subarray(value.start, value.end), (b) => b.toString(16).padStart(2, '0')).join('')}`
          : canonicalText(text);
      key += `+${oid}=${canon}`;
      q = atv.end;
    }
    p = rdn.end;
  }
  return key;
}

const digits = (der: Uint8Array, at: number, n: number): number => {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = (der[at + i] as number) - 0x30;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
};

/** UTCTime / GeneralizedTime in RFC 5280 §4.1.2.5 form (`Z`, seconds, no fraction) to epoch ms. */
function timeAt(der: Uint8Array, t: Tlv | undefined): number {
  if (t === undefined) return Number.NaN;
  const len = t.end - t.body;
  let p = t.body;
  let year: number;
  if (t.tag === TAG.UTC_TIME && len === 13) {
    const yy = digits(der, p, 2);
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 §4.1.2.5.1
    p += 2;
  } else if (t.tag === TAG.GENERALIZED_TIME && len === 15) {
    year = digits(der, p, 4);
    p += 4;
  } else return Number.NaN;
  if (der[t.end - 1] !== 0x5a) return Number.NaN; // 'Z'
  const month = digits(der, p, 2);
  const day = digits(der, p + 2, 2);
  const hour = digits(der, p + 4, 2);
  const minute = digits(der, p + 6, 2);
  const second = digits(der, p + 8, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60)) {
    return Number.NaN;
  }
  return (daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second) * 1000;
}

/** Parses a DER certificate; `undefined` when it is not one RFC 5280 can use. */
export function parseX509(der: Uint8Array): X509 | undefined {
  const l = certificateLayout(der);
  if (l === undefined) return undefined;
  // RFC 5280 §4.1.1.2: signatureAlgorithm must equal the TBS signature field
  if (
    !bytesEqual(
      der.subarray(l.tbsSignature.start, l.tbsSignature.end),
      der.subarray(l.signatureAlgorithm.start, l.signatureAlgorithm.end),
    )
  ) {
    return undefined;
  }
  const sigOidTlv = expectTlv(der, l.signatureAlgorithm.body, l.signatureAlgorithm.end, TAG.OID);
  const sigAlgOid = oidAt(der, sigOidTlv);
  if (der[l.signature.body] !== 0) return undefined; // unused bits in a signature
  const commonNames: string[] = [];
  const subjectKey = nameKey(der, l.subject, commonNames);
  const issuerKey = nameKey(der, l.issuer);
  if (subjectKey === undefined || issuerKey === undefined) return undefined;
  const nb = readTlv(der, l.validity.body, l.validity.end);
  const na = nb === undefined ? undefined : readTlv(der, nb.end, l.validity.end);
  const notBefore = timeAt(der, nb);
  const notAfter = timeAt(der, na);
  if (Number.isNaN(notBefore) || Number.isNaN(notAfter) || na?.end !== l.validity.end) return undefined;
  const keyAlg = expectTlv(der, l.spki.body, l.spki.end, TAG.SEQUENCE) as Tlv;
  const keyOidTlv = expectTlv(der, keyAlg.body, keyAlg.end, TAG.OID) as Tlv;
  const keyOid = oidAt(der, keyOidTlv);
  const param = readTlv(der, keyOidTlv.end, keyAlg.end);
  const keyType =
    keyOid === OID.rsaEncryption || keyOid === OID.rsaPss
      ? 'rsa'
      : keyOid === OID.ecPublicKey
        ? 'ec'
        : keyOid === OID.ed25519
          ? 'ed25519'
          : keyOid === OID.ed448
            ? 'ed448'
            : keyOid;
  const curve = keyType === 'ec' && param?.tag === TAG.OID ? oidAt(der, param) : undefined;

  let basicConstraints: X509['basicConstraints'];
  let keyUsage: number | undefined;
  let extKeyUsage: string[] | undefined;
  let ski: Uint8Array | undefined;
  let akiKeyId: Uint8Array | undefined;
  let akiSerial: Uint8Array | undefined;
  const dnsNames: string[] = [];
  const permittedDns: string[] = [];
  const excludedDns: string[] = [];
  let hasNameConstraints = false;
  let unknownCritical = false;
  if (l.extensions !== undefined) {
    const seq = expectTlv(der, l.extensions.body, l.extensions.end, TAG.SEQUENCE);
    if (seq === undefined || seq.end !== l.extensions.end || seq.end === seq.body) return undefined;
    const seen = new Set<string>();
    let p = seq.body;
    while (p < seq.end) {
      const ext = expectTlv(der, p, seq.end, TAG.SEQUENCE);
      if (ext === undefined) return undefined;
      const idTlv = expectTlv(der, ext.body, ext.end, TAG.OID);
      if (idTlv === undefined) return undefined;
      const id = oidAt(der, idTlv);
      // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular extension"
      if (id === '' || seen.has(id)) return undefined;
      seen.add(id);
      let next = readTlv(der, idTlv.end, ext.end);
      let critical = false;
      if (next?.tag === TAG.BOOLEAN) {
        if (next.end - next.body !== 1) return undefined;
        critical = der[next.body] !== 0;
        next = readTlv(der, next.end, ext.end);
      }
      if (next === undefined || next.tag !== TAG.OCTET_STRING || next.end !== ext.end) return undefined;
      const v = next;
      if (critical && !SUPPORTED.has(id)) unknownCritical = true;
      switch (id) {
        case OID.basicConstraints: {
          const bc = expectTlv(der, v.body, v.end, TAG.SEQUENCE);
          if (bc === undefined || bc.end !== v.end) return undefined;
          let q = bc.body;
          let ca = false;
          let pathLen = -1;
          let f = readTlv(der, q, bc.end);
          if (f?.tag === TAG.BOOLEAN) {
            ca = der[f.body] !== 0;
            q = f.end;
            f = readTlv(der, q, bc.end);
          }
          if (f?.tag === TAG.INTEGER) {
            if (f.end - f.body > 4 || ((der[f.body] as number) & 0x80) !== 0) return undefined;
            pathLen = 0;
            for (let i = f.body; i < f.end; i++) pathLen = pathLen * 256 + (der[i] as number);
            q = f.end;
          } else if (f !== undefined) return undefined;
          if (q !== bc.end) return undefined;
          // OpenSSL ignores pathLen on a non-CA (v3_purp.c)
          basicConstraints = { ca, pathLen: ca ? pathLen : -1 };
          break;
        }
        case OID.keyUsage: {
          const ku = expectTlv(der, v.body, v.end, TAG.BIT_STRING);
          if (ku === undefined || ku.end !== v.end || ku.end - ku.body < 1) return undefined;
          keyUsage =
            ((der[ku.body + 1] ?? 0) as number) |
            (ku.end - ku.body > 2 ? (der[ku.body + 2] as number) << 8 : 0);
          if (ku.end - ku.body === 1) keyUsage = 0;
          break;
        }
        case OID.extKeyUsage: {
          const eku = expectTlv(der, v.body, v.end, TAG.SEQUENCE);
          if (eku === undefined || eku.end !== v.end) return undefined;
          extKeyUsage = [];
          for (let q = eku.body; q < eku.end; ) {
            const o = expectTlv(der, q, eku.end, TAG.OID);
            if (o === undefined) return undefined;
            extKeyUsage.push(oidAt(der, o));
            q = o.end;
          }
          break;
        }
        case OID.subjectAltName: {
          const san = expectTlv(der, v.body, v.end, TAG.SEQUENCE);
          if (san === undefined || san.end !== v.end) return undefined;
          for (let q = san.body; q < san.end; ) {
            const g = readTlv(der, q, san.end);
            if (g === undefined) return undefined;
            if (g.tag === 0x82) dnsNames.push(String.fromCharCode(...der.subarray(g.body, g.end)));
            q = g.end;
          }
          break;
        }
        case OID.subjectKeyId: {
          const o = expectTlv(der, v.body, v.end, TAG.OCTET_STRING);
          if (o === undefined || o.end !== v.end) return undefined;
          ski = der.subarray(o.body, o.end);
          break;
        }
        case OID.authorityKeyId: {
          const a = expectTlv(der, v.body, v.end, TAG.SEQUENCE);
          if (a === undefined || a.end !== v.end) return undefined;
          for (let q = a.body; q < a.end; ) {
            const f = readTlv(der, q, a.end);
            if (f === undefined) return undefined;
            if (f.tag === 0x80) akiKeyId = der.subarray(f.body, f.end);
            else if (f.tag === 0x82) akiSerial = der.subarray(f.body, f.end);
            q = f.end;
          }
          break;
        }
        case OID.nameConstraints: {
          hasNameConstraints = true;
          const nc = expectTlv(der, v.body, v.end, TAG.SEQUENCE);
          if (nc === undefined || nc.end !== v.end) return undefined;
          for (let q = nc.body; q < nc.end; ) {
            const subtrees = readTlv(der, q, nc.end);
            if (subtrees === undefined || (subtrees.tag !== 0xa0 && subtrees.tag !== 0xa1)) return undefined;
            for (let r = subtrees.body; r < subtrees.end; ) {
              const st = expectTlv(der, r, subtrees.end, TAG.SEQUENCE);
              const base = st === undefined ? undefined : readTlv(der, st.body, st.end);
              if (st === undefined || base === undefined) return undefined;
              if (base.tag === 0x82) {
                const name = String.fromCharCode(...der.subarray(base.body, base.end));
                (subtrees.tag === 0xa0 ? permittedDns : excludedDns).push(name);
              }
              r = st.end;
            }
            q = subtrees.end;
          }
          break;
        }
        default:
          break;
      }
      p = ext.end;
    }
  }
  return {
    der,
    tbs: der.subarray(l.tbs.start, l.tbs.end),
    version: l.version,
    serial: der.subarray(l.serial.body, l.serial.end),
    issuer: der.subarray(l.issuer.start, l.issuer.end),
    subject: der.subarray(l.subject.start, l.subject.end),
    issuerKey,
    subjectKey,
    notBefore,
    notAfter,
    spki: der.subarray(l.spki.start, l.spki.end),
    keyType,
    curve,
    sigAlgOid,
    sigAlg: der.subarray(l.signatureAlgorithm.start, l.signatureAlgorithm.end),
    signature: der.subarray(l.signature.body + 1, l.signature.end),
    basicConstraints,
    keyUsage,
    extKeyUsage,
    ski,
    akiKeyId,
    akiSerial,
    dnsNames,
    commonNames,
    permittedDns,
    excludedDns,
    hasNameConstraints,
    unknownCritical,
    selfIssued: issuerKey === subjectKey,
  };
}

/** The key type a signature algorithm needs (OpenSSL check_sig_alg_match). */
export function sigKeyType(sigAlgOid: string): string | undefined {
  if (sigAlgOid.startsWith('1.2.840.113549.1.1.')) return 'rsa';
  if (sigAlgOid.startsWith('1.2.840.10045.4.')) return 'ec';
  if (sigAlgOid === OID.ed25519) return 'ed25519';
  if (sigAlgOid === OID.ed448) return 'ed448';
  return undefined;
}

/**
 * Whether `issuer` plausibly issued `subject` (OpenSSL ossl_x509_likely_issued): names chain,
 * the authority key identifier agrees, and the signature algorithm fits the issuer's key.
 */
export function likelyIssued(issuer: X509, subject: X509): boolean {
  if (issuer.subjectKey !== subject.issuerKey) return false;
  // RFC 5280 §4.2.1.1: key identifier, and issuer serial when present (X509_check_akid)
  if (
    subject.akiKeyId !== undefined &&
    issuer.ski !== undefined &&
    !bytesEqual(subject.akiKeyId, issuer.ski)
  ) {
    return false;
  }
  if (subject.akiSerial !== undefined && !bytesEqual(subject.akiSerial, issuer.serial)) return false;
  return sigKeyType(subject.sigAlgOid) === issuer.keyType;
}
