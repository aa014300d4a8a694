/**
 * A minimal DER walker (ITU-T X.690 §8, §10): just enough to slice the SubjectPublicKeyInfo and
 * the other TBSCertificate fields out of a certificate as subarray views, without an object
 * model. Everything here is total: malformed input gives `undefined`, never an exception.
 * @module
 */

/** ASN.1 universal tags used by X.509 (X.690 §8.1.2). */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
  CONTEXT_0: 0xa0,
  CONTEXT_3: 0xa3,
} as const;

/** One DER element: its tag, where its contents start and where it ends (exclusive). */
export interface Tlv {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly body: number;
  /** Offset just past the element. */
  readonly end: number;
}

/**
 * Reads the DER element at `offset`, which must end by `limit`. Only low tag numbers (< 31),
 * definite lengths in minimal form and lengths below 2^24 are DER for certificates; anything
 * else gives `undefined`.
 * @example readTlv(Uint8Array.of(0x30, 0x00), 0, 2) // { tag: 0x30, start: 0, body: 2, end: 2 }
 * @see https://www.itu.int/rec/T-REC-X.690
 */
export function readTlv(bytes: Uint8Array, offset: number, limit: number): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) return undefined; // X.690 §8.1.2.4 high tag numbers: not in X.509
  let len = bytes[offset + 1] as number;
  let body = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    // X.690 §10.1: definite form only (n = 0 is BER's indefinite form); 3 octets cover 16 MiB
    if (n === 0 || n > 3 || body + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | (bytes[body + i] as number);
    body += n;
    // X.690 §10.1: the minimum number of octets (no leading zero, no long form below 128)
    if (len < 0x80 || len < 1 << (8 * (n - 1))) return undefined;
  }
  const end = body + len;
  if (end > limit) return undefined;
  return { tag, start: offset, body, end };
}

/** Reads an element and requires its tag. */
export function expectTlv(bytes: Uint8Array, offset: number, limit: number, tag: number): Tlv | undefined {
  const t = readTlv(bytes, offset, limit);
  return t !== undefined && t.tag === tag ? t : undefined;
}

/** The offsets of a certificate's top-level and TBSCertificate fields (RFC 5280 §4.1). */
export interface CertificateLayout {
  readonly tbs: Tlv;
  readonly version: number;
  readonly serial: Tlv;
  readonly tbsSignature: Tlv;
  readonly issuer: Tlv;
  readonly validity: Tlv;
  readonly subject: Tlv;
  readonly spki: Tlv;
  /** The `[3] Extensions` wrapper, when present (v3 only). */
  readonly extensions: Tlv | undefined;
  readonly signatureAlgorithm: Tlv;
  readonly signature: Tlv;
}

/**
 * Splits a DER certificate into its fields, or `undefined` when it is not exactly one
 * `Certificate` (no trailing bytes). Checks the structure of RFC 5280 §4.1, not the contents.
 * @example certificateLayout(der)?.spki // the SubjectPublicKeyInfo element
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.1
 */
export function certificateLayout(der: Uint8Array): CertificateLayout | undefined {
  if (!(der instanceof Uint8Array)) return undefined; // total for JavaScript callers
  //   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
  const cert = expectTlv(der, 0, der.length, TAG.SEQUENCE);
  if (cert === undefined || cert.end !== der.length) return undefined;
  const tbs = expectTlv(der, cert.body, cert.end, TAG.SEQUENCE);
  if (tbs === undefined) return undefined;
  const signatureAlgorithm = expectTlv(der, tbs.end, cert.end, TAG.SEQUENCE);
  if (signatureAlgorithm === undefined) return undefined;
  const signature = expectTlv(der, signatureAlgorithm.end, cert.end, TAG.BIT_STRING);
  if (signature === undefined || signature.end !== cert.end || signature.end === signature.body)
    return undefined;
  //   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature,
  //     issuer, validity, subject, subjectPublicKeyInfo, [1] issuerUID, [2] subjectUID, [3] extensions }
  let p = tbs.body;
  let version = 0;
  let t = readTlv(der, p, tbs.end);
  if (t?.tag === TAG.CONTEXT_0) {
    const v = expectTlv(der, t.body, t.end, TAG.INTEGER);
    if (v === undefined || v.end !== t.end || v.end - v.body !== 1) return undefined;
    version = der[v.body] as number;
    if (version > 2) return undefined;
    p = t.end;
    t = readTlv(der, p, tbs.end);
  }
  if (t?.tag !== TAG.INTEGER || t.end === t.body) return undefined;
  const serial = t;
  const tbsSignature = expectTlv(der, serial.end, tbs.end, TAG.SEQUENCE);
  if (tbsSignature === undefined) return undefined;
  const issuer = expectTlv(der, tbsSignature.end, tbs.end, TAG.SEQUENCE);
  if (issuer === undefined) return undefined;
  const validity = expectTlv(der, issuer.end, tbs.end, TAG.SEQUENCE);
  if (validity === undefined) return undefined;
  const subject = expectTlv(der, validity.end, tbs.end, TAG.SEQUENCE);
  if (subject === undefined) return undefined;
  const spki = expectTlv(der, subject.end, tbs.end, TAG.SEQUENCE);
  if (spki === undefined || !isSpkiAt(der, spki)) return undefined;
  let extensions: Tlv | undefined;
  p = spki.end;
  while (p < tbs.end) {
    const f = readTlv(der, p, tbs.end);
    // [1] and [2] unique identifiers (implicit BIT STRING, primitive or constructed), then [3]
    if (f === undefined) return undefined;
    if (f.tag === TAG.CONTEXT_3) {
      if (extensions !== undefined || version !== 2) return undefined;
      extensions = f;
    } else if ((f.tag !== 0x81 && f.tag !== 0x82) || extensions !== undefined) {
      return undefined;
    }
    p = f.end;
  }
  return {
    tbs,
    version,
    serial,
    tbsSignature,
    issuer,
    validity,
    subject,
    spki,
    extensions,
    signatureAlgorithm,
    signature,
  };
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } */
function isSpkiAt(der: Uint8Array, spki: Tlv): boolean {
  const alg = expectTlv(der, spki.body, spki.end, TAG.SEQUENCE);
  if (alg === undefined) return false;
  const oid = expectTlv(der, alg.body, alg.end, TAG.OID);
  if (oid === undefined || oid.end === oid.body) return false;
  const key = expectTlv(der, alg.end, spki.end, TAG.BIT_STRING);
  return key !== undefined && key.end === spki.end && key.end > key.body;
}

/**
 * The DER SubjectPublicKeyInfo of a certificate, as a view into `der` (bytes exactly as they
 * appear in the certificate: RFC 6698 §2.1.2 selector 1), or `undefined` when `der` is not a
 * certificate.
 * @example spkiOfCertificate(der)?.length // 294 for an RSA-2048 key
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-2.1.2
 */
export function spkiOfCertificate(der: Uint8Array): Uint8Array | undefined {
  const layout = certificateLayout(der);
  return layout === undefined ? undefined : der.subarray(layout.spki.start, layout.spki.end);
}

/**
 * Whether `der` is exactly one DER SubjectPublicKeyInfo, nothing after it.
 * @example isSubjectPublicKeyInfo(spkiOfCertificate(cert)!) // true
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.7
 */
export function isSubjectPublicKeyInfo(der: Uint8Array): boolean {
  if (!(der instanceof Uint8Array)) return false;
  const spki = expectTlv(der, 0, der.length, TAG.SEQUENCE);
  return spki !== undefined && spki.end === der.length && isSpkiAt(der, spki);
}

/**
 * Whether `der` is exactly one DER X.509 certificate, nothing after it (structure only).
 * @example isCertificate(new Uint8Array([0x30, 0x00])) // false
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.1
 */
export function isCertificate(der: Uint8Array): boolean {
  return certificateLayout(der) !== undefined;
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
