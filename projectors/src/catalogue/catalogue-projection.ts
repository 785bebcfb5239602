import type pg from 'pg';
import { logRangeBounds, type LogRange } from '@chronicle/eventstore';
import type { Projection, ReadModelChange } from '../runner/projection.js';
import { sqlFile } from '../runner/sql-file.js';
import { tablePrefix } from '../runner/table-prefix.js';

/** The range's events of some types, in log order (as `e`, with `recorded_at` and `data`). */
const eventsOfRange = (types: string) => `
  SELECT e.tenant_id, e.event_type, e.data, e.recorded_at, e.transaction_id, e.global_position
    FROM chronicle.events e
   WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
     AND (e.transaction_id, e.global_position) <= ($3::text::xid8, $4::bigint)
     AND e.event_type IN (${types})
     AND ($5::text IS NULL OR e.tenant_id = $5)`;

// Each statement folds one kind of change, taking per row the range's last event of that kind; the order
// of the statements (register, then change, then retire) is the only order those events can have.
// SQL reads stored data, not upcast envelopes: SourceRegistered v1 has no unit, which reads as null.
const statements = (sources: string, tenants: string) => [
  `INSERT INTO ${sources} (tenant_id, source_id, name, owner_subject, unit, status, registered_at)
   SELECT tenant_id, data->>'sourceId', data->>'name', data->>'ownerSubject', data->>'unit', 'active', recorded_at
     FROM (${eventsOfRange(`'SourceRegistered'`)}) e
   ON CONFLICT (tenant_id, source_id) DO NOTHING
   RETURNING tenant_id, source_id`,
  `UPDATE ${sources} s SET name = e.data->>'name'
     FROM (SELECT DISTINCT ON (tenant_id, data->>'sourceId') * FROM (${eventsOfRange(`'SourceRenamed'`)}) r
            ORDER BY tenant_id, data->>'sourceId', transaction_id DESC, global_position DESC) e
    WHERE s.tenant_id = e.tenant_id AND s.source_id = e.data->>'sourceId'
   RETURNING s.tenant_id, s.source_id`,
  `UPDATE ${sources} s SET owner_subject = e.data->>'newOwnerSubject'
     FROM (SELECT DISTINCT ON (tenant_id, data->>'sourceId') * FROM (${eventsOfRange(`'SourceOwnershipTransferred'`)}) r
            ORDER BY tenant_id, data->>'sourceId', transaction_id DESC, global_position DESC) e
    WHERE s.tenant_id = e.tenant_id AND s.source_id = e.data->>'sourceId'
   RETURNING s.tenant_id, s.source_id`,
  `UPDATE ${sources} s SET status = 'retired'
     FROM (${eventsOfRange(`'SourceRetired'`)}) e
    WHERE s.tenant_id = e.tenant_id AND s.source_id = e.data->>'sourceId'
   RETURNING s.tenant_id, s.source_id`,
  // The newest point (by its time; at equal times the later write) and when data last arrived.
  // (Materialized: each event's source id is read once, not once per point from the TOASTed document.)
  `WITH batch AS MATERIALIZED (
     SELECT tenant_id, data->>'sourceId' AS source_id, data->'points' AS points, recorded_at, transaction_id,
            global_position
       FROM (${eventsOfRange(`'MeasurementsRecorded', 'MeasurementsCorrected'`)}) e
   ), points AS (
     SELECT e.tenant_id, e.source_id, (p->>'t')::bigint AS ts, (p->>'v')::float8 AS value,
            e.recorded_at, e.transaction_id, e.global_position, n
       FROM batch e, jsonb_array_elements(e.points) WITH ORDINALITY AS x(p, n)
   ), newest AS (
     SELECT DISTINCT ON (tenant_id, source_id) tenant_id, source_id, ts, value,
            max(recorded_at) OVER (PARTITION BY tenant_id, source_id) AS seen
       FROM points
      ORDER BY tenant_id, source_id, ts DESC, transaction_id DESC, global_position DESC, n DESC
   )
   UPDATE ${sources} s
      SET last_ts = CASE WHEN s.last_ts IS NULL OR n.ts >= s.last_ts THEN n.ts ELSE s.last_ts END,
          last_value = CASE WHEN s.last_ts IS NULL OR n.ts >= s.last_ts THEN n.value ELSE s.last_value END,
          last_seen = greatest(s.last_seen, n.seen)
     FROM newest n
    WHERE s.tenant_id = n.tenant_id AND s.source_id = n.source_id
   RETURNING s.tenant_id, s.source_id`,
  `INSERT INTO ${tenants} (tenant_id, display_name, status, realm, registered_at, updated_at)
   SELECT tenant_id, data->>'displayName', 'active', 'pending', recorded_at, recorded_at
     FROM (${eventsOfRange(`'TenantRegistered'`)}) e
   ON CONFLICT (tenant_id) DO NOTHING
   RETURNING tenant_id, NULL::text AS source_id`,
  `UPDATE ${tenants} t
      SET status = CASE e.event_type WHEN 'TenantSuspended' THEN 'suspended' ELSE 'active' END,
          updated_at = e.recorded_at
     FROM (SELECT DISTINCT ON (tenant_id) * FROM (${eventsOfRange(`'TenantSuspended', 'TenantReactivated'`)}) r
            ORDER BY tenant_id, transaction_id DESC, global_position DESC) e
    WHERE t.tenant_id = e.tenant_id
   RETURNING t.tenant_id, NULL::text AS source_id`,
  `UPDATE ${tenants} t
      SET realm = CASE e.event_type WHEN 'RealmProvisioned' THEN 'provisioned' ELSE 'failed' END,
          updated_at = e.recorded_at
     FROM (SELECT DISTINCT ON (tenant_id) * FROM (${eventsOfRange(`'RealmProvisioned', 'RealmProvisioningFailed'`)}) r
            ORDER BY tenant_id, transaction_id DESC, global_position DESC) e
    WHERE t.tenant_id = e.tenant_id
   RETURNING t.tenant_id, NULL::text AS source_id`,
];

/**
 * Sources (owner, name, unit, status, last value, last seen) and tenants, for listings and ownership checks;
 * `generation` names the build's tables (catalogue_v1_*, or catalogue_v1_g<n>_* for a runtime rebuild).
 */
export function createCatalogueProjection(generation = 1): Projection {
  const prefix = tablePrefix('catalogue', 1, generation);
  const folds = statements(`chronicle_read.${prefix}_sources`, `chronicle_read.${prefix}_tenants`);
  return {
    name: 'catalogue',
    version: 1,
    generation,
    ofGeneration: createCatalogueProjection,
    eventTypes: [
      'SourceRegistered',
      'SourceRenamed',
      'SourceOwnershipTransferred',
      'SourceRetired',
      'MeasurementsRecorded',
      'MeasurementsCorrected',
      'TenantRegistered',
      'TenantSuspended',
      'TenantReactivated',
      'RealmProvisioned',
      'RealmProvisioningFailed',
    ],
    schema: sqlFile('catalogue-v1.sql').replaceAll('{{prefix}}', prefix),
    views: { sources: `${prefix}_sources`, tenants: `${prefix}_tenants` },
    async apply(client: pg.ClientBase, range: LogRange): Promise<ReadModelChange[]> {
      const bounds = logRangeBounds(range);
      const changed = new Map<string, Set<string>>();
      for (const statement of folds) {
        const { rows } = await client.query<{ tenant_id: string; source_id: string | null }>(
          statement,
          bounds,
        );
        for (const row of rows) {
          const sources = changed.get(row.tenant_id) ?? new Set<string>();
          if (row.source_id !== null) sources.add(row.source_id);
          changed.set(row.tenant_id, sources);
        }
      }
      return [...changed].map(([tenant, sources]) => ({ tenant, sourceIds: [...sources] }));
    },
  };
}

/** Its first build, the one the runner hosts (rebuilds are made from it). */
export const catalogueProjection = createCatalogueProjection();
