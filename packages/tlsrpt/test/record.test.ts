import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { tlsrptIssues } from '../src/issues.ts';
import { formatTlsrptRecord, parseTlsrptRecord, selectTlsrptRecord } from '../src/record.ts';

const mailto = (a: string) => ({ uri: `mailto:${a}`, scheme: 'mailto', address: a, usable: true });

describe('RFC 8460 examples (§3.1, Appendix A)', () => {
  it.each([
    ['v=TLSRPTv1;rua=mailto:reports@example.com', [mailto('reports@example.com')]],
    [
      'v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt',
      [{ uri: 'https://reporting.example.com/v1/tlsrpt', scheme: 'https', usable: true }],
    ],
    [
      'v=TLSRPTv1; rua=mailto:tlsrpt@example.net,https://tlsrpt.example.net/v1',
      [mailto('tlsrpt@example.net'), { uri: 'https://tlsrpt.example.net/v1', scheme: 'https', usable: true }],
    ],
  ])('%s', (txt, rua) => {
    for (const strict of [false, true]) {
      const r = parseTlsrptRecord(txt, { strict });
      expect(r).toEqual({ ok: true, value: { version: 'TLSRPTv1', rua, extensions: [] }, warnings: [] });
    }
  });
});

// [record, strict ok?, lenient ok?, a code that must appear (any mode)]
const vectors: [string, boolean, boolean, string][] = [
  ['v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com', true, true, 'rua-repeated'],
  ['v=TLSRPTv1; rua=mailto:a@example.com,mailto:a@example.com', true, true, 'rua-duplicate'],
  ['v=TLSRPTv1; rua=mailto:a@example.com; x-ext=1', true, true, 'extension-unknown'],
  ['v=TLSRPTv1; rua=ftp://example.com/', true, true, 'rua-none-usable'],
  ['v=TLSRPTv1; rua=http://example.com/,mailto:a@example.com', true, true, 'rua-unsupported-scheme'],
  ['v=TLSRPTv1; rua=mailto:a@example.com; v=TLSRPTv1', true, true, 'record-duplicate-version'],
  ['v=TLSRPTv1; rua=mailto:a@example.com!10m', false, true, 'rua-size-suffix'],
  ['v=TLSRPTv1; rua=mailto:a!b@example.com', false, true, 'rua-unencoded-char'],
  ['v=TLSRPTv1; RUA=mailto:a@example.com', false, true, 'record-case'],
  ['V=TLSRPTv1; rua=mailto:a@example.com', false, true, 'record-case'],
  ['v = TLSRPTv1; rua=mailto:a@example.com', false, true, 'record-spaced-equals'],
  ['v=TLSRPTv1; rua = mailto:a@example.com', false, true, 'record-spaced-equals'],
  ['"v=TLSRPTv1; rua=mailto:a@example.com"', false, true, 'record-quoted'],
  [' v=TLSRPTv1; rua=mailto:a@example.com', false, true, 'record-leading-wsp'],
  ['v=TLSRPTv1; rua=mailto:a@example.com ', false, true, 'record-trailing-wsp'],
  ['v=TLSRPTv1;; rua=mailto:a@example.com', false, true, 'record-empty-field'],
  ['v=TLSRPTv1; rua=mailto:a@example.com; junk', false, true, 'record-field-invalid'],
  ['v=TLSRPTv1; rua=mailto:a@example.com; _x=1', false, true, 'record-field-invalid'],
  ['v=TLSRPTv1; rua=not a uri,mailto:a@example.com', false, true, 'rua-invalid'],
  ['v=TLSRPTv1; rua=mailto:not-an-address,mailto:a@example.com', false, true, 'rua-mailto-invalid'],
  ['v=TLSRPTv1; rua=https:/path-only,mailto:a@example.com', false, true, 'rua-https-no-host'],
  ['v=TLSRPTv1; rua=mailto:a@example.com;', true, true, 'none'],
  ['v=TLSRPTv1', false, false, 'rua-missing'],
  ['v=TLSRPTv1; x=1', false, false, 'rua-missing'],
  ['v=TLSRPTv1; rua=', false, false, 'rua-empty'],
  ['v=TLSRPTv1; rua=not a uri', false, false, 'rua-empty'],
  ['v=TLSRPTv10; rua=mailto:a@example.com', false, false, 'not-tlsrpt'],
  ['v=spf1 -all', false, false, 'not-tlsrpt'],
  ['rua=mailto:a@example.com; v=TLSRPTv1', false, false, 'not-tlsrpt'],
  ['v=TLSRPTv1; rua=mailto:é@example.com', false, false, 'record-non-ascii'],
  [`v=TLSRPTv1; rua=mailto:a@example.com; x=${'a'.repeat(9000)}`, false, false, 'record-too-long'],
];

describe('vectors', () => {
  it.each(
    vectors.map(
      (v) => [v[0].length > 80 ? `${v[0].slice(0, 60)}… (${v[0].length} chars)` : v[0], ...v] as const,
    ),
  )('%s', (_title, txt, strictOk, lenientOk, code) => {
    const strict = parseTlsrptRecord(txt, { strict: true });
    const lenient = parseTlsrptRecord(txt);
    expect(strict.ok).toBe(strictOk);
    expect(lenient.ok).toBe(lenientOk);
    const all = [strict, lenient]
      .flatMap((r) => [...(r.ok ? [] : r.errors), ...r.warnings])
      .map((i) => i.code);
    if (code !== 'none') expect(all).toContain(code);
  });
  it('strips a DMARC size suffix and decodes mailto addresses', () => {
    const r = parseTlsrptRecord('v=TLSRPTv1; rua=mailto:tls%21rpt@example.com!10m');
    expect(r.ok && r.value.rua[0]).toEqual({
      uri: 'mailto:tls%21rpt@example.com',
      scheme: 'mailto',
      address: 'tls!rpt@example.com',
      usable: true,
    });
  });
  it('keeps a mailto query and joins character-strings without spaces', () => {
    const r = parseTlsrptRecord(['v=TLSRPTv1; rua=mailto:a@exa', 'mple.com?subject=tls']);
    expect(r.ok && r.value.rua[0]?.address).toBe('a@example.com');
  });
  it('positions issues by offset', () => {
    const r = parseTlsrptRecord('v=TLSRPTv1; rua=mailto:a@example.com!10m');
    expect(r.warnings[0]?.at).toEqual({ offset: 36, line: 1, column: 37 });
  });
});

describe('selectTlsrptRecord (RRset rule)', () => {
  it('keeps only RRs that begin with v=TLSRPTv1;', () => {
    const r = selectTlsrptRecord([
      'v=spf1 -all',
      ['v=TLSRPTv1; rua=', 'mailto:r@example.com'],
      'v=TLSRPTv10; rua=mailto:x@example.com',
    ]);
    expect(r.ok && r.value.rua[0]?.address).toBe('r@example.com');
  });
  it('none, several, syntax', () => {
    expect(selectTlsrptRecord([]).ok).toBe(false);
    const none = selectTlsrptRecord(['v=spf1 -all']);
    expect(!none.ok && none.errors[0].code).toBe('record-none');
    const many = selectTlsrptRecord([
      'v=TLSRPTv1; rua=mailto:a@example.com',
      'v=TLSRPTv1; rua=mailto:b@example.com',
    ]);
    expect(!many.ok && many.errors[0].code).toBe('record-multiple');
    const bad = selectTlsrptRecord(['v=TLSRPTv1; x=1']);
    expect(!bad.ok && bad.errors.map((e) => e.code)).toEqual(['record-syntax', 'rua-missing']);
  });
  it('discards "v=TLSRPTv1 ;" in both modes and says why', () => {
    for (const strict of [false, true]) {
      const r = selectTlsrptRecord(['v=TLSRPTv1 ; rua=mailto:a@example.com'], { strict });
      expect(!r.ok && r.errors[0].code).toBe('record-none');
      expect(r.warnings.map((w) => w.code)).toEqual(['record-version-wsp']);
    }
  });
  it('admits case variants and quotes only in lenient mode', () => {
    const rr = ['"V=tlsrptv1; rua=mailto:a@example.com"'];
    expect(selectTlsrptRecord(rr).ok).toBe(true);
    expect(selectTlsrptRecord(rr, { strict: true }).ok).toBe(false);
  });
});

describe('formatTlsrptRecord', () => {
  it('percent-encodes , ! ; and what RFC 3986 disallows', () => {
    expect(formatTlsrptRecord({ rua: ['mailto:tls!rpt@example.com', 'https://r.example/a,b;c d'] })).toBe(
      'v=TLSRPTv1; rua=mailto:tls%21rpt@example.com,https://r.example/a%2Cb%3Bc%20d',
    );
    expect(formatTlsrptRecord({ rua: [{ uri: 'mailto:a@example.com' }], extensions: [['x', '1']] })).toBe(
      'v=TLSRPTv1; rua=mailto:a@example.com; x=1',
    );
  });
  it('throws on programmer errors', () => {
    expect(() => formatTlsrptRecord({ rua: [] })).toThrow(TypeError);
    expect(() => formatTlsrptRecord({ rua: ['no-scheme'] })).toThrow(TypeError);
    expect(() =>
      formatTlsrptRecord({ rua: ['mailto:a@example.com'], extensions: [['bad name', 'x']] }),
    ).toThrow(TypeError);
  });
});

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const host = fc.array(label, { minLength: 2, maxLength: 4 }).map((l) => l.join('.'));
// atext that RFC 3986 also allows raw in a path ("!" is percent-encoded by the formatter)
const local = fc.stringMatching(/^[a-z0-9!$&'*+=_~-]{1,12}$/);
const rua = fc.oneof(
  fc.tuple(local, host).map(([l, h]) => `mailto:${l}@${h}`),
  fc.tuple(host, fc.stringMatching(/^[a-z0-9/_.~-]{0,20}$/)).map(([h, p]) => `https://${h}/${p}`),
);
const ext = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,8}$/), fc.stringMatching(/^[!-:<>-~]{1,12}$/))
  .filter(([n]) => n !== 'v' && n !== 'rua');

describe('properties', () => {
  test.prop([fc.uniqueArray(rua, { minLength: 1, maxLength: 4 }), fc.array(ext, { maxLength: 3 })])(
    'round trip: parse(format(r)) keeps every destination and extension',
    (uris, extensions) => {
      const txt = formatTlsrptRecord({ rua: uris, extensions });
      const r = parseTlsrptRecord(txt, { strict: true });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.rua.map((x) => x.uri)).toEqual(uris.map((u) => u.replaceAll('!', '%21')));
      expect(r.value.extensions).toEqual(extensions);
      expect(formatTlsrptRecord(r.value)).toBe(txt);
    },
  );
  test.prop([
    fc.uniqueArray(rua, { minLength: 1, maxLength: 3 }),
    fc.constantFrom('', ' ', '\t', '  '),
    fc.constantFrom('', ' ', '\t'),
  ])('WSP around ";" and "," changes nothing', (uris, a, b) => {
    const plain = parseTlsrptRecord(`v=TLSRPTv1;rua=${uris.join(',')}`, { strict: true });
    const spaced = parseTlsrptRecord(`v=TLSRPTv1;${a}rua=${uris.join(`${b},${a}`)}${b};${a}`, {
      strict: true,
    });
    expect(spaced.ok && spaced.value).toEqual(plain.ok && plain.value);
  });
  test.prop([fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean()])(
    'total; every code is catalogued',
    (s, strict) => {
      for (const r of [
        parseTlsrptRecord(s, { strict }),
        parseTlsrptRecord(`v=TLSRPTv1; ${s}`, { strict }),
        selectTlsrptRecord([s, `v=TLSRPTv1;${s}`], { strict }),
      ]) {
        for (const i of [...(r.ok ? [] : r.errors), ...r.warnings])
          expect(Object.hasOwn(tlsrptIssues, i.code)).toBe(true);
      }
    },
  );
  test.prop([fc.string({ maxLength: 100 })])('strict ok implies lenient ok with the same value', (s) => {
    const txt = `v=TLSRPTv1; rua=mailto:a@example.com; ${s}`;
    const strict = parseTlsrptRecord(txt, { strict: true });
    if (strict.ok) expect(parseTlsrptRecord(txt)).toEqual(strict);
  });
});

describe('total for JavaScript callers', () => {
  // a JavaScript caller can pass anything: never a throw, and what is neither a string nor
  // strings is the empty record (not-tlsrpt), as core's joinTxt reads it
  const weird = fc.oneof(
    fc.anything(),
    fc.constant(Object.create(null)),
    fc.array(fc.oneof(fc.string(), fc.anything(), fc.constant(Object.create(null))), { maxLength: 4 }),
  );
  const opts = fc.oneof(fc.constant(undefined), fc.constant(null), fc.anything());
  test.prop([weird, opts])('parseTlsrptRecord', (txt, options) => {
    const r = parseTlsrptRecord(txt as string, options as { strict?: boolean });
    for (const i of r.ok ? r.warnings : [...r.errors, ...r.warnings])
      expect(tlsrptIssues[i.code]).toBeDefined();
    if (typeof txt !== 'string' && !Array.isArray(txt))
      expect(r.ok ? '' : r.errors[0].code).toBe('not-tlsrpt');
  });
  test.prop([fc.oneof(weird, fc.array(weird, { maxLength: 3 })), opts])(
    'selectTlsrptRecord',
    (rrset, options) => {
      const r = selectTlsrptRecord(rrset as string[], options as { strict?: boolean });
      if (!Array.isArray(rrset)) expect(r.ok ? '' : r.errors[0].code).toBe('record-none');
    },
  );
});
