// The generated part of the vendor table, in the browser: vendors from
// third-party-web are held like the hand-written ones, whatever inserts
// them; what the table knows as necessary and what it does not know run at
// once; release is by category, each element exactly once.
import { test, expect, settle } from './fixtures.mjs';

const HELD = ['sc.tynt.com', 'cdn.brandmetrics.com', 'widget.judge.me', 'ca.im-apps.net', 'players.brightcove.net', 'fast.myfonts.net', 'api.intentiq.com'];

test('generated vendors are held until their categories are granted, then released once', async ({ page, site }) => {
  await site.goto('/vendor-table.html');
  await settle(page);
  expect(site.requestsTo(HELD)).toEqual([]);
  expect(await site.ran()).toEqual(['shopify', 'unknown']);
  const c = await page.evaluate(() => ['https://sc.tynt.com/afx.js', 'https://fast.myfonts.net/x.css', 'https://cdn.shopify.com/x.js', 'https://d32hwlnfiv2gyn.cloudfront.net/sp.js'].map((u) => Consentry.classify(u)));
  expect(c[0]).toMatchObject({ vendor: 'tynt-com', categories: ['marketing'], held: true });
  expect(c[1]).toMatchObject({ vendor: 'myfonts-net', categories: ['functional'], held: true });
  expect(c[2]).toMatchObject({ vendor: 'shopify-com', categories: ['necessary'], held: false });
  // A host a lead added to a hand-written vendor.
  expect(c[3]).toMatchObject({ vendor: 'snowplow', held: true });

  // Functional releases the web font, nothing else.
  site.mark('functional');
  await page.evaluate(() => Consentry.accept(['functional']));
  await expect.poll(() => site.requestsTo(['fast.myfonts.net'], 'functional').length).toBe(1);
  await settle(page);
  expect(site.requestsTo(HELD.filter((h) => h !== 'fast.myfonts.net'))).toEqual([]);

  // Everything else on acceptAll, each once; scripts in document order.
  site.mark('all');
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(async () => (await site.ran()).length).toBe(5);
  expect(await site.ran()).toEqual(['shopify', 'unknown', 'tynt', 'brandmetrics', 'judgeme']);
  await settle(page);
  const hosts = site.requestsTo(HELD, 'all').map((r) => r.host).sort();
  expect(hosts).toEqual(['ca.im-apps.net', 'cdn.brandmetrics.com', 'players.brightcove.net', 'sc.tynt.com', 'widget.judge.me']);
  expect(site.console.filter((m) => m.type === 'pageerror')).toEqual([]);
});
