/**
 * The signature verifier `verifyDane` uses when given none, under the `node` export condition:
 * node:crypto on the calling thread, with WebCrypto's verdicts (see verify.node.ts), about three
 * times WebCrypto's throughput in Node. Chosen through the `#default-verifier` import map of
 * package.json, as jose picks its Node build.
 * @module
 */
export { nodeSignatureVerifier as defaultSignatureVerifier } from './verify.node.ts';
