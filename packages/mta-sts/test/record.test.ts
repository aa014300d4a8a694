import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  formatMtaStsRecord,
  type MtaStsRecord,
  mtaStsIssues,
  parseMtaStsRecord,
  selectMtaStsRecord,
} from '../src/index.ts';

const codes = (r: {
  ok: boolean;
  warnings: readonly { code: string }[];
  errors?: readonly { code: string }[];
}) => [...(r.ok ? [] : (r.errors ?? [])), ...r.warnings].map((i) => i.code);

describe('parseMtaStsRecord: RFC 8461 examples and valid records', () => {
  it.each([
    // RFC 8461 §3.1 example
    ['v=STSv1; id=20160831085700Z;', { id: '20160831085700Z', extensions: [] }],
    ['v=STSv1;id=1', { id: '1', extensions: [] }],
    ['v=STSv1; id=1', { id: '1', extensions: [] }],
    ['v=STSv1; id=abc;  ', { id: 'abc', extensions: [] }], // final delimiter with trailing WSP
    ['v=STSv1;\tid=abc\t;\t', { id: 'abc', extensions: [] }],
    [`v=STSv1; id=${'a'.repeat(32)};`, { id: 'a'.repeat(32), extensions: [] }],
    [
      'v=STSv1; ext=v:1; id=X; x.y_z-1=%$#;',
      {
        id: 'X',
        extensions: [
          ['ext', 'v:1'],
          ['x.y_z-1', '%$#'],
        ],
      },
    ],
  ])('%j', (txt, value) => {
    for (const strict of [false, true]) {
      const r = parseMtaStsRecord(txt, { strict });
      expect(r).toEqual({ ok: true, value: { version: 'STSv1', ...value }, warnings: [] });
    }
  });
});

describe('parseMtaStsRecord: errors and warnings', () => {
  // [input, strict codes (first is what fails), lenient codes, lenient ok]
  const cases: [string, string[], string[], boolean][] = [
    ['v=spf1 -all', ['not-sts'], ['not-sts'], false],
    ['', ['not-sts'], ['not-sts'], false],
    ['id=1; v=STSv1;', ['not-sts'], ['not-sts'], false], // v must come first
    ['v=STSv2; id=1;', ['not-sts'], ['not-sts'], false],
    ['v=STSv1', ['record-id-missing'], ['record-id-missing'], false],
    ['v=STSv1;', ['record-id-missing'], ['record-id-missing'], false],
    ['v=STSv1; id=;', ['record-id-missing'], ['record-id-missing'], false],
    ['v=STSv1; ID=1;', ['record-id-missing', 'record-case'], ['record-case'], true],
    ['V=stsv1; id=1;', ['record-case'], ['record-case'], true],
    [
      'v = STSv1; id = 1;',
      ['record-spaced-equals', 'record-spaced-equals'],
      ['record-spaced-equals', 'record-spaced-equals'],
      true,
    ],
    ['v=STSv1; id=2024-01-31;', ['record-id-format'], ['record-id-format'], true],
    [`v=STSv1; id=${'a'.repeat(33)};`, ['record-id-format'], ['record-id-format'], true],
    ['v=STSv1; id=ä;', ['record-id-format'], ['record-id-format'], false],
    ['v=STSv1; id=1; id=2;', ['record-duplicate-field'], ['record-duplicate-field'], true],
    [
      'v=STSv1; id=1; id=a-b;',
      ['record-id-format', 'record-duplicate-field'],
      ['record-id-format', 'record-duplicate-field'],
      true,
    ],
    ['v=STSv1; id=1; v=STSv1;', ['record-duplicate-field'], ['record-duplicate-field'], true],
    // spec §0: a reserved field with a malformed value is an error even as an ignored duplicate;
    // §1.3: case variants of STSv1 are invalid in strict, accepted with a warning in lenient
    [
      'v=STSv1; id=abc; v=stsv1;',
      ['record-version', 'record-case'],
      ['record-case', 'record-duplicate-field'],
      true,
    ],
    ['v=STSv1; id=1; v=STSv2;', ['record-version'], ['record-version'], false],
    ['v=STSv1; id=1; foo;', ['record-ext-syntax'], ['record-ext-syntax'], true],
    ['v=STSv1; id=1; foo=a b;', ['record-ext-syntax'], ['record-ext-syntax'], true],
    ['v=STSv1; id=1; _x=1;', ['record-ext-syntax'], ['record-ext-syntax'], true],
    ['v=STSv1; id=1; e=1; e=2;', ['record-duplicate-field'], ['record-duplicate-field'], true],
    ['v=STSv1;; id=1;', ['record-empty-field'], ['record-empty-field'], true],
    [' v=STSv1; id=1;', ['record-leading-wsp'], ['record-leading-wsp'], true],
    ['v=STSv1; id=1 ', ['record-trailing-wsp'], ['record-trailing-wsp'], true],
    ['"v=STSv1; id=1;"', ['record-quoted'], ['record-quoted'], true],
    ['v=STSv1 ; id=1;', ['record-version-wsp'], ['record-version-wsp'], true],
    ['x'.repeat(70000), ['record-too-long'], ['record-too-long'], false],
  ];
  const named = cases.map((c) => [JSON.stringify(c[0]).slice(0, 80), ...c] as const);
  it.each(named)('%s', (_name, txt, strictCodes, lenientCodes, lenientOk) => {
    const s = parseMtaStsRecord(txt, { strict: true });
    const l = parseMtaStsRecord(txt);
    expect(codes(s)).toEqual(strictCodes);
    expect(codes(l)).toEqual(lenientCodes);
    expect(l.ok).toBe(lenientOk);
    // Strict never accepts what lenient rejects
    if (s.ok) expect(l.ok).toBe(true);
    // record-version-wsp and record-duplicate-field are warnings in both modes; the rest fail strict
    const strictOk = strictCodes.every((c) => c === 'record-version-wsp' || c === 'record-duplicate-field');
    expect(s.ok).toBe(strictOk);
  });

  it('lenient reads a case-variant id as the id', () => {
    expect(parseMtaStsRecord('v=STSv1; ID=abc;')).toMatchObject({ ok: true, value: { id: 'abc' } });
    expect(parseMtaStsRecord('v=STSv1; ID=abc;', { strict: true })).toMatchObject({ ok: false });
  });

  it('the first id wins', () => {
    expect(parseMtaStsRecord('v=STSv1; id=first; id=second;')).toMatchObject({
      ok: true,
      value: { id: 'first' },
    });
  });

  it('locates issues by offset, line and column, including inside quotes', () => {
    const r = parseMtaStsRecord('"v=STSv1; id=1;; "');
    expect(r.warnings.find((w) => w.code === 'record-empty-field')?.at).toEqual({
      offset: 15,
      line: 1,
      column: 16,
    });
    const s = parseMtaStsRecord('v=STSv1; id=a-b;', { strict: true });
    expect(s.ok ? undefined : s.errors[0]).toMatchObject({ code: 'record-id-format', at: { offset: 12 } });
    expect(s.ok ? '' : s.errors[0].message).toContain('"a-b"');
  });

  it('returns a result for non-string input', () => {
    expect(parseMtaStsRecord(undefined as unknown as string).ok).toBe(false);
  });
});

describe('selectMtaStsRecord (RFC 8461 §3.1 discovery)', () => {
  it('joins character-strings of one RR, never across RRs, and skips unrelated RRs', () => {
    const r = selectMtaStsRecord([
      ['v=spf1 ', '-all'],
      ['v=STSv1; ', 'id=abc;'],
    ]);
    expect(r).toMatchObject({ ok: true, value: { id: 'abc' } });
    expect(codes(r)).toEqual(['record-unrelated']);
    expect(r.warnings[0]?.severity).toBe('info');
    expect(r.warnings[0]?.at).toMatchObject({ pointer: '/0' });
    // two RRs that together would make a record do not
    expect(codes(selectMtaStsRecord(['v=STSv1;', ' id=1;']))).toContain('record-id-missing');
  });
  it('no record is record-none', () => {
    expect(codes(selectMtaStsRecord([]))).toEqual(['record-none']);
    // located like every RRset-level issue: the whole RRset (pointer ""), offset 0
    for (const rrset of [[], ['v=spf1 -all']]) {
      const r = selectMtaStsRecord(rrset, { strict: true });
      expect(r.ok ? undefined : r.errors[0].at).toEqual({ pointer: '', offset: 0, line: 1, column: 1 });
    }
    expect(codes(selectMtaStsRecord(['v=spf1 -all']))).toEqual(['record-none', 'record-unrelated']);
    // a longer version token that begins with STSv1 is not this version
    expect(codes(selectMtaStsRecord(['v=STSv10; id=1;']))[0]).toBe('record-none');
  });
  it('several records is record-multiple, each located', () => {
    const r = selectMtaStsRecord(['v=STSv1; id=1;', 'v=spf1', ['v=STSv1; id=2;']]);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.at])).toEqual([
      ['record-multiple', { pointer: '/0', offset: 0, line: 1, column: 1 }],
      ['record-multiple', { pointer: '/2', offset: 0, line: 1, column: 1 }],
    ]);
  });
  it('an invalid single record is record-syntax, then its own errors', () => {
    const r = selectMtaStsRecord(['v=spf1', 'v=STSv1; id=a b;']);
    expect(codes(r).slice(0, 2)).toEqual(['record-syntax', 'record-id-format']);
    expect(r.ok ? undefined : r.errors[1]?.at).toMatchObject({ pointer: '/1', offset: 12 });
  });
  it('WSP before the first ";" is discarded by discovery (erratum 6285 not applied)', () => {
    const r = selectMtaStsRecord(['v=STSv1 ; id=1;']);
    expect(codes(r)).toEqual(['record-none', 'record-version-wsp']);
    // ... and it does not count towards record-multiple
    expect(selectMtaStsRecord(['v=STSv1 ; id=1;', 'v=STSv1; id=2;'])).toMatchObject({
      ok: true,
      value: { id: '2' },
    });
  });
  it('lenient recognises quoted, indented and case-variant records; strict discards them', () => {
    for (const rr of ['"v=STSv1; id=1;"', ' v=STSv1; id=1;', 'V=StSv1; id=1;', 'v = STSv1; id=1;']) {
      expect(selectMtaStsRecord([rr]).ok).toBe(true);
      expect(codes(selectMtaStsRecord([rr], { strict: true }))[0]).toBe('record-none');
    }
  });
  it('is total on junk', () => {
    expect(selectMtaStsRecord(null as unknown as string[]).ok).toBe(false);
    expect(selectMtaStsRecord([42, [1, 2], { a: 1 }] as unknown as string[]).ok).toBe(false);
  });
});

describe('formatMtaStsRecord', () => {
  it('emits the canonical form', () => {
    expect(formatMtaStsRecord({ version: 'STSv1', id: '20160831085700Z', extensions: [] })).toBe(
      'v=STSv1; id=20160831085700Z;',
    );
    expect(formatMtaStsRecord({ id: '1', extensions: [['e', 'x']] })).toBe('v=STSv1; id=1; e=x;');
  });
  it('throws a TypeError on values that would change the structure', () => {
    expect(() => formatMtaStsRecord({ id: 'a;b' })).toThrow(TypeError);
    expect(() => formatMtaStsRecord({ id: '' })).toThrow(TypeError);
    expect(() => formatMtaStsRecord({ id: '1', extensions: [['e', 'a b']] })).toThrow(TypeError);
    expect(() => formatMtaStsRecord({ id: '1', extensions: [['', 'x']] })).toThrow(TypeError);
  });
});

// --- properties ---

const id = fc.stringMatching(/^[A-Za-z0-9]{1,32}$/);
const extName = fc
  .stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/)
  .filter((n) => n.toLowerCase() !== 'id' && n.toLowerCase() !== 'v');
const extValue = fc.stringMatching(/^[\x21-\x3a\x3c\x3e-\x7e]{1,20}$/);
const record: fc.Arbitrary<MtaStsRecord> = fc.record({
  version: fc.constant('STSv1' as const),
  id,
  extensions: fc.uniqueArray(fc.tuple(extName, extValue), { maxLength: 4, selector: ([n]) => n }),
});
const wsp = fc.stringMatching(/^[ \t]{0,3}$/);

describe('record properties', () => {
  test.prop([record, fc.boolean()])('round-trip: parse(format(r)) = r, no warnings', (r, strict) => {
    expect(parseMtaStsRecord(formatMtaStsRecord(r), { strict })).toEqual({
      ok: true,
      value: r,
      warnings: [],
    });
  });

  test.prop([record, fc.array(fc.tuple(wsp, wsp), { minLength: 8, maxLength: 8 }), fc.boolean()])(
    'metamorphic: WSP around every ";" after the first changes nothing',
    (r, spaces, strict) => {
      const parts = formatMtaStsRecord(r).split('; ');
      let txt = `${parts[0]};`;
      for (let i = 1; i < parts.length; i++) {
        const [a, b] = spaces[i % spaces.length]!;
        const p = parts[i]!;
        txt += i === parts.length - 1 ? `${a}${p.slice(0, -1)}${b};` : `${a}${p}${b};`;
      }
      expect(parseMtaStsRecord(txt, { strict })).toEqual({ ok: true, value: r, warnings: [] });
    },
  );

  test.prop([record, extName, extValue])(
    'metamorphic: an unknown extension changes only extensions',
    (r, n, v) => {
      if (r.extensions.some(([name]) => name === n)) return;
      const p = parseMtaStsRecord(`${formatMtaStsRecord(r)} ${n}=${v};`, { strict: true });
      expect(p).toMatchObject({ ok: true, value: { id: r.id } });
    },
  );

  const junk = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc
      .array(fc.constantFrom('v=STSv1', ';', ' ', '\t', 'id=', '1', '=', '"', 'V', 'é', '\u0000', 'x'), {
        maxLength: 40,
      })
      .map((a) => a.join('')),
  );
  test.prop([junk, fc.boolean()])('totality: never throws, every code is catalogued', (txt, strict) => {
    const r = parseMtaStsRecord(txt, { strict });
    for (const c of codes(r)) expect(mtaStsIssues).toHaveProperty([c]);
    if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
    const s = selectMtaStsRecord([txt, [txt, txt]], { strict });
    for (const c of codes(s)) expect(mtaStsIssues).toHaveProperty([c]);
  });

  test.prop([junk])('strict acceptance implies lenient acceptance with the same value', (txt) => {
    const s = parseMtaStsRecord(txt, { strict: true });
    if (s.ok) expect(parseMtaStsRecord(txt)).toMatchObject({ ok: true, value: s.value });
  });

  it('adversarial 1 MB and 64 KB inputs return results', () => {
    for (const txt of [
      ';'.repeat(1 << 20),
      `v=STSv1;${';'.repeat(65000)}`,
      `v=STSv1;${' id=1;'.repeat(10000)}`,
      `v=STSv1; ${'a='.repeat(30000)}`,
      `v=STSv1; ${' '.repeat(65000)}id=1`,
    ]) {
      const r = parseMtaStsRecord(txt);
      for (const c of codes(r)) expect(mtaStsIssues).toHaveProperty([c]);
    }
  });
});

// The parser keeps its per-call state at module level (no closures per call, for speed).
describe('parseMtaStsRecord: calls are independent', () => {
  it('a failed parse leaves nothing behind for the next one', () => {
    const bad = parseMtaStsRecord('v=STSv1; id=a-b; x=;', { strict: true });
    const good = parseMtaStsRecord('v=STSv1; id=20240131T000000;');
    expect(bad.ok).toBe(false);
    expect(good).toEqual({
      ok: true,
      value: { version: 'STSv1', id: '20240131T000000', extensions: [] },
      warnings: [],
    });
    expect(bad.ok ? [] : bad.errors.map((i) => i.code)).toEqual(['record-id-format', 'record-ext-syntax']);
  });

  it('ids are checked in place, also inside surrounding quotes', () => {
    expect(parseMtaStsRecord('"v=STSv1; id=abc123;"').ok).toBe(true);
    expect(parseMtaStsRecord('"v=STSv1; id=abc-123;"', { strict: true }).ok).toBe(false);
    expect(parseMtaStsRecord(`v=STSv1; id=${'a'.repeat(32)};`, { strict: true }).ok).toBe(true);
    expect(parseMtaStsRecord(`v=STSv1; id=${'a'.repeat(33)};`, { strict: true }).ok).toBe(false);
  });
});

describe('canonical fast path', () => {
  it.each([
    ['v=STSv1; id=20240131T000000;', '20240131T000000'],
    ['v=STSv1;id=a', 'a'],
    ['v=STSv1; \tid=' + 'x'.repeat(32), 'x'.repeat(32)],
  ])('%s → id %s, no issues, in both modes', (txt, id) => {
    for (const strict of [false, true]) {
      expect(parseMtaStsRecord(txt, { strict })).toEqual({
        ok: true,
        value: { version: 'STSv1', id, extensions: [] },
        warnings: [],
      });
    }
  });
  it.each([
    'v=STSv1; id=' + 'x'.repeat(33),
    'v=STSv1; id=',
    'v=STSv1; id=a-b',
    'v=STSv1; id=a; ',
    'v=STSv1; id=a;;',
    'v=STSv1; id=a; x=1',
    'v=STSv1; id=é',
  ])('%s takes the general path and gets its usual issues', (txt) => {
    const r = parseMtaStsRecord(txt);
    expect(r.ok ? r.warnings.length > 0 || r.value.extensions.length > 0 || txt.endsWith('; ') : true).toBe(
      true,
    );
  });
  test.prop([
    fc.stringMatching(/^[A-Za-z0-9]{1,32}$/),
    fc.stringMatching(/^[ \t]{0,2}$/),
    fc.boolean(),
    fc.boolean(),
  ])(
    'the fast path agrees with the general path (a trailing WSP after ";" forces the latter)',
    (id, wsp, final, strict) => {
      const txt = `v=STSv1;${wsp}id=${id}${final ? ';' : ''}`;
      const fast = parseMtaStsRecord(txt, { strict });
      const general = parseMtaStsRecord(`v=STSv1;${wsp}id=${id}; `, { strict });
      expect(fast).toEqual(general);
      expect(fast).toEqual({ ok: true, value: { version: 'STSv1', id, extensions: [] }, warnings: [] });
    },
  );
});
