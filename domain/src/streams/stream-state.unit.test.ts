import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain-events.js';
import { foldStream, streamKindOf } from './stream-state.js';

const registered: DomainEvent = {
  type: 'SourceRegistered',
  data: { sourceId: 'meter-1', name: 'Meter 1', ownerSubject: 'alice', unit: 'kWh' },
};
const renamed: DomainEvent = { type: 'SourceRenamed', data: { sourceId: 'meter-1', name: 'Main meter' } };

describe('folding a stream for time travel', () => {
  it('knows the kind of a stream from its id', () => {
    expect(['tenant', 'source-a', 'measurements-a', 'other'].map(streamKindOf)).toEqual([
      'tenant',
      'source',
      'measurements',
      undefined,
    ]);
  });

  it('folds a prefix of a source stream into the source as it was then', () => {
    expect(foldStream('source-meter-1', [registered])).toEqual({
      kind: 'source',
      sourceId: 'meter-1',
      state: { status: 'active', sourceId: 'meter-1', name: 'Meter 1', ownerSubject: 'alice', unit: 'kWh' },
    });
    expect(foldStream('source-meter-1', [registered, renamed])).toMatchObject({
      state: { name: 'Main meter' },
    });
  });

  it('summarises a measurements stream: points, corrections and the times they cover', () => {
    const events: DomainEvent[] = [
      {
        type: 'MeasurementsRecorded',
        data: {
          sourceId: 'm',
          points: [
            { t: 20, v: 1 },
            { t: 10, v: 2 },
          ],
        },
      },
      { type: 'MeasurementsCorrected', data: { sourceId: 'm', points: [{ t: 30, v: 3 }], reason: 'typo' } },
    ];
    expect(foldStream('measurements-m', events)).toEqual({
      kind: 'measurements',
      sourceId: 'm',
      state: { points: 2, corrections: 1, firstTimestamp: 10, lastTimestamp: 30 },
    });
    expect(foldStream('measurements-m', [])).toMatchObject({ state: { points: 0, firstTimestamp: null } });
  });

  it('folds the tenant stream with the tenant aggregate, and knows no other stream', () => {
    const folded = foldStream('tenant', [
      { type: 'TenantRegistered', data: { tenantId: 'acme', displayName: 'Acme' } },
      { type: 'TenantSuspended', data: { tenantId: 'acme', reason: 'unpaid' } },
    ] as DomainEvent[]);
    expect(folded).toMatchObject({ kind: 'tenant', state: { status: 'suspended', reason: 'unpaid' } });
    expect(foldStream('something-else', [registered])).toBeUndefined();
  });
});
