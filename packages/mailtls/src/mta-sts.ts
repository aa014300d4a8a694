/**
 * `mailtls/mta-sts`: everything `@mailtls/mta-sts` exports.
 * @module
 */
export * from '@mailtls/mta-sts';
