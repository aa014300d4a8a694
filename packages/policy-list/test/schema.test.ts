import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parsePolicyList, policyListJsonSchema, policyListSchema } from '../src/index.ts';
import { baseList } from './_helpers.ts';

describe('policyListSchema', () => {
  it('accepts a valid list and agrees with strict parsing on schema-level faults', () => {
    expect(policyListSchema.safeParse(baseList()).success).toBe(true);
    const faults: ((l: Record<string, unknown>) => void)[] = [
      (l) => {
        l.pinsets = {};
      },
      (l) => {
        l.version = '0.2';
      },
      (l) => {
        l.timestamp = '2020-05-20T10:25:12+0000';
      },
      (l) => {
        l.timestamp = -1;
      },
      (l) => {
        l.timestamp = '2020-01-01T00:00:00+20:00';
      },
      (l) => {
        l.expires = '2020-06-03T10:25:12-23:00';
      },
      (l) => {
        (l.policies as Record<string, unknown>)['a.example'] = {
          mode: 'enforce',
          mxs: ['x.example', 'x.example'],
        };
      },
      (l) => {
        (l.policies as Record<string, unknown>)['a.example'] = { mode: 'enforce', mxs: [] };
      },
      (l) => {
        (l.policies as Record<string, unknown>)['a.example'] = { 'policy-alias': 'bigmail', mode: 'enforce' };
      },
      (l) => {
        (l.policies as Record<string, unknown>).localhost = { mode: 'enforce', mxs: ['mx.example'] };
      },
    ];
    for (const f of faults) {
      const l = baseList();
      f(l);
      expect(policyListSchema.safeParse(l).success).toBe(false);
      expect(parsePolicyList(l, { strict: true }).ok).toBe(false);
    }
  });
  test.prop([
    fc.constantFrom('+', '-'),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.constantFrom('timestamp', 'expires'),
  ])('strict agrees with the schema on every RFC 3339 time offset', (sign, h, m, key) => {
    const l = baseList();
    l[key] = `2020-05-20T10:25:12.5${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    expect(parsePolicyList(l, { strict: true }).ok).toBe(policyListSchema.safeParse(l).success);
    expect(parsePolicyList(l).ok).toBe(true);
  });
  it('has a JSON Schema with the policy-0.1 requirements', () => {
    const s = policyListJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: {
        policies: {
          additionalProperties: {
            anyOf: { properties?: { mxs?: { uniqueItems?: boolean; minItems?: number } } }[];
          };
        };
      };
    };
    expect([...s.required].sort()).toEqual(['expires', 'policies', 'policy-aliases', 'timestamp', 'version']);
    expect(s.additionalProperties).toBe(false);
    const mxs = s.properties.policies.additionalProperties.anyOf.find((d) => d.properties?.mxs)?.properties
      ?.mxs;
    expect(mxs).toMatchObject({ uniqueItems: true, minItems: 1 });
  });
});
