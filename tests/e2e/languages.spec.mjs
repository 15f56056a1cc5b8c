// Languages: English is built into the interface; every other shipped
// language is a pack of its own (consentry-lang-<code>.<hash>.js beside
// consentry-ui, with its integrity hash built into it), downloaded only
// for the visitor who reads it. What was downloaded is read from the
// request log; when a pack cannot be used, the interface speaks English
// and the console names the file and the cause.
import { readFileSync } from 'node:fs';
import { test, expect, settle, SITE } from './fixtures.mjs';

const pkg = new URL('../../pkg/', import.meta.url);
const { languages } = JSON.parse(readFileSync(new URL('stage2.json', pkg), 'utf8'));
const CODES = Object.keys(languages);
const PACK = /^\/consentry-lang-([a-z]+)\.[0-9a-f]{10}\.js$/;
/** The language packs requested so far, by code, in order. */
const packsRequested = (site) => site.log.map((r) => new URL(r.url).pathname.match(PACK)?.[1]).filter(Boolean);
const ours = (site) => site.console.filter((c) => c.type === 'error' && c.text.startsWith('Consentry:')).map((c) => c.text);
/** A pack's texts, as the npm package's module for it carries them. */
const texts = async (code) => (await import(new URL(`lang/${code}.js`, pkg).href)).texts.split('\u001e');
const banner = (page) => page.locator('consentry-ui .banner');
const rootLang = (page) => page.evaluate(() => document.querySelector('consentry-ui').shadowRoot.querySelector('.root').getAttribute('lang'));

test('thirty languages are shipped, each a pack of its own beside the interface', () => {
  expect(CODES.length + 1).toBeGreaterThanOrEqual(30);
  for (const code of CODES) expect(languages[code][0]).toMatch(new RegExp(`^consentry-lang-${code}\\.[0-9a-f]{10}\\.js$`));
});

test('an English visitor downloads no language file; a German one only the German file', async ({ page, site }) => {
  await site.goto('/banner.html');
  await expect(page.getByRole('button', { name: 'Accept all', exact: true })).toBeVisible();
  await settle(page);
  expect(packsRequested(site)).toEqual([]);
  await site.goto('/banner.html?lang=de-AT');
  await expect(page.getByRole('button', { name: 'Alle akzeptieren' })).toBeVisible();
  expect(await rootLang(page)).toBe('de');
  await settle(page);
  expect(packsRequested(site)).toEqual(['de']);
});

test('every shipped language: its pack loads and the banner speaks it', async ({ page, site }) => {
  test.setTimeout(120_000);
  for (const code of CODES) {
    await site.goto(`/banner.html?lang=${code}`);
    await expect(banner(page)).toBeVisible();
    expect(await rootLang(page), code).toBe(code);
    const [accept, reject] = await page.evaluate(() => [...document.querySelector('consentry-ui').shadowRoot.querySelectorAll('.banner button')].map((b) => b.textContent));
    const own = await texts(code);
    expect(own, code).toContain(accept);
    expect(own, code).toContain(reject);
    expect(accept, code).not.toBe('Accept all');
  }
  expect(packsRequested(site)).toEqual(CODES);
  expect(site.console.filter((c) => c.type === 'error' || c.type === 'pageerror')).toEqual([]);
});

/**
 * Opens a German page with its pack failing as `fail` makes it, and checks:
 * the banner in English (and said to be English), the console naming the
 * file and `cause`, nothing released, and the API working.
 */
async function failing(page, site, cause, fail) {
  const url = SITE + '/' + languages.de[0];
  await fail(url);
  await site.goto('/banner.html?lang=de');
  await expect(page.getByRole('button', { name: 'Accept all', exact: true })).toBeVisible();
  expect(await rootLang(page)).toBe('en');
  await expect.poll(() => ours(site)).toEqual(expect.arrayContaining([expect.stringContaining(url)]));
  const message = ours(site).find((t) => t.includes(url));
  expect(message).toMatch(/the texts in Deutsch could not be loaded, so the interface is shown in English/);
  expect(message).toMatch(cause);
  expect(await site.ran()).toEqual([]);
  await page.getByRole('button', { name: 'Accept all', exact: true }).click();
  await expect.poll(async () => (await site.ran()).sort()).toEqual(['clevertap', 'ga', 'meta']);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
}

test('a language file answering 404: English, the console names the file and the status', async ({ page, site }) => {
  await failing(page, site, /the server answered 404.*Fix: deploy the language files built with this consentry\.global\.js beside its consentry-ui file/, (url) =>
    page.route(url, (r) => r.fulfill({ status: 404, body: 'not found' })));
});

test('a language file changed after the build: refused by the integrity hash built into the interface', async ({ page, site }) => {
  const body = readFileSync(new URL(languages.de[0], pkg), 'utf8').replace('akzeptieren', 'akzeptierem');
  await failing(page, site, /does not match the integrity hash built into the consentry-ui file \(sha384-/, (url) =>
    page.route(url, (r) => r.fulfill({ status: 200, contentType: 'text/javascript', body })));
});

test('a language file that answers late: five seconds on, the banner is shown in English, and the late answer changes nothing', async ({ page, site }) => {
  const url = SITE + '/' + languages.de[0];
  const body = readFileSync(new URL(languages.de[0], pkg));
  await page.route(url, async (r) => {
    await new Promise((done) => setTimeout(done, 8_000));
    await r.fulfill({ status: 200, contentType: 'text/javascript', body });
  });
  await site.goto('/banner.html?lang=de');
  await expect(page.getByRole('button', { name: 'Accept all', exact: true })).toBeVisible({ timeout: 15_000 });
  expect(await rootLang(page)).toBe('en');
  await expect.poll(() => ours(site)).toEqual([expect.stringMatching(/^Consentry: the texts in Deutsch could not be loaded, so the interface is shown in English: its file has not arrived after 5 seconds/)]);
  await settle(page, 300);
  expect(await rootLang(page)).toBe('en');
  expect(await site.ran()).toEqual([]);
  await page.getByRole('button', { name: 'Accept all', exact: true }).click();
  await expect.poll(async () => (await site.ran()).sort()).toEqual(['clevertap', 'ga', 'meta']);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
});

test('a strict CSP: the language file loads with the nonce of consentry.global.js', async ({ page, site }) => {
  const html = readFileSync(new URL('../pages/csp-strict.html', import.meta.url), 'utf8').replace('<html lang="en">', '<html lang="sv">');
  await page.route(SITE + '/csp-strict.html', (r) => r.fulfill({
    status: 200, contentType: 'text/html',
    headers: { 'content-security-policy': "script-src 'nonce-n0nce' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'" },
    body: html,
  }));
  await site.goto('/csp-strict.html');
  await expect(page.getByRole('button', { name: 'Acceptera alla' })).toBeVisible();
  expect(packsRequested(site)).toEqual(['sv']);
  expect(site.console.filter((c) => c.type === 'error' || c.type === 'pageerror')).toEqual([]);
});

test('a language file on its own (a <script> tag for it) does nothing but say so', async ({ page, site }) => {
  await site.goto('/release.html');
  await page.addScriptTag({ url: '/' + languages.fr[0] });
  await settle(page);
  expect(site.console.some((c) => c.type === 'error' && c.text.includes('is a language file of the consent interface, which loads it itself'))).toBe(true);
});

test('the built files: each pack named by its content, its hash built into the interface, which English alone is built into', async () => {
  const { createHash } = await import('node:crypto');
  const ui = readFileSync(new URL(JSON.parse(readFileSync(new URL('stage2.json', pkg), 'utf8')).file, pkg), 'utf8');
  for (const code of CODES) {
    const [file, integrity] = languages[code];
    const bytes = readFileSync(new URL(file, pkg));
    expect(file).toBe(`consentry-lang-${code}.` + createHash('sha256').update(bytes).digest('hex').slice(0, 10) + '.js');
    expect(integrity).toBe('sha384-' + createHash('sha384').update(bytes).digest('base64'));
    expect(ui).toContain(integrity);
  }
  // The German texts are in the German pack, not in the interface (its
  // module is inlined as text: look for a German button's bytes there).
  expect(readFileSync(new URL(languages.de[0], pkg), 'utf8')).toContain('Alle akzeptieren');
  const wasm = readFileSync(new URL('ui/consentry_ui_bg.wasm', pkg));
  expect(wasm.includes(Buffer.from('Alle akzeptieren'))).toBe(false);
  expect(wasm.includes(Buffer.from('Accept all'))).toBe(true);
});

test('Arabic is laid out right to left: the banner\'s buttons run from the right, and the placeholder reads so too', async ({ page, site }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await site.goto('/banner.html?lang=ar');
  await expect(banner(page)).toBeVisible();
  const layout = await page.evaluate(() => {
    const root = document.querySelector('consentry-ui').shadowRoot;
    const b = root.querySelector('.banner');
    return { direction: getComputedStyle(b).direction, lefts: [...b.querySelectorAll('button')].map((x) => x.getBoundingClientRect().left) };
  });
  expect(layout.direction).toBe('rtl');
  // On one row: each button left of the one before it.
  expect(layout.lefts.length).toBe(3);
  for (let i = 1; i < layout.lefts.length; i++) expect(layout.lefts[i]).toBeLessThan(layout.lefts[i - 1]);
  await page.evaluate(() => {
    const f = document.createElement('iframe');
    f.src = 'https://www.youtube.com/embed/x?t=yt';
    f.width = '560';
    f.height = '315';
    document.querySelector('main').append(f);
  });
  await page.waitForFunction(() => document.querySelector('consentry-placeholder'));
  expect(await page.evaluate(() => {
    const p = document.querySelector('consentry-placeholder').shadowRoot.querySelector('.placeholder');
    return [p.getAttribute('dir'), getComputedStyle(p).direction];
  })).toEqual(['rtl', 'rtl']);
  expect(site.requestsTo(['youtube.com'])).toEqual([]);
});
