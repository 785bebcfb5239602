-- Up Migration

-- Runtime rebuilds: ops ask for a fresh copy of a projection's serving version, built from an empty read
-- model beside the serving copy and switched to once caught up, as a new version is. Each copy is a
-- generation of the version, with tables of its own (generation 1 is the version's first build, named as
-- before; generation n is `<name>_v<version>_g<n>_*`).
ALTER TABLE chronicle_read.projections ADD COLUMN generation integer NOT NULL DEFAULT 1 CHECK (generation >= 1);
ALTER TABLE chronicle_read.projections DROP CONSTRAINT projections_pkey;
ALTER TABLE chronicle_read.projections ADD PRIMARY KEY (name, version, generation);
-- requested: asked for by ops, not yet taken up by a runner (which makes its tables and starts building).
ALTER TABLE chronicle_read.projections DROP CONSTRAINT projections_status_check;
ALTER TABLE chronicle_read.projections ADD CONSTRAINT projections_status_check
  CHECK (status IN ('requested', 'building', 'live', 'retired', 'failed', 'cancelled'));
-- Who asked for the build and who cancelled it (the ops user's subject; null for a build that a deployed
-- version started), and when the runner dropped a cancelled build's tables.
ALTER TABLE chronicle_read.projections ADD COLUMN requested_by text;
ALTER TABLE chronicle_read.projections ADD COLUMN cancelled_by text;
ALTER TABLE chronicle_read.projections ADD COLUMN dropped_at timestamptz;
-- One build of a projection at a time: two would each retire the other's copy when they switch.
CREATE UNIQUE INDEX projections_one_build ON chronicle_read.projections (name)
  WHERE status IN ('requested', 'building');

-- Starts a rebuild of the projection's serving version: the next generation, requested, for the runners
-- hosting the version to take up. Refused (55006) while a build of the projection is under way, and
-- (P0002) for a projection with no serving version. SECURITY DEFINER: ops act as chronicle_platform,
-- which may write no table itself; this is the only way it asks for a build.
CREATE FUNCTION chronicle_read.request_rebuild(p_name text, p_requested_by text)
RETURNS chronicle_read.projections
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_serving chronicle_read.projections;
  v_build chronicle_read.projections;
  v_requested chronicle_read.projections;
BEGIN
  -- The serving row, locked: two requests for one projection queue here, and the second sees the first's.
  SELECT * INTO v_serving FROM chronicle_read.projections
   WHERE name = p_name AND status = 'live' FOR UPDATE;
  IF NOT FOUND THEN
    IF EXISTS (SELECT 1 FROM chronicle_read.projections WHERE name = p_name) THEN
      RAISE EXCEPTION 'projection % has no serving version to rebuild', p_name USING ERRCODE = 'P0002';
    END IF;
    RAISE EXCEPTION 'no projection named %', p_name USING ERRCODE = 'P0002',
      HINT = 'projections: ' || coalesce((SELECT string_agg(DISTINCT name, ', ' ORDER BY name)
                                             FROM chronicle_read.projections), 'none yet');
  END IF;
  SELECT * INTO v_build FROM chronicle_read.projections
   WHERE name = p_name AND status IN ('requested', 'building');
  IF FOUND THEN
    RAISE EXCEPTION 'a build of % is already under way (v% generation %, %)',
      p_name, v_build.version, v_build.generation, v_build.status USING ERRCODE = 'object_in_use';
  END IF;
  BEGIN
    INSERT INTO chronicle_read.projections (name, version, generation, status, requested_by)
    SELECT p_name, v_serving.version, max(generation) + 1, 'requested', p_requested_by
      FROM chronicle_read.projections WHERE name = p_name AND version = v_serving.version
    RETURNING * INTO v_requested;
  EXCEPTION WHEN unique_violation THEN
    -- a new version's build began meanwhile (runners do not lock the serving row)
    RAISE EXCEPTION 'a build of % is already under way', p_name USING ERRCODE = 'object_in_use';
  END;
  RETURN v_requested;
END $$;

-- Cancels the build of the projection under way (a rebuild, or a new version's), optionally only if it is
-- of version p_version: it stops at its next batch, and its runner drops its tables. Refused (55000) when
-- none is under way, (P0002) for an unknown projection.
CREATE FUNCTION chronicle_read.cancel_rebuild(p_name text, p_cancelled_by text, p_version integer DEFAULT NULL)
RETURNS chronicle_read.projections
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_cancelled chronicle_read.projections;
BEGIN
  -- (a unit of a bulk build holds the row only FOR KEY SHARE: the cancel does not wait for it)
  UPDATE chronicle_read.projections
     SET status = 'cancelled', cancelled_by = p_cancelled_by, updated_at = now()
   WHERE name = p_name AND status IN ('requested', 'building') AND (p_version IS NULL OR version = p_version)
  RETURNING * INTO v_cancelled;
  IF FOUND THEN
    RETURN v_cancelled;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM chronicle_read.projections WHERE name = p_name) THEN
    RAISE EXCEPTION 'no projection named %', p_name USING ERRCODE = 'P0002';
  END IF;
  IF p_version IS NULL THEN
    RAISE EXCEPTION 'no build of % is under way', p_name USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RAISE EXCEPTION '% v% is not building', p_name, p_version USING ERRCODE = 'object_not_in_prerequisite_state';
END $$;

REVOKE ALL ON FUNCTION chronicle_read.request_rebuild, chronicle_read.cancel_rebuild FROM PUBLIC;
GRANT EXECUTE ON FUNCTION chronicle_read.request_rebuild, chronicle_read.cancel_rebuild TO chronicle_platform;

-- How far a bulk build's units are, for ops: a read that the build's finish may race (it drops the
-- table), so a table gone reads as no row rather than an error that would abort the reader's transaction.
-- SECURITY INVOKER: the reader needs SELECT on the table (granted to chronicle_platform when planned; a
-- build planned before that grant existed reads as no row too).
CREATE FUNCTION chronicle_read.bulk_units_progress(p_units text)
RETURNS TABLE (built integer, units integer, points_built bigint, points bigint)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT count(*) FILTER (WHERE built)::integer, count(*)::integer,
            coalesce(sum(points) FILTER (WHERE built), 0)::bigint, coalesce(sum(points), 0)::bigint FROM %s',
    p_units::regclass);
EXCEPTION WHEN undefined_table OR insufficient_privilege THEN
  RETURN;
END $$;
GRANT EXECUTE ON FUNCTION chronicle_read.bulk_units_progress TO chronicle_platform;
