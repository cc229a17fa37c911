import { describe, expect, it } from 'vitest';
import { scramSha256Verifier } from './scram';

/** The salt of a verifier, to compute it again. */
const saltOf = (verifier: string) => Buffer.from(verifier.split(/[:$]/)[2], 'base64');

describe('the SCRAM-SHA-256 verifier of a password', () => {
  // Made by PostgreSQL 17 itself: psql's \password (libpq) in the db image, read back from pg_authid.
  const byPostgres = {
    "s3cr et'x":
      'SCRAM-SHA-256$4096:ZMl0C7//WZrIsBFRsus2vg==$VwHVKOpvaE2vDHxRg+l9gmfvRG61vE9krnBVOHrhEvg=:u5ZNQiduQl/ndqh//KU5Mj/nbEZ0necLlZMyYWSQYIM=',
    'pässwörd ✓':
      'SCRAM-SHA-256$4096:E6GVVIi9vOxsv/wKjOF5wg==$rKMGpXbnKTVLhAViuREXqFYk3fS1AehY2DyBosXwo3I=:o3AY4Llp+HSO+GBCeFPNMUBeAwb3gzDuy/kO1s2oFIQ=',
  };

  it('is the one PostgreSQL computes for the same salt', () => {
    for (const [password, verifier] of Object.entries(byPostgres)) {
      expect(scramSha256Verifier(password, saltOf(verifier)), password).toBe(verifier);
    }
  });

  it('has a fresh salt each time, and never holds the password', () => {
    const [first, second] = [scramSha256Verifier('same password'), scramSha256Verifier('same password')];
    expect(first).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    expect(second).not.toBe(first);
    expect(first).not.toContain('same password');
  });

  it('refuses a password Unicode normalisation would change, rather than one the server might hash otherwise', () => {
    for (const password of ['non\u00a0breaking', 'ｆｕｌｌ', 'soft\u00adhyphen', 'ﬁne']) {
      expect(() => scramSha256Verifier(password), password).toThrow(/must read the same after Unicode normalisation/);
    }
  });
});
