import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import { launchBrowser, openPage, signInWithKeycloak, type WatchedPage } from './browser.js';
import { startProduct, type RunningProduct } from '@chronicle/devstack';

/** One e2e file's product (started as `npm start` starts it) and browser, and its users' pages. */
export interface ProductSession {
  readonly product: RunningProduct;
  readonly browser: Browser;
  /** A fresh browser context for one user; on failure, what they saw and what the product said. */
  opened(username: string): Promise<WatchedPage>;
  /** The same, signed in through the realm's Keycloak login page and landed on `path`. */
  signedIn(username: string, path: string): Promise<WatchedPage>;
}

/**
 * The product and the browser, started side by side; should either fail, the other is stopped (a product
 * left running would keep its processes and its database).
 */
export async function startProductAndBrowser(): Promise<{ product: RunningProduct; browser: Browser }> {
  const [product, browser] = await Promise.allSettled([startProduct('ui-e2e'), launchBrowser()]);
  if (product.status === 'fulfilled' && browser.status === 'fulfilled') {
    return { product: product.value, browser: browser.value };
  }
  if (product.status === 'fulfilled') await product.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw product.status === 'rejected' ? product.reason : (browser as PromiseRejectedResult).reason;
}

/** Starts the product and the browser before the file's tests and stops both after them. */
export function useProductSession(failureLabel: string): ProductSession {
  let product: RunningProduct | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ({ product, browser } = await startProductAndBrowser());
  }, 360_000);
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  }, 60_000);

  const running = () => {
    if (!product || !browser) throw new Error('the product session has not started');
    return { product, browser };
  };
  const opened = async (username: string): Promise<WatchedPage> => {
    const { product, browser } = running();
    const watched = await openPage(browser);
    onTestFailed(async () => {
      await watched.screenshot(`failed-${failureLabel}-${username}`).catch(() => {});
      const main = await watched.page
        .locator('main')
        .innerText()
        .catch(() => '?');
      console.error(`${username} at ${watched.page.url()}:\n${main}`);
      console.error(`product output (end):\n${product.output().slice(-6000)}`);
    });
    return watched;
  };
  return {
    get product() {
      return running().product;
    },
    get browser() {
      return running().browser;
    },
    opened,
    async signedIn(username, path) {
      const { product } = running();
      const watched = await opened(username);
      await watched.page.goto(`${product.uiUrl}${path}`);
      await signInWithKeycloak(watched.page, product.login(username));
      await watched.page.waitForURL(`${product.uiUrl}${path}`);
      return watched;
    },
  };
}
