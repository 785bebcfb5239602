import type { BrowserContext, Page } from 'playwright-core';
import type { PageWindow } from './page-globals.js';

export interface MainThreadWatch {
  seconds: number;
  /** Long tasks (the browser reports those over 50 ms) that started in the window. */
  longTasks: number;
  /** The longest of them; null when there were none (every task was 50 ms or less). */
  longestTaskMs: number | null;
  /** Frames drawn in the window, and the longest gap between two (60 Hz is 16.7 ms). */
  frames: number;
  longestFrameMs: number;
  /**
   * Where the long animation frames (over 50 ms) spent their time: script time by what invoked it (a
   * WebSocket message, a timer, a promise…), and rendering (style, layout, paint) after the scripts.
   */
  longFrames: { count: number; scriptMsByInvoker: Record<string, number>; renderMs: number };
}

/**
 * Every page of the context records its long tasks from the start, with buffered PerformanceObservers
 * (the Long Tasks API: main-thread tasks over 50 ms; Long Animation Frames: frames over 50 ms, with the
 * scripts they ran), before any of the page's own scripts run.
 */
export async function recordLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const window = globalThis as unknown as PageWindow;
    const seen: { startTime: number; duration: number }[] = [];
    window.chronicleLongTasks = seen;
    new window.PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        seen.push({ startTime: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    const frames: NonNullable<PageWindow['chronicleLongFrames']> = [];
    window.chronicleLongFrames = frames;
    new window.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const renderStart = Number(entry.renderStart);
        const scripts = (entry.scripts ?? []) as { invokerType: string; invoker: string; duration: number }[];
        frames.push({
          startTime: entry.startTime,
          renderMs: renderStart > 0 ? entry.startTime + entry.duration - renderStart : 0,
          scripts: scripts.map((script) => ({
            // Invokers name the handler ("WebSocket.onmessage", "TimerHandler:setInterval"); promise
            // callbacks name the API they follow, one of many: their type is enough.
            invoker: script.invokerType === 'resolve-promise' ? 'promise callbacks' : script.invoker,
            duration: script.duration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
}

/** Watches the page's main thread for `seconds`: its long tasks, and its frames (a requestAnimationFrame loop). */
export async function watchMainThread(page: Page, seconds: number): Promise<MainThreadWatch> {
  const from = await page.evaluate(() => {
    const window = globalThis as unknown as PageWindow;
    const frames = { running: true, last: 0, longest: 0, count: 0 };
    window.chronicleFrames = frames;
    const tick = (time: number) => {
      if (!frames.running) return;
      if (frames.last > 0) {
        frames.longest = Math.max(frames.longest, time - frames.last);
        frames.count += 1;
      }
      frames.last = time;
      window.requestAnimationFrame(tick);
    };
    window.requestAnimationFrame(tick);
    return window.performance.now();
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const seen = await page.evaluate((since) => {
    const window = globalThis as unknown as PageWindow;
    const frames = window.chronicleFrames!;
    frames.running = false;
    const tasks = (window.chronicleLongTasks ?? []).filter((task) => task.startTime >= since);
    const longFrames = (window.chronicleLongFrames ?? []).filter((frame) => frame.startTime >= since);
    const scriptMsByInvoker: Record<string, number> = {};
    for (const frame of longFrames)
      for (const script of frame.scripts)
        scriptMsByInvoker[script.invoker] = (scriptMsByInvoker[script.invoker] ?? 0) + script.duration;
    return {
      tasks: tasks.map((task) => task.duration),
      frames: frames.count,
      longestFrameMs: frames.longest,
      longFrames: {
        count: longFrames.length,
        scriptMsByInvoker,
        renderMs: longFrames.reduce((sum, frame) => sum + frame.renderMs, 0),
      },
    };
  }, from);
  return {
    seconds,
    longTasks: seen.tasks.length,
    longestTaskMs: seen.tasks.length > 0 ? Math.max(...seen.tasks) : null,
    frames: seen.frames,
    longestFrameMs: seen.longestFrameMs,
    longFrames: seen.longFrames,
  };
}
