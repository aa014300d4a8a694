import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type Catalogue,
  err,
  fromIssues,
  hostnameIssues,
  issue,
  locate,
  ok,
  ParseError,
  pointer,
  quote,
  unwrap,
} from '../src/index.ts';

const cat: Catalogue<'a-code' | 'b-code'> = {
  'a-code': { ref: 'RFC 1 §1', message: 'First thing' },
  'b-code': { ref: 'RFC 2 §2', message: 'Second thing' },
};

describe('issue', () => {
  it('takes ref and message from the catalogue and leaves `at` out when absent', () => {
    expect(issue(cat, 'a-code', 'error')).toEqual({
      code: 'a-code',
      severity: 'error',
      message: 'First thing',
      ref: 'RFC 1 §1',
    });
    expect('at' in issue(cat, 'a-code', 'error')).toBe(false);
  });
  it('names the offending token, quoted and shortened', () => {
    const i = issue(cat, 'b-code', 'warning', { offset: 2, line: 1, column: 3 }, 'x"y');
    expect(i.message).toBe('Second thing: "x\\"y"');
    expect(i.at).toEqual({ offset: 2, line: 1, column: 3 });
    expect(quote('z'.repeat(100))).toBe(`"${'z'.repeat(60)}…"`);
  });
});

describe('results', () => {
  it('ok, err and unwrap', () => {
    expect(ok(1)).toEqual({ ok: true, value: 1, warnings: [] });
    const e = issue(hostnameIssues, 'hostname-empty', 'error');
    const r = err([e]);
    expect(r.ok).toBe(false);
    expect(unwrap(ok('v'))).toBe('v');
    expect(() => unwrap(r)).toThrow(ParseError);
    try {
      unwrap(r);
    } catch (x) {
      expect(x).toBeInstanceOf(ParseError);
      expect((x as ParseError).issues).toEqual([e]);
      expect((x as ParseError).message).toBe('Host name is empty (hostname-empty, RFC 1035 §2.3.1)');
      expect((x as ParseError).name).toBe('ParseError');
    }
  });
  it('fromIssues splits errors from warnings and fails on any error', () => {
    const w = issue(cat, 'a-code', 'warning');
    const i = issue(cat, 'a-code', 'info');
    const e = issue(cat, 'b-code', 'error');
    expect(fromIssues(5, [w, i])).toEqual({ ok: true, value: 5, warnings: [w, i] });
    expect(fromIssues(5, [w, e, i])).toEqual({ ok: false, errors: [e], warnings: [w, i] });
  });
});

describe('locate', () => {
  it('counts LF, CRLF and bare CR as one line break each', () => {
    expect(locate('a\nbc', 3)).toEqual({ offset: 3, line: 2, column: 2 });
    expect(locate('a\r\nbc', 4)).toEqual({ offset: 4, line: 2, column: 2 });
    expect(locate('a\rb', 2)).toEqual({ offset: 2, line: 2, column: 1 });
    expect(locate('abc', 0)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(locate('abc', 99)).toEqual({ offset: 99, line: 1, column: 4 });
  });
  test.prop([fc.string(), fc.nat()])('line and column agree with a split on line breaks', (s, n) => {
    const off = Math.min(n, s.length);
    const before = s
      .slice(0, off)
      .replace(/\r\n/g, '\n')
      .split(/[\n\r]/);
    const { line, column } = locate(s, off);
    expect(line).toBe(before.length);
    // the column counts code units from the line start; CRLF counts as one break
    if (!s.slice(0, off).endsWith('\r') || s[off] !== '\n')
      expect(column).toBe((before.at(-1) ?? '').length + 1);
  });
});

describe('pointer', () => {
  it('escapes ~ and / per RFC 6901', () => {
    expect(pointer([])).toBe('');
    expect(pointer(['policies', 0, 'a/b', 'c~d'])).toBe('/policies/0/a~1b/c~0d');
  });
});

describe('for JavaScript callers', () => {
  it('locate, pointer, quote and fromIssues are total', () => {
    expect(locate(undefined as unknown as string, 3)).toEqual({ offset: 3, line: 1, column: 1 });
    expect(locate('a\nb', 'x' as unknown as number)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(pointer(undefined as unknown as string[])).toBe('');
    expect(pointer([Symbol('s'), {}] as unknown as string[])).toBe('/symbol/object');
    expect(quote(null as unknown as string)).toBe('"object"');
    expect(fromIssues(1, undefined as unknown as [])).toEqual({ ok: true, value: 1, warnings: [] });
  });
});
