// The consent experience: banner, preferences, record, Consent Mode, GPC,
// languages, accessibility (axe-core in headless Chromium, and keyboard).
import { readFileSync } from 'node:fs';
import { test, expect, settle, SITE, ENGINE } from './fixtures.mjs';

// Every shipped language: English (built in) and each language pack.
const LANGS = ['en', ...Object.keys(JSON.parse(readFileSync(new URL('../../pkg/stage2.json', import.meta.url), 'utf8')).languages)];
const open = (site, q = '') => site.goto('/banner.html' + q);
const cfg = (o) => '?cfg=' + encodeURIComponent(JSON.stringify(o));
// The banner takes focus at the first frame after it is shown.
const focusInBanner = (page) => expect.poll(() => page.evaluate(() => document.activeElement.localName + '>' + document.activeElement.shadowRoot?.activeElement?.localName)).toBe('consentry-ui>section');
// The stored record, read from the browser's store through DevTools: the
// page's cookie write reaches it asynchronously, so callers poll.
const record = async (context) => (await context.cookies()).find((c) => c.name === 'consentry')?.value;

async function axe(page) {
  await page.addScriptTag({ url: SITE + '/node_modules/axe-core/axe.min.js' });
  const r = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }));
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the banner appears with equal choices, takes focus, and does not cover the page', async ({ page, site }) => {
  await open(site);
  const banner = page.getByRole('region', { name: 'Your privacy choices' });
  await expect(banner).toBeVisible();
  const buttons = banner.getByRole('button');
  await expect(buttons).toHaveText(['Accept all', 'Reject all', 'Preferences']);
  // Equal prominence: the three buttons look the same.
  const looks = await buttons.evaluateAll((bs) => bs.map((b) => { const s = getComputedStyle(b); return [s.backgroundColor, s.color, s.fontSize, s.fontWeight, s.borderStyle, b.offsetHeight].join('|'); }));
  expect(new Set(looks).size).toBe(1);
  // Focus moved into the banner (at the first frame, not during start-up).
  await focusInBanner(page);
  await expect(banner.getByRole('link', { name: 'Privacy policy' })).toHaveAttribute('href', '/privacy');
  // The page stays readable: the banner is a bottom bar, the heading is not covered.
  const covered = await page.evaluate(() => { const h = document.querySelector('h1').getBoundingClientRect(); return document.elementFromPoint(h.left + 2, h.top + 2)?.localName; });
  expect(covered).toBe('h1');
  expect(await site.ran()).toEqual([]);
});

/**
 * Delays the page's /slow.js, so that the parser waits for it while the
 * interface arrives: until the interface was served, and a second more for
 * it to compile and start (on a loaded two-core machine).
 */
const slowScript = (page, site, body = '') => page.route(SITE + '/slow.js', async (route) => {
  const t0 = Date.now();
  while (!site.log.some((r) => /\/consentry-ui\.[0-9a-f]+\.js$/.test(r.url)) && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 1000));
  await route.fulfill({ status: 200, contentType: 'text/javascript', body });
});

// Chromium runs a script inserted `async` as soon as it has loaded, even
// while the parser waits for a parser-blocking script. Firefox ESR 153 and
// WebKitGTK 2.50 run it only after that script and the inline script after
// it (seen here with a bare async script, through Firefox's BiDi
// interception and through the proxy alike). There stage 2 cannot be up
// while the parser waits for /slow.js: the banner comes up after it (at the
// end of <body>, as checked below), and the page's script finds no host.
const ASYNC_WHILE_PARSER_BLOCKED = ENGINE === 'chromium';

test('first visit: the interface is requested at once, the banner is up while the parser is still in <body>; parsed, it sits at the end of <body>, back if a page script removed it, and an autofocus field keeps the focus', async ({ page, site }) => {
  await slowScript(page, site, 'window.__slow = [document.readyState, !!window.__frame, document.activeElement.localName];');
  await site.goto('/early-banner.html');
  // Stage 2 was requested right after stage 1, before anything after it in the page.
  const paths = site.log.filter((r) => r.host === 'site.test').map((r) => new URL(r.url).pathname);
  expect(paths.slice(0, 3)).toEqual(['/early-banner.html', '/consentry.global.js', expect.stringMatching(/^\/consentry-ui\.[0-9a-f]+\.js$/)]);
  expect(await page.evaluate(() => window.__early)).toEqual({ readyState: 'loading', host: ASYNC_WHILE_PARSER_BLOCKED, shown: ASYNC_WHILE_PARSER_BLOCKED });
  // (WebKitGTK, under Xvfb here, ran no animation frame while the parser
  // waited for /slow.js; Chromium and Firefox did.)
  expect(await page.evaluate(() => window.__slow)).toEqual(['loading', ENGINE !== 'webkit', 'body']);
  expect(await page.evaluate(() => document.body.lastElementChild.localName)).toBe('consentry-ui');
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeVisible();
  // The page's autofocus field, parsed after the banner was shown, keeps the focus.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await page.evaluate(() => document.activeElement.id)).toBe('q');
  expect(site.console.filter((m) => m.type === 'error' || m.type === 'pageerror')).toEqual([]);
});

test('a page script that rewrites the body markup while loading leaves exactly one host, ours, with the banner up', async ({ page, site }) => {
  await slowScript(page, site);
  await site.goto('/rebuilt-body.html');
  // While loading: the re-created copy has no shadow root, ours is detached
  // (where stage 2 could run while the parser waited: see above).
  expect(await page.evaluate(() => [window.__before, window.__during])).toEqual(ASYNC_WHILE_PARSER_BLOCKED ? [1, [false]] : [0, []]);
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeVisible();
  expect(await page.evaluate(() => Array.from(document.querySelectorAll('consentry-ui')).map((e) => !!e.shadowRoot))).toEqual([true]);
  expect(await page.evaluate(() => document.body.lastElementChild.localName)).toBe('consentry-ui');
  expect(await page.evaluate(() => !!document.getElementById('added'))).toBe(true);
  await page.getByRole('button', { name: 'Reject all' }).click();
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeHidden();
  expect(site.console.filter((m) => m.type === 'error' || m.type === 'pageerror')).toEqual([]);
});

const stage2 = (site) => site.log.filter((r) => /\/consentry-ui\.[0-9a-f]+\.js$/.test(r.url));

test('a returning visitor: nothing of the interface is fetched or built; it is loaded at once when something needs it', async ({ page, site }) => {
  await site.goto('/returning.html');
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => site.ran()).toEqual(['meta']);
  const before = site.log.length;
  await page.reload();
  await page.waitForLoadState('load');
  await settle(page, 1000);
  // The request log since the reload: the page, stage 1 and the vendor; no stage 2.
  expect(site.log.slice(before).map((r) => r.host === 'site.test' ? new URL(r.url).pathname : r.host)).toEqual(['/returning.html', '/consentry.global.js', 'connect.facebook.net']);
  expect(await page.evaluate(() => document.querySelectorAll('consentry-ui').length)).toBe(0);

  // showPreferences() loads it, builds the dialog and opens it: a Promise of true.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => { window.__opened = Consentry.showPreferences(); });
  });
  const loads = stage2(site).length;
  await page.reload();
  expect(await page.evaluate(() => window.__opened)).toBe(true);
  expect(stage2(site).length).toBe(loads + 1);
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('switch', { name: 'Marketing' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Reject all' }).click();
  await expect(dialog).toBeHidden();
  expect(await page.evaluate(() => document.querySelectorAll('consentry-ui').length)).toBe(1);
  await expect(page.getByRole('status')).toHaveText('Your choices have been saved.');
  expect(site.console.filter((m) => m.type === 'error' || m.type === 'pageerror')).toEqual([]);

  // A [data-consentry-open] click loads it too (another page view).
  const other = await page.context().newPage();
  await other.goto(SITE + '/returning.html');
  await settle(other, 300);
  expect(await other.evaluate(() => document.querySelectorAll('consentry-ui').length)).toBe(0);
  await other.locator('#settings').click();
  await expect(other.getByRole('dialog', { name: 'Privacy preferences' })).toBeVisible();
});

test('the browser reads the same rules from the shipped (minified) stylesheet as from the source ui.css', async ({ page, site }) => {
  const source = readFileSync(new URL('../../ui/src/ui.css', import.meta.url), 'utf8');
  await open(site);
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeVisible();
  const [shipped, fromSource] = await page.evaluate((src) => {
    // Every rule as the browser holds it: selector or condition, then each
    // declaration's value (custom properties keep their tokens as written,
    // so only the spaces after commas, which minification drops, are
    // normalised there).
    const flat = (rules) => Array.from(rules).map((r) => r.style
      ? [r.selectorText, Array.from(r.style).map((p) => [p, r.style.getPropertyPriority(p), p.startsWith('--') ? r.style.getPropertyValue(p).trim().replace(/,\s+/g, ',') : r.style.getPropertyValue(p)])]
      : [r.conditionText || r.cssText, flat(r.cssRules || [])]);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(src);
    const ours = document.querySelector('consentry-ui').shadowRoot.adoptedStyleSheets[0];
    return [flat(ours.cssRules), flat(sheet.cssRules)];
  }, source);
  expect(shipped.length).toBeGreaterThan(30);
  expect(shipped).toEqual(fromSource);
});

test('keyboard: Tab reaches the buttons, Enter on Accept all releases everything and returns focus', async ({ page, site, context }) => {
  await open(site);
  await focusInBanner(page);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.textContent)).toBe('Accept all');
  await page.keyboard.press('Enter');
  await expect.poll(() => site.ran()).toEqual(expect.arrayContaining(['ga', 'clevertap', 'meta']));
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeHidden();
  await expect.poll(() => record(context)).toMatch(/^1\.fam\./);
  expect(await page.evaluate(() => document.activeElement.localName)).toBe('body');
});

test('Reject all stores a refusal and keeps every vendor held', async ({ page, site, context }) => {
  await open(site);
  site.mark('decided');
  await page.getByRole('button', { name: 'Reject all' }).click();
  await expect.poll(() => record(context)).toMatch(/^1\.-\.[0-9a-z]{20}\.\d+\.1\.\d+$/);
  await settle(page);
  expect(await site.ran()).toEqual([]);
  // (The static tags of this test page were fetched by the preload scanner
  // before any script ran: the browser limit the rewriter closes.)
  expect(site.requestsTo(['cloudfront.net', 'facebook.net', 'googletagmanager.com'], 'decided')).toEqual([]);
  await page.reload();
  await settle(page);
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeHidden();
});

test('preferences: switches per category, vendors listed with cookies, Save stores exactly that', async ({ page, site, context }) => {
  await open(site);
  await page.getByRole('button', { name: 'Preferences' }).click();
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await expect(dialog).toBeVisible();
  const necessary = dialog.getByRole('switch', { name: 'Necessary' });
  await expect(necessary).toBeChecked();
  await expect(necessary).toBeDisabled();
  await expect(dialog.getByRole('switch', { name: 'Analytics', exact: true })).not.toBeChecked();
  // Vendors seen on this page, under their categories, with cookies and retention.
  const marketing = dialog.locator('.cat').filter({ hasText: 'Marketing' });
  await marketing.getByText(/^Vendors \(\d+\)$/).click();
  await marketing.getByText('CleverTap', { exact: true }).click();
  await expect(marketing.getByRole('cell', { name: 'WZRK_G', exact: true })).toBeVisible();
  await expect(marketing.getByRole('cell', { name: '1 year' }).first()).toBeVisible();
  await dialog.getByRole('switch', { name: 'Analytics', exact: true }).check();
  await dialog.getByRole('button', { name: 'Save choices' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => record(context)).toMatch(/^1\.a\./);
  await expect.poll(() => site.ran()).toEqual(['ga']);
  await settle(page);
  expect(await site.ran()).toEqual(['ga']);
  // Reopening: one call, or any [data-consentry-open] element.
  await page.evaluate(() => Consentry.showPreferences());
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('switch', { name: 'Analytics', exact: true })).toBeChecked();
  await expect(dialog.getByText(/^Consent ID: [0-9a-z]{20}$/)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.locator('#settings').click();
  await expect(dialog).toBeVisible();
});

test('the dialog traps focus, Escape closes it and focus returns to the opener', async ({ page, site }) => {
  await open(site, cfg({ ui: true }));
  await page.getByRole('button', { name: 'Reject all' }).click();
  await page.locator('#settings').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await expect(dialog).toBeVisible();
  const seen = new Set();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate(() => { const a = document.activeElement; return a.localName === 'consentry-ui' ? a.shadowRoot.activeElement?.closest('[role=dialog]') !== null : false; });
    expect(inside, `tab ${i} left the dialog`).toBe(true);
    seen.add(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.textContent || document.activeElement.shadowRoot.activeElement.id));
  }
  expect(seen.size).toBeGreaterThan(5);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await page.evaluate(() => document.activeElement.id)).toBe('settings');
});

test('modal banner: a dialog with a focus trap', async ({ page, site }) => {
  await open(site, cfg({ modal: true }));
  const modal = page.getByRole('dialog', { name: 'Your privacy choices' });
  await expect(modal).toBeVisible();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement.shadowRoot?.activeElement?.closest('.banner'))).toBe(true);
  }
});

// A pointer too: nothing covers the modal banner's controls (its backdrop
// lies behind it).
test('modal banner: a click reaches its buttons and its link', async ({ page, site, context }) => {
  await open(site, cfg({ modal: true }));
  const modal = page.getByRole('dialog', { name: 'Your privacy choices' });
  await expect(modal).toBeVisible();
  const covered = await page.evaluate(() => {
    const root = document.querySelector('consentry-ui').shadowRoot;
    return [...root.querySelectorAll('.banner button, .banner a')].filter((b) => {
      const r = b.getBoundingClientRect();
      return !b.contains(root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
    }).map((b) => b.textContent);
  });
  expect(covered).toEqual([]);
  await modal.getByRole('button', { name: 'Reject all' }).click();
  await expect(modal).toBeHidden();
  await expect.poll(() => record(context)).toMatch(/^1\.-\./);
});

// Backwards too. In WebKitGTK a Shift+Tab keydown says key "Unidentified"
// (code "Tab", keyCode 9, shiftKey true), through WebDriver's actions and
// through real X key events (xdotool under Xvfb) alike, so a trap that
// waits for key "Tab" lets focus out of the banner there.
test('Shift+Tab cycles backwards inside the modal banner and inside the dialog', async ({ page, site }) => {
  await open(site, cfg({ modal: true }));
  await expect(page.getByRole('dialog', { name: 'Your privacy choices' })).toBeVisible();
  const inside = (sel) => page.evaluate((s) => !!document.activeElement.shadowRoot?.activeElement?.closest(s), sel);
  await expect.poll(() => inside('.banner')).toBe(true);
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await inside('.banner'), `Shift+Tab ${i} left the banner`).toBe(true);
  }
  await open(site);
  await page.getByRole('button', { name: 'Preferences' }).click();
  await expect(page.getByRole('dialog', { name: 'Privacy preferences' })).toBeVisible();
  await expect.poll(() => inside('[role=dialog]')).toBe(true);
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await inside('[role=dialog]'), `Shift+Tab ${i} left the dialog`).toBe(true);
  }
});

for (const lang of LANGS) {
  test(`axe-core finds no serious or critical violation (${lang}): banner, placeholder and dialog`, async ({ page, site }) => {
    await open(site, `?lang=${lang}`);
    await expect(page.locator('consentry-ui .banner')).toBeVisible();
    const dir = await page.evaluate(() => document.querySelector('consentry-ui').shadowRoot.querySelector('.root').getAttribute('dir'));
    expect(dir).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    // A held YouTube frame the page inserts: its placeholder, in the same language.
    await page.evaluate(() => {
      const f = document.createElement('iframe');
      f.src = 'https://www.youtube.com/embed/x?t=yt';
      f.title = 'Video';
      f.width = '560';
      f.height = '315';
      document.querySelector('main').append(f);
    });
    await page.waitForFunction(() => document.querySelector('consentry-placeholder'));
    expect(await page.evaluate(() => document.querySelector('consentry-placeholder').shadowRoot.querySelector('.placeholder').getAttribute('lang'))).toBe(lang);
    expect(await axe(page)).toEqual([]);
    await page.locator('consentry-ui [data-act=prefs]').click();
    await expect(page.locator('consentry-ui .dialog')).toBeVisible();
    for (const d of await page.locator('consentry-ui details').all()) await d.evaluate((e) => { e.open = true; });
    expect(await axe(page)).toEqual([]);
    expect(site.requestsTo(['youtube.com'])).toEqual([]);
  });
}

/** The banner's background colour, once stage 2 has built it. */
async function bannerBackground(page) {
  await expect(page.locator('consentry-ui .banner')).toBeVisible();
  return page.evaluate(() => getComputedStyle(document.querySelector('consentry-ui').shadowRoot.querySelector('.banner')).backgroundColor);
}

// The colour scheme is the context's (test.use), not emulated on a running
// page: WebKit's MiniBrowser takes dark mode only as a launch option.
test.describe('in a dark colour scheme', () => {
  test.use({ colorScheme: 'dark' });
  test('dark scheme (prefers-color-scheme): axe-core clean, colours switched', async ({ page, site }) => {
    await open(site);
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    expect(await bannerBackground(page)).toBe('rgb(23, 25, 29)');
    expect(await axe(page)).toEqual([]);
  });
});

test('theme: dark in a light colour scheme: colours switched, axe-core clean with the dialog open', async ({ page, site }) => {
  await open(site, cfg({ theme: 'dark' }));
  expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(false);
  expect(await bannerBackground(page)).toBe('rgb(23, 25, 29)');
  await page.locator('consentry-ui [data-act=prefs]').click();
  expect(await axe(page)).toEqual([]);
});

test('languages: from the page, the browser, or the configuration; overrides are text, never HTML', async ({ page, site }) => {
  await open(site, '?lang=de-AT');
  await expect(page.getByRole('button', { name: 'Alle akzeptieren' })).toBeVisible();
  await open(site, '?lang=xx' + '&' + cfg({ language: 'fr' }).slice(1));
  await expect(page.getByRole('button', { name: 'Tout accepter' })).toBeVisible();
  await open(site, cfg({ texts: { en: { title: '<img src=x onerror="window.__xss=1">Cookies', accept_all: 'Allow all' } } }));
  await expect(page.getByRole('region', { name: '<img src=x onerror="window.__xss=1">Cookies' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Allow all' })).toBeVisible();
  expect(await page.evaluate(() => [window.__xss, document.querySelector('consentry-ui').shadowRoot.querySelectorAll('img').length])).toEqual([undefined, 0]);
});

test('works on a 320 px wide screen and at 200% zoom', async ({ page, site }) => {
  // (640 first: WebKit's window cannot be narrower than 447 px, and its
  // driver stops the test there, skipped, with that reason.)
  for (const [w, h] of [[640, 360], [320, 568]]) {
    await page.setViewportSize({ width: w, height: h });
    await open(site);
    // Stage 2 builds the banner after start-up: wait for it before measuring.
    await expect(page.locator('consentry-ui .banner')).toBeVisible();
    const fits = await page.evaluate(() => {
      const b = document.querySelector('consentry-ui').shadowRoot.querySelector('.banner');
      const r = b.getBoundingClientRect();
      return r.left >= 0 && r.right <= innerWidth + 0.5 && b.scrollWidth <= b.clientWidth;
    });
    expect(fits, `${w}x${h}`).toBe(true);
    for (const name of ['Accept all', 'Reject all', 'Preferences']) {
      const button = page.getByRole('button', { name });
      await button.scrollIntoViewIfNeeded();
      await expect(button).toBeInViewport();
    }
  }
});

test('Consent Mode v2: default denied in dataLayer before any Google request, update follows the choice', async ({ page, site }) => {
  await open(site);
  const first = JSON.parse(await page.evaluate(() => window.__dl0));
  expect(first[0]).toEqual(['consent', 'default', {
    ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied',
    functionality_storage: 'denied', personalization_storage: 'denied', security_storage: 'granted', wait_for_update: 500,
  }]);
  expect(site.requestsTo(['www.googletagmanager.com']).filter((r) => r.type !== 'script' || !r.url.includes('gtag'))).toEqual([]);
  await page.evaluate(() => Consentry.accept(['analytics']));
  const last = await page.evaluate(() => Array.prototype.slice.call(window.dataLayer.filter((a) => a[0] === 'consent').pop()));
  expect(last).toEqual(['consent', 'update', {
    ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'granted',
    functionality_storage: 'denied', personalization_storage: 'denied', security_storage: 'granted',
  }]);
  // On the next load the stored choice is sent as an update right after the default.
  await page.reload();
  const again = JSON.parse(await page.evaluate(() => window.__dl0));
  expect(again.map((a) => a[1])).toEqual(['default', 'update']);
  expect(again[1][2].analytics_storage).toBe('granted');
});

test('Consent Mode advanced: Google tags load while denied, after the default; others stay held', async ({ page, site }) => {
  await open(site, cfg({ consentMode: { mode: 'advanced' } }));
  site.mark('loaded');
  await expect.poll(() => site.ran()).toEqual(['ga']);
  expect(JSON.parse(await page.evaluate(() => window.__dl0))[0][1]).toBe('default');
  await settle(page);
  expect(await site.ran()).toEqual(['ga']);
  expect(site.requestsTo(['cloudfront.net', 'facebook.net'], 'loaded')).toEqual([]);
});

test('opt-out mode honours Global Privacy Control: marketing held, the banner says so', async ({ page, site }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  await open(site, cfg({ mode: 'opt-out' }));
  await expect(page.getByText(/Global Privacy Control signal/)).toBeVisible();
  await expect.poll(() => site.ran()).toEqual(['ga']);
  await settle(page);
  expect(await site.ran()).toEqual(['ga']); // CleverTap (analytics + marketing) and Meta held
  const c = await page.evaluate(() => Consentry.getConsent());
  expect(c).toMatchObject({ analytics: true, marketing: false, decided: false });
  expect(JSON.parse(await page.evaluate(() => window.__dl0))[0][2].ad_storage).toBe('denied');
});

test('opt-out mode without GPC: everything allowed until the visitor opts out; "Do not sell" opts out of marketing', async ({ page, site, context }) => {
  await open(site, cfg({ mode: 'opt-out' }));
  await expect.poll(async () => (await site.ran()).sort()).toEqual(['clevertap', 'ga', 'meta']);
  await page.locator('[data-consentry-do-not-sell]').click();
  await expect.poll(() => record(context)).toMatch(/^1\.fa\./);
  expect(await page.evaluate(() => Consentry.getConsent().marketing)).toBe(false);
});

test('a corrupted record brings the banner back with everything held', async ({ page, site, context }) => {
  await context.addCookies([{ name: 'consentry', value: '1.fam.%%%.1.1.2', url: SITE }]);
  await open(site);
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeVisible();
  await settle(page);
  expect(await site.ran()).toEqual([]);
});

test('logEndpoint receives a consent receipt for each decision', async ({ page, site }) => {
  await open(site, cfg({ logEndpoint: '/consent-log' }));
  await page.getByRole('button', { name: 'Reject all' }).click();
  await page.evaluate(() => Consentry.showPreferences());
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => site.log.filter((r) => r.url.endsWith('/consent-log')).length).toBe(2);
  const receipts = site.log.filter((r) => r.url.endsWith('/consent-log')).map((r) => JSON.parse(r.body));
  expect(receipts[0]).toMatchObject({ v: 1, granted: ['necessary'], denied: ['functional', 'analytics', 'marketing'], revision: 1, source: 'banner', mode: 'opt-in', gpc: false, language: 'en', url: SITE + '/banner.html' });
  expect(receipts[1]).toMatchObject({ granted: ['necessary', 'functional', 'analytics', 'marketing'], source: 'banner' });
  expect(receipts[1].id).toBe(receipts[0].id);
  expect(receipts[0].decidedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('the cookie policy lists Consentry\'s own cookie, then the vendors of this page with cookies and retention', async ({ page, site }) => {
  await open(site, '?lang=de');
  const policy = page.locator('[data-consentry-policy] .consentry-policy');
  await expect(policy.locator('h3')).toHaveText(['Consentry', 'CleverTap', 'Google Analytics', 'Meta Pixel']);
  const ct = policy.locator('section').filter({ has: page.getByRole('heading', { name: 'CleverTap' }) });
  await expect(ct.getByRole('columnheader')).toHaveText(['Cookie oder Speicherschlüssel', 'Kategorie', 'Speicherdauer']);
  await expect(ct.getByRole('cell', { name: 'WZRK_G', exact: true })).toBeVisible();
  await expect(ct.getByRole('cell', { name: 'WZRK_S_…', exact: true })).toBeVisible();
  await expect(ct.getByRole('cell', { name: '1 Jahr' }).first()).toBeVisible();
  await expect(ct.getByRole('link', { name: /CleverTap/ })).toHaveAttribute('href', /^https:\/\//);
  const own = policy.locator('section').first();
  await expect(own.getByRole('cell', { name: 'consentry', exact: true })).toBeVisible();
  await expect(own.getByRole('cell', { name: '182 Tage' })).toBeVisible();
  expect(await axe(page)).toEqual([]);
});

test.describe('on a 320 px phone', () => {
  test.use({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  test('the cookie policy fits the screen and the banner stays wholly on it', async ({ page, site }) => {
    await open(site);
    await expect(page.locator('[data-consentry-policy] h3').first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeVisible();
    const [page_, screen, policy] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth, document.querySelector('[data-consentry-policy]').scrollWidth]);
    expect(screen).toBe(320);
    expect(page_, 'the page is no wider than the screen').toBeLessThanOrEqual(screen);
    expect(policy).toBeLessThanOrEqual(screen);
    for (const name of ['Accept all', 'Reject all', 'Preferences']) {
      const box = await page.getByRole('button', { name }).boundingBox();
      expect(box.x, name).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, name).toBeLessThanOrEqual(screen);
    }
  });
});

test('ui: false runs headless: no banner, the API drives it', async ({ page, site }) => {
  await open(site, cfg({ ui: false }));
  await settle(page);
  expect(await page.locator('consentry-ui').count()).toBe(0);
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(async () => (await site.ran()).length).toBe(3);
});
