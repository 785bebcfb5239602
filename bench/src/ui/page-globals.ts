/** A performance entry as the page reports it: navigation entries carry more timings, named. */
type PageEntry = { name: string; startTime: number; duration: number } & Record<string, unknown>;

/**
 * The few browser globals the in-page probes touch. The bench compiles without the DOM library (Node's
 * `performance` knows no `navigation` or `longtask` entries), and the probes run in the page
 * (page.evaluate sends their source), so they reach the window as `globalThis as unknown as PageWindow`.
 */
export interface PageWindow {
  performance: {
    readonly timeOrigin: number;
    now(): number;
    getEntriesByName(name: string): PageEntry[];
    getEntriesByType(type: string): PageEntry[];
  };
  PerformanceObserver: new (callback: (list: { getEntries(): PageEntry[] }) => void) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
  document: {
    querySelector(selector: string): { addEventListener(type: string, listener: () => void): void } | null;
  };
  requestAnimationFrame(callback: (time: number) => void): number;
  /** The bench's binding: the login form was submitted at this time (epoch ms, the browser's clock). */
  chronicleLoginSubmitted?(at: number): void;
  /** Long tasks seen since the page loaded (the init script's PerformanceObserver). */
  chronicleLongTasks?: { startTime: number; duration: number }[];
  /** Long animation frames seen since the page loaded: their scripts by invoker, and their rendering. */
  chronicleLongFrames?: {
    startTime: number;
    renderMs: number;
    scripts: { invoker: string; duration: number }[];
  }[];
  /** The frame loop of a watch window. */
  chronicleFrames?: { running: boolean; last: number; longest: number; count: number };
}
