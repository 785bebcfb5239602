-- Up Migration

/*
 * chronicle.append() as in 0007, with less work per batch and per event:
 * - No lock statement for batches of one-stream requests. A one-event request's head is locked, checked
 *   and advanced by the UPDATE that computes its event's hash from the head's last hash, and the same
 *   statement writes the event. READ COMMITTED re-evaluates that UPDATE on the head a concurrent writer
 *   committed, so it chains on that writer's event or reports the conflict. The store sends such batches
 *   sorted by (tenant, stream), so heads are still locked in key order; a batch with a request of several
 *   streams still locks every head first.
 * - The head keeps its last recorded time (`last_recorded_at`). The one-event statement takes the later of
 *   its own time, which it reads before any lock, and the head's, so a stream's recorded times still grow
 *   with its versions.
 * - The type and schema version that a stream's events share come once, with the stream
 *   ("streams"[i]."type" and ."schemaVersion"), as shared metadata has since 0007; an event's own fields
 *   take precedence.
 * - An event's hash content takes its id and schema version as the JSON has them, instead of parsing them
 *   into uuid and integer and printing them back. The store sends both in canonical text (a lowercase
 *   hyphenated uuid that it generates; a validated integer), so the content and every hash are unchanged.
 *   chronicle.event_hash(), which verify uses, still computes the same text from the stored columns.
 * - The results are returned as JSON text, and the one-event result is built as text. Building one jsonb
 *   object per request cost more than the request's own write.
 */
ALTER TABLE chronicle.streams ADD COLUMN last_recorded_at timestamptz NOT NULL DEFAULT '-infinity';
UPDATE chronicle.streams h SET last_recorded_at = e.recorded_at
  FROM chronicle.events e
 WHERE e.tenant_id = h.tenant_id AND e.stream_id = h.stream_id AND e.stream_version = h.version;

-- The return type changes, which CREATE OR REPLACE cannot do.
DROP FUNCTION chronicle.append(jsonb);
CREATE FUNCTION chronicle.append(p_requests jsonb) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
DECLARE
  v_xid        xid8;
  v_now        timestamptz;
  v_micros     bigint;
  v_results    text[] := '{}';
  v_request    jsonb;
  v_streams    jsonb;
  v_stream     jsonb;
  v_tenant     text;
  v_stream_id  text;
  v_key        text;
  v_existing   record;
  v_head       record;
  v_expected   jsonb;
  v_satisfied  boolean;
  v_conflict   jsonb;
  v_created    text[];
  v_versions   bigint[];
  v_last_hashes bytea[];
  v_version    bigint;
  v_hash       bytea;
  v_content    bytea;
  v_contents   bytea[];
  v_hashes     bytea[];
  v_first      bigint;
  v_last       bigint;
  v_written    jsonb;
  v_result     jsonb;
  v_event      jsonb;
  v_meta       jsonb;
  v_meta_text  text;
  v_ok         text;
  v_type       text;
  v_schema     text;
BEGIN
  -- A request of several streams locks them one by one in its own order, which another batch could cross:
  -- then every head of the batch is locked first, in key order. Otherwise heads are locked in the batch's
  -- order, which the store sorts by (tenant, stream) in code point order, as this statement does, so that
  -- two batches never wait on each other in a cycle.
  IF jsonb_path_exists(p_requests, '$[*] ? (@.streams.size() > 1)') THEN
    PERFORM 1
      FROM (SELECT r->>'tenant' AS tenant_id, s->>'id' AS stream_id
              FROM jsonb_array_elements(p_requests) r, jsonb_array_elements(r->'streams') s
             GROUP BY 1, 2
             ORDER BY (r->>'tenant') COLLATE "C", (s->>'id') COLLATE "C") wanted,
           LATERAL (SELECT 1 FROM chronicle.streams h
                     WHERE h.tenant_id = wanted.tenant_id AND h.stream_id = wanted.stream_id
                       FOR UPDATE) locked;
  END IF;
  -- Taken before any lock on this path: the one-event statements below keep a stream's recorded times
  -- growing with its versions by taking the later of this time and its head's.
  v_now := clock_timestamp();

  FOR r IN 0 .. jsonb_array_length(p_requests) - 1 LOOP
    v_request := p_requests->r;
    v_tenant := v_request->>'tenant';
    v_key := v_request->>'key';
    v_streams := v_request->'streams';

    IF v_key IS NOT NULL THEN
      INSERT INTO chronicle.idempotency_keys (tenant_id, idempotency_key, request_hash, recorded_at)
        VALUES (v_tenant, v_key, decode(v_request->>'requestHash', 'hex'), clock_timestamp())
        ON CONFLICT DO NOTHING;
      IF NOT FOUND THEN
        SELECT request_hash, result INTO v_existing FROM chronicle.idempotency_keys
          WHERE tenant_id = v_tenant AND idempotency_key = v_key;
        IF v_existing.request_hash = decode(v_request->>'requestHash', 'hex') THEN
          v_results := v_results || jsonb_build_object('status', 'duplicate', 'result', v_existing.result)::text;
        ELSE
          v_results := v_results || jsonb_build_object('status', 'key_reused')::text;
        END IF;
        CONTINUE;
      END IF;
    END IF;

    -- The common request: one event on one stream. One statement locks, checks and advances its head (a
    -- concurrent writer's commit re-evaluates it on the head that writer left) and writes the event; a
    -- new stream claims its head with its event. Whatever neither does takes the general path below,
    -- which reports conflicts and the ordering retry, and locks what a racing creator committed.
    v_stream := v_streams->0;
    IF jsonb_array_length(v_streams) = 1 AND jsonb_array_length(v_stream->'events') = 1 THEN
      v_stream_id := v_stream->>'id';
      v_expected := v_stream->'expected';
      v_event := v_stream->'events'->0;
      v_meta := coalesce(v_event->'metadata', v_stream->'metadata');
      v_first := NULL;
      WITH head AS (
        UPDATE chronicle.streams h
           SET version = h.version + 1,
               last_recorded_at = greatest(v_now, h.last_recorded_at),
               last_hash = sha256(h.last_hash || convert_to(concat_ws(E'\n', v_tenant, v_stream_id, h.version + 1,
                 v_event->>'id', v_event->>'type', v_event->>'schemaVersion', v_event->'data', v_meta,
                 (extract(epoch FROM greatest(v_now, h.last_recorded_at)) * 1000000)::bigint), 'UTF8')),
               last_transaction_id = pg_current_xact_id()
         WHERE h.tenant_id = v_tenant AND h.stream_id = v_stream_id
           -- The transaction's id is handed out here, at the first write (if nothing wrote before), just
           -- before the lock: an id taken earlier could be older than the holder's, which this refuses.
           AND h.last_transaction_id <= pg_current_xact_id()
           AND CASE WHEN v_expected = '"any"' THEN true
                    WHEN v_expected = '"exists"' THEN h.version > 0
                    WHEN v_expected = '"no_stream"' THEN h.version = 0
                    ELSE h.version = (v_expected #>> '{}')::bigint END
        RETURNING h.version, h.last_hash, h.last_recorded_at)
      INSERT INTO chronicle.events (tenant_id, stream_id, stream_version, event_id, event_type,
          schema_version, data, metadata, recorded_at, transaction_id, hash)
        SELECT v_tenant, v_stream_id, head.version, (v_event->>'id')::uuid, v_event->>'type',
               (v_event->>'schemaVersion')::integer, v_event->'data', v_meta, head.last_recorded_at,
               pg_current_xact_id(), head.last_hash
          FROM head
        RETURNING global_position, stream_version INTO v_first, v_version;
      IF v_first IS NULL AND v_expected IN ('"any"', '"no_stream"', '0') THEN
        v_version := 1;
        v_hash := sha256(convert_to(concat_ws(E'\n', v_tenant, v_stream_id, 1, v_event->>'id', v_event->>'type',
          v_event->>'schemaVersion', v_event->'data', v_meta, (extract(epoch FROM v_now) * 1000000)::bigint), 'UTF8'));
        WITH head AS (
          INSERT INTO chronicle.streams (tenant_id, stream_id, version, last_hash, last_transaction_id,
              last_recorded_at)
            VALUES (v_tenant, v_stream_id, 1, v_hash, pg_current_xact_id(), v_now)
            ON CONFLICT DO NOTHING
            RETURNING 1)
        INSERT INTO chronicle.events (tenant_id, stream_id, stream_version, event_id, event_type,
            schema_version, data, metadata, recorded_at, transaction_id, hash)
          SELECT v_tenant, v_stream_id, 1, (v_event->>'id')::uuid, v_event->>'type',
                 (v_event->>'schemaVersion')::integer, v_event->'data', v_meta, v_now, pg_current_xact_id(), v_hash
            FROM head
          RETURNING global_position INTO v_first;
      END IF;
      IF v_first IS NOT NULL THEN
        v_xid := pg_current_xact_id();
        -- The result as the general path's jsonb would print it, without building one.
        v_ok := '{"status": "ok", "streams": [{"id": ' || to_json(v_stream_id) || ', "version": ' || v_version
          || ', "lastPosition": ' || v_first || ', "firstPosition": ' || v_first || '}], "transactionId": "'
          || v_xid || '"}';
        IF v_key IS NOT NULL THEN
          UPDATE chronicle.idempotency_keys SET result = v_ok::jsonb
           WHERE tenant_id = v_tenant AND idempotency_key = v_key;
        END IF;
        v_results := v_results || v_ok;
        CONTINUE;
      END IF;
    END IF;

    -- Lock every stream head (claiming new streams with an empty head) and check every expected version
    -- before writing anything.
    v_xid := pg_current_xact_id();
    v_conflict := NULL;
    v_created := '{}';
    v_versions := '{}';
    v_last_hashes := '{}';
    FOR s IN 0 .. jsonb_array_length(v_streams) - 1 LOOP
      v_stream_id := v_streams->s->>'id';
      SELECT version, last_hash, last_transaction_id INTO v_head FROM chronicle.streams
        WHERE tenant_id = v_tenant AND stream_id = v_stream_id FOR UPDATE;
      IF NOT FOUND THEN
        -- Waits for a concurrent creator of the same stream to finish; then we lock what it committed.
        INSERT INTO chronicle.streams (tenant_id, stream_id, version, last_hash, last_transaction_id)
          VALUES (v_tenant, v_stream_id, 0, ''::bytea, v_xid)
          ON CONFLICT DO NOTHING;
        IF FOUND THEN
          v_created := v_created || v_stream_id;
        END IF;
        SELECT version, last_hash, last_transaction_id INTO v_head FROM chronicle.streams
          WHERE tenant_id = v_tenant AND stream_id = v_stream_id FOR UPDATE;
      END IF;
      v_expected := v_streams->s->'expected';
      -- (A CASE cannot stand in an IF: plpgsql ends the condition at its first THEN.)
      v_satisfied := CASE WHEN v_expected = '"any"' THEN true
                          WHEN v_expected = '"no_stream"' THEN v_head.version = 0
                          WHEN v_expected = '"exists"' THEN v_head.version > 0
                          ELSE v_head.version = (v_expected #>> '{}')::bigint END;
      IF NOT v_satisfied THEN
        v_conflict := jsonb_build_object('status', 'conflict', 'stream', v_stream_id,
          'expected', v_expected, 'actual', v_head.version);
        EXIT;
      END IF;
      -- Readers order the log by (transaction id, position). A transaction whose id is older than the one
      -- that wrote this stream's head would put its events before that head: retry with a newer id.
      IF v_head.last_transaction_id > v_xid THEN
        RAISE EXCEPTION 'stream % was written by a newer transaction; retry', v_stream_id
          USING ERRCODE = '40001';
      END IF;
      v_versions := v_versions || v_head.version;
      v_last_hashes := v_last_hashes || v_head.last_hash;
    END LOOP;

    IF v_conflict IS NOT NULL THEN
      -- Nothing of this request may remain: neither the heads it claimed nor its idempotency key.
      DELETE FROM chronicle.streams WHERE tenant_id = v_tenant AND stream_id = ANY (v_created);
      IF v_key IS NOT NULL THEN
        DELETE FROM chronicle.idempotency_keys WHERE tenant_id = v_tenant AND idempotency_key = v_key;
      END IF;
      v_results := v_results || v_conflict::text;
      CONTINUE;
    END IF;

    -- Taken with the heads locked, so recorded times grow with the version within a stream.
    v_now := clock_timestamp();
    v_micros := (extract(epoch FROM v_now) * 1000000)::bigint;
    v_written := '[]'::jsonb;
    FOR s IN 0 .. jsonb_array_length(v_streams) - 1 LOOP
      v_stream := v_streams->s;
      v_stream_id := v_stream->>'id';
      v_version := v_versions[s + 1];
      v_hash := v_last_hashes[s + 1];
      IF jsonb_array_length(v_stream->'events') = 1 THEN
        -- One event (the common append): its hash and row without set-returning functions.
        v_event := v_stream->'events'->0;
        v_hash := sha256(v_hash || convert_to(concat_ws(E'\n', v_tenant, v_stream_id, v_version + 1,
          v_event->>'id', v_event->>'type', v_event->>'schemaVersion', v_event->'data',
          coalesce(v_event->'metadata', v_stream->'metadata'), v_micros), 'UTF8'));
        INSERT INTO chronicle.events (tenant_id, stream_id, stream_version, event_id, event_type,
            schema_version, data, metadata, recorded_at, transaction_id, hash)
          VALUES (v_tenant, v_stream_id, v_version + 1, (v_event->>'id')::uuid, v_event->>'type',
                  (v_event->>'schemaVersion')::integer, v_event->'data', coalesce(v_event->'metadata', v_stream->'metadata'), v_now, v_xid, v_hash)
          RETURNING global_position INTO v_first;
        v_last := v_first;
        v_version := v_version + 1;
      ELSE
        -- The metadata its events share, parsed and turned into text once.
        v_meta := v_stream->'metadata';
        v_meta_text := v_meta::text;
        v_type := v_stream->>'type';
        v_schema := v_stream->>'schemaVersion';
        -- Each event's canonical content, set-based (the same expression as chronicle.event_hash()) ...
        SELECT array_agg(convert_to(concat_ws(E'\n', v_tenant, v_stream_id, v_version + n, e->>'id',
                 coalesce(e->>'type', v_type), coalesce(e->>'schemaVersion', v_schema), e->'data', coalesce((e->'metadata')::text, v_meta_text), v_micros), 'UTF8') ORDER BY n)
          INTO v_contents
          FROM jsonb_array_elements(v_stream->'events') WITH ORDINALITY AS x(e, n);
        -- ... then the chain, which is sequential ...
        v_hashes := '{}';
        FOREACH v_content IN ARRAY v_contents LOOP
          v_hash := sha256(v_hash || v_content);
          v_hashes := v_hashes || v_hash;
        END LOOP;
        -- ... and every event in one statement.
        WITH inserted AS (
          INSERT INTO chronicle.events (tenant_id, stream_id, stream_version, event_id, event_type,
              schema_version, data, metadata, recorded_at, transaction_id, hash)
            SELECT v_tenant, v_stream_id, v_version + n, (e->>'id')::uuid, coalesce(e->>'type', v_type),
                   coalesce(e->>'schemaVersion', v_schema)::integer, e->'data', coalesce(e->'metadata', v_meta), v_now, v_xid, h
              FROM ROWS FROM (jsonb_array_elements(v_stream->'events'), unnest(v_hashes)) WITH ORDINALITY AS x(e, h, n)
             ORDER BY n
          RETURNING global_position)
        SELECT min(global_position), max(global_position) INTO v_first, v_last FROM inserted;
        v_version := v_version + cardinality(v_hashes);
      END IF;
      UPDATE chronicle.streams
         SET version = v_version, last_hash = v_hash, last_transaction_id = v_xid, last_recorded_at = v_now
       WHERE tenant_id = v_tenant AND stream_id = v_stream_id;
      v_written := v_written || jsonb_build_array(jsonb_build_object('id', v_stream_id, 'version', v_version,
        'firstPosition', v_first, 'lastPosition', v_last));
    END LOOP;

    v_result := jsonb_build_object('status', 'ok', 'streams', v_written, 'transactionId', v_xid::text);
    IF v_key IS NOT NULL THEN
      UPDATE chronicle.idempotency_keys SET result = v_result WHERE tenant_id = v_tenant AND idempotency_key = v_key;
    END IF;
    v_results := v_results || v_result::text;
  END LOOP;
  RETURN '[' || array_to_string(v_results, ',') || ']';
END $$;
REVOKE ALL ON FUNCTION chronicle.append FROM PUBLIC;
GRANT EXECUTE ON FUNCTION chronicle.append TO chronicle_app;
