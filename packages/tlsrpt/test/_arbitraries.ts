// Shared fast-check arbitraries for the builder and aggregation tests.
import { fc } from '@fast-check/vitest';
import type { TlsrptFailureInput, TlsrptSessionPolicy } from '../src/builder.ts';
import { TLSRPT_RESULT_TYPES } from '../src/result-types.ts';

const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => !l.includes('--')); // no R-LDH (xn--) labels
const domain = fc.array(label, { minLength: 2, maxLength: 3 }).map((l) => l.join('.'));
const ipv4 = fc.ipV4();
const ip = fc.oneof(ipv4, fc.ipV6());
const hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

export const policyArb: fc.Arbitrary<TlsrptSessionPolicy> = fc.oneof(
  fc.record({
    policyType: fc.constant('sts' as const),
    policyDomain: domain,
    policyStrings: fc
      .tuple(
        fc.constantFrom('enforce', 'testing'),
        fc.array(domain, { minLength: 1, maxLength: 3 }),
        fc.nat({ max: 31_557_600 }),
      )
      .map(([mode, mx, age]) => [
        'version: STSv1',
        `mode: ${mode}`,
        ...mx.map((m) => `mx: *.${m}`),
        `max_age: ${age}`,
      ]),
  }),
  fc.record({
    policyType: fc.constant('tlsa' as const),
    policyDomain: domain,
    policyStrings: fc.array(
      fc.tuple(fc.constantFrom(2, 3), fc.constantFrom(0, 1), hex).map(([u, s, h]) => `${u} ${s} 1 ${h}`),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  fc.record({ policyType: fc.constant('no-policy-found' as const), policyDomain: domain }),
);

export const failureArb: fc.Arbitrary<TlsrptFailureInput> = fc.record({
  resultType: fc.constantFrom(...TLSRPT_RESULT_TYPES),
  sendingMtaIp: ip,
  receivingMxHostname: domain,
  receivingIp: ip,
  failureReasonCode: fc.stringMatching(/^[A-Za-z0-9_ :]{1,20}$/),
});
