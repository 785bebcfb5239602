-- Up Migration

/*
 * chronicle.append(), set-based. The contract is 0001's (same input, same results, same errors); only the
 * work is organised differently. 0001 ran about eight statements per request, so a merged batch of small
 * appends paid for PL/pgSQL statements rather than for writing. Now a batch is applied in rounds, and a round
 * is a fixed handful of statements for all of its requests:
 *   keys    INSERT the idempotency keys; a request whose key exists answers duplicate or key_reused
 *   heads   INSERT the missing stream heads, then lock and read every head of the round
 *   check   expected versions and the ordering rule, stream by stream, in one pass
 *   hashes  the canonical content of every event in one SELECT, then the chains
 *   write   INSERT every event, then UPDATE every head and every key's result
 * A round holds each stream and each idempotency key at most once, and a request joins a round only when no
 * request before it still waits for one of its streams or its key. So requests that share a stream apply in
 * their order, each seeing the version the one before it wrote, as one by one; a batch without such
 * sharing (the usual case) is one round.
 *
 * Plans are generic (planned once per connection): custom plans of these statements cost more to make than
 * to run. So no statement joins two of the round's own sets (a generic plan could loop over one for each
 * row of the other); the round's sets are arrays walked by index, tables are reached by their keys, and
 * membership is a hashed subplan.
 */
CREATE OR REPLACE FUNCTION chronicle.append(p_requests jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_count        integer := jsonb_array_length(p_requests);
  v_results      jsonb[] := array_fill(NULL::jsonb, ARRAY[v_count]);
  v_failed       boolean[];
  v_xid          xid8;
  v_now          timestamptz;
  v_micros       bigint;
  v_pending      integer[] := array(SELECT generate_series(1, v_count));
  v_round        integer[];
  v_known        integer[];
  v_fresh        integer;
  v_existing     record;
  v_request      integer;
  -- the round's idempotency keys
  v_key_ri       integer[];
  v_key_tenants  text[];
  v_keys         text[];
  -- the round's streams ("slots"), in request order and, within a request, in its stream order
  v_ri           integer[];
  v_tenants      text[];
  v_streams      text[];
  v_expected     jsonb[];
  v_events       jsonb[];
  v_versions     bigint[];
  v_last_hashes  bytea[];
  v_last_xids    xid8[];
  v_created      boolean[];
  v_ok           boolean[];
  v_any_failed   boolean;
  v_satisfied    boolean;
  v_written      integer[];
  v_positions    bigint[];
  -- the round's events, in slot order
  v_contents     bytea[];
  v_event_slot   integer[];
  v_hashes       bytea[];
  v_hash         bytea;
  v_slot         integer;
  v_first        integer;
  v_streams_out  jsonb;
  v_result       jsonb;
BEGIN
  -- Lock every existing stream head of the batch, by key and in key order, so that two batches never
  -- deadlock on heads that exist.
  PERFORM 1
    FROM (SELECT DISTINCT r->>'tenant' AS tenant_id, s->>'id' AS stream_id
            FROM jsonb_array_elements(p_requests) r, jsonb_array_elements(r->'streams') s
           ORDER BY 1, 2) wanted,
         LATERAL (SELECT 1 FROM chronicle.streams h
                   WHERE h.tenant_id = wanted.tenant_id AND h.stream_id = wanted.stream_id
                     FOR UPDATE) locked;
  -- Taken after the locks: a transaction id handed out before waiting on a lock could be older than the
  -- holder's, which the ordering check below would then have to reject.
  v_xid := pg_current_xact_id();

  WHILE cardinality(v_pending) > 0 LOOP
    -- The round: every pending request that comes first, among the pending ones, for each of its claims
    -- (its streams and its idempotency key). The others wait for a later round.
    IF cardinality(v_pending) = 1 THEN
      v_round := v_pending;
      v_pending := '{}';
    ELSE
      SELECT coalesce(array_agg(ri ORDER BY ri) FILTER (WHERE first), '{}'),
             coalesce(array_agg(ri ORDER BY ri) FILTER (WHERE NOT first), '{}')
        INTO v_round, v_pending
        FROM (SELECT ri, bool_and(ri = first_ri) AS first
                FROM (SELECT q.ri, min(q.ri) OVER (PARTITION BY c.claim) AS first_ri
                        FROM (SELECT p.ri, p_requests->(p.ri - 1) AS request FROM unnest(v_pending) AS p(ri)) q,
                             LATERAL (SELECT (q.request->>'tenant') || E'\n' || (s->>'id')
                                        FROM jsonb_array_elements(q.request->'streams') s
                                      UNION ALL
                                      SELECT E'\n' || (q.request->>'tenant') || E'\n' || (q.request->>'key')
                                       WHERE q.request ? 'key') AS c(claim)) claims
               GROUP BY ri) rounds;
    END IF;

    -- Keys: a request whose key is recorded already (by an earlier transaction or round) writes nothing.
    SELECT array_agg(ri ORDER BY ri), array_agg(p_requests->(ri - 1)->>'tenant' ORDER BY ri),
           array_agg(p_requests->(ri - 1)->>'key' ORDER BY ri)
      INTO v_key_ri, v_key_tenants, v_keys
      FROM unnest(v_round) AS ri
     WHERE p_requests->(ri - 1) ? 'key';
    IF v_keys IS NOT NULL THEN
      WITH fresh AS (
        INSERT INTO chronicle.idempotency_keys (tenant_id, idempotency_key, request_hash, recorded_at)
          SELECT tenant_id, idempotency_key, decode(p_requests->(ri - 1)->>'requestHash', 'hex'), clock_timestamp()
            FROM unnest(v_key_ri, v_key_tenants, v_keys) AS u(ri, tenant_id, idempotency_key)
          ON CONFLICT DO NOTHING
          RETURNING tenant_id, idempotency_key),
      known AS (
        SELECT array_agg(u.ri ORDER BY u.ri) AS ri
          FROM unnest(v_key_ri, v_key_tenants, v_keys) AS u(ri, tenant_id, idempotency_key)
         WHERE (u.tenant_id, u.idempotency_key) NOT IN (SELECT tenant_id, idempotency_key FROM fresh))
      SELECT ri INTO v_known FROM known;
      IF v_known IS NOT NULL THEN
        FOREACH v_request IN ARRAY v_known LOOP
          SELECT request_hash, result INTO v_existing FROM chronicle.idempotency_keys
            WHERE tenant_id = p_requests->(v_request - 1)->>'tenant'
              AND idempotency_key = p_requests->(v_request - 1)->>'key';
          v_results[v_request] := CASE
            WHEN v_existing.request_hash = decode(p_requests->(v_request - 1)->>'requestHash', 'hex')
              THEN jsonb_build_object('status', 'duplicate', 'result', v_existing.result)
            ELSE jsonb_build_object('status', 'key_reused') END;
        END LOOP;
        v_round := array(SELECT unnest(v_round) EXCEPT SELECT unnest(v_known) ORDER BY 1);
        CONTINUE WHEN cardinality(v_round) = 0;
      END IF;
    END IF;

    -- Heads: claim the new streams with an empty head (waiting for a concurrent creator to finish), then
    -- lock and read every head of the round, in key order.
    SELECT array_agg(ri ORDER BY ri, si), array_agg(p_requests->(ri - 1)->>'tenant' ORDER BY ri, si),
           array_agg(s->>'id' ORDER BY ri, si), array_agg(s->'expected' ORDER BY ri, si),
           array_agg(s->'events' ORDER BY ri, si)
      INTO v_ri, v_tenants, v_streams, v_expected, v_events
      FROM unnest(v_round) AS ri,
           jsonb_array_elements(p_requests->(ri - 1)->'streams') WITH ORDINALITY AS x(s, si);
    INSERT INTO chronicle.streams (tenant_id, stream_id, version, last_hash, last_transaction_id)
      SELECT tenant_id, stream_id, 0, ''::bytea, v_xid
        FROM unnest(v_tenants, v_streams) AS u(tenant_id, stream_id)
       ORDER BY tenant_id, stream_id
      ON CONFLICT DO NOTHING;
    SELECT array_agg(h.version ORDER BY k), array_agg(h.last_hash ORDER BY k),
           array_agg(h.last_transaction_id ORDER BY k)
      INTO v_versions, v_last_hashes, v_last_xids
      FROM (SELECT k, tenant_id, stream_id
              FROM unnest(v_tenants, v_streams) WITH ORDINALITY AS u(tenant_id, stream_id, k)
             ORDER BY tenant_id, stream_id) wanted
      LEFT JOIN LATERAL (SELECT version, last_hash, last_transaction_id FROM chronicle.streams s
                          WHERE s.tenant_id = wanted.tenant_id AND s.stream_id = wanted.stream_id
                            FOR UPDATE) h ON true;

    -- Check: a request fails on its first stream (in its order) whose expected version does not hold.
    v_failed := array_fill(false, ARRAY[v_count]);
    v_ok := array_fill(true, ARRAY[cardinality(v_ri)]);
    v_created := array_fill(false, ARRAY[cardinality(v_ri)]);
    v_any_failed := false;
    FOR k IN 1 .. cardinality(v_ri) LOOP
      IF v_versions[k] IS NULL THEN
        -- The head a concurrent creator claimed is gone again (its append failed): look afresh.
        RAISE EXCEPTION 'stream % changed while it was locked; retry', v_streams[k] USING ERRCODE = '40001';
      END IF;
      -- Committed heads have written events; an empty head is the one this round claimed.
      v_created[k] := v_versions[k] = 0 AND v_last_xids[k] = v_xid;
      CONTINUE WHEN v_failed[v_ri[k]];
      -- (A CASE cannot stand in an IF: plpgsql ends the condition at its first THEN.)
      v_satisfied := CASE WHEN v_expected[k] = '"any"' THEN true
                          WHEN v_expected[k] = '"no_stream"' THEN v_versions[k] = 0
                          WHEN v_expected[k] = '"exists"' THEN v_versions[k] > 0
                          ELSE v_versions[k] = (v_expected[k] #>> '{}')::bigint END;
      IF NOT v_satisfied THEN
        v_failed[v_ri[k]] := true;
        v_any_failed := true;
        v_results[v_ri[k]] := jsonb_build_object('status', 'conflict', 'stream', v_streams[k],
          'expected', v_expected[k], 'actual', v_versions[k]);
        CONTINUE;
      END IF;
      -- Readers order the log by (transaction id, position). A transaction whose id is older than the one
      -- that wrote this stream's head would put its events before that head: retry with a newer id.
      IF v_last_xids[k] > v_xid THEN
        RAISE EXCEPTION 'stream % was written by a newer transaction; retry', v_streams[k]
          USING ERRCODE = '40001';
      END IF;
    END LOOP;
    IF v_any_failed THEN
      -- Nothing of a failed request may remain: neither the heads it claimed nor its idempotency key.
      FOR k IN 1 .. cardinality(v_ri) LOOP
        CONTINUE WHEN NOT v_failed[v_ri[k]];
        v_ok[k] := false;
        IF v_created[k] THEN
          DELETE FROM chronicle.streams WHERE tenant_id = v_tenants[k] AND stream_id = v_streams[k];
        END IF;
      END LOOP;
      DELETE FROM chronicle.idempotency_keys i
       USING unnest(v_key_ri, v_key_tenants, v_keys) AS u(ri, tenant_id, idempotency_key)
       WHERE v_failed[u.ri] AND i.tenant_id = u.tenant_id AND i.idempotency_key = u.idempotency_key;
      CONTINUE WHEN true <> ALL (v_ok);
    END IF;

    -- Hashes: every event's canonical content (the expression of chronicle.event_hash()), then each
    -- stream's chain, which is sequential. Taken with the heads locked, so recorded times grow with the
    -- version within a stream.
    v_now := clock_timestamp();
    v_micros := (extract(epoch FROM v_now) * 1000000)::bigint;
    SELECT array_agg(convert_to(concat_ws(E'\n', u.tenant_id, u.stream_id, u.version + n, (e->>'id')::uuid,
             e->>'type', (e->>'schemaVersion')::integer, e->'data', e->'metadata', v_micros), 'UTF8') ORDER BY u.k, n),
           array_agg(u.k::integer ORDER BY u.k, n)
      INTO v_contents, v_event_slot
      FROM unnest(v_tenants, v_streams, v_versions, v_events, v_ok)
             WITH ORDINALITY AS u(tenant_id, stream_id, version, events, ok, k),
           jsonb_array_elements(u.events) WITH ORDINALITY AS x(e, n)
     WHERE u.ok;
    v_hashes := array_fill(NULL::bytea, ARRAY[cardinality(v_contents)]);
    v_written := array_fill(0, ARRAY[cardinality(v_ri)]);
    v_slot := 0;
    FOR i IN 1 .. cardinality(v_contents) LOOP
      IF v_event_slot[i] <> v_slot THEN
        v_slot := v_event_slot[i];
        v_hash := v_last_hashes[v_slot];
      END IF;
      v_hash := sha256(v_hash || v_contents[i]);
      v_hashes[i] := v_hash;
      v_last_hashes[v_slot] := v_hash;
      v_written[v_slot] := v_written[v_slot] + 1;
    END LOOP;

    -- Write: every event in one statement, in slot and event order. Positions come from one sequence, so
    -- the round's positions in ascending order are its events in that order.
    WITH inserted AS (
      INSERT INTO chronicle.events (tenant_id, stream_id, stream_version, event_id, event_type,
          schema_version, data, metadata, recorded_at, transaction_id, hash)
        SELECT u.tenant_id, u.stream_id, u.version + n, (e->>'id')::uuid, e->>'type',
               (e->>'schemaVersion')::integer, e->'data', e->'metadata', v_now, v_xid,
               v_hashes[row_number() OVER (ORDER BY u.k, n)]
          FROM unnest(v_tenants, v_streams, v_versions, v_events, v_ok)
                 WITH ORDINALITY AS u(tenant_id, stream_id, version, events, ok, k),
               jsonb_array_elements(u.events) WITH ORDINALITY AS x(e, n)
         WHERE u.ok
         ORDER BY u.k, n
      RETURNING global_position)
    SELECT array_agg(global_position ORDER BY global_position) INTO v_positions FROM inserted;
    UPDATE chronicle.streams h
       SET version = u.version + u.written, last_hash = u.last_hash, last_transaction_id = v_xid
      FROM unnest(v_tenants, v_streams, v_versions, v_written, v_last_hashes, v_ok)
             AS u(tenant_id, stream_id, version, written, last_hash, ok)
     WHERE u.ok AND h.tenant_id = u.tenant_id AND h.stream_id = u.stream_id;

    -- Outcomes, request by request; a request's slots are adjacent.
    v_first := 1;
    v_streams_out := '[]';
    FOR k IN 1 .. cardinality(v_ri) LOOP
      IF v_ok[k] THEN
        v_streams_out := v_streams_out || jsonb_build_object('id', v_streams[k],
          'version', v_versions[k] + v_written[k],
          'firstPosition', v_positions[v_first], 'lastPosition', v_positions[v_first + v_written[k] - 1]);
        v_first := v_first + v_written[k];
        IF k = cardinality(v_ri) OR v_ri[k + 1] <> v_ri[k] THEN
          v_results[v_ri[k]] := jsonb_build_object('status', 'ok', 'streams', v_streams_out,
            'transactionId', v_xid::text);
          v_streams_out := '[]';
        END IF;
      END IF;
    END LOOP;
    IF v_keys IS NOT NULL THEN
      UPDATE chronicle.idempotency_keys i SET result = v_results[u.ri]
        FROM unnest(v_key_ri, v_key_tenants, v_keys) AS u(ri, tenant_id, idempotency_key)
       WHERE NOT v_failed[u.ri] AND i.tenant_id = u.tenant_id AND i.idempotency_key = u.idempotency_key
         AND v_results[u.ri]->>'status' = 'ok';
    END IF;
  END LOOP;
  RETURN to_jsonb(v_results);
END $$;
