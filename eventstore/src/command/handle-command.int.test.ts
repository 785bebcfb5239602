import { describe, expect, it } from 'vitest';
import { ConflictError, domainEvents, sourceDecider, type SourceCommand } from '@chronicle/domain';
import { WrongExpectedVersion } from '../errors.js';
import { collect, useEventStore } from '../test-support/event-store-fixture.js';
import { aggregateStream, handleCommand } from './handle-command.js';

const fixture = useEventStore();

const register: SourceCommand = {
  type: 'RegisterSource',
  data: { sourceId: 'meter-1', name: 'Meter 1', ownerSubject: 'user-1', unit: 'kWh' },
};
const rename = (name: string): SourceCommand => ({ type: 'RenameSource', data: { name } });

function handle(
  streamId: string,
  command: SourceCommand,
  more: { expectedVersion?: number; key?: string } = {},
) {
  return handleCommand(fixture.store, {
    tenant: 'acme',
    streamId,
    decider: sourceDecider,
    events: domainEvents,
    command,
    metadata: { actor: 'user-1', correlationId: crypto.randomUUID() },
    ...(more.expectedVersion === undefined ? {} : { expectedVersion: more.expectedVersion }),
    ...(more.key === undefined ? {} : { idempotencyKey: more.key }),
  });
}

describe('handleCommand', () => {
  it('loads the stream, decides, appends with the loaded version, and folds the new state', async () => {
    const registered = await handle('source-a', register);
    expect(registered.version).toBe(1);
    expect(registered.events.map((event) => event.type)).toEqual(['SourceRegistered']);
    const renamed = await handle('source-a', rename('Main meter'));
    expect(renamed).toMatchObject({ version: 2, state: { status: 'active', name: 'Main meter' } });
    const { state, version } = await aggregateStream(fixture.store, 'acme', 'source-a', {
      ...sourceDecider,
      events: domainEvents,
    });
    expect({ version, name: state.status === 'active' && state.name }).toEqual({
      version: 2,
      name: 'Main meter',
    });
    const stored = await collect(fixture.store.readStream('acme', 'source-a'));
    expect(stored[1]!.metadata).toMatchObject({ actor: 'user-1' });
  });

  it('decides again on the newer state when another writer got in first', async () => {
    await handle('source-b', register);
    // Eight renames race; each that loses the version race is decided again and lands on top.
    await Promise.all(Array.from({ length: 8 }, (_, index) => handle('source-b', rename(`Name ${index}`))));
    const stored = await collect(fixture.store.readStream('acme', 'source-b'));
    expect(stored.map((event) => event.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reports a conflict without retrying when the caller named the version it saw', async () => {
    await handle('source-c', register);
    await handle('source-c', rename('Second'));
    const stale = await handle('source-c', rename('Third'), { expectedVersion: 1 }).catch(
      (error: unknown) => error,
    );
    expect(stale).toBeInstanceOf(WrongExpectedVersion);
    expect(stale).toMatchObject({ expected: 1, actual: 2 });
    expect(await collect(fixture.store.readStream('acme', 'source-c'))).toHaveLength(2);
  });

  it('answers a repeated idempotency key from the ledger, where deciding again would fail', async () => {
    const first = await handle('source-d', register, { key: 'register-d' });
    const again = await handle('source-d', register, { key: 'register-d' });
    expect(again.events).toEqual([]);
    expect(again.append).toEqual({ ...first.append, duplicate: true });
    // Without the key, registering twice is a domain conflict.
    await expect(handle('source-d', register)).rejects.toBeInstanceOf(ConflictError);
    expect(await collect(fixture.store.readStream('acme', 'source-d'))).toHaveLength(1);
  });
});
