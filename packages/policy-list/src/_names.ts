// Name syntax shared by the parser, the matcher and the generators. Never re-exported.
import { isIpv4Literal, MAX_HOSTNAME_LENGTH } from '@mailtls/core';

const HYPHEN = 0x2d;

// policy-0.1.schema.json, the `policies` key pattern (MX patterns add an optional leading "\."):
//   ^([a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z0-9]{2,63}$
// That is: two or more labels; every label but the last is 1–63 letters, digits and hyphens,
// beginning and ending with a letter or digit; the last is 2–63 letters and digits only (so no
// IDN TLD, no one-character TLD). The regex sets no overall length; we add RFC 1035's 253 and
// refuse dotted-quad IPv4 addresses, which the regex lets through ("192.0.2.10").
/** Whether `s.slice(start)` matches the schema's host-name grammar (and is a name, not an address). */
export function isSchemaName(s: string, start = 0): boolean {
  return scanSchemaName(s, start) >= 0;
}

/** Result of {@link scanSchemaName} for a valid name holding an upper-case letter. */
export const HAS_UPPER = 1;

/**
 * Scans `s.slice(start)` against the schema's host-name grammar in one pass: -1 when it does not
 * match, else 0, or {@link HAS_UPPER} when it holds an upper-case letter (so callers can skip
 * normalisation for the usual all-lower-case name).
 */
export function scanSchemaName(s: string, start = 0): number {
  const end = s.length;
  if (end - start > MAX_HOSTNAME_LENGTH || end - start < 4) return -1;
  // Character class first, natively: lower-case LDH and dots (the usual case), else any case.
  const name = start === 0 ? s : s.slice(start);
  let flags = 0;
  if (!LOWER_LDH.test(name)) {
    if (!ANY_LDH.test(name)) return -1;
    flags = HAS_UPPER;
  }
  // Then the label rules, hopping from dot to dot.
  let labelStart = 0;
  let labels = 0;
  for (;;) {
    const dot = name.indexOf('.', labelStart);
    if (dot < 0) break;
    const len = dot - labelStart;
    if (len < 1 || len > 63) return -1;
    if (name.charCodeAt(labelStart) === HYPHEN || name.charCodeAt(dot - 1) === HYPHEN) return -1;
    labels++;
    labelStart = dot + 1;
  }
  // the final label: 2–63 letters and digits
  const len = name.length - labelStart;
  if (labels === 0 || len < 2 || len > 63 || name.indexOf('-', labelStart) >= 0) return -1;
  if (labels === 3 && isIpv4Literal(name)) return -1;
  return flags;
}

// Anchored single character classes, no nesting: linear, and run natively by the engine.
const LOWER_LDH = /^[a-z0-9.-]+$/;
const ANY_LDH = /^[A-Za-z0-9.-]+$/;

/**
 * Whether a name is safe to write into a Postfix table: printable ASCII or non-ASCII text with
 * no whitespace, no control characters and none of Postfix's separators (`:` in match=, `#`).
 * Parsed lists only hold such names; hand-built ones might not, and must not inject lines.
 */
export function isTableSafe(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x3a || c === 0x23 || c === 0x2c || (c >= 0x80 && c <= 0xa0))
      return false;
    if (c === 0x2028 || c === 0x2029 || c === 0x85 || c === 0xfeff) return false;
  }
  return true;
}
