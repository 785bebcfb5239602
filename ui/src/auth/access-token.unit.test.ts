import { describe, expect, it } from 'vitest';
import { readAccessClaims } from './access-token.js';

const jwt = (claims: object) =>
  ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'signature'].join('.');

describe('readAccessClaims', () => {
  it('reads subject, username, realm roles and expiry (base64url, UTF-8)', () => {
    const token = jwt({
      sub: 'u-1',
      preferred_username: 'zoë',
      realm_access: { roles: ['viewer'] },
      exp: 10,
    });
    expect(readAccessClaims(token)).toEqual({
      subject: 'u-1',
      username: 'zoë',
      roles: ['viewer'],
      expiresAt: 10_000,
    });
  });

  it('has no roles when the token carries none', () => {
    expect(readAccessClaims(jwt({ sub: 'u-2' })).roles).toEqual([]);
  });
});
