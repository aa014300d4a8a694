// Name syntax shared by the parser, the matcher and the generators. Never re-exported.
import { isIpv4Literal, MAX_HOSTNAME_LENGTH } from '@mailtls/core';

const DOT = 0x2e;
const HYPHEN = 0x2d;

const isAlnum = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);

// policy-0.1.schema.json, the `policies` key pattern (MX patterns add an optional leading "\."):
//   ^([a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z0-9]{2,63}$
// That is: two or more labels; every label but the last is 1–63 letters, digits and hyphens,
// beginning and ending with a letter or digit; the last is 2–63 letters and digits only (so no
// IDN TLD, no one-character TLD). The regex sets no overall length; we add RFC 1035's 253 and
// refuse dotted-quad IPv4 addresses, which the regex lets through ("192.0.2.10").
/** Whether `s.slice(start)` matches the schema's host-name grammar (and is a name, not an address). */
export function isSchemaName(s: string, start = 0): boolean {
  const end = s.length;
  if (end - start > MAX_HOSTNAME_LENGTH || end - start < 4) return false;
  let labelStart = start;
  let labels = 0;
  let allAlnum = true;
  for (let i = start; i <= end; i++) {
    const c = i === end ? DOT : s.charCodeAt(i);
    if (c === DOT) {
      const len = i - labelStart;
      if (i === end) {
        // the final label: 2–63 letters and digits
        if (labels === 0 || len < 2 || len > 63 || !allAlnum) return false;
      } else {
        if (len < 1 || len > 63) return false;
        if (s.charCodeAt(labelStart) === HYPHEN || s.charCodeAt(i - 1) === HYPHEN) return false;
      }
      labels++;
      labelStart = i + 1;
      allAlnum = true;
    } else if (!isAlnum(c)) {
      if (c !== HYPHEN) return false;
      allAlnum = false;
    }
  }
  return !isIpv4Literal(start === 0 ? s : s.slice(start));
}

/**
 * Whether a name is safe to write into a Postfix table: printable ASCII or non-ASCII text with
 * no whitespace, no control characters and none of Postfix's separators (`:` in match=, `#`).
 * Parsed lists only hold such names; hand-built ones might not, and must not inject lines.
 */
export function isTableSafe(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x3a || c === 0x23 || c === 0x2c || (c >= 0x80 && c <= 0xa0)) return false;
    if (c === 0x2028 || c === 0x2029 || c === 0x85 || c === 0xfeff) return false;
  }
  return true;
}
