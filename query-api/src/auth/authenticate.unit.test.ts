import { describe, expect, it } from 'vitest';
import { bearerToken, connectionToken } from './authenticate.js';

describe('where a token is found', () => {
  it('in an Authorization header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    for (const header of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b'])
      expect(bearerToken(header)).toBeUndefined();
  });

  it('in a connection_init payload, as authorization or token', () => {
    expect(connectionToken({ authorization: 'Bearer abc' })).toBe('abc');
    expect(connectionToken({ Authorization: 'Bearer abc' })).toBe('abc');
    expect(connectionToken({ token: 'abc' })).toBe('abc');
    for (const params of [undefined, {}, { token: '' }, { token: 42 }, { authorization: 'abc' }]) {
      expect(connectionToken(params)).toBeUndefined();
    }
  });
});
