import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { corpus } from '../../../test-utils/corpus.ts';
import { parseEntity } from '../src/_mime.ts';
import { extractTlsrptReports, lineLocator } from '../src/extract.ts';
import { BASE } from './fixtures/deviations.ts';

const dir = corpus('tlsrpt/samples');
const json = JSON.stringify(BASE);
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64').replace(/.{76}/g, '$&\r\n');
const gz = new Uint8Array(gzipSync(Buffer.from(json)));
const FILENAME = 'reporter.example!example.com!1735689600!1735775999!001.json.gz';

function message(opts: { headers?: string; parts?: string; topType?: string } = {}): string {
  const headers =
    opts.headers ??
    'TLS-Report-Domain: example.com\r\nTLS-Report-Submitter: reporter.example\r\nSubject: Report Domain: example.com\r\n Submitter: reporter.example Report-ID: <20250101.example.com@reporter.example>\r\n';
  const parts =
    opts.parts ??
    `--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nThis is an aggregate TLS report from reporter.example =E2=80=93 see=\r\n attached\r\n--b1\r\nContent-Type: application/tlsrpt+gzip\r\nContent-Disposition: attachment;\r\n\tfilename="${FILENAME}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(gz)}\r\n--b1--\r\n`;
  return `From: tlsrpt@reporter.example\r\n${headers}MIME-Version: 1.0\r\nContent-Type: ${opts.topType ?? 'multipart/report; report-type="tlsrpt"; boundary="b1"'}\r\n\r\n${parts}`;
}

describe.runIf(dir !== undefined)('real e-mails (../shared/data/tlsrpt/samples)', () => {
  const emls = dir === undefined ? [] : readdirSync(dir).filter((f) => f.endsWith('.eml'));
  it('has the three samples', () => expect(emls.length).toBe(3));
  for (const f of emls) {
    it(`${f} extracts to the same report as its .json`, async () => {
      const raw = readFileSync(join(dir as string, f));
      const r = await extractTlsrptReports(raw);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value).toHaveLength(1);
      const [x] = r.value;
      const sibling = JSON.parse(readFileSync(join(dir as string, f.replace('.eml', '.json')), 'utf8'));
      expect(x?.report.reportId).toBe(sibling['report-id']);
      expect(x?.meta.compressed).toBe(true);
      expect(x?.meta.contentType).toBe('application/tlsrpt+gzip');
      expect(x?.meta.parsedFilename?.policyDomain).toBe(x?.meta.reportDomain);
      // Every sender's Subject id differs from the JSON id (Google) or is not a msg-id (Microsoft)
      expect(
        r.warnings.map((w) => w.code).some((c) => c === 'metadata-mismatch' || c === 'subject-syntax'),
      ).toBe(true);
      // The string form (a mailbox export) gives the same result
      const asText = await extractTlsrptReports(raw.toString('latin1'));
      expect(asText.ok && asText.value[0]?.report).toEqual(x?.report);
    });
  }
});

describe('own messages', () => {
  it('a conformant multipart/report with a folded Subject and q-p text part', async () => {
    const r = await extractTlsrptReports(message(), { strict: true });
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
    if (r.ok) {
      expect(r.value[0]?.meta).toMatchObject({
        reportDomain: 'example.com',
        submitter: 'reporter.example',
        filename: FILENAME,
      });
      expect(r.value[0]?.meta.subject?.reportId).toBe('20250101.example.com@reporter.example');
    }
  });
  it('uncompressed +json, unquoted report-type, LF line endings', async () => {
    const parts = `--b1\nContent-Type: application/tlsrpt+json\n\n${json}\n--b1--\n`;
    const r = await extractTlsrptReports(
      message({ parts, topType: 'multipart/report; report-type=TLSRPT; boundary=b1' }).replaceAll(
        '\r\n',
        '\n',
      ),
    );
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain('report-uncompressed');
  });
  it('guesses the report part by file name or a generic type (lenient only)', async () => {
    const parts = `--b1\r\nContent-Type: application/octet-stream; name="report.json.gz"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(gz)}\r\n--b1--\r\n`;
    const m = message({ parts, topType: 'multipart/mixed; boundary=b1' });
    const r = await extractTlsrptReports(m);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['report-part-guessed', 'filename-syntax']),
    );
    expect((await extractTlsrptReports(m, { strict: true })).ok).toBe(false);
  });
  it('a single-part message whose body is the report', async () => {
    const m = `TLS-Report-Domain: example.com\r\nTLS-Report-Submitter: reporter.example\r\nContent-Type: application/gzip\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(gz)}`;
    const r = await extractTlsrptReports(m);
    expect(r.ok && r.value[0]?.report.organizationName).toBe('Example Reporter');
  });
  it('cross-checks headers, Subject and filename; the JSON wins', async () => {
    const headers =
      'TLS-Report-Domain: other.example\r\nTLS-Report-Submitter: elsewhere.example\r\nSubject: Report Domain: third.example Submitter: x Report-ID: 123\r\n';
    const r = await extractTlsrptReports(message({ headers }));
    expect(r.ok).toBe(true);
    const c = r.warnings.map((w) => w.code);
    expect(c).toEqual(
      expect.arrayContaining(['metadata-mismatch', 'submitter-contact-mismatch', 'subject-syntax']),
    );
    expect(r.ok && r.value[0]?.report.policies[0]?.policy.policyDomain).toBe('example.com');
    const strict = await extractTlsrptReports(message({ headers }), { strict: true });
    expect(!strict.ok && strict.errors.map((e) => e.code)).toContain('submitter-contact-mismatch');
  });
  it('reports missing headers, missing parts and bad bodies', async () => {
    const noHeaders = await extractTlsrptReports(message({ headers: '' }));
    expect(noHeaders.warnings.filter((w) => w.code === 'header-missing')).toHaveLength(2);
    const none = await extractTlsrptReports(
      message({ parts: '--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b1--\r\n' }),
    );
    expect(!none.ok && none.errors[0].code).toBe('report-part-missing');
    const bad = await extractTlsrptReports(
      message({
        parts:
          '--b1\r\nContent-Type: application/tlsrpt+gzip\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!\r\n--b1--\r\n',
      }),
    );
    expect(!bad.ok && bad.errors[0].code).toBe('message-syntax');
    const empty = await extractTlsrptReports('');
    expect(!empty.ok && empty.errors[0].code).toBe('message-syntax');
    const huge = await extractTlsrptReports(message(), { maxMessage: 100 });
    expect(!huge.ok && huge.errors[0].code).toBe('input-too-large');
  });
  it('fills a missing policy-domain from TLS-Report-Domain', async () => {
    const noDomain = JSON.stringify({
      ...BASE,
      policies: [
        { ...BASE.policies[0], policy: { ...BASE.policies[0]?.policy, 'policy-domain': undefined } },
      ],
    });
    const parts = `--b1\r\nContent-Type: application/tlsrpt+json\r\n\r\n${noDomain}\r\n--b1--\r\n`;
    const r = await extractTlsrptReports(message({ parts }));
    expect(r.ok && r.value[0]?.report.policies[0]?.policy.policyDomain).toBe('example.com');
    expect(r.warnings.map((w) => w.code)).toContain('policy-domain-filled');
  });
  it('checks the caller-supplied DKIM result (§5.3)', async () => {
    const m = message();
    const fail = await extractTlsrptReports(m, { dkim: { pass: false, domain: 'reporter.example' } });
    expect(!fail.ok && fail.errors[0].code).toBe('dkim-failed');
    const l = await extractTlsrptReports(m, {
      dkim: { pass: true, domain: 'reporter.example', bodyLength: true },
    });
    expect(!l.ok && l.errors[0].code).toBe('dkim-failed');
    const other = await extractTlsrptReports(m, {
      dkim: { pass: true, domain: 'evil.example', signedHeaders: ['from', 'subject'] },
    });
    expect(other.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['dkim-domain-mismatch', 'dkim-headers-uncovered']),
    );
    const service = await extractTlsrptReports(m, {
      requireTlsrptService: true,
      dkim: { pass: true, domain: 'reporter.example', keyServices: ['email'] },
    });
    expect(!service.ok && service.errors[0].code).toBe('dkim-service-missing');
    const good = await extractTlsrptReports(m, {
      dkim: {
        pass: true,
        domain: 'reporter.example',
        signedHeaders: ['TLS-Report-Domain', 'TLS-Report-Submitter'],
        keyServices: ['tlsrpt'],
      },
      requireTlsrptService: true,
    });
    expect(good.ok).toBe(true);
  });
});

describe('DKIM by the reporting domain: the submitter or the contact-info domain (spec notes 5.3)', () => {
  const m = message(); // TLS-Report-Submitter reporter.example, contact tlsrpt@reporter.example
  const otherContact = JSON.stringify({ ...BASE, 'contact-info': 'smtp-tls-reporting@google.com' });
  const withContact = message({
    headers: 'TLS-Report-Domain: example.com\r\nTLS-Report-Submitter: submitter.example\r\n',
    parts: `--b1\r\nContent-Type: application/tlsrpt+gzip\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(new Uint8Array(gzipSync(Buffer.from(otherContact))))}\r\n--b1--\r\n`,
  });
  it('accepts a signature by the contact-info domain', async () => {
    for (const strict of [false, true]) {
      const r = await extractTlsrptReports(withContact, {
        strict,
        dkim: { pass: true, domain: 'google.com' },
      });
      const all = [...(r.ok ? [] : r.errors), ...r.warnings].map((i) => i.code);
      expect(all).not.toContain('dkim-domain-mismatch');
      const sub = await extractTlsrptReports(withContact, {
        strict,
        dkim: { pass: true, domain: 'submitter.example' },
      });
      expect([...(sub.ok ? [] : sub.errors), ...sub.warnings].map((i) => i.code)).not.toContain(
        'dkim-domain-mismatch',
      );
    }
  });
  it('still flags a signature by neither', async () => {
    const r = await extractTlsrptReports(withContact, { dkim: { pass: true, domain: 'evil.example' } });
    expect(r.warnings.find((w) => w.code === 'dkim-domain-mismatch')).toMatchObject({ at: { line: 3 } });
    const s = await extractTlsrptReports(m, { strict: true, dkim: { pass: true, domain: 'evil.example' } });
    expect(!s.ok && s.errors.map((e) => e.code)).toContain('dkim-domain-mismatch');
  });
});

describe('totality (any JavaScript value)', () => {
  test.prop(
    [
      fc.anything({ withTypedArray: true, withBoxedValues: true, withNullPrototype: true, withMap: true }),
      fc.anything({ withNullPrototype: true }),
    ],
    { numRuns: 200 },
  )('resolves to a result with positioned issues, never rejects', async (msg, options) => {
    const r = await extractTlsrptReports(msg as string, options as object);
    expect(typeof r.ok).toBe('boolean');
    for (const i of [...(r.ok ? [] : r.errors), ...r.warnings]) expect(i.at).toBeDefined();
  });
  test.prop([fc.anything({ withNullPrototype: true })])(
    'any dkim option is read or ignored',
    async (dkim) => {
      const r = await extractTlsrptReports(message(), { dkim } as object);
      expect(typeof r.ok).toBe('boolean');
    },
  );
  it('null and undefined are not messages; null options are no options', async () => {
    for (const msg of [null, undefined, 42, {}]) {
      const r = await extractTlsrptReports(msg as unknown as string);
      expect(!r.ok && r.errors[0]).toMatchObject({ code: 'message-syntax', at: { offset: 0 } });
    }
    expect((await extractTlsrptReports(message(), null as unknown as object)).ok).toBe(true);
  });
});

describe('header unfolding (RFC 5322 §2.2.3)', () => {
  // folded lines are joined with one space, empty pieces dropped, as the line-by-line
  // `${value} ${line.trim()}`.trim() did; other headers and their order are kept
  const piece = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\t', ':'), maxLength: 6 });
  test.prop([piece, fc.array(piece, { maxLength: 6 }), fc.constantFrom('\n', '\r\n')])(
    'a folded header is its pieces, trimmed, joined by one space',
    (first, folds, eol) => {
      const text = `Subject:${first}${folds.map((f) => `${eol} ${f}`).join('')}${eol}X-Other: 1${eol}${eol}body`;
      const { headers } = parseEntity(text);
      const expected = [first, ...folds]
        .map((f) => f.trim())
        .filter((f) => f !== '')
        .join(' ');
      expect(headers.map((h) => [h.name, h.value])).toEqual([
        ['subject', expected],
        ['x-other', '1'],
      ]);
    },
  );
  it('a long folded header is read in one pass', () => {
    const { headers } = parseEntity(`Subject: x\n${' a\n'.repeat(200_000)}\nbody`);
    expect(headers[0]?.value.length).toBe(1 + 2 * 200_000);
  });
});

describe('issue positions in a message', () => {
  // the line index gives what counting line ends from the start gives, for every offset
  test.prop([fc.string({ unit: fc.constantFrom('a', '\n', '\r'), maxLength: 40 })])('lineLocator', (text) => {
    const locate = lineLocator(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const before = text.slice(0, offset).split('\n');
      const line = before.length;
      expect(locate(offset)).toEqual({ offset, line, column: (before[line - 1] as string).length + 1 });
    }
  });
});
