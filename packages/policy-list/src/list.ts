/**
 * The STARTTLS-Everywhere policy list v0.1: parsing, validation and canonical formatting.
 * @module
 */
import {
  formatDateTime,
  type Issue,
  issue,
  normalizeHostname,
  parseDateTime,
  pointer,
  type Result,
  validateHostname,
} from '@mailtls/core';
import { parseJson } from '@mailtls/core/json';
import { isSchemaName, scanSchemaName } from './_names.ts';
import { type PolicyListIssueCode, policyListIssues } from './issues.ts';

/** `mode`: `enforce` refuses delivery on a failed check, `testing` delivers and logs. There is no `none`. */
export type PolicyMode = 'testing' | 'enforce';

/** A policy written out in full (`policyDefinition` in the schema). */
export interface PolicyDefinition {
  /** `mode`. */
  readonly mode: PolicyMode;
  /** `mxs`: exact host names and `.suffix` patterns, as written (case kept). */
  readonly mxs: readonly string[];
}

/** A policy borrowed from `policy-aliases` (`policyAliasReference` in the schema). */
export interface PolicyAliasReference {
  /** `policy-alias`: the name of an entry of `policy-aliases`. */
  readonly policyAlias: string;
}

/** One value of `policies`. */
export type PolicyEntry = PolicyDefinition | PolicyAliasReference;

/** `timestamp` or `expires`. */
export interface PolicyListTime {
  /** Milliseconds since the epoch (UTC); fractions below a millisecond are truncated. */
  readonly epochMs: number;
  /**
   * The wire value: epoch seconds, or RFC 3339 text as written (fraction digits kept). Text the
   * lenient parser accepted with a warning is rewritten to strict RFC 3339 (`T`, `Z`, `±hh:mm`);
   * an offset beyond ±19:59, which the schema's pattern refuses, is rewritten to UTC (`Z`).
   */
  readonly value: number | string;
}

/** A parsed STARTTLS-Everywhere policy list. Objects have no prototype, so any key is safe. */
export interface PolicyList {
  /** `timestamp`: when the list was issued; never decreases between updates. */
  readonly timestamp: PolicyListTime;
  /** `expires`: after this, use no list at all (opportunistic TLS) and alert the operator. */
  readonly expires: PolicyListTime;
  /** `version`: `"0.1"`; absent only in lists the lenient parser accepted. */
  readonly version?: string;
  /** `author`. */
  readonly author?: string;
  /** `policy-aliases`: alias name → policy. */
  readonly policyAliases: Readonly<Record<string, PolicyDefinition>>;
  /** `policies`: mail domain (as written, minus a trailing dot) → policy or alias reference. */
  readonly policies: Readonly<Record<string, PolicyEntry>>;
}

/** A mail domain's policy with its alias resolved, as {@link lookupPolicy} returns it. */
export interface ResolvedPolicy {
  /** The `policies` key it was found under. */
  readonly domain: string;
  readonly mode: PolicyMode;
  readonly mxs: readonly string[];
  /** The `policy-alias` it came through, when it did. */
  readonly alias?: string;
}

/** Options for {@link parsePolicyList}. */
export interface PolicyListParseOptions {
  /** The schema to the letter plus alias integrity; every lenient deviation becomes an error. */
  readonly strict?: boolean;
  /** When given, a `timestamp` after it gets the `timestamp-future` warning. */
  readonly now?: Date | number;
}

/** The real lists are about 120 KB; 16 MiB leaves room for 100 000 domains and bounds the work. */
const MAX_LENGTH = 16 * 1024 * 1024;
/** The format nests 4 deep (root, policies, entry, mxs); unknown keys in lenient mode get a few more. */
const MAX_DEPTH = 16;
const MAX_ISSUES = 100;

const DOT = 0x2e;
const STAR = 0x2a;

const TOP_KEYS = new Set(['timestamp', 'expires', 'version', 'author', 'policy-aliases', 'policies']);

type Path = readonly (string | number)[];
type Obj = Record<string, unknown>;

class Ctx {
  readonly errors: Issue<PolicyListIssueCode>[] = [];
  readonly warnings: Issue<PolicyListIssueCode>[] = [];
  private full = false;
  readonly strict: boolean;
  /** Whether the value came from our own JSON.parse, so its arrays and objects may be kept. */
  owned = false;
  constructor(strict: boolean) {
    this.strict = strict;
  }

  add(code: PolicyListIssueCode, severity: Issue['severity'], path: Path, detail?: string): void {
    const bucket = severity === 'error' ? this.errors : this.warnings;
    if (bucket.length >= MAX_ISSUES) {
      if (!this.full) this.warnings.push(issue(policyListIssues, 'too-many-issues', 'warning'));
      this.full = true;
      return;
    }
    bucket.push(issue(policyListIssues, code, severity, { pointer: pointer(path) }, detail));
  }

  error(code: PolicyListIssueCode, path: Path, detail?: string): void {
    this.add(code, 'error', path, detail);
  }

  /** A known real-world deviation: an error when strict, else a warning. Returns true if tolerated. */
  deviation(code: PolicyListIssueCode, path: Path, detail?: string): boolean {
    this.add(code, this.strict ? 'error' : 'warning', path, detail);
    return !this.strict;
  }
}

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and validates a STARTTLS-Everywhere policy list from JSON text, UTF-8 bytes or an
 * already-parsed value. Never throws. `strict` mirrors policy-0.1.schema.json to the letter and
 * adds what the schema cannot say (every `policy-alias` target exists; aliases do not chain).
 * The default accepts what starttls-policy-cli accepts (missing `version` or `mode`, unknown keys,
 * empty `mxs`, offset-less or `+0000` dates read as UTC, alias entries with extra keys), each with
 * a warning. Every issue carries an RFC 6901 pointer.
 * @example parsePolicyList(text, { strict: true }) // ok for the final 2020-05-20 list: 926 policies, 4 aliases
 * @example parsePolicyList('{"timestamp":0,"expires":1,"policies":{}}').warnings.map((w) => w.code)
 * // ['missing-field', 'missing-field'] (version and policy-aliases)
 * @see https://github.com/EFForg/starttls-everywhere/blob/master/RULES.md
 */
export function parsePolicyList(
  input: string | Uint8Array | unknown,
  options: PolicyListParseOptions = {},
): Result<PolicyList, PolicyListIssueCode> {
  const strict = options.strict === true;
  const ctx = new Ctx(strict);
  let value: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const json = parseJson(input, { strict, maxLength: MAX_LENGTH, maxDepth: MAX_DEPTH });
    for (const w of json.warnings) {
      // RFC 8259 §4 only says names SHOULD be unique; I-JSON (RFC 7493 §2.3) says MUST. Every
      // peer keeps the last, so lenient does too; strict refuses (spec §6).
      const severity = strict && w.code === 'json-duplicate-key' ? 'error' : w.severity;
      push(ctx, { ...(w as Issue<PolicyListIssueCode>), severity });
    }
    if (!json.ok) {
      const era = sniffLegacyText(input);
      if (era !== undefined) ctx.error('legacy-format', [], era);
      for (const e of json.errors) push(ctx, e as Issue<PolicyListIssueCode>);
      return finish(ctx, undefined);
    }
    value = json.value;
    ctx.owned = true;
  }
  let list: PolicyList | undefined;
  try {
    list = validate(value, ctx, options.now);
  } catch {
    // Only a hostile already-parsed value gets here: a getter or a Proxy that throws.
    ctx.error('not-json-value', []);
  }
  return finish(ctx, list);
}

function push(ctx: Ctx, i: Issue<PolicyListIssueCode>): void {
  (i.severity === 'error' ? ctx.errors : ctx.warnings).push(i);
}

function finish(ctx: Ctx, list: PolicyList | undefined): Result<PolicyList, PolicyListIssueCode> {
  const [first, ...rest] = ctx.errors;
  if (first !== undefined) return { ok: false, errors: [first, ...rest], warnings: ctx.warnings };
  if (list === undefined) {
    // validate() returns a list whenever it reported no error; this keeps the result total anyway
    return {
      ok: false,
      errors: [issue(policyListIssues, 'not-object', 'error', { pointer: '' })],
      warnings: ctx.warnings,
    };
  }
  return { ok: true, value: list, warnings: ctx.warnings };
}

// The 2014 design document is JSON with comments, so it never reaches the object check.
function sniffLegacyText(input: string | Uint8Array): string | undefined {
  if (input.length > 1_000_000) return undefined;
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  if (text.includes('"address-domains"') || text.includes('"mx-domains"')) return '2014-06 design document';
  return undefined;
}

/** Names the pre-0.1 era of an object (spec §8), or undefined for a v0.1-shaped one. */
function legacyEra(root: Obj): string | undefined {
  if (Object.hasOwn(root, 'policies')) return undefined;
  if (Object.hasOwn(root, 'acceptable-mxs')) return '2015–2018-02 tls-policies and acceptable-mxs';
  if (Object.hasOwn(root, 'tls-policies')) return '2018-03 RULES v1 tls-policies';
  if (Object.hasOwn(root, 'mx-domains') || Object.hasOwn(root, 'address-domains'))
    return '2014-06 mx-domains list';
  return undefined;
}

function validate(value: unknown, ctx: Ctx, now: Date | number | undefined): PolicyList | undefined {
  if (!isObject(value)) {
    ctx.error('not-object', [], Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);
    return undefined;
  }
  const root = value;
  const era = legacyEra(root);
  if (era !== undefined) {
    ctx.error('legacy-format', [], era);
    return undefined;
  }
  for (const key of Object.keys(root)) {
    // policy-0.1 schema: additionalProperties false. Leniency: starttls-policy-cli ignores
    // unknown keys, and real lists up to 2018-11-07 carry "pinsets": {} (spec §8).
    if (!TOP_KEYS.has(key)) ctx.deviation('additional-property', [key], key);
  }

  const timestamp = readTime(root, 'timestamp', ctx);
  const expires = readTime(root, 'expires', ctx);

  let version: string | undefined;
  if (!Object.hasOwn(root, 'version')) {
    // Leniency: the CLI ignores version; the first lists predate the field (schema PR #98).
    ctx.deviation('missing-field', ['version'], 'version');
  } else {
    const v = root.version;
    if (typeof v === 'string') version = v;
    if (v !== '0.1') ctx.deviation('version-unsupported', ['version'], typeof v === 'string' ? v : typeof v);
  }

  let author: string | undefined;
  if (Object.hasOwn(root, 'author')) {
    const a = root.author;
    if (typeof a === 'string') author = a;
    else ctx.error('wrong-type', ['author'], typeof a); // the CLI refuses a non-string author too
  }

  const policyAliases: Record<string, PolicyDefinition> = Object.create(null);
  if (!Object.hasOwn(root, 'policy-aliases')) {
    // Leniency: required by the schema, optional ({}) for the CLI and in the oldest lists.
    ctx.deviation('missing-field', ['policy-aliases'], 'policy-aliases');
  } else {
    const aliases = root['policy-aliases'];
    if (!isObject(aliases)) ctx.error('wrong-type', ['policy-aliases'], kind(aliases));
    else {
      for (const name of Object.keys(aliases)) {
        // schema patternProperties ".": at least one character that is not a line terminator
        if (!hasNonTerminator(name)) ctx.deviation('alias-name-invalid', ['policy-aliases', name], name);
        const def = readDefinition(aliases[name], 'policy-aliases', name, ctx, true);
        if (def !== undefined) policyAliases[name] = def;
      }
    }
  }

  let policies: Record<string, PolicyEntry> = Object.create(null);
  if (!Object.hasOwn(root, 'policies')) {
    ctx.deviation('missing-field', ['policies'], 'policies');
  } else {
    const pols = root.policies;
    if (!isObject(pols)) ctx.error('wrong-type', ['policies'], kind(pols));
    else policies = readPolicies(pols, ctx, policyAliases);
  }

  if (timestamp === undefined || expires === undefined) return undefined;
  // Lint (spec §4): upstream test data has such lists, so a warning rather than an error.
  if (expires.epochMs <= timestamp.epochMs) {
    ctx.add('list-born-expired', 'warning', ['expires'], String(expires.value));
  }
  if (now !== undefined && timestamp.epochMs > +now) {
    ctx.add('timestamp-future', 'warning', ['timestamp'], String(timestamp.value));
  }
  const list: PolicyList = {
    timestamp,
    expires,
    ...(version === undefined ? {} : { version }),
    ...(author === undefined ? {} : { author }),
    policyAliases,
    policies,
  };
  return list;
}

function readPolicies(
  pols: Obj,
  ctx: Ctx,
  policyAliases: Record<string, PolicyDefinition>,
): Record<string, PolicyEntry> {
  const keys = Object.keys(pols);
  const domains: string[] = [];
  const entries: PolicyEntry[] = [];
  // Whether our own parsed `policies` object can serve as the result as it is (no key changed,
  // no entry dropped): the common case, and it saves rebuilding a 1 000-key dictionary.
  let same = ctx.owned;
  // Whether some key is not already in normal form (so two keys might collide after normalising).
  let odd = false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    // Fast path: the real list's keys are all schema-valid and lower-case.
    const flags = scanSchemaName(key);
    const domain = flags >= 0 ? key : readDomain(key, ctx);
    const raw = pols[key];
    const entry = readEntry(raw, key, ctx, policyAliases);
    if (domain === undefined || entry === undefined) {
      same = false;
      continue;
    }
    if (flags !== 0) odd = true;
    if (domain !== key) same = false;
    else if (same && entry !== raw) pols[key] = entry; // our own object: swap in the model's form
    domains.push(domain);
    entries.push(entry);
  }
  if (odd) {
    const seen = new Set<string>();
    for (let i = 0; i < domains.length; i++) {
      const n = normalizeHostname(domains[i] as string);
      if (seen.has(n))
        ctx.add('domain-case-collision', 'warning', ['policies', domains[i] as string], domains[i]);
      seen.add(n);
    }
  }
  if (same) {
    // A Map-free record with no prototype: "constructor" or "__proto__" look-ups find nothing.
    Object.setPrototypeOf(pols, null);
    return pols as Record<string, PolicyEntry>;
  }
  const out: Record<string, PolicyEntry> = Object.create(null);
  for (let i = 0; i < domains.length; i++) out[domains[i] as string] = entries[i] as PolicyEntry;
  return out;
}

const kind = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

function hasNonTerminator(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d && c !== 0x2028 && c !== 0x2029) return true;
  }
  return false;
}

// policy-0.1 schema: timestamp and expires are ["string", "integer"], minimum 0 (numbers only),
// and the RFC 3339 pattern (strings only): year 1000–9999, upper-case "T", seconds 00–59, an
// optional fraction of any length, "Z" or "±hh:mm" with hh 00–19 ([+-][01]\d:[0-5]\d).
function readTime(root: Obj, key: 'timestamp' | 'expires', ctx: Ctx): PolicyListTime | undefined {
  if (!Object.hasOwn(root, key)) {
    ctx.error('missing-field', [key], key); // required by the schema and the CLI alike
    return undefined;
  }
  const v = root[key];
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) ctx.error('date-not-integer', [key], String(v));
    else if (v < 0) ctx.error('date-negative', [key], String(v));
    else if (v > 8_640_000_000_000)
      ctx.error('datetime-range', [key], String(v)); // past Date's range
    else return { epochMs: v * 1000, value: v };
    return undefined;
  }
  if (typeof v !== 'string') {
    ctx.error('wrong-type', [key], kind(v));
    return undefined;
  }
  const strict = ctx.strict;
  const r = parseDateTime(v, { strict });
  const path = [key];
  // Re-issue core's codes from this catalogue, located by pointer instead of offset.
  for (const w of r.warnings) ctx.add(w.code as PolicyListIssueCode, w.severity, path, v);
  if (!r.ok) {
    for (const e of r.errors) ctx.error(e.code as PolicyListIssueCode, path, v);
    return undefined;
  }
  const dt = r.value;
  const fracEnd = 19 + (dt.fraction.length === 0 ? 0 : dt.fraction.length + 1);
  // The schema's pattern allows offset hours 00–19 only, RFC 3339 up to 23 ("+20:00"). Strict is
  // the schema (spec §6): an error. Judgement call: spec §6 names no leniency for it, and the
  // instant is exact, so lenient reads it with a warning and rewrites it to UTC below.
  const wideOffset = Math.abs(dt.offsetMinutes) >= 20 * 60;
  if (wideOffset && !ctx.deviation('date-offset-range', path, v)) return undefined;
  if (strict) {
    // Stricter than RFC 3339, as the schema's pattern is: no year below 1000, no leap second,
    // no lower-case "t"/"z" (RFC 3339 §5.6 NOTE allows them; the pattern does not).
    if (v.charCodeAt(0) === 0x30 || dt.leapSecond) {
      ctx.error('datetime-range', path, v);
      return undefined;
    }
    if (v[10] !== 'T' || v[fracEnd] === 'z') {
      ctx.error('datetime-syntax', path, v);
      return undefined;
    }
    return { epochMs: dt.epochMs, value: v };
  }
  // Lenient: rewrite accepted deviations to strict RFC 3339 so formatPolicyList emits valid text.
  const o = v[fracEnd];
  const fraction = dt.fraction.length === 0 ? '' : `.${dt.fraction}`;
  if (wideOffset) {
    // No offset within ±19:59 can carry the same wall-clock text: move the time to UTC instead.
    // The whole seconds come from epochMs (a leap second was read as 59), the digits as written.
    const utc = formatDateTime(Math.floor(dt.epochMs / 1000) * 1000, { fractionDigits: 0 });
    if (utc !== undefined) return { epochMs: dt.epochMs, value: `${utc.slice(0, 19)}${fraction}Z` };
  }
  if (r.warnings.length === 0 && !wideOffset && v[10] === 'T' && o !== 'z')
    return { epochMs: dt.epochMs, value: v };
  let offset: string;
  if (!dt.hasOffset || o === 'Z' || o === 'z') offset = 'Z';
  else {
    const m = Math.abs(dt.offsetMinutes);
    offset = `${o}${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
  }
  const seconds = dt.leapSecond ? '59' : v.slice(17, 19);
  return { epochMs: dt.epochMs, value: `${v.slice(0, 10)}T${v.slice(11, 17)}${seconds}${fraction}${offset}` };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** A `policies` key → the key to store, or undefined when it is not a mail domain. */
function readDomain(key: string, ctx: Ctx): string | undefined {
  const path = ['policies', key];
  let name = key;
  let start = 0;
  if (name.charCodeAt(0) === DOT && name.length > 1) {
    // Leniency: starttls-policy-cli test data has a ".example.com" key; kept verbatim (spec §6).
    if (!ctx.deviation('domain-leading-dot', path, key)) return undefined;
    start = 1;
  }
  if (name.length > start + 1 && name.charCodeAt(name.length - 1) === DOT) {
    // Leniency: a fully-qualified "example.com." means the same domain; strip the root dot.
    if (!ctx.deviation('name-trailing-dot', path, key)) return undefined;
    name = name.slice(0, -1);
  }
  if (isSchemaName(name, start)) return name;
  return nonstandard(name.slice(start), path, ctx, 'domain-syntax') ? name : undefined;
}

// Names outside the schema's regex that are still valid host names (IDN TLDs, U-labels,
// underscores, one-letter TLDs). Leniency: starttls-backend admitted underscores, the CLI checks
// no syntax at all, and EFForg/starttls-everywhere#156 left the IDNA form open.
function nonstandard(name: string, path: Path, ctx: Ctx, code: PolicyListIssueCode): boolean {
  const h = validateHostname(name, { underscore: true, trailingDot: false, wildcard: false });
  if (h.ok && h.value.labels.length >= 2) return ctx.deviation('name-nonstandard', path, name);
  ctx.error(code, path, name);
  return false;
}

function readEntry(
  v: unknown,
  key: string,
  ctx: Ctx,
  aliases: Record<string, PolicyDefinition>,
): PolicyEntry | undefined {
  if (!isObject(v)) {
    ctx.error('wrong-type', ['policies', key], kind(v));
    return undefined;
  }
  if (!Object.hasOwn(v, 'policy-alias')) return readDefinition(v, 'policies', key, ctx, false);
  const name = v['policy-alias'];
  for (const k of Object.keys(v)) {
    // policyAliasReference has additionalProperties false; RULES.md says "other fields are
    // ignored". Strict follows the schema, lenient RULES.md.
    if (k !== 'policy-alias') ctx.deviation('alias-extra-key', ['policies', key, k], k);
  }
  if (typeof name !== 'string') {
    ctx.error('wrong-type', ['policies', key, 'policy-alias'], kind(name));
    return undefined;
  }
  // Integrity the schema cannot express; upstream CI checks it separately. An error in both modes.
  if (!Object.hasOwn(aliases, name)) {
    ctx.error('alias-missing', ['policies', key, 'policy-alias'], name);
    return undefined;
  }
  return { policyAlias: name };
}

function readDefinition(
  v: unknown,
  section: 'policies' | 'policy-aliases',
  key: string,
  ctx: Ctx,
  isAlias: boolean,
): PolicyDefinition | undefined {
  if (!isObject(v)) {
    ctx.error('wrong-type', [section, key], kind(v));
    return undefined;
  }
  let ok = true;
  let extra = false;
  for (const k in v) {
    if (k === 'mode' || k === 'mxs' || !Object.hasOwn(v, k)) continue;
    extra = true;
    if (isAlias && k === 'policy-alias') {
      ctx.error('alias-chain', [section, key, k], String(v[k]));
      ok = false;
    } else if (!ctx.deviation('additional-property', [section, key, k], k)) ok = false;
  }
  let mode: PolicyMode = 'testing';
  if (!Object.hasOwn(v, 'mode')) {
    // RULES.md: "Default: testing (required)"; the CLI applies the default, the schema requires it.
    if (!ctx.deviation('mode-missing', [section, key], key)) ok = false;
  } else {
    const m = v.mode;
    if (m === 'enforce' || m === 'testing') mode = m;
    else {
      // No "none" (#124): absence from the list is the only way to say "no policy".
      ctx.error('mode-invalid', [section, key, 'mode'], typeof m === 'string' ? m : kind(m));
      ok = false;
    }
  }
  const mxs = readMxs(v, section, key, ctx);
  if (!ok || mxs === undefined) return undefined;
  // Our own freshly parsed {mode, mxs} object already is the definition: keep it, unallocated.
  if (ctx.owned && !extra && mxs === v.mxs && v.mode === mode) return v as unknown as PolicyDefinition;
  return { mode, mxs };
}

function readMxs(v: Obj, section: string, key: string, ctx: Ctx): string[] | undefined {
  if (!Object.hasOwn(v, 'mxs')) {
    ctx.error('missing-field', [section, key, 'mxs'], 'mxs');
    return undefined;
  }
  const raw = v.mxs;
  if (!Array.isArray(raw)) {
    // A string here would make the CLI iterate its characters (spec §6): an error in both modes.
    ctx.error('wrong-type', [section, key, 'mxs'], kind(raw));
    return undefined;
  }
  if (isPlainMxs(raw)) return ctx.owned ? (raw as string[]) : (raw.slice() as string[]);
  // Leniency: an empty list passes the CLI; the entry then matches no MX.
  if (raw.length === 0 && !ctx.deviation('mxs-empty', [section, key, 'mxs'])) return undefined;
  const out: string[] = [];
  let ok = true;
  let seen: Set<string> | undefined;
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    if (typeof item !== 'string') {
      ctx.error('wrong-type', [section, key, 'mxs', i], kind(item));
      ok = false;
      continue;
    }
    const mx = readMx(item, section, key, i, ctx);
    if (mx === undefined) {
      ok = false;
      continue;
    }
    // schema uniqueItems: exact string equality. Small arrays scan; large ones hash.
    const dup = out.length < 16 && seen === undefined ? out.includes(mx) : (seen ??= new Set(out)).has(mx);
    if (dup) {
      if (!ctx.deviation('mx-duplicate', [section, key, 'mxs', i], item)) ok = false;
      continue; // lenient: drop the repeat, so the stored list stays schema-valid
    }
    if (seen !== undefined) seen.add(mx);
    if (out.length > 0 && hasCaseTwin(out, mx)) {
      // uniqueItems is case-sensitive, but host names are not (RFC 4343): the twin is useless.
      ctx.add('mx-duplicate-case', 'warning', [section, key, 'mxs', i], item);
    }
    out.push(mx);
  }
  return ok ? out : undefined;
}

// The common case in one cheap pass: 1–16 strings, schema-valid as written, no "*.", no upper
// case (so no case twins), no repeats. Anything else takes the slow path that reports issues.
function isPlainMxs(raw: readonly unknown[]): boolean {
  const n = raw.length;
  if (n === 0 || n > 16) return false;
  for (let i = 0; i < n; i++) {
    const item = raw[i];
    if (typeof item !== 'string') return false;
    const first = item.charCodeAt(0);
    if (first === STAR || scanSchemaName(item, first === DOT ? 1 : 0) !== 0) return false;
    for (let j = 0; j < i; j++) if (raw[j] === item) return false;
  }
  return true;
}

function hasCaseTwin(out: readonly string[], mx: string): boolean {
  if (out.length > 64) return false; // bounded work on hostile input; real lists have ≤ 8
  const n = normalizeHostname(mx);
  for (const o of out) if (normalizeHostname(o) === n) return true;
  return false;
}

/** An `mxs` item → the pattern to store (`.suffix` or exact), or undefined. */
function readMx(item: string, section: string, key: string, i: number, ctx: Ctx): string | undefined {
  const first = item.charCodeAt(0);
  // Fast path: the real list's patterns are all schema-valid as written.
  if (first !== STAR && isSchemaName(item, first === DOT ? 1 : 0)) return item;
  const path = [section, key, 'mxs', i];
  let prefix = '';
  let name = item;
  if (first === STAR && item.charCodeAt(1) === DOT) {
    // Leniency: the 2014 lists wrote "*.x", and starttls-backend accepts it as a synonym of ".x".
    if (!ctx.deviation('mx-wildcard', path, item)) return undefined;
    prefix = '.';
    name = item.slice(2);
  } else if (first === DOT) {
    prefix = '.';
    name = item.slice(1);
  }
  if (name.length > 1 && name.charCodeAt(name.length - 1) === DOT) {
    if (!ctx.deviation('name-trailing-dot', path, item)) return undefined;
    name = name.slice(0, -1);
  }
  if (isSchemaName(name)) return prefix + name;
  return nonstandard(name, path, ctx, 'mx-syntax') ? prefix + name : undefined;
}

/**
 * Serialises a list as canonical policy-0.1 JSON: keys in the schema's order (`timestamp`,
 * `expires`, `version`, `author`, `policy-aliases`, `policies`), entries in list order, two-space
 * indent, no trailing newline. For the final EFF list this reproduces the published file byte for
 * byte. A list from the lenient parser comes out strict-valid, except for names only `lenient`
 * accepts (`name-nonstandard`, `domain-leading-dot`), which are kept.
 * @example formatPolicyList(unwrap(parsePolicyList(text))) === text // true for policy.json
 * @see https://github.com/EFForg/starttls-everywhere/blob/master/schema/policy-0.1.schema.json
 */
export function formatPolicyList(list: PolicyList): string {
  const aliases: Record<string, unknown> = Object.create(null);
  for (const name of Object.keys(list.policyAliases)) {
    const def = list.policyAliases[name] as PolicyDefinition;
    aliases[name] = { mode: def.mode, mxs: def.mxs };
  }
  const policies: Record<string, unknown> = Object.create(null);
  for (const domain of Object.keys(list.policies)) {
    const e = list.policies[domain] as PolicyEntry;
    policies[domain] = 'policyAlias' in e ? { 'policy-alias': e.policyAlias } : { mode: e.mode, mxs: e.mxs };
  }
  const out: Record<string, unknown> = {
    timestamp: list.timestamp.value,
    expires: list.expires.value,
    version: list.version ?? '0.1',
  };
  if (list.author !== undefined) out.author = list.author;
  out['policy-aliases'] = aliases;
  out.policies = policies;
  return JSON.stringify(out, null, 2);
}
