import { expect, test } from 'vitest';
import * as core from '../src/index.ts';
import { parseJson } from '../src/json.ts';

test('smoke', () => {
  expect(core.normalizeHostname('MX1.Bücher.example.')).toBe('mx1.xn--bcher-kva.example');
  expect(core.matchesWildcard('*.mx.example.org', 'a.MX.example.org.')).toBe(true);
  expect(core.matchesWildcard('*.mx.example.org', 'mx.example.org')).toBe(false);
  expect(core.matchesWildcard('*.mx.example.org', 'b.a.mx.example.org')).toBe(false);
  expect(core.validateHostname('Mail.Example.COM.')).toMatchObject({ ok: true, value: { ascii: 'mail.example.com' } });
  expect(core.parseDateTime('2016-04-01T00:00:00Z')).toMatchObject({ ok: true, value: { epochMs: 1459468800000 } });
  expect(core.parseDateTime('2023-01-10T00:00:00').warnings[0]?.code).toBe('datetime-no-offset');
  expect(core.formatDateTime(1459468800000)).toBe('2016-04-01T00:00:00Z');
  const j = parseJson('{"a":1,"a":2}');
  expect(j).toMatchObject({ ok: true, value: { a: 2 } });
  expect(j.warnings[0]).toMatchObject({ code: 'json-duplicate-key', at: { pointer: '/a', line: 1, column: 8 } });
  const bad = parseJson('{\n "a": "x\ny"}');
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(bad.errors[0].at).toMatchObject({ line: 2, column: 9, pointer: '/a' });
  expect(core.tokenizeTxt('v=STSv1; id=1;').fields.map((f) => f.name)).toEqual(['v', 'id']);
  expect(core.tokenizeTxt('v=STSv1; id=1;').finalDelimiter).toBe(true);
  expect(core.bytesToBase64(new Uint8Array([1, 2, 3]))).toBe('AQID');
  expect(core.base64ToBytes('AQID')).toMatchObject({ ok: true });
  expect(core.hexToBytes('0aFF')).toMatchObject({ ok: true, value: new Uint8Array([10, 255]) });
});
