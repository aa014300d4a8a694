// Shared test helpers: a minimal valid list as JSON-shaped data, and code extraction.
import type { Issue } from '@mailtls/core';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A small strict-valid list (hand-written; shaped like the 2020 list). */
export function baseList(): { [key: string]: Json } {
  return {
    timestamp: '2020-05-20T10:25:12.710034-07:00',
    expires: '2020-06-03T10:25:12.710055-07:00',
    version: '0.1',
    author: 'Example Org',
    'policy-aliases': {
      bigmail: { mode: 'testing', mxs: ['.mx.bigmail.example', 'mx.bigmail.example'] },
    },
    policies: {
      'alpha.example': { mode: 'enforce', mxs: ['mx.alpha.example', '.alpha.example'] },
      'beta.example': { mode: 'testing', mxs: ['mx.beta.example'] },
      'gamma.example': { mode: 'enforce', mxs: ['.mail.gamma.example'] },
      'delta.example': { 'policy-alias': 'bigmail' },
    },
  };
}

/** The codes of a result's errors and warnings, in order. */
export function codes(r: { ok: boolean; errors?: readonly Issue[]; warnings: readonly Issue[] }): {
  errors: string[];
  warnings: string[];
} {
  return { errors: (r.errors ?? []).map((i) => i.code), warnings: r.warnings.map((i) => i.code) };
}

/** A pinned instant inside the final list's lifetime (2020-05-25T00:00:00Z). */
export const IN_LIFETIME = Date.UTC(2020, 4, 25);
/** A pinned instant after the final list expired (2021-01-01T00:00:00Z). */
export const AFTER_EXPIRY = Date.UTC(2021, 0, 1);
