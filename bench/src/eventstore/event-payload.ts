/** The event every workload writes: the same type, the same data objects, the same size. */
export const EVENT_TYPE = 'MeasurementRecorded';

/** Serialised size of every event's data, in bytes (JSON.stringify form). */
export const DATA_BYTES = 300;

export interface Payload {
  /** The data object handed to the event stores. */
  readonly data: Record<string, unknown>;
  /** Its JSON, for the plain INSERT limit. */
  readonly json: string;
}

/**
 * A fixed set of distinct, measurement-like data objects, each padded to exactly `bytes` of JSON, made once
 * up front so no workload pays for building them and all of them write the same bytes.
 */
export function makePayloads(count = 1024, bytes = DATA_BYTES): Payload[] {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const base = Date.UTC(2025, 0, 1);
  return Array.from({ length: count }, (_, index) => {
    const data: Record<string, unknown> = {
      sourceId: `source-${String(index % 64).padStart(4, '0')}`,
      measuredAt: new Date(base + index * 1000).toISOString(),
      sequence: index,
      unit: 'kWh',
      values: Array.from({ length: 8 }, () => Math.round(random() * 100_000) / 100),
      labels: { site: `plant-${index % 7}`, line: `line-${index % 3}`, shift: index % 2 ? 'day' : 'night' },
      note: '',
    };
    const unpadded = JSON.stringify(data).length;
    if (unpadded > bytes) throw new Error(`payload template is ${unpadded} bytes, above ${bytes}`);
    data.note = 'x'.repeat(bytes - unpadded);
    const json = JSON.stringify(data);
    return { data, json };
  });
}

/** Hands out the payloads round-robin, from its own starting point. */
export class PayloadCycle {
  private index: number;

  constructor(
    private readonly payloads: readonly Payload[],
    start = 0,
  ) {
    this.index = start % payloads.length;
  }

  next(): Payload {
    const payload = this.payloads[this.index]!;
    this.index = (this.index + 1) % this.payloads.length;
    return payload;
  }
}
