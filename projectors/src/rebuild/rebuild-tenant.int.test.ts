import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueProjection } from '../catalogue/catalogue-projection.js';
import { startProjectionRunner, type ProjectionRunner } from '../runner/projection-runner.js';
import { auditReadModel } from '../test-support/read-model-audit.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { timeseriesProjection } from '../timeseries/timeseries-projection.js';
import { rebuildTenant } from './rebuild-tenant.js';

const fixture = useProjectorDatabase();
const T0 = Date.UTC(2026, 7, 1);

describe('rebuilding one tenant', () => {
  let runner: ProjectionRunner;
  let projector: pg.Client;
  beforeAll(async () => {
    runner = startProjectionRunner({
      connectionString: fixture.database.url,
      projections: [timeseriesProjection, catalogueProjection],
      store: fixture.store,
      batchSize: 5,
      pollIntervalMs: 50,
    });
    projector = new pg.Client({
      connectionString: fixture.database.url,
      options: '-c role=chronicle_projector',
    });
    await projector.connect();
  });
  afterAll(async () => {
    await runner?.stop();
    await projector?.end();
  });

  it("repairs a tenant's rows from the log and leaves the others' alone, while the runner goes on", async () => {
    for (let i = 0; i < 20; i++) {
      await fixture.record('tenant-a', `meter-${i % 2}`, [{ t: T0 + i * 1000, v: i }]);
      await fixture.record('tenant-b', 'meter-0', [{ t: T0 + i * 1000, v: i }]);
    }
    await fixture.correct('tenant-a', 'meter-0', [{ t: T0, v: 42 }]);
    await runner.caughtUp();
    // Damage: rows lost and altered by hand (as a bug in an older projection would have left them).
    await fixture.sql.query(
      `DELETE FROM chronicle_read.timeseries_v1_points WHERE tenant_id = 'tenant-a' AND ts > $1`,
      [T0 + 10_000],
    );
    await fixture.sql.query(
      `UPDATE chronicle_read.timeseries_v1_rollups SET sum = -1 WHERE tenant_id = 'tenant-a'`,
    );
    const otherBefore = await fixture.sql.query(
      `SELECT * FROM chronicle_read.timeseries_v1_rollups WHERE tenant_id = 'tenant-b' ORDER BY resolution, bucket`,
    );
    expect((await auditReadModel(fixture.sql)).pointsDiffering).toBeGreaterThan(0);

    const writing = fixture.record('tenant-a', 'meter-1', [{ t: T0 + 99_000, v: 7 }]);
    const rebuilt = await rebuildTenant(projector, timeseriesProjection, 'tenant-a');
    await writing;
    await runner.caughtUp();
    expect(rebuilt.events).toBeGreaterThanOrEqual(21);
    expect(await auditReadModel(fixture.sql)).toMatchObject({ pointsDiffering: 0, bucketsDiffering: 0 });
    const otherAfter = await fixture.sql.query(
      `SELECT * FROM chronicle_read.timeseries_v1_rollups WHERE tenant_id = 'tenant-b' ORDER BY resolution, bucket`,
    );
    expect(otherAfter.rows).toEqual(otherBefore.rows);
  });

  it('refuses a version that is not serving', async () => {
    await expect(
      rebuildTenant(projector, { ...timeseriesProjection, version: 9 }, 'tenant-a'),
    ).rejects.toThrow('only a serving version is rebuilt per tenant');
  });
});
