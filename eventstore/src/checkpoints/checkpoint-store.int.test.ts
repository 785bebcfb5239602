import { describe, expect, it } from 'vitest';
import { START } from '../types.js';
import { useEventStore } from '../test-support/event-store-fixture.js';

const fixture = useEventStore();

describe('checkpoints', () => {
  it('start at the beginning of the log, then keep what was saved', async () => {
    const { checkpoints } = fixture.store;
    expect(await checkpoints.load('realm-reconciler')).toEqual(START);
    await checkpoints.save('realm-reconciler', { transactionId: 1005n, position: 42n });
    await checkpoints.save('realm-reconciler', { transactionId: 1010n, position: 57n });
    expect(await checkpoints.load('realm-reconciler')).toEqual({ transactionId: 1010n, position: 57n });
    expect(await checkpoints.load('other')).toEqual(START);
  });

  it('refuse a malformed consumer name', async () => {
    await expect(fixture.store.checkpoints.load("x'; DROP TABLE y")).rejects.toThrow(/consumer name/);
  });
});
