// Every public function of @mailtls/core that takes input is total: for ANY JavaScript value in any
// argument it returns (never throws), and a Result's issues all come from the function's own
// catalogue. The values include what fast-check's `anything` can build with every option on
// (null-prototype objects, boxed values, BigInt, typed and sparse arrays, Map, Set, Date), plus
// symbols and objects whose conversion to a primitive throws. Out of scope: proxies and getters
// that throw when a property is read (no function can read its options then).
// Not here, by design (STYLE.md: only programmer errors throw): `unwrap` throws ParseError by
// contract, and the builders `issue`, `err`, `ok`, `fromIssues` and `ParseError` take a library
// author's catalogue and issues (fromIssues still reads anything but an array as no issues).
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { anyValue } from '../../../test-utils/anything.ts';
import * as bytes from '../src/bytes.ts';
import * as core from '../src/index.ts';
import * as json from '../src/json.ts';
import * as txt from '../src/txt.ts';

const hostile = fc.constantFrom<unknown>(
  Symbol('x'),
  Object.create(null),
  { toString: 1, valueOf: 1 },
  {
    [Symbol.toPrimitive]() {
      throw new Error('no primitive');
    },
  },
  10n,
  Number.NaN,
  -1,
  Number.POSITIVE_INFINITY,
  new Uint16Array([0xffff]),
  new ArrayBuffer(2),
  ['a', 1, Symbol('y'), null, Object.create(null)],
);
const any = fc.oneof(anyValue, hostile);

type Fn = (...args: unknown[]) => unknown;
const isResult = (
  r: unknown,
): r is { ok: boolean; errors?: { code: string }[]; warnings: { code: string }[] } =>
  typeof r === 'object' && r !== null && 'ok' in r;
const codesOf = (r: unknown): string[] =>
  isResult(r) ? [...(r.ok ? [] : (r.errors ?? [])), ...r.warnings].map((i) => i.code) : [];

// [name, function, the catalogue its issues come from (undefined: it returns no Result)]
const exports: [string, Fn, object | undefined][] = [
  ['parseDateTime', core.parseDateTime as Fn, core.datetimeIssues],
  ['formatDateTime', core.formatDateTime as Fn, undefined],
  ['daysFromCivil', core.daysFromCivil as Fn, undefined],
  ['validateHostname', core.validateHostname as Fn, core.hostnameIssues],
  ['normalizeHostname', core.normalizeHostname as Fn, undefined],
  ['labelToAscii', core.labelToAscii as Fn, undefined],
  ['asciiLower', core.asciiLower as Fn, undefined],
  ['isIpv4Literal', core.isIpv4Literal as Fn, undefined],
  ['isMatchableHost', core.isMatchableHost as Fn, undefined],
  ['matchesWildcard', core.matchesWildcard as Fn, undefined],
  ['matchesDnsId', core.matchesDnsId as Fn, undefined],
  ['locate', core.locate as Fn, undefined],
  ['pointer', core.pointer as Fn, undefined],
  ['quote', core.quote as Fn, undefined],
  ['hexToBytes', bytes.hexToBytes as Fn, bytes.bytesIssues],
  ['bytesToHex', bytes.bytesToHex as Fn, undefined],
  ['base64ToBytes', bytes.base64ToBytes as Fn, bytes.bytesIssues],
  ['bytesToBase64', bytes.bytesToBase64 as Fn, undefined],
  ['pemToDer', bytes.pemToDer as Fn, bytes.bytesIssues],
  ['derToPem', bytes.derToPem as Fn, undefined],
  ['decodeUtf8', bytes.decodeUtf8 as Fn, bytes.utf8Issues],
  // parseJson passes decodeUtf8's utf8-invalid through, as documented
  ['parseJson', json.parseJson as Fn, { ...json.jsonIssues, ...bytes.utf8Issues }],
  ['isProvableJsonText', json.isProvableJsonText as Fn, undefined],
  ['tokenizeTxt', txt.tokenizeTxt as Fn, undefined],
  ['isTxtExtName', txt.isTxtExtName as Fn, undefined],
  ['isTxtExtValue', txt.isTxtExtValue as Fn, undefined],
  ['joinTxt', txt.joinTxt as Fn, undefined],
];

describe('every export is total for any JavaScript value', () => {
  for (const [name, f, catalogue] of exports) {
    test.prop([any, any, any], { numRuns: 300 })(name, (a, b, c) => {
      for (const args of [[a], [a, b], [a, b, c]]) {
        const r = f(...args);
        if (catalogue) {
          expect(isResult(r)).toBe(true);
          for (const code of codesOf(r)) expect(Object.keys(catalogue)).toContain(code);
        }
      }
    });
  }
});

describe('the calls the audit found throwing', () => {
  const code = (r: unknown) => codesOf(r)[0];
  it('a value that is not a string (or bytes) is the error input-type, naming its type', () => {
    for (const v of [undefined, null, 42, {}, true]) {
      expect(code(core.validateHostname(v as string))).toBe('input-type');
      expect(code(core.parseDateTime(v as string))).toBe('input-type');
      expect(code(bytes.hexToBytes(v as string))).toBe('input-type');
      expect(code(bytes.base64ToBytes(v as string))).toBe('input-type');
      expect(code(bytes.pemToDer(v as string))).toBe('input-type');
      expect(code(bytes.decodeUtf8(v as Uint8Array))).toBe('input-type');
      // was utf8-invalid "0x00" for 42, {} and true, and a TypeError for null and undefined
      expect(code(json.parseJson(v as string))).toBe('input-type');
    }
    const r = json.parseJson(null as unknown as string);
    expect(r.ok ? undefined : r.errors[0]).toMatchObject({
      message: 'Wrong input type: "null"',
      ref: 'mailtls API',
      at: { offset: 0, line: 1, column: 1 },
    });
    expect(core.labelToAscii(undefined as unknown as string)).toBeUndefined();
    expect(txt.tokenizeTxt(undefined as unknown as string)).toEqual(txt.tokenizeTxt(''));
  });
  it('null options mean the defaults', () => {
    const none = null as unknown as undefined;
    expect(core.parseDateTime('2016-04-01T00:00:00Z', none).ok).toBe(true);
    expect(json.parseJson('[1]', none).ok).toBe(true);
    expect(code(bytes.hexToBytes('0a 0b', none))).toBe('hex-invalid');
    expect(code(bytes.base64ToBytes('AQ ID', none))).toBe('base64-invalid');
    expect(core.validateHostname('mx.example', none).ok).toBe(true);
    expect(core.formatDateTime(0, none)).toBe('1970-01-01T00:00:00Z');
  });
  it('helpers whose type coercion used to give wrong answers', () => {
    expect(txt.isTxtExtName(undefined as unknown as string)).toBe(false); // was true: "undefined"
    expect(core.isMatchableHost(undefined as unknown as string)).toBe(false); // was true
    expect(core.isMatchableHost('a..b', {} as unknown as number)).toBe(false); // was true
    expect(core.isIpv4Literal(['192.0.2.1'] as unknown as string)).toBe(false);
    expect(txt.joinTxt(['v=STSv1; ', 1, 'id=1;'] as unknown as string[])).toBe('v=STSv1; id=1;');
    expect(core.quote(42 as unknown as string)).toBe('"number"');
    expect(core.pointer(['a', 0, null] as unknown as string[])).toBe('/a/0/null');
  });
});
