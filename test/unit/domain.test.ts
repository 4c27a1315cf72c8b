import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { permissionsFor, roleOf, ROLE_PERMISSIONS } from '../../src/domain/permissions.js';
import { hashSecret, verifySecret } from '../../src/domain/secret-hash.js';
import { hashToken, looksLikeToken, newToken } from '../../src/domain/tokens.js';
import { emailSchema, toE164, userIdSchema } from '../../src/domain/user-fields.js';

describe('role presets', () => {
  it('fill the permissions of DESIGN.md', () => {
    expect(ROLE_PERMISSIONS.admin.administrator).toBe(true);
    expect(ROLE_PERMISSIONS.regular).toMatchObject({
      administrator: false,
      orders: 'manage',
      services: 'manage',
      tickets: 'manage',
      invoices: 'view',
    });
    expect(ROLE_PERMISSIONS['read-only']).toMatchObject({
      orders: 'view',
      services: 'view',
      tickets: 'view',
      invoices: 'view',
    });
    expect(ROLE_PERMISSIONS.support).toMatchObject({
      services: 'manage',
      tickets: 'manage',
      invoices: 'hide',
      orders: 'hide',
    });
  });

  it('are recognised back from permissions, anything else is custom', () => {
    for (const role of ['admin', 'regular', 'read-only', 'support'] as const)
      expect(roleOf(permissionsFor(role))).toBe(role);
    expect(roleOf(permissionsFor('regular', { accessAllSites: false, veloSso: 'full' }))).toBe('regular');
    expect(roleOf(permissionsFor('regular', { invoices: 'pay' }))).toBe('custom');
  });
});

describe('user fields', () => {
  it('User ID: 3-64 of letters, digits and ._@+-', () => {
    expect(userIdSchema.safeParse('7039351803@megapathvoice.com').success).toBe(true);
    for (const bad of ['ab', 'a'.repeat(65), 'has space', 'semi;colon', 'ünï'])
      expect(userIdSchema.safeParse(bad).success).toBe(false);
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 80 }), (text) => {
        const ok = userIdSchema.safeParse(text).success;
        const trimmed = text.trim();
        expect(ok).toBe(trimmed.length >= 3 && trimmed.length <= 64 && /^[A-Za-z0-9._@+-]+$/.test(trimmed));
      }),
    );
  });

  it('phone numbers need their country code and are stored in E.164', () => {
    expect(toE164('+1 (703) 555-0142')).toEqual({ ok: true, value: '+17035550142' });
    expect(toE164('+44 20 7946 0958')).toEqual({ ok: true, value: '+442079460958' });
    expect(toE164('703 555 0142')).toMatchObject({ ok: false, message: expect.stringMatching(/country code/) });
    expect(toE164('+1 555')).toMatchObject({ ok: false });
    expect(toE164('+999 12345678')).toMatchObject({ ok: false });
  });

  it('never throws on any phone input, and anything accepted is E.164', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\+[0-9 ()-]{0,20}$/)), (text) => {
        const result = toE164(text);
        if (result.ok) expect(result.value).toMatch(/^\+[1-9]\d{6,14}$/);
      }),
    );
  });

  it('emails are checked', () => {
    expect(emailSchema.safeParse(' Alice@Example.com ').data).toBe('Alice@Example.com');
    for (const bad of ['alice', 'alice@', '@example.com', 'a b@example.com'])
      expect(emailSchema.safeParse(bad).success).toBe(false);
  });
});

describe('secret hashing and tokens', () => {
  it('scrypt hashes verify only the same secret, with a fresh salt each time', async () => {
    const a = await hashSecret('s3cret-pin-or-password');
    const b = await hashSecret('s3cret-pin-or-password');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifySecret('s3cret-pin-or-password', a)).toBe(true);
    expect(await verifySecret('s3cret-pin-or-passworD', a)).toBe(false);
    expect(await verifySecret('anything', 'plain-text')).toBe(false);
  });

  it('tokens are 32 random bytes, stored as their SHA-256', () => {
    const { token, hash } = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(looksLikeToken(token)).toBe(true);
    expect(hash).toBe(hashToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const many = new Set(Array.from({ length: 1000 }, () => newToken().token));
    expect(many.size).toBe(1000);
  });
});
