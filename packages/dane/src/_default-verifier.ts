/**
 * The signature verifier `verifyDane` uses when given none, for runtimes without node:crypto:
 * WebCrypto. Chosen through the `#default-verifier` import map of package.json; under the `node`
 * condition (Node, Deno's and Bun's Node compatibility) `_default-verifier.node.ts` wins.
 * @module
 */
export { webCryptoSignatureVerifier as defaultSignatureVerifier } from './signature.ts';
