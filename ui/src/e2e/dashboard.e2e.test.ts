import { describe, expect, it } from 'vitest';
import { signInWithKeycloak, type WatchedPage } from './browser.js';
import { useProductSession } from './product-session.js';

/**
 * The dashboard as its users meet it: the built UI served by `vite preview`, the whole product behind it
 * started as `npm start` starts it, Debian's Chromium, and each realm's real Keycloak login page. Every
 * test fails on any console error, and leaves a screenshot of its view in ui/test-artifacts/.
 */
describe('dashboard in the browser', () => {
  const session = useProductSession('dashboard');
  const { opened, signedIn } = session;

  function expectNoConsoleErrors(watched: WatchedPage) {
    expect(watched.errors).toEqual([]);
  }

  it('a viewer signs in through the Keycloak login page and watches their sources update live', async () => {
    // From the front door: the organisation typed in, then the realm's login page.
    const viewer = await opened('demo-viewer');
    const { page } = viewer;
    await page.goto(`${session.product.uiUrl}/`);
    await page.getByLabel('Organisation').fill('demo');
    await viewer.screenshot('choose-organisation');
    await page.getByRole('button', { name: 'Continue' }).click();
    await signInWithKeycloak(page, session.product.login('demo-viewer'));
    await page.waitForURL(`${session.product.uiUrl}/t/demo/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    const cards = page.getByRole('list', { name: 'Sources' }).getByRole('article');
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(5);
    const first = page.getByRole('article', { name: 'Simulated sim-0' });
    await first.locator('canvas').first().waitFor({ timeout: 30_000 });
    // Live: the last value moves without a reload (the demo producer writes 10 points a second).
    const lastValue = first.getByTestId('last-value');
    const before = await lastValue.textContent();
    await expect.poll(() => lastValue.textContent(), { timeout: 20_000 }).not.toBe(before);
    await expect.poll(() => first.textContent()).toContain('kW');
    await viewer.screenshot('dashboard-viewer');
    // A phone's width: one column, nothing cut off.
    await page.setViewportSize({ width: 390, height: 844 });
    await first.locator('canvas').first().waitFor();
    await viewer.screenshot('dashboard-viewer-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Another range re-reads at another resolution; the chart stays.
    await page.getByLabel('Time range').selectOption('24h');
    await expect.poll(() => page.locator('.view-header .hint').textContent()).toContain('1-minute averages');
    await first.locator('canvas').first().waitFor();
    await viewer.screenshot('dashboard-viewer-24h');

    // A view the viewer's roles do not open says so.
    await page.goto(`${session.product.uiUrl}/t/demo/sources`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('No access to Sources');
    await viewer.screenshot('forbidden-viewer-sources');
    expectNoConsoleErrors(viewer);
  });

  it('a lost connection is announced, and the dashboard reconnects by itself', async () => {
    const viewer = await signedIn('demo-viewer', '/t/demo/');
    const { page, context } = viewer;
    const lastValue = page.getByRole('article', { name: 'Simulated sim-1' }).getByTestId('last-value');
    await lastValue.waitFor({ timeout: 30_000 });
    const banner = page.getByText('Connection to the server lost');

    await context.setOffline(true);
    await banner.waitFor({ timeout: 40_000 });
    await viewer.screenshot('dashboard-connection-lost');
    await context.setOffline(false);
    await banner.waitFor({ state: 'detached', timeout: 40_000 });
    const after = await lastValue.textContent();
    await expect.poll(() => lastValue.textContent(), { timeout: 20_000 }).not.toBe(after);
    // Only the browser's own reports of the outage (failed reconnects), nothing from the app.
    const outage = /ERR_INTERNET_DISCONNECTED|WebSocket connection to .* failed/;
    expect(viewer.errors.filter((error) => !outage.test(error))).toEqual([]);
  });

  it('an expired session says so, and signing in again brings the user back', async () => {
    const viewer = await signedIn('demo-viewer', '/t/demo/');
    const { page } = viewer;
    await page.getByRole('article', { name: 'Simulated sim-0' }).locator('canvas').first().waitFor();
    // The stored access token stops being accepted (its signature no longer matches), as a revoked or
    // expired one would: the next read is refused with 401.
    await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user:'))!;
      const user = JSON.parse(sessionStorage.getItem(key)!) as { access_token: string };
      user.access_token = `${user.access_token.slice(0, user.access_token.lastIndexOf('.'))}.invalid`;
      sessionStorage.setItem(key, JSON.stringify(user));
    });
    await page.reload();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Your session has expired' })
      .waitFor({ timeout: 30_000 });
    await viewer.screenshot('session-expired');
    await page.getByRole('button', { name: 'Sign in again' }).click();
    // Keycloak still knows the browser: no password this time, straight back to the dashboard.
    await page.waitForURL(`${session.product.uiUrl}/t/demo/`, { timeout: 30_000 });
    await page.getByRole('article', { name: 'Simulated sim-0' }).locator('canvas').first().waitFor();
    expect(await page.getByText('Your session has expired').count()).toBe(0);
    // Only the browser's reports of the refused requests themselves.
    const refused = /status of 401/;
    expect(viewer.errors.filter((error) => !refused.test(error))).toEqual([]);
  });

  it('a tenant-admin registers a source and it appears', async () => {
    const admin = await signedIn('demo-admin', '/t/demo/sources');
    const { page } = admin;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sources');
    const table = page.getByRole('table');
    await expect.poll(() => table.getByRole('row').count(), { timeout: 30_000 }).toBeGreaterThan(5);

    const sourceId = `e2e-${Date.now().toString(36)}`;
    await page.getByLabel('Source id').fill(sourceId);
    await page.getByLabel('Name', { exact: true }).fill('Boiler room');
    await page.getByLabel('Unit (optional)').fill('°C');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Registered' }).count()).toBe(1);
    const row = page.locator(`tr[data-source-id="${sourceId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => row.textContent()).toContain('Boiler room');
    await expect.poll(() => row.textContent()).toContain('you');
    // Owners by username, their subject (Keycloak user id) as the tooltip.
    const viewerOwned = page.locator('tr[data-source-id="sim-0"] td.owner');
    await expect.poll(() => viewerOwned.textContent()).toBe('demo-viewer');
    expect(await viewerOwned.getAttribute('title')).toMatch(/^[0-9a-f-]{36}$/);
    await admin.screenshot('sources-admin');

    // Handed over by picking the user by name.
    await row.getByRole('button', { name: `Change ${sourceId}` }).click();
    await page.getByLabel('New owner').selectOption({ label: 'demo-viewer' });
    await admin.screenshot('sources-admin-transfer');
    await page.getByRole('button', { name: 'Transfer ownership' }).click();
    await expect.poll(() => row.locator('td.owner').textContent(), { timeout: 30_000 }).toBe('demo-viewer');
    expect(await row.locator('td.owner').getAttribute('title')).toBe(await viewerOwned.getAttribute('title'));

    // The admin's dashboard has it too (now the viewer's, with no values yet).
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const registered = page.getByRole('article', { name: 'Boiler room' });
    await registered.getByText('No measurements in this time range.').waitFor({ timeout: 30_000 });
    await page.getByRole('article', { name: 'Simulated sim-0' }).locator('canvas').first().waitFor();
    await admin.screenshot('dashboard-admin');
    expectNoConsoleErrors(admin);
  });

  it('an ops user of the platform realm sees the projections with their lag and status', async () => {
    const ops = await signedIn('ops', '/t/platform/');
    const { page } = ops;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Projections');
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(1);
    await expect.poll(() => page.getByRole('table').textContent()).toContain('live');
    await ops.screenshot('ops');
    expectNoConsoleErrors(ops);
  });

  it('an auditor lands on the audit view, and signing out works', async () => {
    const auditor = await signedIn('demo-auditor', '/t/demo/');
    const { page } = auditor;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit');
    await auditor.screenshot('audit-auditor');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${session.product.uiUrl}/t/demo/signed-out`, { timeout: 30_000 });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('You are signed out');
    await auditor.screenshot('signed-out');
    expectNoConsoleErrors(auditor);
  });
});
