import type pg from 'pg';
import { measurementsStreamId } from '@chronicle/domain';
import type { SeriesPoint } from '@chronicle/projectors';
import { asOfParameters, type AsOf } from './as-of.js';

/**
 * A source's values over [from, to) as the log stood at `asOf`, recomputed from its measurement events by
 * the time-series projection's own rule (per timestamp the last write in log order wins), then bucketed
 * at `width` ms (1: raw points). The read models hold only the newest values; the log holds every value
 * ever written, so this is what a dashboard showed at that moment. At most `limit` values.
 */
export async function readSeriesAsOf(
  client: pg.ClientBase,
  query: {
    tenant: string;
    sourceId: string;
    from: number;
    to: number;
    asOf: AsOf;
    width: number;
    limit: number;
  },
): Promise<SeriesPoint[]> {
  const [position, time] = asOfParameters(query.asOf);
  const { rows } = await client.query<SeriesPoint>(
    `WITH written AS (
       SELECT (p->>'t')::bigint AS ts, (p->>'v')::float8 AS value, e.transaction_id, e.global_position, x.n
         FROM chronicle.events e
         CROSS JOIN LATERAL jsonb_array_elements(e.data->'points') WITH ORDINALITY AS x(p, n)
        WHERE e.tenant_id = $1 AND e.stream_id = $2
          AND e.event_type IN ('MeasurementsRecorded', 'MeasurementsCorrected')
          AND ($3::bigint IS NULL OR e.global_position <= $3)
          AND ($4::timestamptz IS NULL OR e.recorded_at <= $4)
     ), latest AS (
       SELECT DISTINCT ON (ts) ts, value
         FROM written
        WHERE ts >= $5 AND ts < $6
        ORDER BY ts, transaction_id DESC, global_position DESC, n DESC
     )
     SELECT (ts - ts % $7)::float8 AS t, count(*)::int AS count, min(value) AS min, max(value) AS max,
            avg(value) AS avg, (array_agg(value ORDER BY ts))[1] AS first,
            (array_agg(value ORDER BY ts DESC))[1] AS last
       FROM latest
      GROUP BY ts - ts % $7
      ORDER BY 1
      LIMIT $8`,
    [
      query.tenant,
      measurementsStreamId(query.sourceId),
      position,
      time,
      query.from,
      query.to,
      query.width,
      query.limit,
    ],
  );
  return rows;
}
