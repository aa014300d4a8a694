// The tests' view of the ONE lab: lab/lab.mjs (plain JavaScript, so `node` runs it for the demo
// and the bench), typed by lab/lab.d.mts. See lab.mjs for what it runs.
export {
  add,
  type DnsLab,
  debianDnsMissing,
  freePort,
  type HttpRoute,
  type KnotUnbound,
  LAB_DOMAINS,
  type Lab,
  type LabDomain,
  type LabRecord,
  labFetch,
  makePki,
  type Pki,
  startDns,
  startHttps,
  startKnotUnbound,
  startLab,
  startSmtp,
  type Zone,
  zone,
} from '../lab/lab.mjs';
