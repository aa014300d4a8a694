import { unwrap } from '@mailtls/core';
import { describe, expect, it } from 'vitest';
import { checkPolicyListUpdate, isPolicyListExpired, parsePolicyList } from '../src/index.ts';
import { AFTER_EXPIRY, baseList, codes, IN_LIFETIME } from './_helpers.ts';

const at = (timestamp: string | number, expires: string | number) =>
  unwrap(parsePolicyList({ ...baseList(), timestamp, expires }));

describe('checkPolicyListUpdate', () => {
  const older = at('2020-05-06T10:00:00-07:00', '2020-05-20T10:00:00-07:00');
  const newer = at('2020-05-20T10:25:12.710034-07:00', '2020-06-03T10:25:12.710055-07:00');
  it('accepts a newer or equally old list', () => {
    expect(checkPolicyListUpdate(older, newer)).toEqual({ ok: true, value: newer, warnings: [] });
    expect(checkPolicyListUpdate(newer, newer).ok).toBe(true);
  });
  it('refuses a rollback by timestamp', () => {
    const r = checkPolicyListUpdate(newer, older);
    expect(codes(r).errors).toEqual(['list-rollback']);
    expect(!r.ok && r.errors[0].at).toEqual({ pointer: '/timestamp' });
  });
  it('compares epoch and text timestamps on one scale', () => {
    const epoch = at(1589995512, 1591205112); // 2020-05-20T17:25:12Z
    expect(checkPolicyListUpdate(epoch, newer).ok).toBe(true); // .710 later
    expect(codes(checkPolicyListUpdate(newer, epoch)).errors).toEqual(['list-rollback']);
  });
  it('refuses a rollback by signature time, as update_and_verify.sh does', () => {
    const r = checkPolicyListUpdate(older, newer, {
      previousSignature: { created: 2000 },
      nextSignature: { created: 1000 },
    });
    expect(codes(r).errors).toEqual(['list-rollback']);
    expect(
      checkPolicyListUpdate(older, newer, {
        previousSignature: { created: 1000 },
        nextSignature: { created: 1000 },
      }).ok,
    ).toBe(true);
  });
  it('refuses an update that has already expired', () => {
    expect(codes(checkPolicyListUpdate(older, newer, { now: AFTER_EXPIRY })).errors).toEqual([
      'list-expired',
    ]);
    expect(checkPolicyListUpdate(older, newer, { now: IN_LIFETIME }).ok).toBe(true);
  });
});

describe('isPolicyListExpired', () => {
  it('is now >= expires', () => {
    const l = at(0, 100);
    expect(isPolicyListExpired(l, 99_999)).toBe(false);
    expect(isPolicyListExpired(l, 100_000)).toBe(true);
    expect(isPolicyListExpired(l, new Date(0))).toBe(false);
    expect(isPolicyListExpired(l, Number.NaN)).toBe(true);
  });
});
