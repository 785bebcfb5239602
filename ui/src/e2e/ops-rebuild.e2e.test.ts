import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useProductSession } from './product-session.js';

/**
 * A runtime rebuild as ops run it: the whole product as `npm start` starts it, an ops user of the platform
 * realm on the Projections view, and beside it a viewer of the demo tenant on the live dashboard. Both fail
 * on any console error; screenshots go to ui/test-artifacts/.
 */
describe('rebuilding a projection from the ops view', () => {
  const session = useProductSession('rebuild');
  const { signedIn } = session;

  /**
   * Keeps, in the page, every text the elements matching `selector` showed and how often that changed,
   * so the test can tell afterwards what the user saw along the way, however quickly it went by.
   */
  async function record(page: Page, key: string, selector: string): Promise<void> {
    await page.evaluate(
      ([name, watched]) => {
        const seen: string[] = [];
        const note = () => {
          for (const element of document.querySelectorAll(watched)) {
            const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
            if (text && seen.at(-1) !== text) seen.push(text);
          }
        };
        (window as unknown as Record<string, string[]>)[name!] = seen;
        new MutationObserver(note).observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
        });
        note();
      },
      [key, selector] as const,
    );
  }
  const seen = (page: Page, key: string) =>
    page.evaluate((name) => (window as unknown as Record<string, string[]>)[name] ?? [], key);

  it('an ops user starts a rebuild and sees its progress to completion while the dashboard keeps working', async () => {
    // The viewer's dashboard, live before anything happens.
    const viewer = await signedIn('demo-viewer', '/t/demo/');
    const chart = viewer.page.getByRole('article', { name: 'Simulated sim-0' });
    await chart.locator('canvas').first().waitFor({ timeout: 30_000 });
    const lastValue = chart.getByTestId('last-value');
    const first = await lastValue.textContent();
    await expect.poll(() => lastValue.textContent(), { timeout: 20_000 }).not.toBe(first);
    await record(viewer.page, 'values', '[data-testid="last-value"]');
    await record(viewer.page, 'alerts', '[role="alert"]');

    const ops = await signedIn('ops', '/t/platform/');
    const { page } = ops;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Projections');
    const card = page.getByRole('region', { name: 'timeseries' });
    await card.getByText('Serving v1, generation 1').waitFor({ timeout: 30_000 });
    const start = card.getByRole('button', { name: 'Start rebuild of timeseries', exact: true });
    const cancel = card.getByRole('button', { name: 'Cancel rebuild of timeseries', exact: true });
    expect(await start.isEnabled()).toBe(true);
    expect(await cancel.isDisabled()).toBe(true);
    await record(page, 'progress', '.build-under-way');

    // Start asks first; keeping things as they are starts nothing.
    await start.click();
    const dialog = page.getByRole('dialog', { name: 'Rebuild timeseries?' });
    await dialog.waitFor();
    await ops.screenshot('ops-rebuild-confirm');
    await dialog.getByRole('button', { name: 'Keep as is' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await card.locator('.build-under-way').count()).toBe(0);
    await start.click();
    await dialog.getByRole('button', { name: 'Start rebuild', exact: true }).click();
    await card
      .getByRole('status')
      .filter({ hasText: 'Rebuild of timeseries requested: v1, generation 2.' })
      .waitFor({ timeout: 30_000 });
    await ops.screenshot('ops-rebuild-started');

    // Its progress, to the end: the new copy serves, the old one is retired.
    await card
      .getByRole('status')
      .filter({ hasText: 'Rebuild finished: v1, generation 2 serves since' })
      .waitFor({ timeout: 180_000 });
    await card.getByText('Serving v1, generation 2').waitFor();
    const table = page.getByRole('region', { name: 'Every build' }).getByRole('table');
    await expect
      .poll(() => table.getByRole('row').allInnerTexts(), { timeout: 30_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^timeseries\s+v1\s+1\s+retired/),
          expect.stringMatching(/^timeseries\s+v1\s+2\s+live/),
        ]),
      );
    // Along the way it showed the build under way with how far it was, and the buttons followed it.
    const shown = await seen(page, 'progress');
    expect(shown.some((text) => /Rebuild under way: v1, generation 2/.test(text) && /\d+%/.test(text))).toBe(
      true,
    );
    expect(await start.isEnabled()).toBe(true);
    expect(await cancel.isDisabled()).toBe(true);
    await ops.screenshot('ops-rebuild-done');

    // The dashboard kept working: values went on arriving through the switch, and nothing went wrong.
    const after = await lastValue.textContent();
    await expect.poll(() => lastValue.textContent(), { timeout: 20_000 }).not.toBe(after);
    expect((await seen(viewer.page, 'values')).length).toBeGreaterThan(2);
    expect(await seen(viewer.page, 'alerts')).toEqual([]);
    await viewer.screenshot('dashboard-after-rebuild');
    expect(ops.errors).toEqual([]);
    expect(viewer.errors).toEqual([]);
  });
});
