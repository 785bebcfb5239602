-- Catalogues, version 1: the sources of each tenant (with their last value) and the tenants; {{prefix}} names
-- one build's tables (catalogue_v1, or catalogue_v1_g<n> for a rebuild).
CREATE TABLE IF NOT EXISTS chronicle_read.{{prefix}}_sources (
  tenant_id     text        NOT NULL,
  source_id     text        NOT NULL,
  name          text        NOT NULL,
  owner_subject text        NOT NULL,
  unit          text,
  status        text        NOT NULL, -- active | retired
  registered_at timestamptz NOT NULL,
  last_ts       bigint,               -- the newest point's time (epoch ms) and value
  last_value    double precision,
  last_seen     timestamptz,          -- when measurements last arrived
  PRIMARY KEY (tenant_id, source_id)
);
-- a viewer's sources: WHERE tenant_id = $1 AND owner_subject = $2
CREATE INDEX IF NOT EXISTS {{prefix}}_sources_owner
  ON chronicle_read.{{prefix}}_sources (tenant_id, owner_subject);

CREATE TABLE IF NOT EXISTS chronicle_read.{{prefix}}_tenants (
  tenant_id     text        PRIMARY KEY,
  display_name  text        NOT NULL,
  status        text        NOT NULL, -- active | suspended
  realm         text        NOT NULL, -- pending | provisioned | failed
  registered_at timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

ALTER TABLE chronicle_read.{{prefix}}_sources ENABLE ROW LEVEL SECURITY;
ALTER TABLE chronicle_read.{{prefix}}_tenants ENABLE ROW LEVEL SECURITY;
DO $$
BEGIN
  CREATE POLICY tenant_reads ON chronicle_read.{{prefix}}_sources FOR SELECT TO chronicle_app
    USING (tenant_id = current_setting('chronicle.tenant_id', true));
  CREATE POLICY tenant_reads ON chronicle_read.{{prefix}}_tenants FOR SELECT TO chronicle_app
    USING (tenant_id = current_setting('chronicle.tenant_id', true));
  CREATE POLICY platform_reads ON chronicle_read.{{prefix}}_tenants FOR SELECT TO chronicle_platform
    USING (true);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
GRANT SELECT ON chronicle_read.{{prefix}}_sources, chronicle_read.{{prefix}}_tenants TO chronicle_app;
GRANT SELECT ON chronicle_read.{{prefix}}_tenants TO chronicle_platform;
