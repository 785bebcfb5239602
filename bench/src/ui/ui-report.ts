import { percentile } from '../stats/percentile.js';
import type { LoginPaint } from './login-paint.js';
import type { MainThreadWatch } from './main-thread-watch.js';

/** The dashboard's targets (issue 7). */
export const UI_TARGETS = { firstChartMs: 1_000, longTaskMs: 50 };

export interface UiReport {
  finishedAt: string;
  machine: { cpus: number; loadAverageAtStart: number; node: string };
  browser: string;
  settings: { logins: number; sources: number; pointsPerSecond: number; seconds: number };
  firstPaint: {
    logins: LoginPaint[];
    medianTotalMs: number;
    medianRedirectMs: number;
    medianInPageMs: number;
    medianDocumentMs: number;
    staticPaintsMs: number[];
    medianStaticPaintMs: number;
  };
  smoothness: {
    sourcesShown: number;
    load: MainThreadWatch;
    idle: MainThreadWatch;
    ingest: { pointsPerSecondPerSource: number; failedRequests: number; liveUpdated: boolean };
    consoleErrors: string[];
  };
}

export function formatUiReport(report: UiReport): string {
  const { firstPaint, smoothness, settings } = report;
  const ms = (value: number) => value.toFixed(0);
  const range = (values: readonly number[]) => `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
  const totals = firstPaint.logins.map((login) => login.totalMs);
  const milestone = (name: keyof LoginPaint['milestones']) =>
    ms(percentile(firstPaint.logins.map((login) => login.milestones[name]).filter(Number.isFinite), 0.5));
  const longest = (watch: MainThreadWatch) =>
    watch.longestTaskMs === null ? `none > ${UI_TARGETS.longTaskMs}` : ms(watch.longestTaskMs);
  const attribution = (watch: MainThreadWatch) => {
    const { count, scriptMsByInvoker, renderMs } = watch.longFrames;
    const scripts = Object.entries(scriptMsByInvoker)
      .sort(([, a], [, b]) => b - a)
      .slice(0, 3)
      .map(([invoker, total]) => `${invoker} ${ms(total)} ms`);
    return `${count}; scripts: ${scripts.join(', ') || 'none'}; style, layout and paint ${ms(renderMs)} ms`;
  };
  const ok = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
  const firstPaintPass = firstPaint.medianTotalMs <= UI_TARGETS.firstChartMs;
  const smoothPass = smoothness.load.longTasks === 0;
  const { ingest, load, idle } = smoothness;
  return [
    `${report.browser}; ${report.machine.cpus} CPUs (load average ${report.machine.loadAverageAtStart.toFixed(1)} at start), Node ${report.machine.node}`,
    '',
    `First meaningful paint after login: median of ${settings.logins} sign-ins (demo-viewer, 5 live sources), fresh browser context each`,
    '| path | median ms | range ms |',
    '|------|----------:|---------:|',
    `| ours: Keycloak login form submitted → first chart drawn with data | ${ms(firstPaint.medianTotalMs)} | ${range(totals)} |`,
    `|   of which: submitted → the redirected page's navigation start | ${ms(firstPaint.medianRedirectMs)} | ${range(firstPaint.logins.map((login) => login.redirectMs))} |`,
    `|   of which: navigation start → its HTML received (Keycloak POST, redirect) | ${ms(firstPaint.medianDocumentMs)} | ${range(firstPaint.logins.map((login) => login.documentMs))} |`,
    `|   of which: navigation start → chronicle:first-chart mark | ${ms(firstPaint.medianInPageMs)} | ${range(firstPaint.logins.map((login) => login.inPageMs))} |`,
    `|   milestones (median ms from navigation start): script ${milestone('scriptMs')} · tokens ${milestone('tokenMs')} · first GraphQL ${milestone('firstGraphqlMs')} · last GraphQL before the chart ${milestone('lastGraphqlMs')} | | |`,
    `| limit: the same built UI assets, no sign-in (\`/\`) → first contentful paint | ${ms(firstPaint.medianStaticPaintMs)} | ${range(firstPaint.staticPaintsMs)} |`,
    '',
    `Smoothness: ${settings.sources} sources × ${settings.pointsPerSecond} points/s for ${settings.seconds} s on the dashboard (${smoothness.sourcesShown} charts live)`,
    '| page | tasks > 50 ms | longest task ms | frames | longest frame ms |',
    '|------|--------------:|----------------:|-------:|-----------------:|',
    `| ours: under ingest (${ingest.pointsPerSecondPerSource.toFixed(1)} points/s per source accepted${ingest.liveUpdated ? ', charts updating' : ', NO live update seen'}) | ${load.longTasks} | ${longest(load)} | ${load.frames} | ${ms(load.longestFrameMs)} |`,
    `| limit: the same page, no ingest | ${idle.longTasks} | ${longest(idle)} | ${idle.frames} | ${ms(idle.longestFrameMs)} |`,
    ...[
      ['under ingest', load],
      ['no ingest', idle],
    ].map(([name, watch]) => `  long frames ${name}: ${attribution(watch as MainThreadWatch)}`),
    ...(ingest.failedRequests > 0 ? [`  (${ingest.failedRequests} ingest requests failed)`] : []),
    ...(smoothness.consoleErrors.length > 0
      ? [`  console errors on the page: ${smoothness.consoleErrors.slice(0, 3).join(' | ')}`]
      : []),
    '',
    'Targets',
    `  ${ok(firstPaintPass)}  first chart within ${UI_TARGETS.firstChartMs} ms of login (median): ${ms(firstPaint.medianTotalMs)} ms`,
    `  ${ok(smoothPass)}  no main-thread task over ${UI_TARGETS.longTaskMs} ms under ${settings.sources} × ${settings.pointsPerSecond} points/s: ${load.longTasks} over, longest ${longest(load)}`,
  ].join('\n');
}
