import type { Browser, Page } from 'playwright-core';
import type { PageWindow } from './page-globals.js';

/** The dashboard's mark for its first chart drawn with data (ui/src/dashboard/SeriesChart.svelte). */
export const FIRST_CHART_MARK = 'chronicle:first-chart';
const VIEWPORT = { width: 1280, height: 900 };

export interface LoginPaint {
  /** The Keycloak login form submitted → the first chart drawn with data. */
  totalMs: number;
  /** Submitted → navigation start of the page the login redirect loads (`/t/<tenant>/callback`). */
  redirectMs: number;
  /** That page's navigation start → its `chronicle:first-chart` mark. */
  inPageMs: number;
  /** Of inPageMs: navigation start → the page's HTML fully received (Keycloak's POST and redirect included). */
  documentMs: number;
  /** Where the rest goes (resource timing, from navigation start to a response's end; NaN if none). */
  milestones: {
    /** The app's script. */
    scriptMs: number;
    /** The code exchanged for tokens at Keycloak. */
    tokenMs: number;
    /** The first GraphQL response (the sources), and the last one before the mark (a chart's series). */
    firstGraphqlMs: number;
    lastGraphqlMs: number;
  };
}

/**
 * One sign-in, in a fresh browser context: the dashboard sends the browser to the realm's login page, the
 * bench fills it in, and the page notes (through a binding, on the browser's clock) when the form is
 * submitted. The page the redirect lands on marks its first chart with data; both ends are on the
 * browser's clock (`performance.timeOrigin`), so nothing in the bench process is timed.
 */
export async function measureLoginPaint(
  browser: Browser,
  dashboardUrl: string,
  login: { username: string; password: string },
): Promise<LoginPaint> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    let submittedAt: number | undefined;
    await context.exposeBinding('chronicleLoginSubmitted', (_source, at: number) => (submittedAt = at));
    const page = await context.newPage();
    await page.goto(dashboardUrl);
    await page.waitForURL(/\/realms\/[^/]+\/protocol\/openid-connect\/auth/, { timeout: 30_000 });
    await page.locator('#username').fill(login.username);
    await page.locator('#password').fill(login.password);
    await page.evaluate(() => {
      const window = globalThis as unknown as PageWindow;
      const { performance } = window;
      window.document
        .querySelector('#kc-form-login')!
        .addEventListener('submit', () =>
          window.chronicleLoginSubmitted!(performance.timeOrigin + performance.now()),
        );
    });
    await page.locator('#kc-login').click();
    await page.waitForURL((url) => url.href.startsWith(dashboardUrl), { timeout: 30_000 });
    const landed = await firstChart(page);
    if (submittedAt === undefined) throw new Error('the login form was never submitted');
    const redirectMs = landed.timeOrigin - submittedAt;
    return {
      totalMs: redirectMs + landed.markMs,
      redirectMs,
      inPageMs: landed.markMs,
      documentMs: landed.responseEndMs,
      milestones: landed.milestones,
    };
  } finally {
    await context.close();
  }
}

async function firstChart(page: Page) {
  await page.waitForFunction(
    (mark) => (globalThis as unknown as PageWindow).performance.getEntriesByName(mark).length > 0,
    FIRST_CHART_MARK,
    { timeout: 30_000 },
  );
  return page.evaluate((mark) => {
    const { performance } = globalThis as unknown as PageWindow;
    const [navigation] = performance.getEntriesByType('navigation');
    const markMs = performance.getEntriesByName(mark)[0]!.startTime;
    const ends = (test: (name: string) => boolean) =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => test(entry.name) && Number(entry.responseEnd) <= markMs)
        .map((entry) => Number(entry.responseEnd));
    const earliest = (values: number[]) => (values.length > 0 ? Math.min(...values) : Number.NaN);
    const graphql = ends((name) => new URL(name).pathname === '/graphql');
    return {
      timeOrigin: performance.timeOrigin,
      markMs,
      responseEndMs: Number(navigation?.responseEnd ?? Number.NaN),
      milestones: {
        scriptMs: earliest(ends((name) => /\/assets\/.*\.js$/.test(name))),
        tokenMs: earliest(ends((name) => name.endsWith('/protocol/openid-connect/token'))),
        firstGraphqlMs: earliest(graphql),
        lastGraphqlMs: graphql.length > 0 ? Math.max(...graphql) : Number.NaN,
      },
    };
  }, FIRST_CHART_MARK);
}

/**
 * The limit: the same browser loading the same built dashboard assets with no sign-in (the organisation
 * chooser at `/`: index.html, the same script and stylesheet) to its first contentful paint.
 */
export async function measureStaticPaint(browser: Browser, uiUrl: string): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(`${uiUrl}/`);
    // Sent to the page as source: self-contained.
    const paint = () =>
      (globalThis as unknown as PageWindow).performance.getEntriesByName('first-contentful-paint')[0]
        ?.startTime;
    return (await (await page.waitForFunction(paint, null, { timeout: 30_000 })).jsonValue())!;
  } finally {
    await context.close();
  }
}
