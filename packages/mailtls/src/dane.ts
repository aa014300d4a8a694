/**
 * `mailtls/dane`: everything `@mailtls/dane` exports.
 * @module
 */
export * from '@mailtls/dane';
