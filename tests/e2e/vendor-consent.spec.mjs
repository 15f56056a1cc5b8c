// Consent per vendor: a visitor may allow or refuse one vendor whatever its
// categories (Consentry.acceptVendor, rejectVendor). Read from the request
// log and from what ran.
import { readFileSync } from 'node:fs';
import { test, expect, settle, ranAtLeast, SITE } from './fixtures.mjs';

const GA = ['google-analytics.com'];
const HOTJAR = ['hotjar.com'];

test('acceptVendor releases that vendor\'s held elements only, once and in order, and is stored', async ({ page, site }) => {
  await site.goto('/vendors.html');
  await settle(page);
  expect(site.requestsTo([...GA, ...HOTJAR])).toEqual([]);
  const events = page.evaluate(() => new Promise((r) => addEventListener('consentry:change', (e) => r(e.detail), { once: true })));
  site.mark('ga');
  await page.evaluate(() => window.Consentry.acceptVendor('google-analytics'));
  await ranAtLeast(page, 2);
  await settle(page);
  expect(await site.ran()).toEqual(['ga-1', 'ga-2']);
  expect(site.requestsTo(GA, 'ga')).toHaveLength(2);
  expect(site.requestsTo(HOTJAR)).toEqual([]);
  const consent = await page.evaluate(() => window.Consentry.getConsent());
  expect(consent).toMatchObject({ decided: true, analytics: false, vendors: { 'google-analytics': true } });
  expect((await events).vendors).toEqual({ 'google-analytics': true });
  // The choice is stored (record version 2): on the next page the same holds.
  const cookie = (await page.context().cookies()).find((c) => c.name === 'consentry');
  expect(cookie.value).toMatch(/^2\.-\.[0-9a-z]+\.\d+\.0\.\d+\.a[0-9a-z]+$/);
  site.mark('reload');
  await site.goto('/vendors.html');
  await ranAtLeast(page, 2);
  await settle(page);
  expect(await site.ran()).toEqual(['ga-1', 'ga-2']);
  expect(site.requestsTo(HOTJAR, 'reload')).toEqual([]);
});

test('rejectVendor after a category grant: held again, its cookies deleted, held on the next load; the others run', async ({ page, site }) => {
  await site.goto('/vendors.html');
  await page.evaluate(() => window.Consentry.accept(['analytics']));
  await ranAtLeast(page, 3);
  await page.evaluate(() => { document.cookie = '_ga=GA1.1.123.456; path=/'; });
  await page.evaluate(() => window.Consentry.rejectVendor('google-analytics'));
  await page.waitForFunction(() => !document.cookie.includes('_ga='), null, { timeout: 10_000 });
  const consent = await page.evaluate(() => window.Consentry.getConsent());
  expect(consent).toMatchObject({ analytics: true, vendors: { 'google-analytics': false } });
  // A vendor the page inserts now is held at once.
  site.mark('after');
  await page.evaluate(() => { const s = document.createElement('script'); s.src = 'https://www.google-analytics.com/analytics.js?t=ga-late'; document.body.appendChild(s); });
  await settle(page);
  expect(site.requestsTo(GA, 'after')).toEqual([]);
  site.mark('reload');
  await site.goto('/vendors.html');
  await ranAtLeast(page, 1);
  await settle(page);
  expect(await site.ran()).toEqual(['hotjar']);
  expect(site.requestsTo(GA, 'reload')).toEqual([]);
  // Accept all answers for every vendor: the refusal goes.
  await page.evaluate(() => window.Consentry.acceptAll());
  await ranAtLeast(page, 3);
  expect(await page.evaluate(() => window.Consentry.getConsent().vendors)).toEqual({});
});

test('a record of the first format (no decisions on single vendors) is still read', async ({ page, site }) => {
  const now = Math.floor(Date.now() / 1000);
  await page.context().addCookies([{ name: 'consentry', value: `1.a.k3v9x0q2m8w1z7c4ab.${now}.0.${now + 86400}`, url: SITE }]);
  await site.goto('/vendors.html');
  await ranAtLeast(page, 3);
  expect(await site.ran()).toEqual(['ga-1', 'hotjar', 'ga-2']);
  expect(await page.evaluate(() => window.Consentry.getConsent())).toMatchObject({ analytics: true, decided: true, vendors: {} });
});

test('an id the table does not know, or no string at all: named in the console, nothing changes', async ({ page, site }) => {
  await site.goto('/vendors.html');
  await page.evaluate(() => {
    window.Consentry.acceptVendor('no-such-vendor');
    window.Consentry.acceptVendor({ toString() { throw new Error('hostile'); } });
    window.Consentry.rejectVendor(Symbol('x'));
  });
  await settle(page);
  expect(await site.ran()).toEqual([]);
  expect(await page.evaluate(() => window.Consentry.getConsent().decided)).toBe(false);
  const errors = site.console.filter((m) => m.type === 'error').map((m) => m.text);
  expect(errors.some((t) => t.includes('no vendor "no-such-vendor"'))).toBe(true);
  expect(errors.filter((t) => t.includes('expected a vendor id'))).toHaveLength(2);
  expect(site.console.filter((m) => m.type === 'pageerror')).toEqual([]);
});

test('the dialog: a switch per vendor under its categories; a category switch sets its vendors; a vendor switch that disagrees is said and stored', async ({ page, site }) => {
  // The same page with the consent interface on.
  const html = readFileSync(new URL('../pages/vendors.html', import.meta.url), 'utf8');
  await page.route('**/vendors.html', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html.replace(' data-ui="false"', '') }));
  await site.goto('/vendors.html');
  await page.evaluate(() => window.Consentry.showPreferences());
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await dialog.getByRole('switch', { name: 'Analytics', exact: true }).check();
  // The vendors are listed, collapsed, under each category.
  const analytics = dialog.locator('.cat').filter({ hasText: 'Measuring visits' });
  await analytics.getByText(/^Vendors \(\d+\)$/).click();
  const ga = analytics.getByRole('switch', { name: 'Google Analytics', exact: true });
  await expect(ga).toBeChecked();
  await ga.uncheck();
  await expect(dialog.getByText('Refused on its own')).toBeVisible();
  site.mark('save');
  await dialog.getByRole('button', { name: 'Save choices' }).click();
  await ranAtLeast(page, 1);
  await settle(page);
  expect(await site.ran()).toEqual(['hotjar']);
  expect(site.requestsTo(GA, 'save')).toEqual([]);
  expect(await page.evaluate(() => window.Consentry.getConsent())).toMatchObject({ analytics: true, vendors: { 'google-analytics': false } });
  // Opened again, the dialog shows the stored state.
  await page.evaluate(() => window.Consentry.showPreferences());
  await analytics.getByText(/^Vendors \(\d+\)$/).click();
  await expect(analytics.getByRole('switch', { name: 'Google Analytics', exact: true })).not.toBeChecked();
  await expect(analytics.getByText('Refused on its own')).toBeVisible();
  await expect(dialog.getByRole('switch', { name: 'Analytics', exact: true })).toBeChecked();
});
