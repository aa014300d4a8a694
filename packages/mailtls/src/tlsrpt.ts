/**
 * `mailtls/tlsrpt`: everything `@mailtls/tlsrpt` exports.
 * @module
 */
export * from '@mailtls/tlsrpt';
