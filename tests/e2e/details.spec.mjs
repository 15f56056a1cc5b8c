// The vendor details (names, companies, links, cookies and storage keys)
// are a file of their own beside the consent interface
// (consentry-details.<hash>.js, its integrity hash built into the
// interface), loaded the first time something shows them or deletes by
// them. A visitor who only answers the banner never downloads them; when
// they cannot be loaded, the console names the file and the cause, the
// dialog still opens and every decision still works.
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { test, expect, settle, ranAtLeast, SITE } from './fixtures.mjs';

const pkg = new URL('../../pkg/', import.meta.url);
const UI_FILE = readdirSync(pkg).find((f) => /^consentry-ui\.[0-9a-f]+\.js$/.test(f));
const DETAILS_FILE = readdirSync(pkg).find((f) => /^consentry-details\.[0-9a-f]+\.js$/.test(f));
const DETAILS_URL = SITE + '/' + DETAILS_FILE;
const detailsRequests = (site) => site.log.filter((r) => r.url === DETAILS_URL);
const ours = (site) => site.console.filter((c) => c.type === 'error' && c.text.startsWith('Consentry:')).map((c) => c.text);

test('a first visit answered from the banner never downloads the vendor details; focusing Preferences fetches them, once, and the dialog lists the vendors', async ({ page, site }) => {
  await site.goto('/details.html');
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeVisible();
  await settle(page, 500);
  expect(detailsRequests(site)).toEqual([]);
  // Tabbing to (or pointing at) Preferences starts fetching them, so that
  // the dialog mostly opens without waiting.
  await page.getByRole('button', { name: 'Preferences' }).focus();
  await expect.poll(() => detailsRequests(site).length).toBe(1);
  await page.getByRole('button', { name: 'Preferences' }).click();
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await expect(dialog).toBeVisible();
  const marketing = dialog.locator('.cat').filter({ hasText: 'Marketing' });
  await marketing.getByText(/^Vendors \(\d+\)$/).click();
  await marketing.getByText('CleverTap', { exact: true }).click();
  await expect(marketing.getByRole('cell', { name: 'WZRK_G', exact: true })).toBeVisible();
  expect(detailsRequests(site)).toHaveLength(1);
  // Closed and opened again, and asked through the API: no second request.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await page.evaluate(() => Consentry.showPreferences())).toBe(true);
  const vendors = await page.evaluate(() => Consentry.vendors());
  expect(vendors.find((v) => v.id === 'clevertap')).toMatchObject({ name: 'CleverTap' });
  expect(detailsRequests(site)).toHaveLength(1);
  // Accepting from the banner alone (another first visit) fetches nothing more.
  await page.getByRole('dialog', { name: 'Privacy preferences' }).getByRole('button', { name: 'Reject all' }).click();
  await settle(page);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
});

test('a first visit that accepts from the banner: released, and still no vendor details fetched', async ({ page, site }) => {
  await site.goto('/details.html');
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(async () => (await site.ran()).sort()).toEqual(['clevertap', 'ga', 'meta']);
  await settle(page, 300);
  expect(detailsRequests(site)).toEqual([]);
});

/**
 * Opens the banner page with the details failing as `fail` makes them,
 * then checks the promise: the dialog opens (within `wait` ms, if given),
 * with its categories and the site's own vendors; the console says once
 * that the details could not be loaded, naming `names` (the file, unless
 * null) and `cause`; and the decisions work.
 */
async function failing(page, site, cause, fail, { names = DETAILS_URL, wait } = {}) {
  await fail();
  await site.goto('/details.html');
  await page.getByRole('button', { name: 'Preferences' }).click();
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await expect(dialog).toBeVisible(wait ? { timeout: wait } : undefined);
  const said = () => ours(site).filter((t) => t.startsWith('Consentry: the vendor details could not be loaded: '));
  await expect.poll(() => said().length).toBe(1);
  const [message] = said();
  if (names) expect(message).toContain(names);
  expect(message).toMatch(cause);
  expect(message).toMatch(/Consentry: the vendor details could not be loaded: .*Fix: .*the preferences dialog and the cookie policy list only the vendors this site added/);
  // Nothing was released by the failure; the visitor decides as ever.
  expect(await site.ran()).toEqual([]);
  await dialog.getByRole('switch', { name: 'Analytics', exact: true }).check();
  await dialog.getByRole('button', { name: 'Save choices' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await site.ran()).sort()).toEqual(['ga']);
  // Not tried again in this page view, and never thrown at the page.
  expect(await page.evaluate(() => Consentry.vendors())).toEqual([]);
  expect(said()).toHaveLength(1);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
}

test('the vendor details answer 404: the dialog opens without them, the console names the file and the status', async ({ page, site }) => {
  await failing(page, site, /the server answered 404/, () => page.route(DETAILS_URL, (r) => r.fulfill({ status: 404, body: 'not found' })));
});

test('the vendor details changed after the build: refused by the integrity hash built into the interface', async ({ page, site }) => {
  const body = readFileSync(new URL(DETAILS_FILE, pkg), 'utf8').replace('var', 'let');
  await failing(page, site, /does not match the integrity hash built into the consentry-ui file \(sha384-/, () =>
    page.route(DETAILS_URL, (r) => r.fulfill({ status: 200, contentType: 'text/javascript', body })));
});

// A request that hangs (a stalled proxy, a server that never answers) does
// not fail: the interface waits five seconds for the details, then goes on
// without them, as when they fail.
const never = () => new Promise(() => {});

test('the vendor details never answer: five seconds later the dialog opens without them, and the console says why', async ({ page, site }) => {
  // The message cannot name the file: the interface only knows it asked.
  await failing(page, site, /^Consentry: the vendor details could not be loaded: its file has not arrived after 5 seconds \(its request is still open\)\. Fix: /,
    () => page.route(DETAILS_URL, never), { names: null, wait: 15_000 });
  // The only message of ours.
  expect(ours(site)).toHaveLength(1);
});

test('a returning visitor withdraws with reloadOnWithdraw while the details never answer: the page still reloads', async ({ page, site }) => {
  await site.goto('/details.html?cfg=' + encodeURIComponent(JSON.stringify({ reloadOnWithdraw: true })));
  await page.getByRole('button', { name: 'Accept all' }).click();
  await ranAtLeast(page, 3);
  await page.reload();
  await ranAtLeast(page, 3);
  await page.route(DETAILS_URL, never);
  await page.evaluate(() => { window.__before = true; Consentry.rejectAll(); });
  await expect.poll(() => page.evaluate(() => (window.__before ? 'old' : document.readyState)).catch(() => 'navigating'), { timeout: 20_000 }).toBe('complete');
  expect(await site.ran()).toEqual([]);
});

test('a returning visitor withdraws through the API, with reloadOnWithdraw: the details are fetched for the deletion, which is done before the page reloads', async ({ page, site }) => {
  await site.goto('/details.html?cfg=' + encodeURIComponent(JSON.stringify({ reloadOnWithdraw: true })));
  await page.getByRole('button', { name: 'Accept all' }).click();
  await ranAtLeast(page, 3);
  await page.reload();
  await ranAtLeast(page, 3);
  await settle(page);
  expect(detailsRequests(site)).toEqual([]);
  await page.evaluate(() => {
    document.cookie = 'WZRK_G=x; path=/';
    localStorage.setItem('WZRK_META', '{}');
    localStorage.setItem('app_state', 'keep');
    window.__before = true;
  });
  const before = site.log.length;
  await page.evaluate(() => { Consentry.rejectAll(); });
  // The page reloads once the interface has deleted what was withdrawn.
  await expect.poll(() => page.evaluate(() => (window.__before ? 'old' : document.readyState)).catch(() => 'navigating'), { timeout: 10_000 }).toBe('complete');
  expect(await page.evaluate(() => document.cookie.split('; ').filter((c) => c.startsWith('WZRK_')))).toEqual([]);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => !k.startsWith('consentry')).sort())).toEqual(['app_state']);
  expect(site.log.slice(before).filter((r) => r.url === DETAILS_URL)).toHaveLength(1);
  expect(await site.ran()).toEqual([]);
});

test('the details file on its own (a <script> tag for it) does nothing but say so', async ({ page, site }) => {
  await site.goto('/release.html');
  await page.addScriptTag({ url: '/' + DETAILS_FILE });
  await settle(page);
  expect(site.console.some((c) => c.type === 'error' && c.text.includes('is the vendor details file of the consent interface, which loads it itself'))).toBe(true);
});

test('the built files: the details named by their content, their hash built into the interface, not their contents', async () => {
  const ui = readFileSync(new URL(UI_FILE, pkg), 'utf8');
  const details = readFileSync(new URL(DETAILS_FILE, pkg));
  expect(DETAILS_FILE).toBe('consentry-details.' + createHash('sha256').update(details).digest('hex').slice(0, 10) + '.js');
  expect(ui).toContain(DETAILS_FILE);
  expect(ui).toContain('sha384-' + createHash('sha384').update(details).digest('base64'));
  // The npm package: the same bytes, a module imported on demand.
  const loader = readFileSync(new URL('details-loader.js', pkg), 'utf8');
  expect(loader).toContain("import('./details.js')");
});
