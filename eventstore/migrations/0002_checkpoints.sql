-- Up Migration

-- Where each named consumer of the log (the realm reconciler, projections) stands. Platform-wide rows, not a
-- tenant's: consumers read every tenant's log as chronicle_platform.
CREATE TABLE chronicle.checkpoints (
  consumer       text        PRIMARY KEY,
  transaction_id xid8        NOT NULL,
  position       bigint      NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE ON chronicle.checkpoints TO chronicle_platform;
