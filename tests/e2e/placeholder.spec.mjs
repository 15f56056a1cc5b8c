// Placeholders for held frames and embeds (stage 2, ui/src/placeholder.rs):
// what sits where a held YouTube or Vimeo player would be, and its two
// actions; what sits before a post a held widget script would draw (X's
// widgets.js and its blockquotes); and the site's own placeholders
// (data-consentry-placeholder). What loaded is read from the request log.
import { readFileSync } from 'node:fs';
import { test, expect, settle, SITE } from './fixtures.mjs';

const YT = ['youtube.com'];
const VIMEO = ['vimeo.com'];
const X = ['twitter.com', 'twimg.com'];

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

// ---- Widgets: markup a held script would draw (the vendor table's `widgets`) ----

/** The widget placeholders: the element each stands before, its name and buttons. */
function widgetPlaceholders(page) {
  return page.evaluate(() => [...document.querySelectorAll('consentry-placeholder')].map((h) => {
    const box = h.shadowRoot.querySelector('.placeholder');
    return {
      before: h.nextElementSibling.id,
      label: box.getAttribute('aria-label'),
      text: box.textContent,
      buttons: [...box.querySelectorAll('button')].map((b) => b.textContent),
    };
  }));
}

/** What the site's post markup shows: each blockquote laid out and not hidden by us. */
function postsReadable(page) {
  return page.evaluate(() => ['tweet-1', 'tweet-2'].map((id) => {
    const b = document.getElementById(id);
    return getComputedStyle(b).display !== 'none' && !b.hasAttribute('data-consentry-hidden') && b.getBoundingClientRect().height > 0;
  }));
}

test('a held widget script: a placeholder before each post it would draw, the post\'s own text left readable; nothing reaches X', async ({ page, site }) => {
  await site.goto('/widgets.html');
  await shown(page, 2);
  await settle(page);
  expect(site.requestsTo(X)).toEqual([]);
  const p = await widgetPlaceholders(page);
  // Before each tweet; none before TikTok's markup, whose script is not on the page.
  expect(p.map((x) => x.before)).toEqual(['tweet-1', 'tweet-2']);
  expect(p[0].label).toBe('X (Twitter) Embeds is not loaded');
  expect(p[0].text).toContain('Marketing');
  expect(p[0].text).toContain('Privacy policy of X (Twitter) Embeds');
  expect(p[0].buttons).toEqual(['Load this once', 'Always allow X (Twitter) Embeds']);
  expect(await postsReadable(page)).toEqual([true, true]);
});

test('widget markup the page adds later (a feed appending posts) gets its placeholder at once; once released, nothing more is watched', async ({ page, site }) => {
  await site.goto('/widgets.html');
  await shown(page, 2);
  await settle(page);
  // A third post, inside a wrapper, and markup of no held vendor: only the post gets one.
  await page.evaluate(() => {
    const feed = document.createElement('section');
    const post = document.createElement('blockquote');
    post.className = 'twitter-tweet';
    post.id = 'tweet-3';
    post.textContent = 'A third post, appended later.';
    feed.append(post);
    document.body.append(feed);
    const other = document.createElement('blockquote');
    other.className = 'tiktok-embed';
    document.body.append(other);
  });
  await shown(page, 3);
  expect((await widgetPlaceholders(page)).map((x) => x.before)).toEqual(['tweet-1', 'tweet-2', 'tweet-3']);
  expect(site.requestsTo(X)).toEqual([]);
  // Released: the placeholders go, and a post added after that gets none.
  await page.evaluate(() => window.Consentry.acceptAll());
  await shown(page, 0);
  await page.evaluate(() => {
    const post = document.createElement('blockquote');
    post.className = 'twitter-tweet';
    document.body.append(post);
  });
  await settle(page, 300);
  expect(await page.evaluate(() => document.querySelectorAll('consentry-placeholder').length)).toBe(0);
  expect(site.requestsTo(X).map((r) => r.url)).toEqual(['https://platform.twitter.com/widgets.js?t=x-widgets']);
});

test('a widget\'s "Load this once" loads the vendor\'s script exactly once, stores nothing, and lets what it draws load in this page view only', async ({ page, site }) => {
  await site.goto('/widgets.html');
  await shown(page, 2);
  await settle(page);
  site.mark('once');
  await press(page, 1, 0);
  await shown(page, 0);
  await settle(page, 300);
  expect(site.requestsTo(X, 'once').map((r) => r.url)).toEqual(['https://platform.twitter.com/widgets.js?t=x-widgets']);
  expect(await site.ran()).toContain('x-widgets');
  const consent = await page.evaluate(() => window.Consentry.getConsent());
  expect([consent.decided, consent.vendors]).toEqual([false, {}]);
  expect((await page.context().cookies()).find((c) => c.name === 'consentry')).toBeUndefined();
  // The frame the script would draw next (inserted here as widgets.js inserts it) loads: the vendor is allowed for this page view.
  site.mark('frame');
  await page.evaluate(() => {
    const f = document.createElement('iframe');
    f.src = 'https://platform.twitter.com/embed/Tweet.html?id=1&t=x-frame';
    document.body.appendChild(f);
  });
  await settle(page, 500);
  expect(site.requestsTo(X, 'frame').map((r) => new URL(r.url).searchParams.get('t'))).toEqual(['x-frame']);
  expect(await page.evaluate(() => document.querySelectorAll('consentry-placeholder').length)).toBe(0);
  // Reject all ends it: the next frame of X is held (and gets a placeholder).
  await page.evaluate(() => window.Consentry.rejectAll());
  site.mark('rejected');
  await page.evaluate(() => {
    const f = document.createElement('iframe');
    f.src = 'https://platform.twitter.com/embed/Tweet.html?id=2&t=x-frame-2';
    document.body.appendChild(f);
  });
  await shown(page, 1);
  await settle(page, 300);
  expect(site.requestsTo(X, 'rejected')).toEqual([]);
  // Nothing was stored for X: the next page view holds it again.
  site.mark('reload');
  await site.goto('/widgets.html');
  await shown(page, 2);
  await settle(page);
  expect(site.requestsTo(X, 'reload')).toEqual([]);
});

test('a vendor the site adds that names markup a built-in vendor draws: the console says so, and that markup keeps its own vendor\'s placeholder', async ({ page, site }) => {
  // The site's vendor also claims X's posts, and its script comes first:
  // without the check, X's post would be announced as the site's vendor's.
  const html = readFileSync(new URL('../pages/site-widgets.html', import.meta.url), 'utf8')
    .replace("widgets: ['blockquote.acme-post']", "widgets: ['blockquote.acme-post', 'blockquote.twitter-tweet']")
    .replace('</body>', "<script>document.body.appendChild(Object.assign(document.createElement('script'), { async: true, src: 'https://platform.twitter.com/widgets.js?t=x-widgets' }));</script>\n</body>");
  await page.route(SITE + '/site-widgets.html', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await site.goto('/site-widgets.html');
  await shown(page, 3);
  await settle(page);
  expect((await widgetPlaceholders(page)).map((x) => [x.before, x.label])).toEqual([
    ['post-1', 'Acme Posts is not loaded'], ['post-2', 'Acme Posts is not loaded'], ['tweet', 'X (Twitter) Embeds is not loaded'],
  ]);
  const said = site.console.filter((c) => c.text.includes('vendors.add[0].widgets[1]')).map((c) => c.text);
  expect(said).toEqual([expect.stringContaining('names markup "blockquote.twitter-tweet" that vendor "x-embeds" already turns into widgets; left out')]);
  expect(site.requestsTo(['widgets.acme.example', ...X])).toEqual([]);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
});

test('a vendor the site adds with widgets: placeholders before its posts, for a returning visitor too, and "Load this once"; nothing reaches it before', async ({ page, site }) => {
  const ACME = ['widgets.acme.example'];
  const before = async () => (await widgetPlaceholders(page)).map((x) => x.before);
  await site.goto('/site-widgets.html');
  await shown(page, 2);
  await settle(page);
  expect(site.requestsTo(ACME)).toEqual([]);
  const p = await widgetPlaceholders(page);
  expect(p.map((x) => x.before)).toEqual(['post-1', 'post-2']);
  expect(p[0].label).toBe('Acme Posts is not loaded');
  expect(p[0].text).toContain('Privacy policy of Acme Posts');
  expect(p[0].buttons).toEqual(['Load this once', 'Always allow Acme Posts']);
  // A returning visitor who refused: the blocker itself knows this vendor
  // draws widgets, and brings the interface for their placeholders.
  await page.evaluate(() => window.Consentry.rejectAll());
  site.mark('returning');
  await site.goto('/site-widgets.html');
  await shown(page, 2);
  await settle(page);
  expect(await before()).toEqual(['post-1', 'post-2']);
  expect(site.requestsTo(ACME, 'returning')).toEqual([]);
  // A post the page adds later gets one at once.
  await page.evaluate(() => {
    const post = document.createElement('blockquote');
    post.className = 'acme-post';
    post.id = 'post-3';
    document.body.append(post);
  });
  await shown(page, 3);
  expect(await before()).toEqual(['post-1', 'post-2', 'post-3']);
  // Load this once: the script, exactly once; nothing stored.
  site.mark('once');
  await press(page, 0, 0);
  await shown(page, 0);
  await settle(page, 300);
  expect(site.requestsTo(ACME, 'once').map((r) => r.url)).toEqual(['https://widgets.acme.example/embed.js?t=acme-widgets']);
  expect(await site.ran()).toContain('acme-widgets');
  expect(await page.evaluate(() => window.Consentry.getConsent().vendors)).toEqual({});
  expect(site.requestsTo(ACME)).toHaveLength(1);
});

test('a widget\'s "Always allow" stores the vendor and loads its script once', async ({ page, site }) => {
  await site.goto('/widgets.html');
  await shown(page, 2);
  site.mark('allow');
  await press(page, 0, 1);
  await shown(page, 0);
  await settle(page, 300);
  expect(site.requestsTo(X, 'allow').map((r) => r.url)).toEqual(['https://platform.twitter.com/widgets.js?t=x-widgets']);
  expect(await page.evaluate(() => window.Consentry.getConsent().vendors)).toEqual({ 'x-embeds': true });
  expect(await postsReadable(page)).toEqual([true, true]);
});

test('widget placeholders: regions named for the vendor, reachable by the keyboard, axe-core clean', async ({ page, site }) => {
  await site.goto('/widgets.html');
  await shown(page, 2);
  await expect(page.getByRole('region', { name: 'X (Twitter) Embeds is not loaded' })).toHaveCount(2);
  await page.addScriptTag({ url: SITE + '/node_modules/axe-core/axe.min.js' });
  const violations = await page.evaluate(async () => {
    const r = await axe.run({ include: [['consentry-placeholder']] }, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
  expect(violations).toEqual([]);
  site.mark('keyboard');
  await page.getByRole('button', { name: 'Load this once' }).first().focus();
  await page.keyboard.press('Enter');
  await shown(page, 0);
  await settle(page, 300);
  expect(site.requestsTo(X, 'keyboard').map((r) => r.url)).toEqual(['https://platform.twitter.com/widgets.js?t=x-widgets']);
});

// ---- The site's own placeholders (data-consentry-placeholder) ----

const BOXES = ['yt-box', 'vimeo-box', 'tweet-box'];

function boxesHidden(page) {
  return page.evaluate((ids) => ids.map((id) => document.getElementById(id).hidden), BOXES);
}

function clickIn(page, box, attr) {
  return page.evaluate(([box, attr]) => document.querySelector(`#${box} [${attr}]`).click(), [box, attr]);
}

async function boxHidden(page, id) {
  await page.waitForFunction((id) => document.getElementById(id).hidden, id, { timeout: 10_000 });
}

test('the site\'s placeholders are shown while their vendor or element is held, no built-in one is drawn for them, and nothing reaches the vendors', async ({ page, site }) => {
  await site.goto('/site-placeholders.html');
  await page.waitForFunction((ids) => ids.every((id) => !document.getElementById(id).hidden), BOXES, { timeout: 10_000 });
  await settle(page, 300);
  expect(site.requestsTo([...YT, ...VIMEO, ...X])).toEqual([]);
  expect(await page.evaluate(() => document.querySelectorAll('consentry-placeholder').length)).toBe(0);
  // The frames they stand for are hidden meanwhile; the post's text is not.
  expect(await page.evaluate(() => [...document.querySelectorAll('iframe')].map((f) => f.hasAttribute('data-consentry-hidden')))).toEqual([true, true]);
  expect(await page.evaluate(() => document.getElementById('tweet').hasAttribute('data-consentry-hidden'))).toBe(false);
  // The site's markup is the site's: not rewritten.
  expect(await page.evaluate(() => document.querySelector('#yt-box p').textContent)).toBe('Our video is on YouTube, which sets cookies for advertising.');
});

test('the site\'s placeholders\' buttons: load once (a vendor, a widget script) and always allow (an element\'s vendor); each is hidden on release', async ({ page, site }) => {
  await site.goto('/site-placeholders.html');
  await page.waitForFunction((ids) => ids.every((id) => !document.getElementById(id).hidden), BOXES, { timeout: 10_000 });
  await settle(page);
  // The vendor's box: "Show the video" loads YouTube once, nothing stored.
  site.mark('yt');
  await clickIn(page, 'yt-box', 'data-consentry-load');
  await boxHidden(page, 'yt-box');
  await settle(page, 300);
  expect(site.requestsTo(YT, 'yt').map((r) => new URL(r.url).searchParams.get('t'))).toEqual(['yt-1']);
  expect(site.requestsTo([...VIMEO, ...X])).toEqual([]);
  expect(await page.evaluate(() => document.querySelector('#video iframe').hasAttribute('data-consentry-hidden'))).toBe(false);
  expect((await page.context().cookies()).find((c) => c.name === 'consentry')).toBeUndefined();
  expect(await boxesHidden(page)).toEqual([true, false, false]);
  // The widget script's box: "Show posts" loads widgets.js exactly once.
  site.mark('x');
  await clickIn(page, 'tweet-box', 'data-consentry-load');
  await boxHidden(page, 'tweet-box');
  await settle(page, 300);
  expect(site.requestsTo(X, 'x').map((r) => r.url)).toEqual(['https://platform.twitter.com/widgets.js?t=x-widgets']);
  expect(await page.evaluate(() => window.Consentry.getConsent().decided)).toBe(false);
  // The Vimeo frame's box: "Always allow Vimeo" stores the vendor and releases the frame.
  site.mark('vimeo');
  await clickIn(page, 'vimeo-box', 'data-consentry-allow');
  await boxHidden(page, 'vimeo-box');
  await settle(page, 300);
  expect(site.requestsTo(VIMEO, 'vimeo').map((r) => new URL(r.url).searchParams.get('t'))).toEqual(['vimeo']);
  expect(await page.evaluate(() => window.Consentry.getConsent().vendors)).toEqual({ vimeo: true });
  expect(await page.evaluate(() => document.querySelector('#film iframe').hasAttribute('data-consentry-hidden'))).toBe(false);
  expect(await page.evaluate(() => document.querySelectorAll('consentry-placeholder').length)).toBe(0);
  // On the next page view only Vimeo is allowed: the other boxes show again.
  site.mark('reload');
  await site.goto('/site-placeholders.html');
  await page.waitForFunction(() => !document.getElementById('yt-box').hidden && !document.getElementById('tweet-box').hidden, null, { timeout: 10_000 });
  await settle(page, 300);
  expect(site.requestsTo(VIMEO, 'reload').map((r) => new URL(r.url).searchParams.get('t'))).toEqual(['vimeo']);
  expect(site.requestsTo([...YT, ...X], 'reload')).toEqual([]);
  expect(await boxesHidden(page)).toEqual([false, true, false]);
});

test('the site\'s placeholder buttons work from the keyboard (real buttons)', async ({ page, site }) => {
  await site.goto('/site-placeholders.html');
  await page.waitForFunction(() => !document.getElementById('yt-box').hidden, null, { timeout: 10_000 });
  site.mark('keyboard');
  await page.locator('#yt-box [data-consentry-load]').focus();
  await page.keyboard.press('Enter');
  await boxHidden(page, 'yt-box');
  await settle(page, 300);
  expect(site.requestsTo(YT, 'keyboard').map((r) => new URL(r.url).searchParams.get('t'))).toEqual(['yt-1']);
});
