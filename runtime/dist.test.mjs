// One smoke suite for the built dist/ of every package, run unchanged by `node --test`,
// `deno test`, `bun test`, and (bundled with shims for node:test and node:assert) in headless
// Chromium. It checks that each entry loads with web-standard APIs only and gives the right answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64ToBytes, bytesToHex, decodeUtf8, pemToDer } from '../packages/core/dist/bytes.js';
import {
  matchesDnsId,
  matchesWildcard,
  normalizeHostname,
  parseDateTime,
  unwrap,
  validateHostname,
} from '../packages/core/dist/index.js';
import { parseJson } from '../packages/core/dist/json.js';
import { tokenizeTxt } from '../packages/core/dist/txt.js';

test('core: host names, IDNA and wildcards', () => {
  assert.equal(normalizeHostname('MX1.Bücher.Example.'), 'mx1.xn--bcher-kva.example');
  assert.equal(matchesWildcard('*.mx.example.org', 'a.mx.example.org'), true);
  assert.equal(matchesWildcard('*.mx.example.org', 'b.a.mx.example.org'), false);
  assert.equal(matchesDnsId('*.com', 'example.com'), false);
  assert.equal(unwrap(validateHostname('Mail.Example.COM.')).ascii, 'mail.example.com');
  assert.equal(validateHostname('192.0.2.1').ok, false);
});

test('core: RFC 3339 dates never read local time', () => {
  const r = parseDateTime('2023-01-10T00:00:00');
  assert.equal(r.ok && r.value.epochMs, Date.UTC(2023, 0, 10));
  assert.equal(r.warnings[0].code, 'datetime-no-offset');
  assert.equal(parseDateTime('2023-01-10T00:00:00', { strict: true }).ok, false);
});

test('core: bytes, JSON and TXT subpaths', () => {
  assert.equal(bytesToHex(unwrap(base64ToBytes('AQID'))), '010203');
  assert.equal(unwrap(pemToDer('-----BEGIN X-----\nAQID\n-----END X-----\n'))[0].label, 'X');
  assert.equal(decodeUtf8(new Uint8Array([0xff])).ok, false);
  const j = parseJson('{"a":1,"a":2}');
  assert.equal(j.ok, true);
  assert.equal(j.warnings[0].code, 'json-duplicate-key');
  assert.equal(parseJson(new TextEncoder().encode('[1,]')).ok, false);
  assert.deepEqual(
    tokenizeTxt('v=STSv1; id=1;').fields.map((f) => f.name),
    ['v', 'id'],
  );
});
