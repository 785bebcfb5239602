import { describe, expect, it } from 'vitest';
import { parseRoute, viewPath } from './route.js';

describe('parseRoute', () => {
  it('takes the organisation from the path, or from ?org=', () => {
    expect(parseRoute('/t/demo/sources', '')).toEqual({ kind: 'view', tenant: 'demo', view: 'sources' });
    expect(parseRoute('/t/demo/', '')).toEqual({ kind: 'view', tenant: 'demo', view: undefined });
    expect(parseRoute('/', '?org=Demo')).toEqual({ kind: 'view', tenant: 'demo', view: undefined });
  });

  it('asks for the organisation when there is none or it cannot be a realm name', () => {
    expect(parseRoute('/', '')).toEqual({ kind: 'choose-organisation', suggested: undefined });
    expect(parseRoute('/', '?org=no')).toEqual({ kind: 'choose-organisation', suggested: 'no' });
    expect(parseRoute('/t/Not_A_Realm/', '')).toMatchObject({ kind: 'not-found' });
  });

  it('knows the sign-in callback, the signed-out page and unknown views', () => {
    expect(parseRoute('/t/demo/callback', '?code=x&state=y')).toEqual({ kind: 'callback', tenant: 'demo' });
    expect(parseRoute('/t/demo/signed-out', '')).toEqual({ kind: 'signed-out', tenant: 'demo' });
    expect(parseRoute('/t/demo/nowhere', '')).toMatchObject({ kind: 'not-found' });
    expect(viewPath('demo', 'audit')).toBe('/t/demo/audit');
  });
});
