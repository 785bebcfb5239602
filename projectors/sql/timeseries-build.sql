-- A bulk build's note of the log it replays (see timeseries-bulk-build.ts): one row per measurement event,
-- written batch by batch with the checkpoint; the points stay in the log until the units read them, in
-- order of source rather than of the log. Dropped with the other working tables when the build finishes.
CREATE TABLE chronicle_read.{{prefix}}_build_events (
  tenant_id       text    NOT NULL,
  source_id       text    NOT NULL,
  transaction_id  xid8    NOT NULL,
  global_position bigint  NOT NULL,
  points          integer NOT NULL,
  -- the times of the event's first and last point: when no two events of a source overlap in the span
  -- between them, the source needs no last-write-wins sort (a hint only: the primary key checks it)
  first_ts        bigint,
  last_ts         bigint
);
