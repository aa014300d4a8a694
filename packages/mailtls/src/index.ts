/**
 * `mailtls`: MTA-STS, TLSRPT, DANE/TLSA and the STARTTLS-Everywhere policy list in one import.
 * Every public name of `@mailtls/mta-sts`, `@mailtls/tlsrpt`, `@mailtls/dane` and
 * `@mailtls/policy-list`, plus the shared result model of `@mailtls/core`. Each standard is also
 * its own subpath (`mailtls/mta-sts`, …); importing one parser costs the same bytes either way.
 * @module
 */
export {
  type Catalogue,
  type Issue,
  type Location,
  type NonEmpty,
  ParseError,
  type ParseOptions,
  type PointerLocation,
  type Result,
  type Severity,
  type TextLocation,
  unwrap,
} from '@mailtls/core';
export * from '@mailtls/dane';
export * from '@mailtls/mta-sts';
export * from '@mailtls/policy-list';
export * from '@mailtls/tlsrpt';
