import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidTenantId } from './tenant-id.js';

describe('isValidTenantId', () => {
  it.each(['acme', 'a1b', 'acme-corp', '123', 'a'.repeat(40), 'a--b'])('accepts %s', (id) => {
    expect(isValidTenantId(id)).toBe(true);
  });

  it.each(['ab', 'a'.repeat(41), 'Acme', '-acme', 'acme-', 'ac_me', 'ac.me', 'acme ', 'ümlaut', ''])(
    'rejects %j',
    (id) => {
      expect(isValidTenantId(id)).toBe(false);
    },
  );

  it('rejects non-strings', () => {
    expect(isValidTenantId(123)).toBe(false);
    expect(isValidTenantId(undefined)).toBe(false);
  });

  it('accepts exactly the 3-40 character ids of [a-z0-9-] that do not start or end with a hyphen', () => {
    const alphabet = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_A.'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, minLength: 0, maxLength: 45 }), (id) => {
        const expected =
          id.length >= 3 &&
          id.length <= 40 &&
          /^[a-z0-9-]*$/.test(id) &&
          !id.startsWith('-') &&
          !id.endsWith('-');
        expect(isValidTenantId(id)).toBe(expected);
      }),
    );
  });
});
