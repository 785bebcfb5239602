-- Up Migration

-- chronicle_projector: what projector runners act as. It reads the whole log (as chronicle_platform does)
-- and writes read models; it owns no table, so row-level security applies to it too (with a policy that
-- lets it see every tenant). chronicle_app (the query API) reads read models of its transaction's tenant.
DO $$
BEGIN
  CREATE ROLE chronicle_projector NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
GRANT chronicle_platform TO chronicle_projector;

CREATE SCHEMA chronicle_read;
GRANT USAGE ON SCHEMA chronicle_read TO chronicle_app, chronicle_platform, chronicle_projector;
-- Projections create their versions' tables at run time (each version's DDL ships with its code).
GRANT CREATE ON SCHEMA chronicle_read TO chronicle_projector;

-- One row per projection version: where it stands in the log and how it is doing. Written in the same
-- transaction as the read-model changes it accounts for, so every event's effect is applied exactly once.
CREATE TABLE chronicle_read.projections (
  name            text        NOT NULL,
  version         integer     NOT NULL,
  -- building: replaying, not yet serving; live: serving and following; retired: replaced, kept until
  -- dropped; failed: stopped on a poison event (see error)
  status          text        NOT NULL CHECK (status IN ('building', 'live', 'retired', 'failed')),
  transaction_id  xid8        NOT NULL DEFAULT '0',
  position        bigint      NOT NULL DEFAULT 0,
  events_applied  bigint      NOT NULL DEFAULT 0,
  error           text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
);
GRANT SELECT ON chronicle_read.projections TO chronicle_app, chronicle_platform;
GRANT SELECT, INSERT, UPDATE, DELETE ON chronicle_read.projections TO chronicle_projector;
