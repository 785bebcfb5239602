-- Up Migration

-- How far back each time-series level is kept (resolution 0: raw points; else the rollup width in ms).
-- The retention job moves the horizons forward and deletes what lies behind them; projections ignore
-- points behind the raw horizon, so a late point never recomputes a bucket whose raw points are gone.
CREATE TABLE chronicle_read.retention_horizons (
  resolution integer     PRIMARY KEY,
  before     bigint      NOT NULL, -- epoch ms: rows older than this are not kept
  updated_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON chronicle_read.retention_horizons TO chronicle_app, chronicle_platform;
GRANT SELECT, INSERT, UPDATE, DELETE ON chronicle_read.retention_horizons TO chronicle_projector;
