import { fc, test } from '@fast-check/vitest';
import { describe, expect, it, vi } from 'vitest';
import { isProvableJsonText, jsonIssues, parseJson } from '../src/json.ts';

const first = (r: ReturnType<typeof parseJson>) => (r.ok ? undefined : r.errors[0]);

describe('parseJson', () => {
  it('returns what JSON.parse returns for valid JSON, from text or bytes', () => {
    const text = '{"a":[1,2.5,-3e2,true,false,null,"x\\u00e9\\n"],"b":{}}';
    expect(parseJson(text)).toEqual({ ok: true, value: JSON.parse(text), warnings: [] });
    expect(parseJson(new TextEncoder().encode(text))).toEqual({
      ok: true,
      value: JSON.parse(text),
      warnings: [],
    });
    expect(parseJson(' [] ')).toMatchObject({ ok: true, value: [] });
  });
  it('points at a raw line break inside a string (RFC 8460 Appendix B) with line, column and pointer', () => {
    const r = parseJson('{\n  "policies": [{\n    "x": "a\nb"\n  }]\n}');
    expect(first(r)).toMatchObject({
      code: 'json-syntax',
      at: { line: 3, column: 12, pointer: '/policies/0/x' },
    });
    expect(first(r)?.message).toBe('JSON syntax error: "\\n"');
  });
  it.each([
    ['', 1, 'end of input'],
    ['{', 2, 'end of input'],
    ['{"a" 1}', 6, '1'],
    ['{"a":1,}', 8, '}'],
    ['[1,]', 4, ']'],
    ['[1 2]', 4, '2'],
    ['[tru]', 5, ']'],
    ['{"a\\q":1}', 5, 'q'],
    ['{a:1}', 2, 'a'],
    ['01', 2, '1'],
    ['-', 2, 'end of input'],
    ['1.', 3, 'end of input'],
    ['1e', 3, 'end of input'],
    ['tru', 4, 'end of input'],
    ['nul!', 4, '!'],
    ['"\\x"', 3, 'x'],
    ['"\\u12G4"', 2, '\\'],
    ['"abc', 5, 'end of input'],
    ['{} x', 4, 'x'],
    ["'a'", 1, "'"],
    ['NaN', 1, 'N'],
  ])('%j fails at column %i naming %s', (text, column, token) => {
    const e = first(parseJson(text));
    expect(e).toMatchObject({ code: 'json-syntax', at: { line: 1, column } });
    expect(e?.message).toBe(`JSON syntax error: ${JSON.stringify(token)}`);
  });
  it('detects duplicate member names with a pointer; the last wins as in JSON.parse', () => {
    const r = parseJson('{"a":{"x":1,"x":2},"a":3}');
    expect(r).toMatchObject({ ok: true, value: { a: 3 } });
    expect(r.warnings.map((w) => [w.code, (w.at as { pointer: string }).pointer])).toEqual([
      ['json-duplicate-key', '/a/x'],
      ['json-duplicate-key', '/a'],
    ]);
    const many = `{${Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(',')},"k39":0,"k\\u0030":1}`;
    expect(parseJson(many).warnings.map((w) => w.message)).toEqual([
      'Duplicate member name: "k39"',
      'Duplicate member name: "k0"',
    ]);
  });
  it('flags numbers a double cannot hold, and unpaired surrogates', () => {
    const r = parseJson('[9007199254740993, 9007199254740991, 1e400, 1.5, 123456789012345678.5]');
    expect(r.warnings.map((w) => (w.at as { pointer: string }).pointer)).toEqual(['/0', '/2']);
    expect(r.warnings[0]?.code).toBe('json-number-precision');
    const s = parseJson(
      '["\\ud800", "\\udc00", "\\ud800\\udc00", "\\ud800x", "\\ud800\\n", "\\ud800\\ud800\\udc00", "\ud800", "\ud83d\ude00"]',
    );
    expect(s.warnings.map((w) => (w.at as { pointer: string }).pointer)).toEqual([
      '/0',
      '/1',
      '/3',
      '/4',
      '/5',
      '/6',
    ]);
    expect(s.warnings.every((w) => w.code === 'json-lone-surrogate')).toBe(true);
  });
  it('caps size and depth, and handles a BOM by mode', () => {
    expect(first(parseJson('[1]', { maxLength: 2 }))?.code).toBe('input-too-large');
    expect(first(parseJson('[[[1]]]', { maxDepth: 2 }))).toMatchObject({
      code: 'json-too-deep',
      at: { pointer: '/0/0' },
    });
    expect(first(parseJson('{"a":{"b":{}}}', { maxDepth: 2 }))).toMatchObject({
      code: 'json-too-deep',
      at: { pointer: '/a/b' },
    });
    expect(first(parseJson('['.repeat(100_000)))?.code).toBe('json-too-deep');
    expect(parseJson('\ufeff[]')).toMatchObject({
      ok: true,
      warnings: [{ code: 'json-bom', severity: 'warning' }],
    });
    expect(first(parseJson('\ufeff[]', { strict: true }))?.code).toBe('json-bom');
    expect(first(parseJson(new Uint8Array([0x22, 0xff, 0x22])))).toMatchObject({
      code: 'utf8-invalid',
      at: { offset: 1 },
    });
  });
  it('"__proto__" keys stay own data, never the prototype', () => {
    const r = parseJson('{"__proto__":{"polluted":true}}');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Object.hasOwn(r.value as object, '__proto__')).toBe(true);
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    }
  });
  it('caps the number of warnings it collects', () => {
    const text = `[${Array.from({ length: 300 }, () => '{"a":1,"a":2}').join(',')}]`;
    expect(parseJson(text).warnings).toHaveLength(100);
  });
  test.prop([fc.jsonValue()])('agrees with JSON.parse on every JSON value (differential)', (v) => {
    const text = JSON.stringify(v, null, 1);
    expect(parseJson(text)).toMatchObject({ ok: true, value: JSON.parse(text) });
  });
  test.prop([fc.string({ maxLength: 60 })])('accepts exactly what JSON.parse accepts', (s) => {
    let native = true;
    try {
      JSON.parse(s);
    } catch {
      native = false;
    }
    const r = parseJson(s);
    expect(r.ok).toBe(native);
    for (const i of [...(r.ok ? [] : r.errors), ...r.warnings])
      expect(Object.keys(jsonIssues)).toContain(i.code);
  });
  test.prop([fc.json().map((j) => j.slice(0, Math.max(1, j.length - 1)))])('truncated JSON is total', (s) => {
    parseJson(s);
  });
  it('falls back to a whole-text search where String#isWellFormed is missing (pre-ES2024 engines)', async () => {
    const proto = String.prototype as { isWellFormed?: unknown };
    const saved = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed');
    delete proto.isWellFormed;
    try {
      vi.resetModules();
      const fresh = await import('../src/json.ts');
      expect(fresh.parseJson('{"a":"x:y","b":[1]}')).toMatchObject({ ok: true, warnings: [] });
      expect(fresh.parseJson('["\ud800"]').warnings[0]?.code).toBe('json-lone-surrogate');
      expect(fresh.parseJson('{"a":1,"a":2}').warnings[0]?.code).toBe('json-duplicate-key');
    } finally {
      if (saved) Object.defineProperty(String.prototype, 'isWellFormed', saved);
      vi.resetModules();
    }
  });
  it('raw lone surrogates (string input, no escapes) are caught in values and names', () => {
    expect(parseJson('["a\ud800b"]').warnings.map((w) => w.code)).toEqual(['json-lone-surrogate']);
    expect(parseJson('{"\udc00":1}').warnings.map((w) => w.code)).toEqual(['json-lone-surrogate']);
    expect(parseJson('["\ud83d\ude00"]')).toMatchObject({ ok: true, warnings: [] });
  });
  it('an escaped colon cannot hide a dropped duplicate', () => {
    expect(parseJson('{"a":1,"a":"\\u003a"}').warnings[0]?.code).toBe('json-duplicate-key');
    expect(parseJson('{"a:b":1,"a:b":2}').warnings[0]?.code).toBe('json-duplicate-key');
    expect(parseJson('{"t":"00:00:00Z","p":["mx: a"]}')).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('isProvableJsonText', () => {
  // a lone surrogate, found code unit by code unit
  const lone = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
        else return true;
      } else if (c >= 0xdc00 && c <= 0xdfff) return true;
    }
    return false;
  };
  it('the documented examples', () => {
    expect(isProvableJsonText('{"a":"b:c"}')).toBe(true);
    expect(isProvableJsonText('{"a":"\\u003a"}')).toBe(false);
    expect(isProvableJsonText('{"a":"\ud83d\ude00"}')).toBe(true);
    expect(isProvableJsonText('{"a":"\ud83d"}')).toBe(false);
  });
  test.prop([
    fc.string({ unit: fc.constantFrom('a', ':', '\\', 'u', '"', '\ud83d', '\ude00'), maxLength: 30 }),
  ])('no "\\u" and no lone surrogate', (s) => {
    expect(isProvableJsonText(s)).toBe(!s.includes('\\u') && !lone(s));
  });
});
