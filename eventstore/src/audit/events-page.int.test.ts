import { describe, expect, it, beforeAll } from 'vitest';
import { InvalidReadRequest } from '../errors.js';
import { event, useEventStore } from '../test-support/event-store-fixture.js';
import type { EventsPageRequest } from './events-page.js';

const fixture = useEventStore();

describe('audit pages of the log', () => {
  beforeAll(async () => {
    for (let i = 1; i <= 12; i++) {
      for (const tenant of ['acme', 'globex']) {
        await fixture.store.append({
          tenant,
          streams: [
            {
              streamId: `stream-${i % 3}`,
              events: [
                {
                  ...event(i % 2 ? 'Odd' : 'Even', { i }),
                  metadata: { actor: i % 4 === 0 ? 'alice' : 'bob', correlationId: `c-${i}` },
                },
              ],
            },
          ],
        });
      }
    }
  });

  async function pages(request: Omit<EventsPageRequest, 'after'>) {
    const seen: number[][] = [];
    let after: EventsPageRequest['after'];
    do {
      const page = await fixture.store.readEventsPage({ ...request, after });
      seen.push(page.events.map((e) => (e.data as { i: number }).i));
      expect(page.events.every((e) => e.tenant === request.tenant)).toBe(true);
      after = page.next;
    } while (after);
    return seen;
  }

  it('pages through a tenant in log order, every event once, with its metadata', async () => {
    expect(await pages({ tenant: 'acme', limit: 5 })).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [11, 12],
    ]);
    const { events } = await fixture.store.readEventsPage({ tenant: 'acme', limit: 1 });
    expect(events[0]!.metadata).toEqual({ actor: 'bob', correlationId: 'c-1' });
  });

  it('filters by stream, type, actor, position and time, together', async () => {
    expect((await pages({ tenant: 'acme', limit: 100, filter: { streamId: 'stream-0' } })).flat()).toEqual([
      3, 6, 9, 12,
    ]);
    expect(
      (await pages({ tenant: 'acme', limit: 2, filter: { actor: 'alice', types: ['Even'] } })).flat(),
    ).toEqual([4, 8, 12]);
    const all = (await fixture.store.readEventsPage({ tenant: 'acme', limit: 100 })).events;
    const [third, sixth] = [all[2]!, all[5]!];
    expect(
      (
        await pages({
          tenant: 'acme',
          limit: 100,
          filter: { fromPosition: third.position, toPosition: sixth.position },
        })
      ).flat(),
    ).toEqual([3, 4, 5, 6]);
    expect(
      (
        await pages({
          tenant: 'acme',
          limit: 100,
          filter: { fromTime: third.recordedAt, toTime: sixth.recordedAt, types: ['Odd'] },
        })
      ).flat(),
    ).toEqual([3, 5]);
  });

  it("never returns another tenant's events, whatever the filter", async () => {
    const globexStream = (await fixture.store.readEventsPage({ tenant: 'globex', limit: 1 })).events[0]!;
    const page = await fixture.store.readEventsPage({
      tenant: 'acme',
      limit: 100,
      filter: { fromPosition: globexStream.position, toPosition: globexStream.position },
    });
    expect(page.events).toEqual([]);
  });

  it.each([
    [{ tenant: 'acme', limit: 0 }, 'limit'],
    [{ tenant: 'acme', limit: 1001 }, 'limit'],
    [{ tenant: 'ACME; --', limit: 10 }, 'tenant id'],
    [{ tenant: 'acme', limit: 10, filter: { fromTime: new Date('nonsense') } }, 'fromTime'],
  ] as const)('refuses %j naming %s', async (request, name) => {
    const reading = fixture.store.readEventsPage(request as EventsPageRequest);
    await expect(reading).rejects.toThrow(InvalidReadRequest);
    await expect(reading).rejects.toThrow(name);
  });
});
