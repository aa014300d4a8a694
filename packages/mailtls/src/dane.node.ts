/**
 * `mailtls/dane/node`: everything `@mailtls/dane/node` exports — `nodeSignatureVerifier`, the
 * node:crypto signature verifier for `verifyDane` (Node, Deno and Bun).
 * @module
 */
export * from '@mailtls/dane/node';
