import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache } from './document-cache.js';

describe('the document cache', () => {
  it('gives back one document per text, drops the least recently used, and keeps no long text', () => {
    const cache = new DocumentCache(2, 40);
    const a = parse('{ a }');
    cache.set('{ a }', a);
    cache.set('{ b }', parse('{ b }'));
    expect(cache.get('{ a }')).toBe(a);
    cache.set('{ c }', parse('{ c }'));
    expect(cache.get('{ b }')).toBeUndefined();
    expect(cache.get('{ a }')).toBe(a);
    const long = `{ ${'a '.repeat(30)}}`;
    cache.set(long, parse(long));
    expect(cache.get(long)).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
