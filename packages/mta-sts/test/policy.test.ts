import { createRequire } from 'node:module';
import { fc, test } from '@fast-check/vitest';
import { decodeUtf8 } from '@mailtls/core/bytes';
import { isTxtExtName } from '@mailtls/core/txt';
import { describe, expect, it } from 'vitest';
import { formatMtaStsPolicy, type MtaStsPolicy, mtaStsIssues, parseMtaStsPolicy } from '../src/index.ts';
import { setFastPath } from '../src/policy.ts';

const require = createRequire(import.meta.url);
const mailauth = require('mailauth/lib/mta-sts.js') as {
  parsePolicy(file: string, opts?: { strict?: boolean }): { mode: string; mx?: string[]; maxAge: number };
};

type AnyResult = { ok: boolean; warnings: readonly { code: string }[]; errors?: readonly { code: string }[] };
const codes = (r: AnyResult) => [...(r.ok ? [] : (r.errors ?? [])), ...r.warnings].map((i) => i.code);
const errorCodes = (r: AnyResult) => (r.ok ? [] : (r.errors ?? []).map((i) => i.code));

// RFC 8461 §3.2 example
const RFC_EXAMPLE =
  'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n';
const RFC_VALUE: MtaStsPolicy = {
  version: 'STSv1',
  mode: 'enforce',
  mx: ['mail.example.com', '*.example.net', 'backupmx.example.com'],
  maxAge: 604800,
  extensions: [],
};

describe('parseMtaStsPolicy: valid policies', () => {
  it('parses the RFC 8461 §3.2 example in both modes, CRLF or LF, string or bytes', () => {
    for (const strict of [false, true]) {
      for (const text of [RFC_EXAMPLE, RFC_EXAMPLE.replaceAll('\r\n', '\n'), RFC_EXAMPLE.trimEnd()]) {
        expect(parseMtaStsPolicy(text, { strict })).toEqual({ ok: true, value: RFC_VALUE, warnings: [] });
        expect(parseMtaStsPolicy(new TextEncoder().encode(text), { strict })).toEqual({
          ok: true,
          value: RFC_VALUE,
          warnings: [],
        });
      }
    }
  });

  it.each<[string, Partial<MtaStsPolicy>]>([
    ['mode: none\nmax_age: 0\nversion: STSv1', { mode: 'none', mx: [], maxAge: 0 }], // order is free; 0 is legal
    [
      'version: STSv1\nmode: testing\nmx: MX.Example.ORG\nmax_age: 0031557600\n',
      { mx: ['mx.example.org'], maxAge: 31557600 },
    ],
    ['version:STSv1\nmode:\t enforce \t\nmx: a\nmax_age: 1', { mode: 'enforce', mx: ['a'] }],
    ['version: STSv1\nmode: none\nmx: 192.0.2.1\nmax_age: 1\n', { mx: ['192.0.2.1'] }], // mx-ip-literal is a warning
    [
      'version: STSv1\nmode: none\nmax_age: 1\nnote: a value: with colons ü\n',
      { extensions: [['note', 'a value: with colons ü']] },
    ],
    ['version: STSv1\nmode: none\nmax_age: 1\nx: 1\nx: 2\n', { extensions: [['x', '1']] }],
    [
      'version: STSv1\nmode: enforce\nmx: xn--bcher-kva.example\nmx: *.a-b.c0\nmax_age: 1',
      { mx: ['xn--bcher-kva.example', '*.a-b.c0'] },
    ],
  ])('%j', (text, partial) => {
    const r = parseMtaStsPolicy(text, { strict: true });
    expect(r).toMatchObject({ ok: true, value: partial });
  });
});

const BASE = 'version: STSv1\nmode: enforce\nmx: mx.example.org\nmax_age: 86400\n';

describe('parseMtaStsPolicy: errors and warnings', () => {
  // [body, strict codes, lenient codes, lenient ok]
  const cases: [string, string[], string[], boolean][] = [
    [
      '',
      ['policy-version-missing', 'policy-mode-missing', 'policy-max-age-missing'],
      ['policy-version-missing', 'policy-mode-missing', 'policy-max-age-missing'],
      false,
    ],
    [`\ufeff${BASE}`, ['policy-bom'], ['policy-bom'], true],
    [`${BASE}\n`, ['policy-blank-line'], ['policy-blank-line'], true],
    [`version: STSv1\n\n${BASE.slice(15)}`, ['policy-blank-line'], ['policy-blank-line'], true],
    [`${BASE}   \n`, ['policy-blank-line'], ['policy-blank-line'], true],
    [`# policy\n${BASE}`, ['policy-comment'], ['policy-comment'], true],
    [`# \u0000 comment\n${BASE}`, ['policy-comment'], ['policy-comment'], true], // CTL in a skipped line
    [` ${BASE}`, ['policy-leading-wsp'], ['policy-leading-wsp'], true],
    [`version : STSv1\n${BASE.slice(15)}`, ['policy-key-wsp'], ['policy-key-wsp'], true],
    [BASE.replace('mode:', 'Mode:'), ['policy-mode-missing', 'policy-key-typo'], ['policy-key-case'], true],
    // spec §2.3 names the field codes: strict fails with them, and keeps policy-value-case as the
    // hint; lenient accepts the value with the policy-value-case warning (§2.5)
    [BASE.replace('enforce', 'Enforce'), ['policy-mode', 'policy-value-case'], ['policy-value-case'], true],
    [BASE.replace('STSv1', 'stsv1'), ['policy-version', 'policy-value-case'], ['policy-value-case'], true],
    [
      `${BASE}version: stsv1\n`,
      ['policy-version', 'policy-value-case'],
      ['policy-value-case', 'policy-duplicate-field'],
      true,
    ],
    [BASE.replace('STSv1', 'STSv2'), ['policy-version'], ['policy-version'], false],
    [BASE.replace('version: STSv1\n', ''), ['policy-version-missing'], ['policy-version-missing'], false],
    [BASE.replace('enforce', 'reject'), ['policy-mode'], ['policy-mode'], false], // draft-era value
    [BASE.replace('mode: enforce\n', ''), ['policy-mode-missing'], ['policy-mode-missing'], false],
    [BASE.replace('86400', '1e5'), ['policy-max-age-syntax'], ['policy-max-age-syntax'], false],
    [BASE.replace('86400', '-1'), ['policy-max-age-syntax'], ['policy-max-age-syntax'], false],
    [BASE.replace('86400', '86 400'), ['policy-max-age-syntax'], ['policy-max-age-syntax'], false],
    [BASE.replace('86400', ''), ['policy-max-age-syntax'], ['policy-max-age-syntax'], false],
    [BASE.replace('86400', '12345678901'), ['policy-max-age-syntax'], ['policy-max-age-syntax'], false],
    [BASE.replace('86400', '31557601'), ['policy-max-age-range'], ['policy-max-age-range'], false],
    [BASE.replace('86400', '9999999999'), ['policy-max-age-range'], ['policy-max-age-range'], false],
    [BASE.replace('max_age: 86400\n', ''), ['policy-max-age-missing'], ['policy-max-age-missing'], false],
    [
      BASE.replace('max_age', 'max-age'),
      ['policy-max-age-missing', 'policy-key-typo'],
      ['policy-max-age-missing', 'policy-key-typo'],
      false,
    ],
    [BASE.replace('mx: mx.example.org\n', ''), ['policy-mx-missing'], ['policy-mx-missing'], false],
    [
      BASE.replace('enforce', 'testing').replace('mx: mx.example.org\n', ''),
      ['policy-mx-missing'],
      ['policy-mx-missing'],
      false,
    ],
    [BASE.replace('mx.example.org', 'mx_1.example.org'), ['policy-mx-syntax'], ['policy-mx-syntax'], false],
    [BASE.replace('mx.example.org', '-mx.example.org'), ['policy-mx-syntax'], ['policy-mx-syntax'], false],
    [BASE.replace('mx.example.org', 'mx.example.org:25'), ['policy-mx-syntax'], ['policy-mx-syntax'], false],
    [BASE.replace('mx.example.org', 'mx.*.example.org'), ['policy-mx-syntax'], ['policy-mx-syntax'], false],
    [BASE.replace('mx.example.org', '*'), ['policy-mx-syntax'], ['policy-mx-syntax'], false],
    [BASE.replace('mx.example.org', 'a..b'), ['policy-mx-syntax'], ['policy-mx-syntax'], false],
    [BASE.replace('mx.example.org', '.example.org'), ['mx-leading-dot'], ['mx-leading-dot'], false],
    [BASE.replace('mx.example.org', 'mx.example.org.'), ['mx-trailing-dot'], ['mx-trailing-dot'], true],
    [
      BASE.replace('mx.example.org', 'a.example.org, b.example.org'),
      ['mx-multiple-per-line'],
      ['mx-multiple-per-line'],
      false,
    ],
    [
      BASE.replace('mx.example.org', 'a.example.org b.example.org'),
      ['mx-multiple-per-line'],
      ['mx-multiple-per-line'],
      false,
    ],
    [BASE.replace('mx.example.org', 'bücher.example'), ['mx-unicode'], ['mx-unicode'], true],
    [BASE.replace('mx.example.org', '192.0.2.25'), ['mx-ip-literal'], ['mx-ip-literal'], true],
    [BASE.replace('mx.example.org', `${'a'.repeat(64)}.example`), ['mx-too-long'], ['mx-too-long'], true],
    [`${BASE}x: a\tb\n`, ['policy-ext-syntax'], ['policy-ext-syntax'], true],
    [`${BASE}_x: 1\n`, ['policy-ext-syntax'], ['policy-ext-syntax'], true],
    [`${BASE}x:\n`, ['policy-ext-syntax'], ['policy-ext-syntax'], true],
    [`${BASE}mode: testing\n`, ['policy-duplicate-field'], ['policy-duplicate-field'], true],
    [`${BASE}mode: enforcing\n`, ['policy-mode'], ['policy-mode'], false], // malformed even as a duplicate
    [`${BASE}mode enforce\n`, ['policy-syntax'], ['policy-syntax'], false],
    [`${BASE}: enforce\n`, ['policy-syntax'], ['policy-syntax'], false],
    [
      BASE.replace('\nmode', '\rmode'),
      ['policy-bare-cr', 'policy-version-missing', 'policy-mode-missing'],
      ['policy-bare-cr', 'policy-version-missing', 'policy-mode-missing'],
      false,
    ],
    [`${BASE}x: a\u0000b\n`, ['policy-control-char'], ['policy-control-char'], false],
    [`${BASE}x: a\u007fb\n`, ['policy-control-char'], ['policy-control-char'], false],
    [`${BASE}x: a\ud800b\n`, ['policy-utf8'], ['policy-utf8'], false],
    ['<!DOCTYPE html><html><body>Not found</body></html>', ['looks-like-html'], ['looks-like-html'], false],
    ['\n  <html>', ['looks-like-html'], ['looks-like-html'], false],
    ['{"version":"STSv1","mode":"enforce"}', ['looks-like-json'], ['looks-like-json'], false],
    ['x'.repeat(65537), ['policy-too-large'], ['policy-too-large'], false],
    [`${BASE}x: ${'é'.repeat(32800)}\n`, ['policy-too-large'], ['policy-too-large'], false], // bytes, not code units
  ];
  const named = cases.map((c) => [JSON.stringify(c[0]).slice(0, 80), ...c] as const);
  it.each(named)('%s', (_name, text, strictCodes, lenientCodes, lenientOk) => {
    const s = parseMtaStsPolicy(text, { strict: true });
    const l = parseMtaStsPolicy(text);
    expect(codes(s)).toEqual(strictCodes);
    expect(codes(l)).toEqual(lenientCodes);
    expect(l.ok).toBe(lenientOk);
    const strictOk = strictCodes.every((c) =>
      ['policy-duplicate-field', 'mx-ip-literal', 'mx-too-long'].includes(c),
    );
    expect(s.ok).toBe(strictOk);
  });

  it('lenient mode reads through the deviations', () => {
    const text =
      '\ufeff# MTA-STS\n Version : stsv1\r\n\r\nMODE: Enforce\nmx: MX1.Example.ORG.\nmx: *.bücher.example\nmax_age: 604800\n\n';
    expect(parseMtaStsPolicy(text)).toMatchObject({
      ok: true,
      value: {
        version: 'STSv1',
        mode: 'enforce',
        mx: ['mx1.example.org', '*.xn--bcher-kva.example'],
        maxAge: 604800,
      },
    });
    expect(parseMtaStsPolicy(text, { strict: true }).ok).toBe(false);
  });

  it('first occurrence wins for every non-mx field', () => {
    const r = parseMtaStsPolicy(`${BASE}max_age: 1\nversion: STSv1\n`);
    expect(r).toMatchObject({ ok: true, value: { maxAge: 86400 } });
    expect(codes(r)).toEqual(['policy-duplicate-field', 'policy-duplicate-field']);
  });

  it('locates issues by line and column', () => {
    const r = parseMtaStsPolicy('version: STSv1\r\nmode: enforce\r\nmx: a\r\nmax_age: 1x\r\n');
    expect(r.ok ? undefined : r.errors[0]).toMatchObject({
      code: 'policy-max-age-syntax',
      at: { offset: 47, line: 4, column: 10 },
      message: '"max_age" must be 1 to 10 decimal digits: "1x"',
    });
    const bare = parseMtaStsPolicy('version: STSv1\nmo\rde: none\n');
    expect(bare.ok ? undefined : bare.errors[0]).toMatchObject({
      code: 'policy-bare-cr',
      at: { line: 2, column: 3 },
    });
  });

  it('reports invalid UTF-8 bytes with their byte offset, and a BOM in bytes', () => {
    const bytes = new TextEncoder().encode(BASE);
    const bad = new Uint8Array([...bytes, 0x78, 0x3a, 0x20, 0xc3, 0x28, 0x0a]);
    const r = parseMtaStsPolicy(bad);
    expect(r.ok ? undefined : r.errors[0]).toMatchObject({
      code: 'policy-utf8',
      at: { offset: bytes.length + 3 },
    });
    expect(codes(parseMtaStsPolicy(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes])))).toEqual(['policy-bom']);
    // line and column of the bad byte too: BASE is 63 bytes on 4 lines, then "foo: " C3 28 LF
    const five = parseMtaStsPolicy(
      new Uint8Array([...bytes, ...new TextEncoder().encode('foo: '), 0xc3, 0x28, 0x0a]),
    );
    expect(five.ok ? undefined : five.errors[0]).toMatchObject({
      code: 'policy-utf8',
      at: { offset: 68, line: 5, column: 6 },
    });
    expect(codes(parseMtaStsPolicy(new Uint8Array(65537)))).toEqual(['policy-too-large']);
  });

  it('keeps mx lines under mode none, syntax-checked', () => {
    expect(parseMtaStsPolicy('version: STSv1\nmode: none\nmx: a.b\nmax_age: 1\n')).toMatchObject({
      value: { mx: ['a.b'] },
    });
    expect(parseMtaStsPolicy('version: STSv1\nmode: none\nmx: a_b\nmax_age: 1\n').ok).toBe(false);
  });

  it('returns a result for non-string, non-bytes input', () => {
    expect(errorCodes(parseMtaStsPolicy(null as unknown as string))).toEqual(['policy-syntax']);
  });

  it('caps the number of issues', () => {
    const r = parseMtaStsPolicy('\r'.repeat(60000));
    expect(r.ok ? 0 : r.errors.length).toBeLessThanOrEqual(100);
  });
});

describe('formatMtaStsPolicy', () => {
  it('emits canonical text with CRLF by default and LF on request', () => {
    expect(formatMtaStsPolicy(RFC_VALUE)).toBe(RFC_EXAMPLE);
    expect(formatMtaStsPolicy(RFC_VALUE, { lineEnding: '\n' })).toBe(RFC_EXAMPLE.replaceAll('\r\n', '\n'));
    expect(
      formatMtaStsPolicy({ ...RFC_VALUE, mode: 'none', mx: [], extensions: [['note', 'hi there']] }),
    ).toBe('version: STSv1\r\nmode: none\r\nmax_age: 604800\r\nnote: hi there\r\n');
  });
  it('throws a TypeError for values it cannot write', () => {
    const bad: Partial<MtaStsPolicy>[] = [
      { mode: 'reject' as 'none' },
      { maxAge: 31557601 },
      { maxAge: 1.5 },
      { maxAge: -1 },
      { mx: ['a b'] },
      { mx: ['a\nmode: none'] },
      { mx: ['.example.com'] },
      { extensions: [['mode', 'x']] },
      { extensions: [['max_age', '1']] },
      { extensions: [['x', 'a\nb']] },
      { extensions: [['x', '']] },
    ];
    for (const b of bad) expect(() => formatMtaStsPolicy({ ...RFC_VALUE, ...b })).toThrow(TypeError);
    expect(() => formatMtaStsPolicy(RFC_VALUE, { lineEnding: '\r' as '\n' })).toThrow(TypeError);
  });
  it('writes a case variant of a registered key as the extension it is in strict mode (spec §0)', () => {
    const text = 'version: STSv1\nmode: none\nmax_age: 0\nMode: testing\n';
    const parsed = parseMtaStsPolicy(text, { strict: true });
    expect(parsed).toMatchObject({ ok: true, value: { mode: 'none', extensions: [['Mode', 'testing']] } });
    if (!parsed.ok) return;
    expect(formatMtaStsPolicy(parsed.value, { lineEnding: '\n' })).toBe(text);
  });
});

// --- properties ---

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.'));
const pattern = fc.tuple(fc.boolean(), host).map(([w, h]) => (w ? `*.${h}` : h));
const registeredLike = (k: string) => {
  const l = k.toLowerCase();
  return ['version', 'mode', 'max_age', 'mx'].includes(l);
};
const extKey = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/).filter((k) => !registeredLike(k));
const extValue = fc.oneof(
  fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,20}[\x21-\x7e])?$/),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 10 })
    .map((s) => `ü${s.replace(/[\x00-\x20\x7f]/g, '')}`),
);
const policy: fc.Arbitrary<MtaStsPolicy> = fc
  .record({
    version: fc.constant('STSv1' as const),
    mode: fc.constantFrom('enforce' as const, 'testing' as const, 'none' as const),
    mx: fc.uniqueArray(pattern, { minLength: 1, maxLength: 5 }),
    maxAge: fc.integer({ min: 0, max: 31557600 }),
    extensions: fc.uniqueArray(fc.tuple(extKey, extValue), { maxLength: 3, selector: ([k]) => k }),
  })
  .map((p) => ({ ...p, mx: p.mx.filter((m) => !/^[0-9.]+$/.test(m)) }))
  .filter((p) => p.mode === 'none' || p.mx.length > 0);
const eol = fc.constantFrom('\n' as const, '\r\n' as const);
const quiet = (r: AnyResult) => codes(r).filter((c) => c !== 'policy-key-typo' && c !== 'mx-too-long');

const junkLine = fc.constantFrom(
  'version: STSv1',
  'mode: enforce',
  'mode: none',
  'mx: *.a.b',
  'mx: a.b.',
  'max_age: 1',
  'Mode: Testing',
  '#',
  ' ',
  '\t',
  ':',
  '\r',
  '\n',
  '\r\n',
  '\u0000',
  '\ufeff',
  'é',
  '<',
  '{',
  'x: y',
);
const junk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(junkLine, { maxLength: 60 }).map((a) => a.join('')),
);

describe('policy properties', () => {
  test.prop([policy, eol, fc.boolean()])('round-trip: parse(format(p)) = p', (p, lineEnding, strict) => {
    const r = parseMtaStsPolicy(formatMtaStsPolicy(p, { lineEnding }), { strict });
    expect(r).toMatchObject({ ok: true, value: p });
    expect(quiet(r)).toEqual([]);
  });

  // Keys are case-sensitive (RFC 7405 %s): "Mode" or "MAX_AGE" is an extension in strict mode,
  // so format must write it and strict parse must give it back (spec §0).
  const caseVariant = fc
    .tuple(
      fc.constantFrom('version', 'mode', 'max_age', 'mx'),
      fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    )
    .map(([k, up]) => [...k].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''))
    .filter((k) => !['version', 'mode', 'max_age', 'mx'].includes(k));
  test.prop([
    policy,
    fc.uniqueArray(fc.tuple(caseVariant, extValue), { maxLength: 3, selector: ([k]) => k }),
    eol,
  ])(
    'round-trip in strict mode with case variants of registered keys as extensions',
    (p, variants, lineEnding) => {
      const q = { ...p, extensions: [...p.extensions, ...variants] };
      const r = parseMtaStsPolicy(formatMtaStsPolicy(q, { lineEnding }), { strict: true });
      expect(r).toMatchObject({ ok: true, value: q });
      expect(quiet(r)).toEqual([]);
    },
  );

  test.prop([policy, fc.boolean()])('metamorphic: LF and CRLF give the same result', (p, strict) => {
    const lf = formatMtaStsPolicy(p, { lineEnding: '\n' });
    const a = parseMtaStsPolicy(lf, { strict });
    const b = parseMtaStsPolicy(lf.replaceAll('\n', '\r\n'), { strict });
    expect(b.ok && b.value).toEqual(a.ok && a.value);
    expect(codes(b)).toEqual(codes(a));
  });

  test.prop([policy, fc.infiniteStream(fc.nat())])(
    'metamorphic: line order changes nothing but the order of mx and extensions',
    (p, rand) => {
      // strip only the final LF: trimEnd() would also eat a value's trailing NBSP or U+3000
      const lines = formatMtaStsPolicy(p, { lineEnding: '\n' }).slice(0, -1).split('\n');
      const it = rand[Symbol.iterator]();
      for (let i = lines.length - 1; i > 0; i--) {
        const j = (it.next().value as number) % (i + 1);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      const r = parseMtaStsPolicy(lines.join('\n'), { strict: true });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect({ ...r.value, mx: [...r.value.mx].sort(), extensions: [...r.value.extensions].sort() }).toEqual({
        ...p,
        mx: [...p.mx].sort(),
        extensions: [...p.extensions].sort(),
      });
    },
  );

  test.prop([policy, extKey, extValue, fc.nat()])(
    'metamorphic: an unknown extension line anywhere leaves version, mode, mx and max_age alone',
    (p, k, v, at) => {
      // strip only the final LF: trimEnd() would also eat a value's trailing NBSP or U+3000
      const lines = formatMtaStsPolicy(p, { lineEnding: '\n' }).slice(0, -1).split('\n');
      lines.splice(at % (lines.length + 1), 0, `${k}: ${v}`);
      const r = parseMtaStsPolicy(lines.join('\n'), { strict: true });
      expect(r).toMatchObject({
        ok: true,
        value: { version: p.version, mode: p.mode, mx: p.mx, maxAge: p.maxAge },
      });
    },
  );

  test.prop([policy, fc.constantFrom('enforce', 'testing', 'none'), fc.integer({ min: 0, max: 31557600 })])(
    'metamorphic: later mode and max_age lines never win',
    (p, mode, maxAge) => {
      const text = `${formatMtaStsPolicy(p, { lineEnding: '\n' })}mode: ${mode}\nmax_age: ${maxAge}\n`;
      const r = parseMtaStsPolicy(text, { strict: true });
      expect(r).toMatchObject({ ok: true, value: { mode: p.mode, maxAge: p.maxAge } });
      expect(codes(r).filter((c) => c === 'policy-duplicate-field')).toHaveLength(2);
    },
  );

  test.prop([policy])('differential: mailauth 7 strict reads the same mode, mx and max_age', (p) => {
    const text = formatMtaStsPolicy({ ...p, extensions: [] }, { lineEnding: '\n' });
    const peer = mailauth.parsePolicy(text, { strict: true });
    expect({ mode: peer.mode, mx: peer.mx ?? [], maxAge: peer.maxAge }).toEqual({
      mode: p.mode,
      mx: p.mx,
      maxAge: p.maxAge,
    });
  });

  test.prop([junk, fc.boolean()])(
    'totality: strings never throw, every code is catalogued',
    (text, strict) => {
      const r = parseMtaStsPolicy(text, { strict });
      for (const c of codes(r)) expect(mtaStsIssues).toHaveProperty([c]);
      if (r.ok) {
        expect(['enforce', 'testing', 'none']).toContain(r.value.mode);
        expect(r.value.maxAge).toBeLessThanOrEqual(31557600);
        if (r.value.mode !== 'none') expect(r.value.mx.length).toBeGreaterThan(0);
      }
    },
  );

  test.prop([fc.uint8Array({ maxLength: 300 }), fc.boolean()])(
    'totality: bytes never throw',
    (bytes, strict) => {
      const r = parseMtaStsPolicy(bytes, { strict });
      for (const c of codes(r)) expect(mtaStsIssues).toHaveProperty([c]);
    },
  );

  test.prop([junk])('strict acceptance implies lenient acceptance with the same value', (text) => {
    const s = parseMtaStsPolicy(text, { strict: true });
    if (s.ok) expect(parseMtaStsPolicy(text)).toMatchObject({ ok: true, value: s.value });
  });

  it('adversarial 1 MB and 64 KB inputs return results', () => {
    const inputs = [
      'a'.repeat(1 << 20),
      new Uint8Array(1 << 20),
      '\r'.repeat(65536),
      '\n'.repeat(65536),
      ':'.repeat(65536),
      `mx: ${'a.'.repeat(32000)}`,
      `x: ${'a '.repeat(32000)}b`,
      'x: y\n'.repeat(13000),
      Array.from({ length: 6000 }, (_, i) => `k${i}: v\n`).join(''),
      ' '.repeat(65536),
      `${' \t'.repeat(32767)}:`,
    ];
    for (const input of inputs) {
      const r = parseMtaStsPolicy(input);
      expect(r.ok).toBe(false);
      for (const c of codes(r)) expect(mtaStsIssues).toHaveProperty([c]);
    }
  });
});

// The parser keeps its per-call state at module level (no closures per call, for speed): one
// call's issues, mx and extensions must never leak into the next call's result.
describe('parseMtaStsPolicy: calls are independent', () => {
  it('a failed parse leaves nothing behind for the next one, and results share no arrays', () => {
    const bad = parseMtaStsPolicy('version: STSv1\nmode: Enforce\nmx: a..example\nx-y: 1\nmax_age: 1e5\n');
    const good = parseMtaStsPolicy(RFC_EXAMPLE);
    const again = parseMtaStsPolicy(RFC_EXAMPLE);
    expect(errorCodes(bad)).toEqual(['policy-mx-syntax', 'policy-max-age-syntax']);
    expect(codes(bad)).toContain('policy-value-case');
    expect(good).toEqual({ ok: true, value: RFC_VALUE, warnings: [] });
    expect(again.ok && good.ok && again.value.mx !== good.value.mx).toBe(true);
    expect(again.warnings).not.toBe(good.warnings);
    // the first call's result is not modified by the later ones
    expect(errorCodes(bad)).toHaveLength(2);
  });

  it('labels are checked at every dot: empty labels and hyphens at either end of any label', () => {
    for (const mx of [
      'a..example',
      '.a.example',
      'a.example..',
      'a-.example',
      '-a.example',
      'a.-b',
      'a.b-',
      '*.-a.example',
      '*..a',
    ])
      expect(
        errorCodes(parseMtaStsPolicy(`version: STSv1\nmode: enforce\nmx: ${mx}\nmax_age: 1\n`))[0],
      ).toMatch(/^(policy-mx-syntax|mx-leading-dot)$/);
    const ok = parseMtaStsPolicy(
      'version: STSv1\nmode: enforce\nmx: a1-b2.x-9.example\nmx: *.9a.example\nmax_age: 1\n',
    );
    expect(ok.ok && ok.value.mx).toEqual(['a1-b2.x-9.example', '*.9a.example']);
  });
});

// The fast path reads "key: value" lines with registered keys and issue-free values by indexOf and
// whole-value comparison, and hands the first other line and the rest to the careful path.
// setFastPath(false) leaves the careful path alone: both must give the same Result, always.
describe('parseMtaStsPolicy: the fast path answers exactly as the careful path', () => {
  const both = (input: string | Uint8Array, strict: boolean) => {
    const fast = parseMtaStsPolicy(input, { strict });
    setFastPath(false);
    try {
      return { fast, careful: parseMtaStsPolicy(input, { strict }) };
    } finally {
      setFastPath(true);
    }
  };
  const same = (input: string | Uint8Array, strict = false) => {
    const { fast, careful } = both(input, strict);
    expect(fast).toEqual(careful);
    return fast;
  };

  it.each([
    RFC_EXAMPLE,
    RFC_EXAMPLE.replaceAll('\r\n', '\n'),
    RFC_EXAMPLE.trimEnd(),
    'max_age: 0\nmx: *.a-b.c0\nmode: none\nversion: STSv1',
    `version: STSv1\nmode: testing\nmx: ${'a'.repeat(63)}.${'b'.repeat(63)}.example\nmax_age: 31557600\n`,
  ])('takes canonical bodies: %j', (text) => {
    for (const strict of [false, true]) expect(same(text, strict)).toMatchObject({ ok: true, warnings: [] });
  });

  it.each([
    `${BASE}\n`, // a trailing blank line
    `${BASE}\r`, // a final bare CR
    `${BASE.trimEnd()}\r`, // a bare CR right after a value, at the end
    'version: STSv1\r\nmode: none\r\nmax_age: 1\r',
    BASE.replace('\n', '\r\r\n'),
    BASE.replace('mode: enforce', 'mode: enforce '), // trailing WSP
    BASE.replace('mode: ', 'mode:  '),
    BASE.replace('mode: ', 'mode:'),
    BASE.replace('mode: ', 'mode : '),
    BASE.replace('mode', 'Mode'),
    BASE.replace('enforce', 'Enforce'),
    BASE.replace('enforce', 'enforcement'),
    BASE.replace('86400', '086400'),
    BASE.replace('86400', '31557601'),
    BASE.replace('86400', '12345678901'),
    BASE.replace('86400', '1e5'),
    BASE.replace('mx.example.org', 'MX.example.org'),
    BASE.replace('mx.example.org', 'mx.example.org.'),
    BASE.replace('mx.example.org', '.example.org'),
    BASE.replace('mx.example.org', '192.0.2.1'),
    BASE.replace('mx.example.org', 'mx.example.o1'),
    BASE.replace('mx.example.org', 'bücher.example'),
    BASE.replace('mx.example.org', 'a.example, b.example'),
    BASE.replace('mx.example.org', `${'a'.repeat(64)}.example`),
    BASE.replace('mx.example.org', '*.'),
    BASE.replace('mx.example.org', ''),
    `${BASE}mode: testing\n`, // a duplicate, ignored with a warning
    `${BASE}version: STSv1\n`,
    `${BASE}mx: mx.example.org\n`, // mx may repeat
    `${BASE}note: hi\n`, // an extension
    `${BASE}mx: a.example\u0000\n`,
    `${BASE}mx: a\u007f.example\n`,
    `\ufeff${BASE}`,
    ` ${BASE}`,
    `# comment\n${BASE}`,
    'version: STSv1\nmode: enforce\nmax_age: 1\n', // no mx under enforce
    'mx: a.example\n',
    'mx:: a.example\n',
    'mode\nmx: a\n',
    'ma: x\nversion: STSv1\n',
  ])('and everything else the careful path reads the same: %j', (text) => {
    for (const strict of [false, true]) same(text, strict);
  });

  // Inputs near the canonical shape: a formatted policy with a few characters inserted, deleted
  // or replaced, picked from those that matter to the grammar.
  const edit = fc.tuple(
    fc.nat(),
    fc.constantFrom('insert', 'delete', 'replace'),
    fc.constantFrom(
      ' ',
      '\t',
      '\r',
      '\n',
      '\r\n',
      ':',
      '.',
      '-',
      '*',
      '_',
      'A',
      'x',
      '0',
      '9',
      'é',
      '\u0000',
      '\ufeff',
    ),
  );
  const nearCanonical = fc
    .tuple(policy, eol, fc.constantFrom('', '\r', '\n', ' ', '\r\r\n'), fc.array(edit, { maxLength: 3 }))
    .map(([p, lineEnding, end, edits]) => {
      // the last line end replaced by none, a bare CR, LF, a space or CR CR LF; then a few edits
      let text = formatMtaStsPolicy(p, { lineEnding }).slice(0, -lineEnding.length) + end;
      for (const [at, op, ch] of edits) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + (op === 'delete' ? '' : ch) + text.slice(op === 'insert' ? i : i + 1);
      }
      return text;
    });

  test.prop([fc.oneof(nearCanonical, junk), fc.boolean()])('for strings', (text, strict) => {
    same(text, strict);
  });

  test.prop([nearCanonical, fc.boolean()])('for bytes', (text, strict) => {
    same(new TextEncoder().encode(text), strict);
  });
});

describe('parseMtaStsPolicy: the pieces the fast path shares', () => {
  // The mx host check (RFC 5321 §4.1.2 Domain after an optional "*.") against a declarative
  // reading: each label 1 to 63 letters, digits and hyphens, a letter or digit at both ends.
  const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  const hostLike = fc.string({ unit: fc.constantFrom('a', 'B', '0', '-', '.', '*'), maxLength: 16 });
  test.prop([hostLike])('mx values are accepted exactly when every label is a host name label', (x) => {
    const r = parseMtaStsPolicy(`version: STSv1\nmode: enforce\nmx: ${x}\nmax_age: 1\n`);
    const v = x.length > 1 && x.endsWith('.') ? x.slice(0, -1) : x; // lenient: one trailing dot
    const host = v.length > 2 && v.startsWith('*.') ? v.slice(2) : v;
    const ok = !x.startsWith('.') && host.split('.').every((l) => LABEL.test(l));
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.value.mx).toEqual([v.toLowerCase()]);
  });

  // Extension names against core's reading of the same production (RFC 8461 §3.1 and §3.2).
  const extName = fc.string({
    unit: fc.constantFrom('a', 'Z', '0', '_', '-', '.', '!', 'é', '$'),
    minLength: 1,
    maxLength: 40,
  });
  test.prop([extName])('an extension is kept exactly when its name fits sts-policy-ext-name', (k) => {
    fc.pre(!registeredLike(k));
    const r = parseMtaStsPolicy(`${BASE}${k}: v\n`);
    expect(r.ok && r.value.extensions.length === 1).toBe(isTxtExtName(k));
  });

  // Invalid UTF-8: the offset of the first ill-formed sequence, as core's strict decoder names it.
  // Valid lines first, so that the bad byte is often past a few LFs.
  const lines = fc
    .array(fc.string({ maxLength: 12 }), { maxLength: 5 })
    .map((ls) => new TextEncoder().encode(ls.map((l) => `${l}\n`).join('')));
  test.prop([lines, fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 })])(
    'policy-utf8 names the byte core names, and its line and column',
    (head, a, b) => {
      const bytes = new Uint8Array([...head, ...a, ...new TextEncoder().encode('\ufffd'), ...b]);
      const core = decodeUtf8(bytes);
      const r = parseMtaStsPolicy(bytes);
      const first = r.ok ? undefined : r.errors[0];
      if (core.ok) expect(first?.code).not.toBe('policy-utf8');
      else {
        const offset = (core.errors[0].at as { offset: number }).offset;
        const before = bytes.subarray(0, offset);
        const lastLf = before.lastIndexOf(0x0a);
        expect(first).toMatchObject({
          code: 'policy-utf8',
          // line and column in bytes, like the offset: the text could not be decoded
          at: { offset, line: 1 + before.filter((b) => b === 0x0a).length, column: offset - lastLf },
        });
      }
    },
  );
});
