/**
 * The issue catalogue of `@mailtls/core`, in slices per module so that importing one helper
 * bundles only the messages it can return.
 * @module
 */
import type { Catalogue } from './result.ts';

/**
 * The one code every total function shares: called from JavaScript with a value of the wrong type
 * (`undefined`, a number, an object). In each slice below whose functions can return it.
 */
export type InputIssueCode = 'input-type';

// One entry object for every slice, so a bundle holding several slices carries its text once.
const inputType = { ref: 'mailtls API', message: 'Wrong input type' } as const;

/** Codes of the hostname helpers. */
export type HostnameIssueCode =
  | InputIssueCode
  | 'hostname-empty'
  | 'hostname-empty-label'
  | 'hostname-too-long'
  | 'hostname-label-too-long'
  | 'hostname-invalid-char'
  | 'hostname-hyphen'
  | 'hostname-idna-invalid'
  | 'hostname-ip-literal'
  | 'hostname-wildcard'
  | 'hostname-trailing-dot';

/** Codes of the datetime helpers. */
export type DateTimeIssueCode =
  | InputIssueCode
  | 'datetime-syntax'
  | 'datetime-range'
  | 'datetime-no-offset'
  | 'datetime-offset-format'
  | 'datetime-separator'
  | 'datetime-leap-second';

/** Codes of the bytes helpers. */
export type BytesIssueCode =
  | InputIssueCode
  | 'hex-odd-length'
  | 'hex-invalid'
  | 'base64-invalid'
  | 'pem-missing'
  | 'pem-unterminated'
  | 'pem-invalid';

/** Codes of the UTF-8 decoder. */
export type Utf8IssueCode = InputIssueCode | 'utf8-invalid';

/** Codes of the json helpers. */
export type JsonIssueCode =
  | InputIssueCode
  | 'input-too-large'
  | 'json-syntax'
  | 'json-too-deep'
  | 'json-duplicate-key'
  | 'json-number-precision'
  | 'json-lone-surrogate'
  | 'json-bom';

/** Every code `@mailtls/core` can return. Stable API: codes are added, never renamed or reused. */
export type CoreIssueCode =
  | HostnameIssueCode
  | DateTimeIssueCode
  | BytesIssueCode
  | Utf8IssueCode
  | JsonIssueCode;

/** Refs and messages for {@link HostnameIssueCode}. */
export const hostnameIssues: Catalogue<HostnameIssueCode> = {
  'input-type': inputType,
  'hostname-empty': { ref: 'RFC 1035 §2.3.1', message: 'Host name is empty' },
  'hostname-empty-label': { ref: 'RFC 1035 §2.3.1', message: 'Empty label' },
  'hostname-too-long': { ref: 'RFC 1035 §2.3.4', message: 'Host name over 253 octets' },
  'hostname-label-too-long': { ref: 'RFC 1035 §2.3.4', message: 'Label over 63 octets' },
  'hostname-invalid-char': {
    ref: 'RFC 5321 §4.1.2',
    message: 'Not a letter, digit or hyphen',
  },
  'hostname-hyphen': { ref: 'RFC 5321 §4.1.2', message: 'Label begins or ends with a hyphen' },
  'hostname-idna-invalid': { ref: 'RFC 5891 §4', message: 'Invalid IDNA label' },
  'hostname-ip-literal': { ref: 'RFC 5321 §4.1.3', message: 'IP address, not a host name' },
  'hostname-wildcard': { ref: 'RFC 6125 §6.4.3', message: 'Wildcard not allowed here' },
  'hostname-trailing-dot': { ref: 'RFC 1034 §3.1', message: 'Trailing dot not allowed here' },
};

/** Refs and messages for {@link DateTimeIssueCode}. */
export const datetimeIssues: Catalogue<DateTimeIssueCode> = {
  'input-type': inputType,
  'datetime-syntax': { ref: 'RFC 3339 §5.6', message: 'Not an RFC 3339 date-time' },
  'datetime-range': { ref: 'RFC 3339 §5.7', message: 'Date-time field out of range' },
  'datetime-no-offset': { ref: 'RFC 3339 §5.6', message: 'No time offset; read as UTC' },
  'datetime-offset-format': { ref: 'RFC 3339 §5.6', message: 'Offset must be "Z" or "±hh:mm"' },
  'datetime-separator': { ref: 'RFC 3339 §5.6', message: 'Date and time must be separated by "T"' },
  'datetime-leap-second': {
    ref: 'RFC 3339 §5.7',
    message: 'Leap second 60 read as 59',
  },
};

/** Refs and messages for {@link BytesIssueCode}. */
export const bytesIssues: Catalogue<BytesIssueCode> = {
  'input-type': inputType,
  'hex-odd-length': { ref: 'RFC 4648 §8', message: 'Hex string has an odd number of digits' },
  'hex-invalid': { ref: 'RFC 4648 §8', message: 'Not a hex digit' },
  'base64-invalid': { ref: 'RFC 4648 §4', message: 'Invalid base64' },
  'pem-missing': { ref: 'RFC 7468 §2', message: 'No PEM block found' },
  'pem-unterminated': { ref: 'RFC 7468 §2', message: 'PEM block has no matching END line' },
  'pem-invalid': { ref: 'RFC 7468 §3', message: 'PEM block body is not valid base64' },
};

/** Refs and messages for {@link JsonIssueCode}. */
export const jsonIssues: Catalogue<JsonIssueCode> = {
  'input-type': inputType,
  'input-too-large': { ref: 'mailtls limits', message: 'Input exceeds the size limit' },
  'json-syntax': { ref: 'RFC 8259 §2', message: 'JSON syntax error' },
  'json-too-deep': { ref: 'RFC 8259 §9', message: 'JSON nesting exceeds the depth limit' },
  'json-duplicate-key': { ref: 'RFC 7493 §2.3', message: 'Duplicate member name' },
  'json-number-precision': {
    ref: 'RFC 7493 §2.2',
    message: 'Number cannot be represented exactly as an IEEE 754 double',
  },
  'json-lone-surrogate': { ref: 'RFC 7493 §2.1', message: 'String holds an unpaired surrogate' },
  'json-bom': { ref: 'RFC 8259 §8.1', message: 'JSON text must not begin with a byte order mark' },
};

/** Refs and messages for {@link Utf8IssueCode}. */
export const utf8Issues: Catalogue<Utf8IssueCode> = {
  'input-type': inputType,
  'utf8-invalid': { ref: 'RFC 3629 §3', message: 'Invalid UTF-8' },
};
