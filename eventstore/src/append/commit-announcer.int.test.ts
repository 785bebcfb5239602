import { beforeAll, describe, expect, it, vi } from 'vitest';
import { event, useEventStore } from '../test-support/event-store-fixture.js';

const fixture = useEventStore();

/** Wake-ups the fixture's store hears, per tenant, counted from when it is listening. */
const heard = new Map<string, number>();

beforeAll(async () => {
  let connected = false;
  fixture.store.onAppended(({ tenant }) => {
    if (tenant === null) connected = true;
    else heard.set(tenant, (heard.get(tenant) ?? 0) + 1);
  });
  await vi.waitFor(() => expect(connected).toBe(true), { timeout: 10_000 });
});

const wakeUpsOf = (tenant: string) => heard.get(tenant) ?? 0;

describe('wake-ups after commit', () => {
  it('announces the first append at once and merges the rest of the interval into one', async () => {
    const writer = fixture.openStore({ wakeUpIntervalMs: 2_000 });
    await writer.append({ tenant: 'wake-burst', streams: [{ streamId: 's', events: [event('First')] }] });
    await vi.waitFor(() => expect(wakeUpsOf('wake-burst')).toBe(1), { timeout: 10_000 });
    for (let i = 0; i < 10; i++) {
      await writer.append({ tenant: 'wake-burst', streams: [{ streamId: 's', events: [event('Next')] }] });
    }
    // The ten appends after the first are announced together when the interval ends, not before.
    expect(wakeUpsOf('wake-burst')).toBe(1);
    await vi.waitFor(() => expect(wakeUpsOf('wake-burst')).toBe(2), { timeout: 10_000 });
  });

  it('sends a pending wake-up at once when the store closes', async () => {
    const writer = fixture.openStore({ wakeUpIntervalMs: 600_000 });
    await writer.append({ tenant: 'wake-close', streams: [{ streamId: 's', events: [event('First')] }] });
    await writer.append({ tenant: 'wake-close', streams: [{ streamId: 's', events: [event('Second')] }] });
    await writer.close();
    await vi.waitFor(() => expect(wakeUpsOf('wake-close')).toBe(2), { timeout: 10_000 });
  });
});
