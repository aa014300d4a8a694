/**
 * `mailtls/policy-list`: everything `@mailtls/policy-list` exports.
 * @module
 */
export * from '@mailtls/policy-list';
