-- Up Migration

-- Rebuilds: a building version may be cancelled by ops (its tables stay until dropped), and its progress
-- is measured from when it started.
ALTER TABLE chronicle_read.projections DROP CONSTRAINT projections_status_check;
ALTER TABLE chronicle_read.projections
  ADD CONSTRAINT projections_status_check CHECK (status IN ('building', 'live', 'retired', 'failed', 'cancelled'));
ALTER TABLE chronicle_read.projections ADD COLUMN started_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE chronicle_read.projections ADD COLUMN switched_at timestamptz;
