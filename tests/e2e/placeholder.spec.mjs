// Placeholders for held frames and embeds (stage 2, ui/src/placeholder.rs):
// what sits where a held YouTube or Vimeo player would be, and its two
// actions. What loaded is read from the request log.
import { test, expect, settle, SITE } from './fixtures.mjs';

const YT = ['youtube.com'];
const VIMEO = ['vimeo.com'];

/** The placeholders' texts and buttons, read through their (open) shadow roots. */
function placeholders(page) {
  return page.evaluate(() => [...document.querySelectorAll('consentry-placeholder')].map((h) => {
    const box = h.shadowRoot.querySelector('.placeholder');
    const r = box.getBoundingClientRect();
    return {
      label: box.getAttribute('aria-label'),
      role: box.getAttribute('role'),
      text: box.textContent,
      buttons: [...box.querySelectorAll('button')].map((b) => b.textContent),
      width: Math.round(r.width),
      height: Math.round(r.height),
      frameHidden: h.nextElementSibling.hasAttribute('data-consentry-hidden'),
    };
  }));
}

async function shown(page, n) {
  await page.waitForFunction((k) => document.querySelectorAll('consentry-placeholder').length === k, n, { timeout: 10_000 });
}

/** Clicks button `i` of placeholder `n` (in document order). */
function press(page, n, i) {
  return page.evaluate(([n, i]) => document.querySelectorAll('consentry-placeholder')[n].shadowRoot.querySelectorAll('button')[i].click(), [n, i]);
}

test('held frames sit behind placeholders that name the vendor, its categories and its policy; nothing reaches the vendor', async ({ page, site }) => {
  await site.goto('/embeds.html');
  await shown(page, 3);
  await settle(page);
  expect(site.requestsTo([...YT, ...VIMEO])).toEqual([]);
  const p = await placeholders(page);
  expect(p.map((x) => x.label)).toEqual(['YouTube is not loaded', 'YouTube is not loaded', 'Vimeo is not loaded']);
  expect(p[0].role).toBe('region');
  expect(p[0].text).toContain('Marketing');
  expect(p[0].text).toContain('Privacy policy of YouTube');
  expect(p[0].buttons).toEqual(['Load this once', 'Always allow YouTube']);
  // The frame's size (its box: 560 x 315 and the engine's default border),
  // so the layout does not jump; the frame itself hidden.
  for (const x of p) {
    expect(Math.abs(x.width - 560)).toBeLessThanOrEqual(4);
    expect(Math.abs(x.height - 315)).toBeLessThanOrEqual(4);
  }
  expect(p.every((x) => x.frameHidden)).toBe(true);
});

test('"Load this once" loads exactly that frame, once, and stores nothing', async ({ page, site }) => {
  await site.goto('/embeds.html');
  await shown(page, 3);
  site.mark('once');
  await press(page, 0, 0);
  await shown(page, 2);
  await settle(page, 300);
  const loaded = site.requestsTo(YT, 'once').map((r) => new URL(r.url).searchParams.get('t'));
  expect(loaded).toEqual(['yt-1']);
  expect(site.requestsTo(VIMEO)).toEqual([]);
  expect(await page.evaluate(() => window.Consentry.getConsent().decided)).toBe(false);
  expect((await page.context().cookies()).find((c) => c.name === 'consentry')).toBeUndefined();
  expect(await page.evaluate(() => document.querySelector('#a iframe').hasAttribute('data-consentry-hidden'))).toBe(false);
  // Nothing was stored: the next page view holds it again.
  site.mark('reload');
  await site.goto('/embeds.html');
  await shown(page, 3);
  await settle(page);
  expect(site.requestsTo(YT, 'reload')).toEqual([]);
});

test('"Always allow" stores the vendor and releases its every frame in order; on reload only what is still not allowed is held', async ({ page, site, engine }) => {
  await site.goto('/embeds.html');
  await shown(page, 3);
  site.mark('allow');
  await press(page, 1, 1);
  await shown(page, 1);
  await settle(page, 300);
  const loaded = site.requestsTo(YT, 'allow').map((r) => new URL(r.url).searchParams.get('t'));
  // (WebKit's proxy sees requests as their connections are ready, not in the order they were made.)
  expect(engine === 'webkit' ? loaded.sort() : loaded).toEqual(['yt-1', 'yt-2']);
  expect(site.requestsTo(VIMEO)).toEqual([]);
  expect(await page.evaluate(() => window.Consentry.getConsent().vendors)).toEqual({ youtube: true });
  site.mark('reload');
  await site.goto('/embeds.html');
  await shown(page, 1);
  await settle(page, 300);
  expect(site.requestsTo(YT, 'reload').map((r) => new URL(r.url).searchParams.get('t')).sort()).toEqual(['yt-1', 'yt-2']);
  expect(site.requestsTo(VIMEO, 'reload')).toEqual([]);
  expect((await placeholders(page)).map((x) => x.label)).toEqual(['Vimeo is not loaded']);
});

test('consent takes the placeholders away with the frames\' release', async ({ page, site }) => {
  await site.goto('/embeds.html');
  await shown(page, 3);
  await page.evaluate(() => window.Consentry.acceptAll());
  await shown(page, 0);
  await settle(page, 300);
  expect(site.requestsTo([...YT, ...VIMEO])).toHaveLength(3);
});

/** axe-core's serious and critical findings in the placeholders. */
async function axePlaceholders(page) {
  await page.addScriptTag({ url: SITE + '/node_modules/axe-core/axe.min.js' });
  return page.evaluate(async () => {
    const r = await axe.run({ include: [['consentry-placeholder']] }, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
}

/** Screen-reader names, axe-core, and the keyboard: the same checks at any viewport. */
async function namesAxeKeyboard(page, site) {
  await site.goto('/embeds.html');
  await shown(page, 3);
  await expect(page.getByRole('region', { name: 'YouTube is not loaded' })).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Always allow YouTube' })).toHaveCount(2);
  // Fits the screen: nothing wider than it.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => innerWidth));
  expect(await axePlaceholders(page)).toEqual([]);
  // Keyboard: the first placeholder's "Load this once", focused and pressed with Enter.
  site.mark('keyboard');
  await page.getByRole('button', { name: 'Load this once' }).first().focus();
  await page.keyboard.press('Enter');
  await shown(page, 2);
  await settle(page, 300);
  expect(site.requestsTo(YT, 'keyboard').map((r) => new URL(r.url).searchParams.get('t'))).toEqual(['yt-1']);
}

// Two tests, so that an engine whose driver cannot make a 320 px viewport
// (WebKit's: MiniBrowser's window is at least 447 px wide) still checks
// the names, axe-core and the keyboard at its own size.
test('keyboard and screen-reader names, axe-core clean', async ({ page, site }) => {
  await namesAxeKeyboard(page, site);
});

test('keyboard and screen-reader names, axe-core clean, on a 320 px phone', async ({ page, site }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await page.evaluate(() => innerWidth)).toBe(320);
  await namesAxeKeyboard(page, site);
});
