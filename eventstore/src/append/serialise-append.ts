import { createHash, randomUUID } from 'node:crypto';
import { isValidTenantId } from '@chronicle/domain';
import { InvalidAppend } from '../errors.js';
import type { AppendRequest, ExpectedVersion } from '../types.js';

export interface AppendLimits {
  /** Largest serialised data + metadata of one event, in bytes. */
  maxEventBytes: number;
}

/** An append request checked and turned into the JSON that chronicle.append() takes. */
export interface SerialisedAppend {
  tenant: string;
  json: string;
  eventCount: number;
  /** Tenant and first stream: what group commit orders a batch by, so heads are locked in key order. */
  lockKey: string;
}

const NO_METADATA = Object.freeze({});
const STREAM_ID = /^[^\p{Cc}]{1,200}$/u;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
// The column is a PostgreSQL integer.
const MAX_SCHEMA_VERSION = 2_147_483_647;

export function requireTenant(tenant: unknown): asserts tenant is string {
  if (typeof tenant !== 'string' || !isValidTenantId(tenant)) {
    throw new InvalidAppend('invalid_tenant', `tenant id ${JSON.stringify(tenant)} is not a valid tenant id`);
  }
}

export function requireIdempotencyKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw new InvalidAppend(
      'invalid_idempotency_key',
      'idempotency key must be 1-200 printable ASCII characters without spaces',
    );
  }
}

/**
 * Validates everything the database would otherwise reject half-way, so that bad input fails before any
 * I/O with an error that names what is wrong, and one caller's bad request can never fail a merged batch.
 */
export function serialiseAppend(request: AppendRequest, limits: AppendLimits): SerialisedAppend {
  const { tenant, streams, idempotencyKey, idempotencyFingerprint } = request;
  requireTenant(tenant);
  if (idempotencyKey !== undefined) requireIdempotencyKey(idempotencyKey);
  if (
    idempotencyFingerprint !== undefined &&
    (typeof idempotencyFingerprint !== 'string' || idempotencyKey === undefined)
  ) {
    throw new InvalidAppend(
      'invalid_idempotency_key',
      'an idempotency fingerprint must be a string and come with an idempotency key',
    );
  }
  if (!Array.isArray(streams) || streams.length === 0) {
    throw new InvalidAppend('empty_append', 'an append needs at least one stream with events');
  }
  const seen = new Set<string>();
  // What the request says (hashed for the idempotency check, so only with a key) and what goes on the
  // wire: the same plus a fresh id per event, which must not make a retried request look different.
  const keyed = idempotencyKey !== undefined;
  const contentParts: string[] = [];
  const wireParts: string[] = [];
  let eventCount = 0;
  // Callers usually give every event of an append the same metadata object (one command's correlation and
  // actor): it is checked and serialised once.
  let lastMetadata: unknown;
  let lastMetadataJson = '';
  const metadataJson = (value: unknown, where: string): string => {
    if (value !== lastMetadata || typeof value !== 'object' || value === null) {
      lastMetadataJson = toJson(value, where);
      lastMetadata = value;
    }
    return lastMetadataJson;
  };
  for (const stream of streams) {
    const { streamId, events } = stream;
    const expected = stream.expectedVersion ?? 'any';
    if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) {
      throw new InvalidAppend(
        'invalid_stream_id',
        `stream id ${JSON.stringify(streamId)} must be 1-200 characters without control characters`,
      );
    }
    if (seen.has(streamId)) {
      throw new InvalidAppend('duplicate_stream', `stream '${streamId}' appears twice in one append`);
    }
    seen.add(streamId);
    if (!isExpectedVersion(expected)) {
      throw new InvalidAppend(
        'invalid_expected_version',
        `expected version ${JSON.stringify(expected)} of stream '${streamId}' must be 'any', 'no_stream', 'exists' or a non-negative integer`,
      );
    }
    if (!Array.isArray(events) || events.length === 0) {
      throw new InvalidAppend('empty_append', `stream '${streamId}' has no events to append`);
    }
    const contentEvents: string[] = [];
    const wireEvents: string[] = [];
    // Metadata, type and schema version shared by all of a stream's events go on the wire once, with the
    // stream: the database parses them (and turns the metadata into text for the hashes) once, not per event.
    const shared = events.length > 1 && sharesMetadata(events);
    const sharedType = events.length > 1 && sharesType(events);
    events.forEach((event, index) => {
      const where = `event ${index} of stream '${streamId}'`;
      if (typeof event?.type !== 'string' || !EVENT_TYPE.test(event.type)) {
        throw new InvalidAppend(
          'invalid_event_type',
          `${where}: type ${JSON.stringify(event?.type)} must be 1-100 letters, digits or _.:- starting with a letter`,
        );
      }
      if (
        !Number.isSafeInteger(event.schemaVersion) ||
        event.schemaVersion < 1 ||
        event.schemaVersion > MAX_SCHEMA_VERSION
      ) {
        throw new InvalidAppend(
          'invalid_schema_version',
          `${where}: schema version must be an integer from 1 to ${MAX_SCHEMA_VERSION}`,
        );
      }
      const data = toJson(event.data, `${where}: data`);
      const metadata = metadataJson(event.metadata ?? NO_METADATA, `${where}: metadata`);
      // A UTF-16 code unit is at most 3 bytes of UTF-8: only a string that long can be over the limit.
      const size =
        (data.length + metadata.length) * 3 <= limits.maxEventBytes
          ? 0
          : Buffer.byteLength(data) + Buffer.byteLength(metadata);
      if (size > limits.maxEventBytes) {
        throw new InvalidAppend(
          'event_too_large',
          `${where} is ${size} bytes serialised, above the limit of ${limits.maxEventBytes}`,
        );
      }
      const typed =
        keyed || !sharedType
          ? `"type":${JSON.stringify(event.type)},"schemaVersion":${event.schemaVersion}`
          : '';
      if (keyed) contentEvents.push(`{${typed},"data":${data},"metadata":${metadata}}`);
      // The id in canonical form (lowercase, hyphenated): chronicle.append() hashes it as sent.
      const wireEvent = `{"id":"${randomUUID()}",${sharedType ? '' : `${typed},`}"data":${data}`;
      wireEvents.push(shared ? `${wireEvent}}` : `${wireEvent},"metadata":${metadata}}`);
    });
    eventCount += events.length;
    const head = `{"id":${JSON.stringify(streamId)},"expected":${JSON.stringify(expected)},`;
    if (keyed) contentParts.push(`${head}"events":[${contentEvents.join(',')}]}`);
    const wireMetadata = shared ? `"metadata":${lastMetadataJson},` : '';
    const first = events[0]!;
    const wireType = sharedType
      ? `"type":${JSON.stringify(first.type)},"schemaVersion":${first.schemaVersion},`
      : '';
    wireParts.push(`${head}${wireMetadata}${wireType}"events":[${wireEvents.join(',')}]}`);
  }
  const wire = `"tenant":"${tenant}","streams":[${wireParts.join(',')}]`;
  // Neither id holds a newline (nor any control character), so the key orders as the pair does.
  const lockKey = `${tenant}\n${streams[0]!.streamId}`;
  if (idempotencyKey === undefined) return { tenant, json: `{${wire}}`, eventCount, lockKey };
  const requestHash = idempotencyRequestHash(tenant, idempotencyFingerprint ?? contentParts.join(','));
  return {
    tenant,
    json: `{"key":${JSON.stringify(idempotencyKey)},"requestHash":"${requestHash}",${wire}}`,
    eventCount,
    lockKey,
  };
}

/** What the idempotency ledger compares: the request's fingerprint, bound to its tenant. */
export function idempotencyRequestHash(tenant: string, fingerprint: string): string {
  return createHash('sha256').update(`${tenant}\n${fingerprint}`).digest('hex');
}

function sharesMetadata(events: readonly { metadata?: unknown }[]): boolean {
  const first = events[0]?.metadata;
  if (typeof first !== 'object' || first === null) return false;
  return events.every((event) => event.metadata === first);
}

// Read before the events are checked, so it must not trust their shape.
function sharesType(events: readonly { type?: unknown; schemaVersion?: unknown }[]): boolean {
  const first = events[0];
  return events.every(
    (event) => event?.type === first?.type && event?.schemaVersion === first?.schemaVersion,
  );
}

function isExpectedVersion(value: unknown): value is ExpectedVersion {
  return (
    value === 'any' ||
    value === 'no_stream' ||
    value === 'exists' ||
    (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
  );
}

/**
 * JSON.stringify, but refusing what it would silently change: NaN and Infinity (would become null),
 * undefined in arrays (null), functions and symbols (dropped), plus what jsonb cannot hold (\u0000).
 * Undefined object properties are dropped, as absent and undefined mean the same in our events.
 * The check is a separate walk so that JSON.stringify keeps its fast path (a replacer would cost 3x).
 */
function toJson(value: unknown, where: string): string {
  if (value === undefined) throw new InvalidAppend('unserialisable_data', `${where} is missing`);
  refuseUnserialisable(value, where, '', 0);
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new InvalidAppend(
      'unserialisable_data',
      `${where} cannot be serialised: ${(error as Error).message}`,
    );
  }
}

const MAX_DEPTH = 64;

function refuseUnserialisable(value: unknown, where: string, key: string, depth: number): void {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw refuse(where, key, `is ${value}, not a finite number`);
      return;
    case 'string':
      if (value.includes('\u0000')) throw refuse(where, key, 'contains the NUL character (\\u0000)');
      return;
    case 'bigint':
      throw refuse(where, key, 'is a bigint; send it as a string');
    case 'function':
    case 'symbol':
      throw refuse(where, key, `is a ${typeof value}`);
    case 'object': {
      if (value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') return;
      // Deeper than any event we model; also how a circular structure ends up.
      if (depth >= MAX_DEPTH) throw refuse(where, key, `nests deeper than ${MAX_DEPTH} levels (circular?)`);
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          const item: unknown = value[index];
          if (item === undefined) throw refuse(where, String(index), 'is undefined inside an array');
          refuseUnserialisable(item, where, String(index), depth + 1);
        }
        return;
      }
      for (const property in value) {
        if (Object.hasOwn(value, property)) {
          refuseUnserialisable((value as Record<string, unknown>)[property], where, property, depth + 1);
        }
      }
      return;
    }
    default:
      return;
  }
}

function refuse(where: string, key: string, problem: string): InvalidAppend {
  const field = key === '' ? '' : ` field '${key}'`;
  return new InvalidAppend('unserialisable_data', `${where}${field} ${problem}`);
}
