import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useProductSession } from './product-session.js';

/**
 * The audit view as an auditor meets it, against the whole product started as `npm start` starts it (the
 * demo producer writing all along): the timeline, its filters and pages, an event's metadata, time travel
 * over a stream's versions, the hash-chain verdicts and the NDJSON export. Fails on any console error;
 * leaves a screenshot of each step in ui/test-artifacts/.
 */
describe('audit view in the browser', () => {
  const session = useProductSession('audit');
  const { signedIn } = session;

  it('an auditor filters the timeline, reads an event, time-travels a stream and sees intact chains', async () => {
    // A second version for source-sim-0, made the way a tenant-admin makes one: renamed in the Sources view.
    const renamed = 'Rooftop array';
    const admin = await signedIn('demo-admin', '/t/demo/sources');
    await admin.page.getByRole('button', { name: 'Change sim-0' }).click({ timeout: 30_000 });
    await admin.page.getByLabel('New name').fill(renamed);
    await admin.page.getByRole('button', { name: 'Rename', exact: true }).click();
    const row = admin.page.locator('tr[data-source-id="sim-0"]');
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain(renamed);
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    const auditor = await signedIn('demo-auditor', '/t/demo/audit');
    const { page } = auditor;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit');

    // The timeline, from the start of the log, a page at a time; the organisation's chains recompute.
    const timeline = page.getByRole('region', { name: 'Event timeline' });
    const events = timeline.getByRole('table').locator('tbody tr');
    await expect.poll(() => events.count(), { timeout: 30_000 }).toBe(50);
    const tenantChain = page.getByRole('region', { name: 'Hash chain of the organisation' });
    await tenantChain.getByText('Intact').waitFor({ timeout: 60_000 });
    await auditor.screenshot('audit-timeline');
    await timeline.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => events.count(), { timeout: 30_000 }).toBe(100);

    // The keyboard walks the list: each arrow step shows the next event's details.
    const first = timeline.getByRole('button', { name: /at position/ }).first();
    await first.focus();
    await page.keyboard.press('ArrowDown');
    const second = timeline.getByRole('button', { name: /at position/ }).nth(1);
    await expect.poll(() => second.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => second.evaluate((button) => button === document.activeElement)).toBe(true);

    // Filtered by a stream: the source's two events, registration and rename.
    const filter = page.getByRole('form', { name: 'Filter events' });
    await filter.getByLabel('Stream', { exact: true }).fill('source-sim-0');
    await filter.getByRole('button', { name: 'Apply filter' }).click();
    await expect.poll(() => events.count(), { timeout: 30_000 }).toBe(2);
    expect(await events.locator('code').allTextContents()).toEqual(['source-sim-0', 'source-sim-0']);
    await timeline.getByText('2 events · stream source-sim-0').waitFor();
    await auditor.screenshot('audit-filtered');

    // An event's details: its metadata and its place in the chain (the rename came through the command API,
    // which records who asked, the request's correlation id and the command's id).
    await timeline.getByRole('button', { name: /^SourceRenamed/ }).click();
    const details = page.getByRole('region', { name: /^Event details/ });
    for (const fact of [
      'Event id',
      'Log position',
      'Recorded',
      'Actor',
      'Correlation id',
      'Causation id',
      'Hash',
    ]) {
      await details.getByText(fact, { exact: true }).waitFor();
    }
    const fact = (name: string) => details.locator(`dt:text-is("${name}") + dd`);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(await fact('Actor').locator('code').textContent()).toMatch(uuid);
    expect(await fact('Correlation id').locator('code').textContent()).toMatch(/\S{8,}/);
    expect(await fact('Command id').locator('code').textContent()).toMatch(uuid);
    expect(await details.getByLabel('Event data').textContent()).toContain(renamed);
    expect(await details.locator('dd.hash code').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await auditor.screenshot('audit-event-details');

    // The export of the filtered log: the same two events, as NDJSON.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      filter.getByRole('button', { name: 'Export as NDJSON' }).click(),
    ]);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { streamId: string; type: string }).type)).toEqual([
      'SourceRegistered',
      'SourceRenamed',
    ]);
    await filter.getByText('Exported 2 events').waitFor();

    // Time travel, from the event: the source as the rename left it, then one version back, then before it
    // existed.
    await details.getByRole('button', { name: 'Time-travel source-sim-0 to this event' }).click();
    const travel = page.getByRole('region', { name: 'Stream time travel' });
    expect(await travel.getByLabel('Stream', { exact: true }).inputValue()).toBe('source-sim-0');
    const slider = travel.getByRole('slider', { name: 'As of' });
    const version = travel.getByTestId('stream-version');
    const field = travel.locator('dd[data-field="name"]');
    const name = field.locator('code').first();
    await expect.poll(() => version.textContent(), { timeout: 30_000 }).toBe('2');
    await expect.poll(() => name.textContent()).toBe(renamed);
    const streamChain = travel.getByRole('region', { name: 'Hash chain of source-sim-0' });
    await streamChain.getByText('Intact').waitFor({ timeout: 30_000 });
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => version.textContent(), { timeout: 30_000 }).toBe('1');
    await expect.poll(() => name.textContent()).toBe('Simulated sim-0');
    await expect.poll(() => field.locator('.changed').textContent()).toContain(renamed);
    await expect.poll(() => travel.getByTestId('as-of-moment').textContent()).toContain('version 1 of 2');
    await auditor.screenshot('audit-time-travel');
    await page.keyboard.press('Home');
    await expect.poll(() => version.textContent(), { timeout: 30_000 }).toBe('0');
    await travel.getByText('it did not exist').waitFor();

    // A measurements stream: its summary then, and the chart a dashboard showed at that moment.
    await travel.getByLabel('Stream', { exact: true }).fill('measurements-sim-0');
    await travel.getByRole('button', { name: 'Show' }).click();
    await travel.locator('.series-as-of canvas').first().waitFor({ timeout: 30_000 });
    const newest = Number(await version.textContent());
    expect(newest).toBeGreaterThan(3);
    await slider.focus();
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowLeft');
    await expect
      .poll(async () => Number(await version.textContent()), { timeout: 30_000 })
      .toBeLessThan(newest);
    await travel.locator('.series-as-of canvas').first().waitFor({ timeout: 30_000 });
    await travel
      .getByRole('region', { name: 'Hash chain of measurements-sim-0' })
      .getByText('Intact')
      .waitFor({ timeout: 30_000 });
    await auditor.screenshot('audit-time-travel-measurements');

    expect(auditor.errors).toEqual([]);
  });
});
