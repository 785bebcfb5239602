-- Time series; {{prefix}} names one projection version's tables. Points are keyed by (tenant, source,
-- timestamp): a later write at the same timestamp (a re-sent point, a correction) replaces the value. Rollups hold mergeable partials per bucket
-- (count, sum, min, max, first, last) at 1 minute, 1 hour and 1 day (`resolution` is the width in ms);
-- each level is recomputed from the one below for the buckets a batch touched, so late, duplicate and
-- corrected points leave them exact.
CREATE TABLE IF NOT EXISTS chronicle_read.{{prefix}}_points (
  tenant_id  text             NOT NULL,
  source_id  text             NOT NULL,
  ts         bigint           NOT NULL, -- epoch milliseconds
  value      double precision NOT NULL,
  -- the event that set the value (time travel, audits)
  position   bigint           NOT NULL,
  -- range reads: WHERE tenant_id = $1 AND source_id = $2 AND ts BETWEEN ...
  PRIMARY KEY (tenant_id, source_id, ts)
) PARTITION BY RANGE (tenant_id, source_id);
-- One partition holds every source, unless a bulk build (timeseries-bulk-build.ts) replaced it by ranges of
-- sources of about a million points each, which it fills side by side. Readers name the parent only (its
-- grants and policies are the ones that count; the partitions have no grants).
CREATE TABLE IF NOT EXISTS chronicle_read.{{prefix}}_points_default
  PARTITION OF chronicle_read.{{prefix}}_points DEFAULT;

CREATE TABLE IF NOT EXISTS chronicle_read.{{prefix}}_rollups (
  tenant_id   text             NOT NULL,
  source_id   text             NOT NULL,
  resolution  integer          NOT NULL, -- bucket width, ms: 60000, 3600000, 86400000
  bucket      bigint           NOT NULL, -- bucket start, epoch ms (UTC)
  count       bigint           NOT NULL,
  sum         double precision NOT NULL,
  min         double precision NOT NULL,
  max         double precision NOT NULL,
  first_ts    bigint           NOT NULL,
  first_value double precision NOT NULL,
  last_ts     bigint           NOT NULL,
  last_value  double precision NOT NULL,
  -- chart reads: WHERE tenant_id = $1 AND source_id = $2 AND resolution = $3 AND bucket BETWEEN ...
  PRIMARY KEY (tenant_id, source_id, resolution, bucket)
);

ALTER TABLE chronicle_read.{{prefix}}_points ENABLE ROW LEVEL SECURITY;
ALTER TABLE chronicle_read.{{prefix}}_rollups ENABLE ROW LEVEL SECURITY;
DO $$
BEGIN
  CREATE POLICY tenant_reads ON chronicle_read.{{prefix}}_points FOR SELECT TO chronicle_app
    USING (tenant_id = current_setting('chronicle.tenant_id', true));
  CREATE POLICY tenant_reads ON chronicle_read.{{prefix}}_rollups FOR SELECT TO chronicle_app
    USING (tenant_id = current_setting('chronicle.tenant_id', true));
  CREATE POLICY projector_writes ON chronicle_read.{{prefix}}_points TO chronicle_projector
    USING (true) WITH CHECK (true);
  CREATE POLICY projector_writes ON chronicle_read.{{prefix}}_rollups TO chronicle_projector
    USING (true) WITH CHECK (true);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
GRANT SELECT ON chronicle_read.{{prefix}}_points, chronicle_read.{{prefix}}_rollups TO chronicle_app;
GRANT SELECT, INSERT, UPDATE, DELETE
  ON chronicle_read.{{prefix}}_points, chronicle_read.{{prefix}}_rollups TO chronicle_projector;
