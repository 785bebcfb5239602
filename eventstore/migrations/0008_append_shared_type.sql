-- Up Migration

/*
 * chronicle.append() as in 0007, with less parsing per event of a many-event stream:
 * - the type and schema version its events share come once, with the stream ("streams"[i]."type" and
 *   ."schemaVersion"), as its shared metadata does since 0007; an event's own take precedence;
 * - an event's hash content takes its id and schema version as the JSON has them, instead of parsing them
 *   into uuid and integer and printing them back. The store sends both in their canonical text (a lowercase
 *   hyphenated uuid it generates; a validated integer), so the content and every hash are unchanged, and
 *   chronicle.event_hash(), which verify uses, still computes the same text from the stored columns.
 * 100-event appends: 5-9% less backend time per call, in interleaved runs against 0007.
 */
CREATE OR REPLACE FUNCTION chronicle.append(p_requests jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
DECLARE
  v_xid        xid8;
  v_now        timestamptz;
  v_micros     bigint;
  v_results    jsonb[] := '{}';
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
  v_type       text;
  v_schema     text;
  v_head_versions     bigint[];
  v_head_hashes       bytea[];
  v_head_transactions xid8[];
  v_distinct          boolean;
  v_slot              integer := 0;
  v_first_slot        integer;
BEGIN
  -- Lock every existing stream head of the batch, each by its key and in key order, so that two batches
  -- never deadlock, and keep them in request order (NULL where the stream is new) for the one-event path.
  SELECT array_agg(h.version ORDER BY w.request, w.stream_no),
         array_agg(h.last_hash ORDER BY w.request, w.stream_no),
         array_agg(h.last_transaction_id ORDER BY w.request, w.stream_no),
         count(*) = count(DISTINCT (w.tenant_id, w.stream_id))
    INTO v_head_versions, v_head_hashes, v_head_transactions, v_distinct
    FROM (SELECT r.n AS request, s.n AS stream_no, r.x->>'tenant' AS tenant_id, s.x->>'id' AS stream_id
            FROM jsonb_array_elements(p_requests) WITH ORDINALITY r(x, n),
                 jsonb_array_elements(r.x->'streams') WITH ORDINALITY s(x, n)
           ORDER BY 3, 4) w
    LEFT JOIN LATERAL (SELECT h.version, h.last_hash, h.last_transaction_id FROM chronicle.streams h
                        WHERE h.tenant_id = w.tenant_id AND h.stream_id = w.stream_id
                          FOR UPDATE) h ON true;
  -- Taken after the locks: a transaction id handed out before waiting on a lock could be older than the
  -- holder's, which the ordering check below would then have to reject.
  v_xid := pg_current_xact_id();
  v_now := clock_timestamp();
  v_micros := (extract(epoch FROM v_now) * 1000000)::bigint;

  FOR r IN 0 .. jsonb_array_length(p_requests) - 1 LOOP
    v_request := p_requests->r;
    v_tenant := v_request->>'tenant';
    v_key := v_request->>'key';
    v_streams := v_request->'streams';
    -- Where this request's first head is in the arrays of the lock statement.
    v_first_slot := v_slot + 1;
    v_slot := v_slot + jsonb_array_length(v_streams);

    IF v_key IS NOT NULL THEN
      INSERT INTO chronicle.idempotency_keys (tenant_id, idempotency_key, request_hash, recorded_at)
        VALUES (v_tenant, v_key, decode(v_request->>'requestHash', 'hex'), clock_timestamp())
        ON CONFLICT DO NOTHING;
      IF NOT FOUND THEN
        SELECT request_hash, result INTO v_existing FROM chronicle.idempotency_keys
          WHERE tenant_id = v_tenant AND idempotency_key = v_key;
        IF v_existing.request_hash = decode(v_request->>'requestHash', 'hex') THEN
          v_results := v_results || jsonb_build_object('status', 'duplicate', 'result', v_existing.result);
        ELSE
          v_results := v_results || jsonb_build_object('status', 'key_reused');
        END IF;
        CONTINUE;
      END IF;
    END IF;

    -- The common request: one event on one stream whose head the lock statement holds (or that is new).
    -- Those heads are current only if no other request of the batch writes the same streams.
    v_stream := v_streams->0;
    IF v_distinct AND jsonb_array_length(v_streams) = 1 AND jsonb_array_length(v_stream->'events') = 1 THEN
      v_stream_id := v_stream->>'id';
      v_version := coalesce(v_head_versions[v_first_slot], 0);
      v_expected := v_stream->'expected';
      v_satisfied := CASE WHEN v_expected = '"any"' THEN true
                          WHEN v_expected = '"no_stream"' THEN v_version = 0
                          WHEN v_expected = '"exists"' THEN v_version > 0
                          ELSE v_version = (v_expected #>> '{}')::bigint END;
      IF NOT v_satisfied THEN
        IF v_key IS NOT NULL THEN
          DELETE FROM chronicle.idempotency_keys WHERE tenant_id = v_tenant AND idempotency_key = v_key;
        END IF;
        v_results := v_results || jsonb_build_object('status', 'conflict', 'stream', v_stream_id,
          'expected', v_expected, 'actual', v_version);
        CONTINUE;
      END IF;
      IF v_head_transactions[v_first_slot] > v_xid THEN
        RAISE EXCEPTION 'stream % was written by a newer transaction; retry', v_stream_id
          USING ERRCODE = '40001';
      END IF;
      v_event := v_stream->'events'->0;
      v_hash := sha256(coalesce(v_head_hashes[v_first_slot], ''::bytea) || convert_to(concat_ws(E'\n', v_tenant,
        v_stream_id, v_version + 1, v_event->>'id', v_event->>'type', v_event->>'schemaVersion',
        v_event->'data', coalesce(v_event->'metadata', v_stream->'metadata'), v_micros), 'UTF8'));
      v_first := NULL;
      IF v_head_versions[v_first_slot] IS NOT NULL THEN
        WITH head AS (
          UPDATE chronicle.streams SET version = v_version + 1, last_hash = v_hash, last_transaction_id = v_xid
           WHERE tenant_id = v_tenant AND stream_id = v_stream_id)
        INSERT INTO chronicle.events (tenant_id, stream_id, stream_version, event_id, event_type,
            schema_version, data, metadata, recorded_at, transaction_id, hash)
          VALUES (v_tenant, v_stream_id, v_version + 1, (v_event->>'id')::uuid, v_event->>'type',
                  (v_event->>'schemaVersion')::integer, v_event->'data', coalesce(v_event->'metadata', v_stream->'metadata'), v_now, v_xid, v_hash)
          RETURNING global_position INTO v_first;
      ELSE
        -- A new stream: its head is claimed with the event; a creator that raced us leaves no row here,
        -- and the general path below then locks what it committed.
        WITH head AS (
          INSERT INTO chronicle.streams (tenant_id, stream_id, version, last_hash, last_transaction_id)
            VALUES (v_tenant, v_stream_id, 1, v_hash, v_xid)
            ON CONFLICT DO NOTHING
            RETURNING 1)
        INSERT INTO chronicle.events (tenant_id, stream_id, stream_version, event_id, event_type,
            schema_version, data, metadata, recorded_at, transaction_id, hash)
          SELECT v_tenant, v_stream_id, 1, (v_event->>'id')::uuid, v_event->>'type',
                 (v_event->>'schemaVersion')::integer, v_event->'data', coalesce(v_event->'metadata', v_stream->'metadata'), v_now, v_xid, v_hash
            FROM head
          RETURNING global_position INTO v_first;
      END IF;
      IF v_first IS NOT NULL THEN
        v_result := jsonb_build_object('status', 'ok', 'streams', jsonb_build_array(jsonb_build_object(
          'id', v_stream_id, 'version', v_version + 1, 'firstPosition', v_first, 'lastPosition', v_first)),
          'transactionId', v_xid::text);
        IF v_key IS NOT NULL THEN
          UPDATE chronicle.idempotency_keys SET result = v_result
           WHERE tenant_id = v_tenant AND idempotency_key = v_key;
        END IF;
        v_results := v_results || v_result;
        CONTINUE;
      END IF;
    END IF;

    -- Lock every stream head (claiming new streams with an empty head) and check every expected version
    -- before writing anything.
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
      v_results := v_results || v_conflict;
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
      UPDATE chronicle.streams SET version = v_version, last_hash = v_hash, last_transaction_id = v_xid
        WHERE tenant_id = v_tenant AND stream_id = v_stream_id;
      v_written := v_written || jsonb_build_array(jsonb_build_object('id', v_stream_id, 'version', v_version,
        'firstPosition', v_first, 'lastPosition', v_last));
    END LOOP;

    v_result := jsonb_build_object('status', 'ok', 'streams', v_written, 'transactionId', v_xid::text);
    IF v_key IS NOT NULL THEN
      UPDATE chronicle.idempotency_keys SET result = v_result WHERE tenant_id = v_tenant AND idempotency_key = v_key;
    END IF;
    v_results := v_results || v_result;
  END LOOP;
  RETURN to_jsonb(v_results);
END $$;
