/**
 * Dashboard benchmark: the product started as `npm start` starts it, headless Debian Chromium, and the two
 * targets of the dashboard: first meaningful paint after login (beside the same browser painting the same
 * built assets with no sign-in), and main-thread long tasks while 10 sources stream 10 points/s each
 * (beside the same page idle). Every time is taken in the browser, with the performance API.
 * Run: npm run bench:ui (see bench/README.md for the environment variables).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from '../stats/percentile.js';
import { registerBenchSources, startPointWriter } from './bench-sources.js';
import { demoProducerToken, signInDemoUser } from './demo-credentials.js';
import { launchChromium } from './launch-chromium.js';
import { measureLoginPaint, measureStaticPaint, type LoginPaint } from './login-paint.js';
import { recordLongTasks, watchMainThread, type MainThreadWatch } from './main-thread-watch.js';
import { formatUiReport, type UiReport } from './ui-report.js';
import { startProduct } from '@chronicle/devstack';

const RESULTS_FILE = fileURLToPath(new URL('../../results/ui.json', import.meta.url));
/** What `npm start` makes (devstack/src/demo/demo-tenant.ts). */
const DEMO = { tenant: 'demo', viewer: 'demo-viewer', admin: 'demo-admin', producer: 'demo-producer' };

function readSettings() {
  const number = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
    return value;
  };
  return {
    logins: number('BENCH_UI_LOGINS', 5),
    sources: number('BENCH_UI_SOURCES', 10),
    pointsPerSecond: number('BENCH_UI_POINTS_PER_SECOND', 10),
    seconds: number('BENCH_UI_SECONDS', 30),
  };
}

async function main(): Promise<void> {
  const settings = readSettings();
  const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const loadAtStart = loadavg()[0]!;
  progress('starting the product as npm start does, and Chromium');
  const [started, launched] = await Promise.allSettled([startProduct('bench-ui'), launchChromium()]);
  if (started.status === 'rejected' || launched.status === 'rejected') {
    if (started.status === 'fulfilled') await started.value.stop();
    if (launched.status === 'fulfilled') await launched.value.close();
    throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  const [product, browser] = [started.value, launched.value];
  try {
    const dashboardUrl = `${product.uiUrl}/t/${DEMO.tenant}/`;
    const viewerLogin = product.login(DEMO.viewer);

    // One of each first, not counted: the services' and Keycloak's first requests warm their code paths.
    progress('first meaningful paint: a warm-up, then the static page and the logins');
    await measureStaticPaint(browser, product.uiUrl);
    await measureLoginPaint(browser, dashboardUrl, viewerLogin);
    const staticPaints: number[] = [];
    const logins: LoginPaint[] = [];
    for (let run = 0; run < settings.logins; run++) {
      staticPaints.push(await measureStaticPaint(browser, product.uiUrl));
      logins.push(await measureLoginPaint(browser, dashboardUrl, viewerLogin));
      progress(`  login ${run + 1}: ${logins.at(-1)!.totalMs.toFixed(0)} ms`);
    }

    progress(`smoothness: ${settings.sources} sources registered for ${DEMO.viewer}`);
    const [admin, viewer] = await Promise.all([
      signInDemoUser(product, DEMO.admin),
      signInDemoUser(product, DEMO.viewer),
    ]);
    const sources = await registerBenchSources(
      product.commandApiUrl,
      admin.token,
      viewer.subject,
      settings.sources,
    );
    const producerToken = await demoProducerToken(product, DEMO.tenant, DEMO.producer);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await recordLongTasks(context);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(dashboardUrl);
    await page.waitForURL(/\/realms\/[^/]+\/protocol\/openid-connect\/auth/, { timeout: 30_000 });
    await page.locator('#username').fill(viewerLogin.username);
    await page.locator('#password').fill(viewerLogin.password);
    await page.locator('#kc-login').click();
    await page.waitForURL(dashboardUrl, { timeout: 30_000 });
    const cards = page.getByRole('list', { name: 'Sources' }).getByRole('article');
    const shownSources = 5 + sources.length;
    await waitFor(async () => (await cards.count()) === shownSources, 30_000, `${shownSources} source cards`);

    // Nothing but the bench writes while it watches: the demo producer is paused (SIGSTOP, resumed after),
    // so the load is exactly the target's and the idle page really has no ingest.
    const demoProducer = product.state.services['demo-producer']!.pid;
    process.kill(demoProducer, 'SIGSTOP');
    let load: MainThreadWatch;
    let idle: MainThreadWatch;
    let ingest: { pointsPerSecondPerSource: number; failedRequests: number; liveUpdated: boolean };
    try {
      const writer = startPointWriter({
        commandApiUrl: product.commandApiUrl,
        token: producerToken,
        sourceIds: sources.map((source) => source.id),
        pointsPerSecond: settings.pointsPerSecond,
      });
      for (const source of sources)
        await page.getByRole('article', { name: source.name }).locator('canvas').first().waitFor();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      progress(`  ${settings.seconds} s of ${settings.sources} × ${settings.pointsPerSecond} points/s`);
      const lastValue = page.getByRole('article', { name: sources[0]!.name }).getByTestId('last-value');
      const valueBefore = await lastValue.textContent();
      const before = { accepted: writer.accepted, at: performance.now() };
      load = await watchMainThread(page, settings.seconds);
      const pointsPerSecond = (writer.accepted - before.accepted) / ((performance.now() - before.at) / 1000);
      const liveUpdated = (await lastValue.textContent()) !== valueBefore;
      await writer.stop();
      ingest = {
        pointsPerSecondPerSource: pointsPerSecond / sources.length,
        failedRequests: writer.failed,
        liveUpdated,
      };
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      progress(`  ${settings.seconds} s of the same page with no ingest`);
      idle = await watchMainThread(page, settings.seconds);
    } finally {
      process.kill(demoProducer, 'SIGCONT');
    }
    await context.close();

    const median = (values: readonly number[]) => percentile(values, 0.5);
    const report: UiReport = {
      finishedAt: new Date().toISOString(),
      machine: { cpus: availableParallelism(), loadAverageAtStart: loadAtStart, node: process.version },
      browser: `Chromium ${browser.version()} (headless)`,
      settings,
      firstPaint: {
        logins,
        medianTotalMs: median(logins.map((login) => login.totalMs)),
        medianRedirectMs: median(logins.map((login) => login.redirectMs)),
        medianInPageMs: median(logins.map((login) => login.inPageMs)),
        medianDocumentMs: median(logins.map((login) => login.documentMs)),
        staticPaintsMs: staticPaints,
        medianStaticPaintMs: median(staticPaints),
      },
      smoothness: { sourcesShown: shownSources, load, idle, ingest, consoleErrors },
    };
    console.log(formatUiReport(report));
    await mkdir(dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nResults written to ${RESULTS_FILE}`);
  } catch (error) {
    process.stderr.write(`product output (end):\n${product.output().slice(-4000)}\n`);
    throw error;
  } finally {
    await browser.close();
    await product.stop();
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await check());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

await main();
