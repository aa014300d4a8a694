/**
 * Generating TLSA records from certificates (RFC 6698 §2.1, RFC 7671 §8), including the advised
 * "3 1 1 + 2 1 1" pair.
 * @module
 */
import { type Issue, issue, type Result } from '@mailtls/core';
import { pemToDer } from '@mailtls/core/bytes';
import { show } from './_show.ts';
import { certificateLayout } from './der.ts';
import { createIssues, type TlsaIssueCode } from './issues.ts';
import { associationData } from './match.ts';
import type { TlsaRecord } from './record.ts';

/** Which record {@link createTlsaRecord} makes. */
export interface TlsaParameters {
  readonly usage: number;
  /** 0 Cert or 1 SPKI. */
  readonly selector: number;
  /** 0 Full, 1 SHA2-256 or 2 SHA2-512. */
  readonly matchingType: number;
}

const AT0 = { offset: 0, line: 1, column: 1 };

/** DER bytes of a certificate given as DER or PEM (the first CERTIFICATE block). */
function toDer(certificate: Uint8Array | string): Result<Uint8Array[], TlsaIssueCode> {
  if (certificate instanceof Uint8Array) return { ok: true, value: [certificate], warnings: [] };
  if (typeof certificate !== 'string') {
    return { ok: false, errors: [issue(createIssues, 'malformed-certificate', 'error', AT0)], warnings: [] };
  }
  const pem = pemToDer(certificate, 'CERTIFICATE');
  if (!pem.ok) {
    const e = pem.errors[0];
    return {
      ok: false,
      errors: [issue(createIssues, 'malformed-certificate', 'error', e.at, e.code)],
      warnings: [],
    };
  }
  return { ok: true, value: pem.value.map((b) => b.der), warnings: [] };
}

/**
 * Makes the TLSA record for a certificate (DER or PEM): the whole certificate or its
 * SubjectPublicKeyInfo (as encoded in the certificate), in full or as SHA2-256/SHA2-512.
 * @example createTlsaRecord(leafPem, { usage: 3, selector: 1, matchingType: 1 })
 * // ok: { usage: 3, selector: 1, matchingType: 1, data: Uint8Array(32) [ … ] }
 * @throws TypeError for parameters outside the registries (usage 0..255, selector 0 or 1,
 *   matching type 0, 1 or 2); a malformed certificate is an error result, never a throw
 * @see https://www.rfc-editor.org/rfc/rfc6698#section-2.1
 */
export function createTlsaRecord(
  certificate: Uint8Array | string,
  parameters: TlsaParameters,
): Result<TlsaRecord, TlsaIssueCode> {
  // The parameters are the programmer's choice, the certificate is input: a bad parameter is a
  // TypeError (STYLE.md), a bad certificate an error result
  const { usage, selector, matchingType } = (parameters ?? {}) as Partial<TlsaParameters>;
  if (!Number.isInteger(usage) || (usage as number) < 0 || (usage as number) > 255) {
    throw new TypeError(`Invalid usage: ${show(usage)}`);
  }
  if (selector !== 0 && selector !== 1) throw new TypeError(`Invalid selector: ${show(selector)}`);
  if (matchingType !== 0 && matchingType !== 1 && matchingType !== 2) {
    throw new TypeError(`Invalid matching type: ${show(matchingType)}`);
  }
  const der = toDer(certificate);
  if (!der.ok) return der;
  return recordFor(der.value[0] as Uint8Array, usage as number, selector, matchingType);
}

function recordFor(
  der: Uint8Array,
  usage: number,
  selector: number,
  matchingType: number,
): Result<TlsaRecord, TlsaIssueCode> {
  const layout = certificateLayout(der);
  if (layout === undefined) {
    return { ok: false, errors: [issue(createIssues, 'malformed-certificate', 'error', AT0)], warnings: [] };
  }
  const bytes = selector === 1 ? der.subarray(layout.spki.start, layout.spki.end) : der;
  // copy Full(0) data, so the record does not alias the caller's buffer
  const data = matchingType === 0 ? bytes.slice() : associationData(bytes, matchingType);
  return { ok: true, value: { usage, selector, matchingType, data }, warnings: [] };
}

/**
 * The records an operator should publish for a server's chain (DER certificates, or one PEM
 * text with the chain, leaf first): `3 1 1` for the leaf key (RFC 7671 §5.1 recommends it) and
 * `2 1 1` for the key of the leaf's issuer when the chain contains it, so that either record
 * still matches after a leaf key rollover or an intermediate change (RFC 7671 §8.1; V. Dukhovni's
 * "current + issuer" advice). With no issuer in the chain, only `3 1 1`, with the warning
 * `rollover-single-record`: stage the next key's `3 1 1` before rolling over.
 * @example recommendTlsaRecords([leafDer, intermediateDer]) // ok: [3 1 1 <leaf SPKI>, 2 1 1 <issuer SPKI>]
 * @see https://www.rfc-editor.org/rfc/rfc7671#section-8.1
 */
export function recommendTlsaRecords(
  chain: ReadonlyArray<Uint8Array | string> | string,
): Result<TlsaRecord[], TlsaIssueCode> {
  const certs: Uint8Array[] = [];
  // total for JavaScript callers: anything but a string or an array is an empty chain
  for (const c of typeof chain === 'string' ? [chain] : Array.isArray(chain) ? chain : []) {
    const der = toDer(c);
    if (!der.ok) return der;
    certs.push(...der.value);
  }
  const leaf = certs[0];
  if (leaf === undefined) {
    return { ok: false, errors: [issue(createIssues, 'malformed-certificate', 'error', AT0)], warnings: [] };
  }
  const ee = recordFor(leaf, 3, 1, 1);
  if (!ee.ok) return ee;
  const layout = certificateLayout(leaf) as NonNullable<ReturnType<typeof certificateLayout>>;
  const issuerName = leaf.subarray(layout.issuer.start, layout.issuer.end);
  const subjectName = leaf.subarray(layout.subject.start, layout.subject.end);
  const warnings: Issue<TlsaIssueCode>[] = [];
  // The issuer is the chain certificate whose subject is the leaf's issuer name; a self-signed
  // leaf has none (its "issuer" is itself)
  let issuerRecord: TlsaRecord | undefined;
  if (!sameBytes(issuerName, subjectName)) {
    for (const c of certs.slice(1)) {
      const l = certificateLayout(c);
      if (l !== undefined && sameBytes(c.subarray(l.subject.start, l.subject.end), issuerName)) {
        const ta = recordFor(c, 2, 1, 1);
        if (ta.ok) issuerRecord = ta.value;
        break;
      }
    }
  }
  if (issuerRecord === undefined) warnings.push(issue(createIssues, 'rollover-single-record', 'warning'));
  return { ok: true, value: issuerRecord === undefined ? [ee.value] : [ee.value, issuerRecord], warnings };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
