import { describe, expect, it } from 'vitest';
import { mayOpen, openableViews } from './views.js';

describe('views by role', () => {
  it('offers each role its views', () => {
    expect(openableViews(false, ['viewer'])).toEqual(['dashboard']);
    expect(openableViews(false, ['tenant-admin'])).toEqual(['dashboard', 'sources']);
    expect(openableViews(false, ['auditor'])).toEqual(['audit']);
    expect(openableViews(true, ['ops'])).toEqual(['ops']);
  });

  it('keeps platform views out of tenants and tenant views out of the platform realm', () => {
    expect(mayOpen('ops', false, ['ops'])).toBe(false);
    expect(mayOpen('dashboard', true, ['viewer'])).toBe(false);
  });
});
