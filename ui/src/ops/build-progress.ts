import type { Projection } from '../graphql/operations.js';

/** A build's identity: projection, version, generation. */
export function buildKey(build: Pick<Projection, 'name' | 'version' | 'generation'>): string {
  return `${build.name}@${build.version}.${build.generation}`;
}

/** What one message said of a build under way, when it came: what its rates are measured from. */
export interface Sample {
  at: number;
  eventsApplied: number;
  /** Points in the bulk units built so far; null outside the units stage. */
  pointsBuilt: number | null;
}

export type Samples = ReadonlyMap<string, readonly Sample[]>;

/** Rates are taken over the last few seconds: messages come about once a second, not evenly. */
const WINDOW_MS = 10_000;
const SHORTEST_SPAN_MS = 900;

/** The samples to keep once `builds` arrived at `now`: a window of each build still building. */
export function nextSamples(
  previous: Samples | undefined,
  builds: readonly Projection[],
  now: number,
): Samples {
  const next = new Map<string, Sample[]>();
  for (const build of builds) {
    if (build.status !== 'BUILDING') continue;
    const key = buildKey(build);
    const kept = (previous?.get(key) ?? []).filter((sample) => now - sample.at <= WINDOW_MS);
    const pointsBuilt = build.bulk ? Number(build.bulk.pointsBuilt) : null;
    next.set(key, [...kept, { at: now, eventsApplied: Number(build.eventsApplied), pointsBuilt }]);
  }
  return next;
}

export type BuildStage = 'waiting' | 'replaying' | 'units' | 'catching-up' | 'serving' | 'stopped';

export interface BuildProgress {
  stage: BuildStage;
  /** How far the stage is, 0 to 100 (for a serving copy: how far it has applied the log). */
  percent: number;
  /** Per second, in the stage's unit, once the samples span about a second. */
  rate?: { perSecond: number; unit: 'events' | 'points' };
  /** Seconds left at that rate. */
  etaSeconds?: number;
}

/**
 * Where a build stands, for ops: a bulk build replays the log (its position climbs to the head), builds
 * its units (the position stands still while the points fill), then catches up with the log again.
 */
export function buildProgress(build: Projection, samples: readonly Sample[] = []): BuildProgress {
  const logPercent = Math.floor(clamp(build.progress) * 100);
  if (build.status === 'REQUESTED') return { stage: 'waiting', percent: 0 };
  if (build.status === 'LIVE') return { stage: 'serving', percent: logPercent };
  if (build.status !== 'BUILDING') return { stage: 'stopped', percent: logPercent };
  if (build.stage === 'UNITS' && build.bulk) {
    const points = Number(build.bulk.points);
    const built = Number(build.bulk.pointsBuilt);
    const percent = points > 0 ? Math.floor((built / points) * 100) : 0;
    const inUnits = samples.filter((sample) => sample.pointsBuilt !== null);
    return withRate(
      { stage: 'units', percent },
      inUnits,
      (sample) => sample.pointsBuilt!,
      points - built,
      'points',
    );
  }
  return withRate(
    { stage: build.stage === 'CATCHING_UP' ? 'catching-up' : 'replaying', percent: logPercent },
    samples.filter((sample) => sample.pointsBuilt === null),
    (sample) => sample.eventsApplied,
    Number(build.lag),
    'events',
  );
}

function withRate(
  progress: BuildProgress,
  samples: readonly Sample[],
  count: (sample: Sample) => number,
  remaining: number,
  unit: 'events' | 'points',
): BuildProgress {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at - first.at < SHORTEST_SPAN_MS) return progress;
  const perSecond = ((count(last) - count(first)) * 1000) / (last.at - first.at);
  if (!(perSecond > 0)) return { ...progress, rate: { perSecond: 0, unit } };
  return {
    ...progress,
    rate: { perSecond, unit },
    etaSeconds: Math.max(0, Math.ceil(remaining / perSecond)),
  };
}

function clamp(fraction: number): number {
  return Math.min(1, Math.max(0, fraction));
}

/** "about 40 s", "about 3 min", "about 2 h", for an ETA. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${Math.round(seconds / 3600)} h`;
}
