// A throw-away PKI minted with the openssl CLI, for the differential and property tests.
// Node only. Validity: CAs 3650 days, leaves 365 days from generation, so the caller pins the
// verification time relative to `createdAt` (OpenSSL 3.0's `x509 -req` has no start date).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KeyKind = 'rsa' | 'ec';

export interface Cert {
  readonly name: string;
  readonly pemFile: string;
  readonly der: Uint8Array;
}

export interface Pki {
  readonly dir: string;
  readonly createdAt: number;
  readonly certs: Record<string, Cert>;
  /** Writes a chain PEM (leaf first) and returns its path. */
  chainFile(names: readonly string[]): string;
}

/** Whether the openssl CLI is there. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const run = (dir: string, args: string[]) =>
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

function key(dir: string, name: string, kind: KeyKind): void {
  const args =
    kind === 'rsa'
      ? ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`]
      : ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`];
  run(dir, args);
}

interface Spec {
  name: string;
  subject: string;
  issuer?: string; // undefined: self-signed
  ext: string[];
  days: number;
  keyOf?: string; // reuse another certificate's key
  digest?: string;
  pss?: boolean; // RSASSA-PSS signature (RSA PKIs only)
}

/** Mints the standard scenario PKI for one key kind. */
export function mintPki(kind: KeyKind): Pki {
  const dir = mkdtempSync(join(tmpdir(), `dane-pki-${kind}-`));
  const createdAt = Date.now();
  const leafExt = (san: string, eku = 'serverAuth') => [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${eku}`,
    ...(san === '' ? [] : [`subjectAltName=${san}`]),
    'subjectKeyIdentifier=hash',
    'authorityKeyIdentifier=keyid',
  ];
  const caExt = (bc: string) => [
    `basicConstraints=critical,${bc}`,
    'keyUsage=critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier=hash',
    'authorityKeyIdentifier=keyid',
  ];
  const specs: Spec[] = [
    { name: 'root', subject: '/CN=Test Root', ext: caExt('CA:TRUE'), days: 3650 },
    { name: 'int', subject: '/CN=Test Intermediate', issuer: 'root', ext: caExt('CA:TRUE'), days: 3650 },
    {
      name: 'intpl0',
      subject: '/CN=Test PathLen0',
      issuer: 'root',
      ext: caExt('CA:TRUE,pathlen:0'),
      days: 3650,
    },
    {
      name: 'int2',
      subject: '/CN=Test Sub Intermediate',
      issuer: 'intpl0',
      ext: caExt('CA:TRUE'),
      days: 3650,
    },
    { name: 'intca0', subject: '/CN=Test Not A CA', issuer: 'root', ext: caExt('CA:FALSE'), days: 3650 },
    {
      name: 'intsrv',
      subject: '/CN=Test EKU Intermediate',
      issuer: 'root',
      ext: [...caExt('CA:TRUE'), 'extendedKeyUsage=clientAuth'],
      days: 3650,
    },
    {
      name: 'leaf',
      subject: '/CN=mx.example.com',
      issuer: 'int',
      ext: leafExt('DNS:mx.example.com'),
      days: 365,
    },
    {
      name: 'wrongname',
      subject: '/CN=other.example.net',
      issuer: 'int',
      ext: leafExt('DNS:other.example.net'),
      days: 365,
    },
    { name: 'wildcard', subject: '/CN=wild', issuer: 'int', ext: leafExt('DNS:*.example.com'), days: 365 },
    { name: 'cnonly', subject: '/CN=mx.example.com', issuer: 'int', ext: leafExt(''), days: 365 },
    {
      name: 'client',
      subject: '/CN=mx.example.com',
      issuer: 'int',
      ext: leafExt('DNS:mx.example.com', 'clientAuth'),
      days: 365,
    },
    {
      name: 'deep',
      subject: '/CN=mx.example.com',
      issuer: 'int2',
      ext: leafExt('DNS:mx.example.com'),
      days: 365,
    },
    {
      name: 'undernonca',
      subject: '/CN=mx.example.com',
      issuer: 'intca0',
      ext: leafExt('DNS:mx.example.com'),
      days: 365,
    },
    {
      name: 'undereku',
      subject: '/CN=mx.example.com',
      issuer: 'intsrv',
      ext: leafExt('DNS:mx.example.com'),
      days: 365,
    },
    {
      name: 'selfsigned',
      subject: '/CN=mx.example.com',
      ext: leafExt('DNS:mx.example.com').slice(0, 5),
      days: 365,
    },
    {
      name: 'critext',
      subject: '/CN=mx.example.com',
      issuer: 'int',
      ext: [...leafExt('DNS:mx.example.com'), '1.2.3.4=critical,ASN1:NULL'],
      days: 365,
    },
    {
      name: 'intnc',
      subject: '/CN=Test Constrained',
      issuer: 'root',
      ext: [...caExt('CA:TRUE'), 'nameConstraints=critical,permitted;DNS:example.org'],
      days: 3650,
    },
    {
      name: 'undernc',
      subject: '/CN=mx.example.com',
      issuer: 'intnc',
      ext: leafExt('DNS:mx.example.com'),
      days: 365,
    },
    {
      name: 'sha1',
      subject: '/CN=mx.example.com',
      issuer: 'int',
      ext: leafExt('DNS:mx.example.com'),
      days: 365,
      digest: 'sha1',
    },
    {
      name: 'pss',
      subject: '/CN=mx.example.com',
      issuer: 'int',
      ext: leafExt('DNS:mx.example.com'),
      days: 365,
      pss: true,
    },
    // same key and name as `int`, signed by a different root: a mis-issued look-alike
    { name: 'rogue', subject: '/CN=Test Rogue Root', ext: caExt('CA:TRUE'), days: 3650 },
    {
      name: 'introgue',
      subject: '/CN=Test Intermediate',
      issuer: 'rogue',
      ext: caExt('CA:TRUE'),
      days: 3650,
      keyOf: 'int',
    },
  ];
  for (const s of specs) {
    if (s.keyOf === undefined) key(dir, s.name, kind);
    const keyFile = `${s.keyOf ?? s.name}.key`;
    writeFileSync(join(dir, `${s.name}.ext`), `[v3]\n${s.ext.join('\n')}\n`);
    if (s.issuer === undefined) {
      run(dir, [
        'req',
        '-new',
        '-x509',
        '-key',
        keyFile,
        '-subj',
        s.subject,
        '-days',
        String(s.days),
        '-config',
        `${s.name}.ext`,
        '-extensions',
        'v3',
        '-out',
        `${s.name}.pem`,
      ]);
    } else {
      run(dir, [
        'req',
        '-new',
        '-key',
        keyFile,
        '-subj',
        s.subject,
        '-out',
        `${s.name}.csr`,
        '-config',
        `${s.name}.ext`,
      ]);
      run(dir, [
        'x509',
        '-req',
        '-in',
        `${s.name}.csr`,
        '-CA',
        `${s.issuer}.pem`,
        '-CAkey',
        `${s.issuer}.key`,
        '-set_serial',
        String(1000 + specs.indexOf(s)),
        '-days',
        String(s.days),
        '-extfile',
        `${s.name}.ext`,
        '-extensions',
        'v3',
        `-${s.digest ?? 'sha256'}`,
        ...(s.pss && kind === 'rsa'
          ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32']
          : []),
        '-out',
        `${s.name}.pem`,
      ]);
    }
  }
  const certs: Record<string, Cert> = {};
  for (const s of specs) {
    const pemFile = join(dir, `${s.name}.pem`);
    const der = execFileSync('openssl', ['x509', '-in', pemFile, '-outform', 'DER']);
    certs[s.name] = { name: s.name, pemFile, der: new Uint8Array(der) };
  }
  let n = 0;
  return {
    dir,
    createdAt,
    certs,
    chainFile(names) {
      const file = join(dir, `chain-${n++}.pem`);
      writeFileSync(file, names.map((x) => readFileSync((certs[x] as Cert).pemFile, 'utf8')).join(''));
      return file;
    },
  };
}
