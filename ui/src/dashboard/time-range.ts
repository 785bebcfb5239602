/** The windows a dashboard user picks from: the last N minutes up to 30 days, or a custom range. */
export const PRESETS = [
  { id: '15m', label: 'Last 15 minutes', span: 15 * 60_000 },
  { id: '1h', label: 'Last hour', span: 60 * 60_000 },
  { id: '6h', label: 'Last 6 hours', span: 6 * 60 * 60_000 },
  { id: '24h', label: 'Last 24 hours', span: 24 * 60 * 60_000 },
  { id: '7d', label: 'Last 7 days', span: 7 * 24 * 60 * 60_000 },
  { id: '30d', label: 'Last 30 days', span: 30 * 24 * 60 * 60_000 },
] as const;

export type PresetId = (typeof PRESETS)[number]['id'];

export type TimeRange = { kind: 'preset'; preset: PresetId } | { kind: 'custom'; from: number; to: number };

/**
 * How many values a chart asks for: the query API then picks the finest resolution that fits (raw points
 * up to 15 minutes, 1-minute buckets up to a day, hourly up to 30 days), so no range sends more than the
 * chart can draw.
 */
export const CHART_MAX_POINTS = 1500;

export function spanOf(range: TimeRange): number {
  if (range.kind === 'custom') return range.to - range.from;
  return PRESETS.find((preset) => preset.id === range.preset)!.span;
}

/** [from, to) at `now`: a preset slides with the clock, a custom range stays put. */
export function windowAt(range: TimeRange, now: number): { from: number; to: number } {
  if (range.kind === 'custom') return { from: range.from, to: range.to };
  return { from: now - spanOf(range), to: now };
}

/** A live tail makes sense while the window reaches the present. */
export function isLive(range: TimeRange, now: number): boolean {
  return range.kind === 'preset' || range.to >= now;
}

/** Only a whole bucket changes what is fetched: re-reading a sliding window every second would be waste. */
export function fetchWindow(range: TimeRange, now: number): { from: number; to: number } {
  if (range.kind === 'custom') return windowAt(range, now);
  const span = spanOf(range);
  // The query's start moves in steps of a 60th of the span; the live tail fills in the rest.
  const step = Math.max(60_000, Math.floor(span / 60));
  const to = Math.ceil(now / step) * step;
  return { from: to - span - step, to: to + step };
}

export function describeRange(range: TimeRange): string {
  if (range.kind === 'preset') return PRESETS.find((preset) => preset.id === range.preset)!.label;
  const format = (t: number) => new Date(t).toLocaleString();
  return `${format(range.from)} – ${format(range.to)}`;
}
