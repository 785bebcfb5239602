import { describe, expect, it } from 'vitest';
import { useProductSession } from './product-session.js';
import { clientCredentialsStatus, clientSecret } from './keycloak-clients.js';

const PRODUCER = 'demo-producer';

/**
 * The demo tenant's admin rotates the demo producer's secret in the dashboard and is shown the new one,
 * once: the tab made a key pair for it, the command API answered with the secret sealed for that key,
 * and the page opened it. This file runs a product of its own (as every e2e file does), so the demo
 * producer it leaves with a stale secret serves no other test.
 */
describe('producer secret in the browser', () => {
  const session = useProductSession('secret');
  const { signedIn } = session;

  it("the demo tenant admin rotates the demo producer's secret and sees the new one once", async () => {
    const { keycloak } = session.product.state;
    const old = await clientSecret(keycloak, 'demo', PRODUCER);
    const admin = await signedIn('demo-admin', '/t/demo/sources');
    const { page } = admin;
    await admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: session.product.uiUrl,
    });
    const producers = page.getByRole('region', { name: 'Producer clients' });
    await producers.getByLabel('Client id').fill(PRODUCER);
    await producers.getByRole('button', { name: 'Rotate secret' }).click();

    const shown = page.getByRole('region', { name: `New secret of ${PRODUCER}` });
    await shown.waitFor({ timeout: 60_000 });
    const secret = (await shown.getByTestId('new-secret').textContent())?.trim() ?? '';
    expect(secret).not.toBe(old);
    expect(secret).toBe(await clientSecret(keycloak, 'demo', PRODUCER));
    expect(await clientCredentialsStatus(keycloak.url, 'demo', PRODUCER, secret)).toBe(200);
    expect(await clientCredentialsStatus(keycloak.url, 'demo', PRODUCER, old)).not.toBe(200);
    await expect
      .poll(() => producers.getByRole('status').textContent())
      .toContain('the old one no longer works');
    expect(await producers.innerText()).not.toMatch(/cannot be shown/i);
    await admin.screenshot('producer-secret-once');

    await shown.getByRole('button', { name: 'Copy' }).click();
    await shown.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    // Nowhere but on screen: not in the address, not in the tab's storage.
    const kept = await page.evaluate(
      () =>
        `${location.href} ${JSON.stringify({ ...sessionStorage })} ${JSON.stringify({ ...localStorage })}`,
    );
    expect(kept).not.toContain(secret);

    await shown.getByRole('button', { name: 'I have stored it' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    await admin.screenshot('producer-secret-stored');
    expect(admin.errors).toEqual([]);
  });
});
