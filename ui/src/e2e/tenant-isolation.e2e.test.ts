import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { openPage, signInWithKeycloak } from './browser.js';
import { completeInvitation } from './keycloak-users.js';
import type { RunningProduct } from '@chronicle/devstack';
import { startProductAndBrowser } from './product-session.js';

const TENANT_B = 'acme';
const B_VIEWER = { realm: TENANT_B, username: 'acme-viewer', role: 'viewer', password: 'acme-viewer-e2e' };
/** A source of tenant `demo` (A) whose owner is B's viewer's subject: only the tenant keeps it from them. */
const SHADOW_SOURCE = 'shadow-of-acme-viewer';

/**
 * Tenant B is made the way an operator makes one (the platform admin's command API calls), and its viewer
 * signs in to B's realm through the real Keycloak login page: nothing of tenant A (`demo`) reaches them,
 * in the dashboard or through the GraphQL API with their token, while A's own admin sees the same ids.
 */
describe('tenant isolation in the browser', () => {
  let product: RunningProduct;
  let browser: Browser;

  beforeAll(async () => {
    ({ product, browser } = await startProductAndBrowser());
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  }, 60_000);

  async function signedIn(login: { username: string; password: string }, path: string) {
    const watched = await openPage(browser);
    onTestFailed(async () => {
      await watched.screenshot(`failed-${login.username}`).catch(() => {});
      console.error(`product output (end):\n${product.output().slice(-6000)}`);
    });
    await watched.page.goto(`${product.uiUrl}${path}`);
    await signInWithKeycloak(watched.page, login);
    await watched.page.waitForURL(`${product.uiUrl}${path}`);
    return watched;
  }

  it('a viewer of tenant B sees nothing of tenant A', async () => {
    // The platform admin registers tenant B and invites its viewer, with the dashboard's token.
    const platformAdmin = await signedIn(product.login('platform-admin'), '/t/platform/');
    const command = (path: string, body: unknown) => postCommand(platformAdmin.page, path, body);
    expect(await command('/api/tenants', { tenantId: TENANT_B, displayName: 'Acme' })).toBe(201);
    expect(
      await command(`/api/tenants/${TENANT_B}/users`, {
        username: B_VIEWER.username,
        email: `${B_VIEWER.username}@acme.invalid`,
      }),
    ).toBe(201);
    expect(
      await command(`/api/tenants/${TENANT_B}/users/${B_VIEWER.username}/grant-role`, { role: 'viewer' }),
    ).toBe(200);
    const { subject } = await completeInvitation(product.state.keycloak, B_VIEWER);

    // In tenant A, a source owned by that very subject: were sources filtered by owner alone, B would see it.
    const demoAdmin = await signedIn(product.login('demo-admin'), '/t/demo/sources');
    expect(
      await postCommand(demoAdmin.page, '/api/sources', {
        sourceId: SHADOW_SOURCE,
        name: 'Shadow of acme-viewer',
        ownerSubject: subject,
      }),
    ).toBe(201);
    // A's admin reads both ids, and sim-0's values, with the very queries B will send.
    await expect
      .poll(async () => (await probeTenantA(demoAdmin.page)).visible, { timeout: 30_000 })
      .toEqual({ 'sim-0': true, [SHADOW_SOURCE]: true, series: true });

    const viewer = await signedIn(B_VIEWER, `/t/${TENANT_B}/`);
    const { page } = viewer;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    await page.getByRole('heading', { name: 'No sources yet' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('list', { name: 'Sources' }).count()).toBe(0);
    const shown = await page.locator('main').innerText();
    expect(shown).not.toMatch(/sim-\d|Simulated|shadow/i);
    await viewer.screenshot('dashboard-other-tenant');
    expect(viewer.errors).toEqual([]);

    // Through the API with B's token: the ids of A read as unknown, A's values as not found.
    const probe = await probeTenantA(page);
    expect(probe.sources).toEqual([]);
    expect(probe.source).toEqual({ 'sim-0': null, [SHADOW_SOURCE]: null });
    expect(probe.seriesErrors).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(probe.visible).toEqual({ 'sim-0': false, [SHADOW_SOURCE]: false, series: false });
  });
});

/** A command API call from the page, with the page's access token and a fresh Idempotency-Key. */
function postCommand(page: Page, path: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ({ path, body }) => {
      const response = await fetch(path, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${pageAccessToken()}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify(body),
      });
      return response.status;

      function pageAccessToken(): string {
        const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user:'))!;
        return (JSON.parse(sessionStorage.getItem(key)!) as { access_token: string }).access_token;
      }
    },
    { path, body },
  );
}

/** What the page's token reads of tenant A's sources `sim-0` and the shadow source, over /graphql. */
async function probeTenantA(page: Page) {
  const query = `query Probe {
    sources(first: 500) { edges { node { id } } }
    sim0: source(id: "sim-0") { id name }
    shadow: source(id: "${SHADOW_SOURCE}") { id name }
  }`;
  const seriesQuery = (sourceId: string) => `query Series($from: EpochMillis!, $to: EpochMillis!) {
    series(sourceId: "${sourceId}", from: $from, to: $to, resolution: RAW) { sourceId points { t value } }
  }`;
  type Answer = {
    data: {
      sources?: { edges: { node: { id: string } }[] };
      sim0?: { id: string } | null;
      shadow?: { id: string } | null;
      series?: { points: unknown[] } | null;
    } | null;
    errors?: { extensions?: { code?: string } }[];
  };
  const [catalogue, sim0Series, shadowSeries] = await page.evaluate(
    async (queries) => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user:'))!;
      const token = (JSON.parse(sessionStorage.getItem(key)!) as { access_token: string }).access_token;
      const variables = { from: Date.now() - 3_600_000, to: Date.now() + 60_000 };
      return Promise.all(
        queries.map(async (query) => {
          const response = await fetch('/graphql', {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ query, variables }),
          });
          return (await response.json()) as unknown;
        }),
      );
    },
    [query, seriesQuery('sim-0'), seriesQuery(SHADOW_SOURCE)],
  );
  const [listed, sim0, shadow] = [catalogue, sim0Series, shadowSeries] as Answer[];
  return {
    sources: listed!.data?.sources?.edges.map((edge) => edge.node.id) ?? [],
    source: { 'sim-0': listed!.data?.sim0 ?? null, [SHADOW_SOURCE]: listed!.data?.shadow ?? null },
    seriesErrors: [sim0, shadow].map((answer) => answer!.errors?.[0]?.extensions?.code ?? 'none'),
    visible: {
      'sim-0': Boolean(listed!.data?.sim0),
      [SHADOW_SOURCE]: Boolean(listed!.data?.shadow),
      series: (sim0!.data?.series?.points.length ?? 0) > 0,
    },
  };
}
