import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents, sourceStreamId, type DomainEvent } from '@chronicle/domain';
import { startProjectionRunner, type ProjectionRunner } from '../runner/projection-runner.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { catalogueProjection } from './catalogue-projection.js';

const fixture = useProjectorDatabase();
const T0 = Date.UTC(2026, 4, 1);

describe('the catalogue projection', () => {
  let runner: ProjectionRunner;
  beforeAll(() => {
    runner = startProjectionRunner({
      connectionString: fixture.database.url,
      projections: [catalogueProjection],
      store: fixture.store,
      batchSize: 4,
      pollIntervalMs: 50,
    });
  });
  afterAll(() => runner?.stop());

  const append = (tenant: string, streamId: string, ...events: DomainEvent[]) =>
    fixture.store.append({
      tenant,
      streams: [{ streamId, events: events.map((event) => domainEvents.toEnvelope(event)) }],
    });
  const sources = async (tenant: string) =>
    (
      await fixture.sql.query(
        `SELECT source_id, name, owner_subject, unit, status, last_ts::float8 AS last_ts, last_value,
                last_seen IS NOT NULL AS seen
           FROM chronicle_read.sources WHERE tenant_id = $1 ORDER BY source_id`,
        [tenant],
      )
    ).rows;

  it('lists sources with their owner, name, unit, status and last value', async () => {
    await append(
      'cat-acme',
      sourceStreamId('meter-1'),
      {
        type: 'SourceRegistered',
        data: { sourceId: 'meter-1', name: 'Meter', ownerSubject: 'alice', unit: 'kWh' },
      },
      { type: 'SourceRenamed', data: { sourceId: 'meter-1', name: 'Roof meter' } },
      {
        type: 'SourceOwnershipTransferred',
        data: { sourceId: 'meter-1', previousOwnerSubject: 'alice', newOwnerSubject: 'bob' },
      },
    );
    await append('cat-acme', sourceStreamId('meter-2'), {
      type: 'SourceRegistered',
      data: { sourceId: 'meter-2', name: 'Old', ownerSubject: 'alice', unit: null },
    });
    await append('cat-acme', sourceStreamId('meter-2'), {
      type: 'SourceRetired',
      data: { sourceId: 'meter-2' },
    });
    await fixture.record('cat-acme', 'meter-1', [
      { t: T0 + 2_000, v: 5 },
      { t: T0 + 1_000, v: 4 },
    ]);
    await fixture.record('cat-acme', 'meter-1', [{ t: T0, v: 1 }]); // late: not the newest
    await runner.caughtUp();
    expect(await sources('cat-acme')).toEqual([
      {
        source_id: 'meter-1',
        name: 'Roof meter',
        owner_subject: 'bob',
        unit: 'kWh',
        status: 'active',
        last_ts: T0 + 2_000,
        last_value: 5,
        seen: true,
      },
      {
        source_id: 'meter-2',
        name: 'Old',
        owner_subject: 'alice',
        unit: null,
        status: 'retired',
        last_ts: null,
        last_value: null,
        seen: false,
      },
    ]);
    await fixture.correct('cat-acme', 'meter-1', [{ t: T0 + 2_000, v: 6 }]);
    await runner.caughtUp();
    expect((await sources('cat-acme'))[0]).toMatchObject({ last_ts: T0 + 2_000, last_value: 6 });
  });

  it('lists tenants with their status and realm', async () => {
    await append(
      'cat-globex',
      'tenant',
      { type: 'TenantRegistered', data: { tenantId: 'cat-globex', displayName: 'Globex' } },
      { type: 'RealmProvisioned', data: { tenantId: 'cat-globex' } },
      { type: 'TenantSuspended', data: { tenantId: 'cat-globex', reason: 'unpaid' } },
    );
    await runner.caughtUp();
    const { rows } = await fixture.sql.query(
      `SELECT tenant_id, display_name, status, realm FROM chronicle_read.tenants WHERE tenant_id = 'cat-globex'`,
    );
    expect(rows).toEqual([
      { tenant_id: 'cat-globex', display_name: 'Globex', status: 'suspended', realm: 'provisioned' },
    ]);
  });
});
