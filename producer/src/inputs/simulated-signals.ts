/** The shapes simulated sources follow, so a demo dashboard shows something worth looking at. */
export type SignalShape = 'daily-sine' | 'random-walk' | 'sawtooth' | 'spiky';

const SHAPES: readonly SignalShape[] = ['daily-sine', 'random-walk', 'sawtooth', 'spiky'];

/** A seeded generator (mulberry32): the same seed gives the same signals, for tests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A simulated source: a value per timestamp, shaped like a real meter (a daily cycle with noise, a
 * drifting random walk, a sawtooth, a steady signal with occasional spikes). Values are always finite.
 */
export function simulatedSignal(index: number, random: () => number): (t: number) => number {
  const shape = SHAPES[index % SHAPES.length]!;
  const base = 20 + 10 * index;
  let walk = base;
  return (t) => {
    const noise = (random() - 0.5) * 2;
    switch (shape) {
      case 'daily-sine':
        return round(base + 10 * Math.sin((2 * Math.PI * t) / 86_400_000) + noise);
      case 'random-walk':
        walk += noise;
        return round(walk);
      case 'sawtooth':
        return round(base + ((t / 1000) % 60) + noise * 0.1);
      case 'spiky':
        return round(base + noise + (random() < 0.01 ? 50 * random() : 0));
    }
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export interface Simulation {
  stop(): void;
}

/** Calls `emit` for each of `sources` simulated sources at `ratePerSource` points per second, timestamped now. */
export function simulate(
  options: { sources: number; ratePerSource: number; prefix: string; seed: number },
  emit: (sourceId: string, t: number, v: number) => void,
): Simulation {
  const random = seededRandom(options.seed);
  const signals = Array.from({ length: options.sources }, (_, index) => simulatedSignal(index, random));
  const tickMs = 100;
  let owed = 0;
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    owed += ((now - last) / 1000) * options.ratePerSource;
    last = now;
    const count = Math.floor(owed);
    owed -= count;
    for (let point = 0; point < count; point++) {
      // Spread the tick's points over it, so they have distinct timestamps.
      const t = now - Math.floor(((count - 1 - point) * tickMs) / Math.max(1, count));
      signals.forEach((signal, index) => emit(`${options.prefix}${index}`, t, signal(t)));
    }
  }, tickMs);
  return { stop: () => clearInterval(timer) };
}
