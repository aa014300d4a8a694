import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isTxtExtName, isTxtExtValue, joinTxt, tokenizeTxt } from '../src/txt.ts';

describe('tokenizeTxt', () => {
  it('splits RFC 8461 and RFC 8460 examples', () => {
    const t = tokenizeTxt('v=STSv1; id=20160831085700Z;');
    expect(t.fields.map((f) => [f.name, f.value, f.offset])).toEqual([
      ['v', 'STSv1', 0],
      ['id', '20160831085700Z', 9],
    ]);
    expect(t).toMatchObject({ finalDelimiter: true, leadingWsp: false, trailingWsp: false });
    const r = tokenizeTxt('v=TLSRPTv1;rua=mailto:reports@example.com');
    expect(r.fields.map((f) => f.value)).toEqual(['TLSRPTv1', 'mailto:reports@example.com']);
    expect(r.finalDelimiter).toBe(false);
  });
  it('reports the structure the grammar does not allow', () => {
    const t = tokenizeTxt(' \tv=STSv1 ;; id = 1 \t');
    expect(t.leadingWsp).toBe(true);
    expect(t.trailingWsp).toBe(true);
    expect(t.fields.map((f) => f.text)).toEqual(['v=STSv1', '', 'id = 1']);
    expect(t.fields[2]).toMatchObject({ name: 'id', value: '1', spacedEquals: true, valueOffset: 18 });
    expect(t.fields[1]).toMatchObject({ hasEquals: false, name: '', value: '' });
  });
  it('keeps "=" after the first inside the value and handles empty input', () => {
    expect(tokenizeTxt('a=b=c').fields[0]).toMatchObject({ name: 'a', value: 'b=c', spacedEquals: false });
    expect(tokenizeTxt('').fields).toEqual([
      { text: '', offset: 0, name: '', value: '', valueOffset: 0, hasEquals: false, spacedEquals: false },
    ]);
    expect(tokenizeTxt(';').finalDelimiter).toBe(true);
  });
  test.prop([
    fc.array(fc.stringMatching(/^[a-z]{1,5}=[a-z0-9]{1,5}$/), { minLength: 1, maxLength: 6 }),
    fc.boolean(),
  ])('WSP around ";" changes nothing but offsets (metamorphic)', (fields, final) => {
    const tight = fields.join(';') + (final ? ';' : '');
    const loose = fields.join(' \t; ') + (final ? ' ;  ' : '');
    const a = tokenizeTxt(tight);
    const b = tokenizeTxt(loose);
    expect(b.fields.map((f) => f.text)).toEqual(a.fields.map((f) => f.text));
    expect(b.finalDelimiter).toBe(final);
    for (const f of b.fields) expect(loose.slice(f.offset, f.offset + f.text.length)).toBe(f.text);
  });
  test.prop([fc.string({ maxLength: 300 })])(
    'total, and every field is a slice of the input at its offset',
    (s) => {
      const t = tokenizeTxt(s);
      for (const f of t.fields) {
        expect(s.slice(f.offset, f.offset + f.text.length)).toBe(f.text);
        expect(s.slice(f.valueOffset, f.valueOffset + f.value.length)).toBe(f.value);
      }
    },
  );
});

describe('extension productions', () => {
  it('ext-name', () => {
    expect(isTxtExtName('tls_rpt.v2-x')).toBe(true);
    expect(isTxtExtName('a'.repeat(32))).toBe(true);
    expect(isTxtExtName('a'.repeat(33))).toBe(false);
    expect(isTxtExtName('')).toBe(false);
    expect(isTxtExtName('_a')).toBe(false);
    expect(isTxtExtName('a b')).toBe(false);
    expect(isTxtExtName('a\n')).toBe(false); // `$` must not match before a final LF
    expect(isTxtExtName('é')).toBe(false);
  });
  // the grammar spelled out character by character, as the reference for the regex
  const alnum = (c: number) =>
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  const extName = (s: string) =>
    s.length >= 1 &&
    s.length <= 32 &&
    alnum(s.charCodeAt(0)) &&
    [...s].every((ch, i) => i === 0 || alnum(ch.charCodeAt(0)) || '_-.'.includes(ch));
  test.prop([
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.stringMatching(/^[A-Za-z0-9_.-]{0,34}\n?$/),
      fc.string({ unit: 'binary', maxLength: 34 }),
    ),
  ])('ext-name matches the grammar for any string', (s) => {
    expect(isTxtExtName(s)).toBe(extName(s));
  });
  it('ext-value', () => {
    expect(isTxtExtValue('a:b!~')).toBe(true);
    expect(isTxtExtValue('')).toBe(false);
    for (const bad of ['a b', 'a;b', 'a=b', 'a\tb', 'é', '\x7f']) expect(isTxtExtValue(bad)).toBe(false);
  });
  it('joinTxt joins one RR with no separator', () => {
    expect(joinTxt(['v=STSv1; ', 'id=1;'])).toBe('v=STSv1; id=1;');
    expect(joinTxt('x')).toBe('x');
  });
});

describe('for JavaScript callers', () => {
  it('is total and never mistakes another type for a string', () => {
    expect(tokenizeTxt(null as unknown as string)).toEqual(tokenizeTxt(''));
    expect(isTxtExtName(undefined as unknown as string)).toBe(false);
    expect(isTxtExtName(12 as unknown as string)).toBe(false);
    expect(isTxtExtValue(null as unknown as string)).toBe(false);
    expect(joinTxt(undefined as unknown as string)).toBe('');
    expect(joinTxt({ length: 2 } as unknown as string[])).toBe('');
  });
});
