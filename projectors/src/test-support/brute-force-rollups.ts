import type { MeasurementPoint } from '@chronicle/domain';

export interface Rollup {
  tenant_id: string;
  source_id: string;
  resolution: number;
  bucket: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  first_ts: number;
  first_value: number;
  last_ts: number;
  last_value: number;
}

/** What the read model must hold, computed the slow, obvious way: last write per timestamp wins. */
export function bruteForce(
  writes: readonly { tenant: string; sourceId: string; points: readonly MeasurementPoint[] }[],
): { points: Map<string, number>; rollups: Rollup[] } {
  const points = new Map<string, number>();
  for (const write of writes) {
    // JSON has no negative zero: -0 is stored as 0.
    for (const point of write.points) points.set(`${write.tenant}|${write.sourceId}|${point.t}`, point.v + 0);
  }
  const rollups = new Map<string, Rollup>();
  for (const [key, value] of points) {
    const [tenant, source, tsText] = key.split('|') as [string, string, string];
    const ts = Number(tsText);
    for (const resolution of [60_000, 3_600_000, 86_400_000]) {
      const bucket = ts - (((ts % resolution) + resolution) % resolution);
      const id = `${tenant}|${source}|${resolution}|${bucket}`;
      const rollup = rollups.get(id);
      if (!rollup) {
        rollups.set(id, {
          tenant_id: tenant,
          source_id: source,
          resolution,
          bucket,
          count: 1,
          sum: value,
          min: value,
          max: value,
          first_ts: ts,
          first_value: value,
          last_ts: ts,
          last_value: value,
        });
        continue;
      }
      rollup.count++;
      rollup.sum += value;
      rollup.min = Math.min(rollup.min, value);
      rollup.max = Math.max(rollup.max, value);
      if (ts < rollup.first_ts) [rollup.first_ts, rollup.first_value] = [ts, value];
      if (ts > rollup.last_ts) [rollup.last_ts, rollup.last_value] = [ts, value];
    }
  }
  return { points, rollups: [...rollups.values()] };
}
