import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with the flags it needs as root in a container (shared/stack-notes.md), as
 * the browser tests launch it (ui/src/e2e/browser.ts); never a browser downloaded by Playwright.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
