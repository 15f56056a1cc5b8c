#!/usr/bin/env node
// The benchmark command (`./scripts/bench.sh`): measures, in one run on this
// machine, Consentry against the alternatives, prints figures and ratios,
// checks them against the targets, and writes them into README.md between
// the `bench:start` and `bench:end` markers.
//
//   classification  URLs/s through Consentry.classify vs a yett-style list of
//                   regular expressions built from the same hosts (same page);
//                   native per-URL cost as the table grows (criterion)
//   start-up        script tag start -> hooks installed, stored consent read,
//                   banner in the document; vs vanilla-cookieconsent and Klaro,
//                   in a plain headless Chromium (no DevTools attached, fresh
//                   renderer per load) and under Playwright; and for a
//                   returning visitor, to the stored consent applied
//   configuration   start-up with 0, 1,000 and 2,000 vendors added by the site
//   page overhead   20,000 elements and 200 scripts inserted, with/without;
//                   beside them yett, and wrappers that only call the native
//   release         acceptAll() -> 200 held scripts have run
//   preferences     a returning visitor's showPreferences(): the consent
//                   interface loaded then (from the HTTP cache), or already
//   size            bytes, gzip, brotli, vs the same two peers; both stages
//   growth          stage 1 built with a synthetic table of 5,000 more hosts
//   worker          the service-worker guard: start-up in a new worker, and
//                   its decision's cost per request there
//   firefox         start-up (first visit, to script done) against the same
//                   peers in a plain headless Firefox ESR, classification and
//                   the insertion loop there (through tests/e2e/driver)
//
// Nothing here is a test: timings depend on the machine.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawn } from 'node:child_process';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import os from 'node:os';
import { sizeReport } from '../scripts/size-report.mjs';
import { syntheticTable } from './synthetic-table.mjs';
import { launchFirefox, Context as FirefoxContext } from '../tests/e2e/driver/firefox.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS || 25);
// `--only startup` (or another section) measures one section, for quick
// comparisons while working; the README's figures come from a whole run.
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const section = (name) => !ONLY || ONLY === name;
const CHAIN_RUNS = 6 * RUNS;
// `--previous DIR`: the pkg/ directory of an earlier build (for example the
// one-file build before the two stages), timed at start-up in the same run,
// served under /previous/. Printed, not written into the README.
const PREVIOUS = process.argv.includes('--previous') ? process.argv[process.argv.indexOf('--previous') + 1] : null;
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.gif': 'image/gif' };

function file(path) {
  // Consentry's stage 1 and, beside it, the consent interface it loads; the service-worker guard.
  if (path === '/consentry.global.js' || path === '/consentry-sw.js' || /^\/consentry-(ui|details|lang-[a-z]+)\.[0-9a-f]+\.js$/.test(path)) return join(root, 'pkg', path.slice(1));
  if (PREVIOUS && path.startsWith('/previous/')) return join(PREVIOUS, path.slice('/previous/'.length).replace(/\.\.|\//g, ''));
  if (path.startsWith('/node_modules/')) return join(root, path);
  return join(root, 'bench', 'pages', path);
}

// Start-up pages get the probe (bench/pages/startup-probe.js) inlined as
// their first script; a chain of start-up loads posts its figures to /result
// (see startupChain).
const PROBE = readFileSync(join(root, 'bench', 'pages', 'startup-probe.js'), 'utf8');
let onResult = null;
let blacklist = null;
function yettBlacklist() {
  if (blacklist) return blacklist;
  const esc = (h) => h.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const hosts = JSON.parse(readFileSync(join(root, 'pkg', 'vendors.json'), 'utf8')).flatMap((v) => v.hosts.map((h) => h.split('?')[0]));
  blacklist = `window.YETT_BLACKLIST = [${hosts.map((h) => `/${esc(h)}/`).join(',')}];`;
  return blacklist;
}
// A returning visitor's consent cookies, per start-up page (see storedConsent):
// sent with the page when it is asked for with ?stored=1.
const STORED = {};

const server = createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  if (u.pathname === '/result' && req.method === 'POST') {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(onResult ? onResult(Number(u.searchParams.get('i')), JSON.parse(body)) : ''));
    return;
  }
  // yett's blacklist for the overhead page: a regular expression per vendor
  // host of Consentry's table (as the classification page builds them).
  if (u.pathname === '/yett-blacklist.js') return res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(yettBlacklist());
  if (u.pathname === '/s.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end('window.__s = (window.__s || 0) + 1;');
  if (u.pathname.startsWith('/img/')) return res.writeHead(200, { 'content-type': 'image/gif' }).end(GIF);
  // The previous build's start-up page is Consentry's, loading the
  // previous stage 1 (see --previous).
  const previousPage = u.pathname === '/startup-previous.html';
  const f = file(previousPage ? '/startup-consentry.html' : u.pathname);
  if (!existsSync(f)) return res.writeHead(404).end();
  let body = readFileSync(f);
  if (previousPage) body = body.toString('utf8').replace('src="/consentry.global.js"', 'src="/previous/consentry.global.js"');
  if (extname(f) === '.html') {
    body = body.toString('utf8').replace(/<script data-probe="([^"]+)"><\/script>/, (_, sel) => `<script>var BANNER = ${JSON.stringify(sel)};\n${PROBE}</script>`)
      .replace('<script data-yett-blacklist></script>', () => `<script>${yettBlacklist()}</script>`);
  }
  // The consent interface is served as a site should (its name carries its
  // content hash): cached for good. Start-up loads are on fresh origins, so
  // they never find it cached.
  const immutable = /^\/consentry-(ui|details|lang-[a-z]+)\.[0-9a-f]+\.js$/.test(u.pathname);
  const headers = { 'content-type': TYPES[extname(f)] || 'application/octet-stream', 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-store' };
  const stored = u.searchParams.get('stored') === '1' && STORED[u.pathname.slice(1)];
  if (stored) headers['set-cookie'] = stored;
  // Nothing is cached: every start-up load is a first visit (with ?stored=1,
  // one whose consent cookie is already set: the script is still fetched).
  res.writeHead(200, headers).end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const SITE = `http://127.0.0.1:${server.address().port}`;

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = ['--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });

// Vendor hosts answer from here, so nothing leaves the machine: a script
// notes that it ran, anything else is empty.
function answerVendor(route) {
  const t = new URL(route.request().url()).searchParams.get('t');
  if (route.request().resourceType() === 'script') return route.fulfill({ contentType: 'text/javascript', body: `(window.__ran = window.__ran || []).push(${JSON.stringify(t)});` });
  return route.fulfill({ status: 204, body: '' });
}

async function withPage(fn) {
  const context = await browser.newContext();
  await context.route(/^https:\/\//, answerVendor);
  const page = await context.newPage();
  try { return await fn(page); } finally { await context.close(); }
}

// The same page in Firefox ESR, through the end-to-end suite's driver.
let firefox = null;
async function withFirefoxPage(fn) {
  firefox ||= await launchFirefox();
  const context = await FirefoxContext.create(firefox);
  await context.route(/^https:\/\//, answerVendor);
  const page = await context.newPage();
  try { return await fn(page); } finally { await context.close(); }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (n, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
// A difference: +2.1, or -1.3 (within the noise, the page ran faster with Consentry).
const signed = (n) => (n >= 0 ? '+' : '') + fmt(n);
const results = {};

// Room to grow: stage 1 built from the vendor files plus a synthetic table
// of 5,000 more hosts (bench/synthetic-table.mjs: third-party-web's hosts,
// as some 1,900 more vendors), in a target directory of its own; the gzip
// of its module against the shipped one.
// (First: it builds from the working tree, and fails fast if that does not build.)
if (section('growth')) {
  const syn = syntheticTable(root, 5000);
  const target = join(os.tmpdir(), 'consentry-growth-target');
  const out = mkdtempSync(join(os.tmpdir(), 'consentry-growth-'));
  try {
    execFileSync('cargo', ['build', '-q', '-p', 'consentry', '--release', '--target', 'wasm32-unknown-unknown', '--features', 'panic-trap'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CONSENTRY_VENDORS: syn.dir, CARGO_TARGET_DIR: target } });
    execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', out, join(target, 'wasm32-unknown-unknown', 'release', 'consentry.wasm')]);
    const flags = JSON.parse('[' + readFileSync(join(root, 'crate', 'Cargo.toml'), 'utf8').match(/^wasm-opt = \[(.*)\]$/m)[1] + ']');
    execFileSync(join(root, 'node_modules', '.bin', 'wasm-opt'), [...flags, join(out, 'consentry_bg.wasm'), '-o', join(out, 'opt.wasm')]);
    const grown = gzipSync(readFileSync(join(out, 'opt.wasm')), { level: 9 }).length;
    const base = gzipSync(readFileSync(join(root, 'pkg', 'consentry_bg.wasm')), { level: 9 }).length;
    results.growth = { hosts: syn.hosts, vendors: syn.vendors, added: grown - base };
  } finally {
    rmSync(syn.dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}


// Classification: the table's real tracker URLs, each with a first-party
// URL and an unknown CDN's beside it.
function classificationUrls() {
  const text = readFileSync(join(root, 'crate', 'tests', 'data', 'tracker-urls.tsv'), 'utf8')
    + ['a', 'b', 'c', 'd', 'e'].map((g) => { const f = join(root, 'crate', 'tests', 'data', `tracker-urls-${g}.tsv`); return existsSync(f) ? readFileSync(f, 'utf8') : ''; }).join('\n');
  const vendorUrls = text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[0]);
  const urls = [];
  vendorUrls.forEach((u, i) => { urls.push(u, `${SITE}/assets/app.${i}.js?v=3`, `https://cdn${i % 7}.static-content.example/lib/v${i}/bundle.min.js`); });
  return urls;
}
if (section('classify')) {
  const urls = classificationUrls();
  const r = [];
  for (let i = 0; i < 5; i++) r.push(await withPage(async (page) => { await page.goto(`${SITE}/classify.html`); return page.evaluate(([u]) => window.bench(u, 1000), [urls]); }));
  results.classify = { urls: urls.length, patterns: r[0].patterns, ours: median(r.map((x) => x.ours)), regex: median(r.map((x) => x.regex)), oursHits: r[0].oursHits, regexHits: r[0].regexHits };
}

// The service-worker guard: its start-up in a fresh worker (a new browser
// context each time) and its decision's cost per request in the worker.
if (section('worker')) {
  const urls = classificationUrls();
  const r = [];
  for (let i = 0; i < Math.max(8, RUNS >> 1); i++) {
    r.push(await withPage(async (page) => { await page.goto(`${SITE}/worker.html`); return page.evaluate(([u]) => window.bench(u, 20), [urls]); }));
  }
  results.worker = { startup: median(r.map((x) => x.startup)), module: median(r.map((x) => x.module)), untouched: median(r.map((x) => x.untouched)), held: median(r.map((x) => x.held)), counts: r[0].counts, runs: r.length };
}

// Start-up.
const YETT_STARTUP = 'startup-yett.html';
const STARTUP = [['consentry', 'startup-consentry.html'], ['vanilla-cookieconsent', 'startup-vanilla.html'], ['klaro', 'startup-klaro.html'], ...(PREVIOUS ? [['previous', 'startup-previous.html']] : [])];

/**
 * Loads the start-up pages in a plain headless Chromium, with no DevTools
 * protocol attached, page after page: the three tools alternate, `warm`
 * rounds are dropped, then `rounds` are kept. Each load is on a new origin
 * (l<i>.test, mapped to this server), so it gets a fresh renderer process,
 * empty cookies and storage, and no cache: a first visit. The page posts its
 * figures (see startup-probe.js) and is sent on to the next.
 *
 * Why not Playwright alone: with DevTools attached, every stack trace the
 * page captures (Chromium takes one when a script reads document.cookie)
 * makes V8 re-parse the scripts on the stack for source positions, a cost
 * that grows with script size and that no visitor pays. Both are reported.
 */
async function startupChain(pages, rounds, warm, engine = 'chromium') {
  const seq = [];
  for (let r = 0; r < warm + rounds; r++) seq.push(...pages);
  const out = Object.fromEntries(pages.map((p) => [p, []]));
  const url = (i) => `http://l${i}.test:${server.address().port}/${seq[i]}${seq[i].includes('?') ? '&' : '?'}i=${i}`;
  let finish, stall, timer;
  const done = new Promise((resolve) => { finish = resolve; });
  // A watchdog, not a deadline: it fails the run if a page stops reporting.
  const stalled = new Promise((_, reject) => { stall = reject; });
  const arm = () => { clearTimeout(timer); timer = setTimeout(() => stall(new Error('start-up chain: no result for 30 s')), 30000); };
  arm();
  onResult = (i, result) => {
    arm();
    if (i >= warm * pages.length && seq[i]) out[seq[i]].push(result);
    if (i + 1 >= seq.length) { finish(); return ''; }
    return url(i + 1);
  };
  const dir = mkdtempSync(join(os.tmpdir(), 'consentry-bench-'));
  let proc;
  if (engine === 'firefox') {
    // A fresh profile whose resolver answers every origin of the chain
    // (l0.test, l1.test ...) with this machine, and that asks nothing at
    // start.
    const hosts = seq.map((_, i) => `l${i}.test`).join(',');
    writeFileSync(join(dir, 'user.js'), [
      ['network.dns.localDomains', hosts], ['browser.shell.checkDefaultBrowser', false], ['datareporting.policy.dataSubmissionEnabled', false],
      ['toolkit.telemetry.reportingpolicy.firstRun', false], ['browser.startup.homepage_override.mstone', 'ignore'], ['browser.aboutwelcome.enabled', false],
      ['app.update.disabledForTesting', true], ['network.proxy.type', 0], ['browser.cache.disk.enable', false],
    ].map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
    proc = spawn(process.env.FIREFOX_PATH || '/usr/bin/firefox-esr', ['--headless', '--no-remote', '--profile', dir, url(0)], { stdio: 'ignore', detached: true });
  } else {
    const args = ['--headless', ...FLAGS, '--no-default-browser-check', '--host-resolver-rules=MAP *.test 127.0.0.1', `--user-data-dir=${dir}`];
    if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
    proc = spawn(CHROMIUM, [...args, url(0)], { stdio: 'ignore', detached: true });
  }
  const exited = new Promise((r) => { proc.on('exit', r); proc.on('error', r); });
  try {
    await Promise.race([done, stalled]);
  } finally {
    clearTimeout(timer);
    onResult = null;
    try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* already gone */ }
    await exited;
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
  return out;
}

/**
 * Accepts everything with each tool, through its own API, in a Playwright
 * page, and keeps the cookies it stored (as Set-Cookie values, host-only), so
 * that the ?stored=1 loads start as a returning visitor of that tool.
 */
async function storedConsent() {
  const accept = {
    consentry: () => window.Consentry.acceptAll(),
    'vanilla-cookieconsent': () => window.CookieConsent.acceptCategory('all'),
    previous: () => window.Consentry.acceptAll(),
    klaro: () => { const m = window.klaro.getManager(); m.changeAll(true); m.saveAndApplyConsents(); },
  };
  for (const [name, path] of STARTUP) {
    const cookies = await withPage(async (page) => {
      await page.goto(`${SITE}/${path}`);
      await page.waitForFunction(() => window.__result !== undefined);
      await page.evaluate(accept[name]);
      return page.context().cookies();
    });
    if (!cookies.length) throw new Error(`start-up: ${name} stored no cookie when accepting`);
    STORED[path] = cookies.map((k) => `${k.name}=${k.value}; Path=/; Max-Age=31536000`);
  }
}

if (section('startup')) {
  // Page loads in a chain are cheap and noisy (a fresh process each): on the
  // 2-core benchmark machine the median of 50 still moved by 1-2 ms from
  // run to run, so six times the runs (150 loads per tool). In chains of 25
  // rounds, each in a new browser: in one run a single browser kept for all
  // 450 origins gave vanilla-cookieconsent 18.65 ms against 15.10 in
  // chains; a long-lived browser drifts.
  await storedConsent();
  // yett (a blocker with no banner and no stored consent) joins the first
  // visits' chains, for its time to script done.
  const storedPaths = STARTUP.map(([, path]) => `${path}?stored=1`);
  const paths = [...STARTUP.map(([, path]) => path), YETT_STARTUP];
  const chain = Object.fromEntries([...paths, ...storedPaths].map((p) => [p, []]));
  // First visits and returning visitors in alternate chains, so that the
  // machine's drift falls on both alike.
  for (let done = 0; done < CHAIN_RUNS; done += 25) {
    for (const set of [paths, storedPaths]) {
      const part = await startupChain(set, Math.min(25, CHAIN_RUNS - done), 2);
      for (const p of set) chain[p].push(...part[p]);
    }
  }
  for (const [name, path] of STARTUP) {
    const attached = [];
    for (let i = 0; i < RUNS; i++) {
      attached.push(await withPage(async (page) => {
        await page.goto(`${SITE}/${path}`);
        await page.waitForFunction(() => window.__result !== undefined);
        return page.evaluate(() => window.__result);
      }));
    }
    const rows = chain[path], back = chain[`${path}?stored=1`];
    const med = (xs, k) => median(xs.map((r) => (r[k] === null ? Infinity : r[k])));
    results[`startup:${name}`] = {
      sync: med(rows, 'sync'), total: med(rows, 'banner'), dcl: med(rows, 'dcl'),
      shown: rows.every((r) => r.banner !== null) && attached.every((r) => r.banner !== null),
      attached: { sync: med(attached, 'sync'), total: med(attached, 'banner') },
      // A returning visitor: the stored consent must be applied on every
      // load, and no banner shown; otherwise the figure is not comparable.
      stored: { sync: med(back, 'sync'), applied: med(back, 'applied'), valid: back.every((r) => r.applied !== null && !r.shown) },
    };
  }
  results['startup:yett'] = { sync: median(chain[YETT_STARTUP].map((r) => r.sync)) };
}

// Site configuration at any size: start-up with 0, 1,000 and 2,000 vendors
// added in ConsentryConfig.vendors.add (the page makes the list before it
// starts timing; the figure is page start to Consentry's script done).
if (section('config')) {
  const pages = [0, 1000, 2000].map((n) => `startup-config.html?n=${n}`);
  const out = Object.fromEntries(pages.map((p) => [p, []]));
  for (let done = 0; done < CHAIN_RUNS / 3; done += 25) {
    const part = await startupChain(pages, Math.min(25, CHAIN_RUNS / 3 - done), 2);
    for (const p of pages) out[p].push(...part[p]);
  }
  results.config = Object.fromEntries([0, 1000, 2000].map((n, i) => [n, median(out[pages[i]].map((r) => r.sync))]));
}

// Firefox ESR: start-up against the same peers (first visits, plain
// headless Firefox, fresh origin per load), classification and the insertion
// loop, in the same run as Chromium's figures.
if (section('firefox')) {
  const tools = STARTUP.filter(([n]) => n !== 'previous');
  const paths = tools.map(([, p]) => p);
  const chain = Object.fromEntries(paths.map((p) => [p, []]));
  const loads = 2 * RUNS;
  for (let done = 0; done < loads; done += 25) {
    const part = await startupChain(paths, Math.min(25, loads - done), 2, 'firefox');
    for (const p of paths) chain[p].push(...part[p]);
  }
  const sync = Object.fromEntries(tools.map(([n, p]) => [n, median(chain[p].map((r) => (r.sync === null ? Infinity : r.sync)))]));
  const urls = classificationUrls();
  const cls = [];
  for (let i = 0; i < 3; i++) cls.push(await withFirefoxPage(async (page) => { await page.goto(`${SITE}/classify.html`); return page.evaluate(([u]) => window.bench(u, 1000), [urls]); }));
  const ins = { 0: [], 1: [] };
  for (let i = 0; i < Math.max(6, RUNS >> 1); i++) {
    for (const w of ['0', '1']) ins[w].push((await withFirefoxPage(async (page) => { await page.goto(`${SITE}/overhead.html?with=${w}`); return page.evaluate(() => window.run()); })).insert);
  }
  let version = 'Firefox';
  try { version = execFileSync(process.env.FIREFOX_PATH || '/usr/bin/firefox-esr', ['--version']).toString().trim(); } catch { /* named generically */ }
  results.firefox = { version, loads, sync, classify: { ours: median(cls.map((x) => x.ours)), regex: median(cls.map((x) => x.regex)) }, insert: { 0: median(ins[0]), 1: median(ins[1]) } };
}

// Page overhead.
// Runs alternate without/with, so that drift in the machine's load (the
// total is mostly the 200 script fetches) falls on both sides alike; at
// least 16 pairs (one run of the loop varies by half on this machine).
const OVERHEAD_RUNS = Math.max(16, RUNS);
// Beside them, in the same rotation: yett (a peer that hooks from
// JavaScript too) and wrappers that only call the native (the floor of any
// such hook; bench/pages/passthrough.js).
const OVERHEAD = ['0', '1', 'yett', 'wrap'];
if (section('overhead')) {
  const ins = {}, tot = {}, warm = {};
  for (const w of OVERHEAD) { ins[w] = []; tot[w] = []; warm[w] = []; }
  for (let i = 0; i < OVERHEAD_RUNS; i++) {
    for (const w of OVERHEAD) {
      const t = await withPage(async (page) => {
        await page.goto(`${SITE}/overhead.html?with=${w}`);
        const first = await page.evaluate(() => window.run());
        return { ...first, warm: await page.evaluate(() => window.again()) };
      });
      ins[w].push(t.insert);
      tot[w].push(t.total);
      warm[w].push(t.warm);
    }
  }
  for (const w of OVERHEAD) results[`overhead:${w}`] = { insert: median(ins[w]), total: median(tot[w]), warm: median(warm[w]) };
}

// Markup sinks: innerHTML of a widget with and without Consentry (its
// reader), and the inert-document route (see bench/pages/markup.html);
// alternating, as for the page overhead.
if (section('markup')) {
  const xs = { 0: [], 1: [], inert: [] };
  let bytes = 0;
  for (let i = 0; i < Math.max(8, RUNS); i++) {
    for (const w of ['0', '1']) {
      const t = await withPage(async (page) => { await page.goto(`${SITE}/markup.html?with=${w}`); return page.evaluate(() => window.run()); });
      xs[w].push(t.innerHTML);
      if (t.inert !== undefined) xs.inert.push(t.inert);
      bytes = t.bytes;
    }
  }
  results.markup = { bytes, without: median(xs[0]), with: median(xs[1]), inert: median(xs.inert) };
}

// Release.
for (const kind of section('release') ? ['inline', 'external'] : []) {
  const xs = [];
  for (let i = 0; i < Math.max(8, RUNS >> 1); i++) {
    xs.push(await withPage(async (page) => { await page.goto(`${SITE}/release.html?kind=${kind}`); return page.evaluate(() => window.release()); }));
  }
  results[`release:${kind}`] = median(xs);
}
// Preferences on a returning visitor's page: the interface is not loaded
// during the page view (no bytes, no work); showPreferences() loads it then,
// and the vendor details after it, from the HTTP cache. Measured against the same call once it is loaded, as
// it would be if every page view fetched it at idle.
if (section('prefs')) {
  const out = { demand: [], loaded: [] };
  for (let i = 0; i < Math.max(8, RUNS); i++) {
    const r = await withPage(async (page) => {
      await page.goto(`${SITE}/startup-consentry.html`);
      await page.evaluate(() => window.Consentry.acceptAll());
      // The vendor details into the HTTP cache too (a visitor who once opened the dialog).
      await page.evaluate(() => window.Consentry.vendors());
      await page.goto(`${SITE}/startup-consentry.html?back`);
      await page.waitForLoadState('load');
      const demand = await page.evaluate(async () => { const t = performance.now(); await window.Consentry.showPreferences(); return performance.now() - t; });
      await page.keyboard.press('Escape');
      const loaded = await page.evaluate(async () => { const t = performance.now(); await window.Consentry.showPreferences(); return performance.now() - t; });
      return { demand, loaded };
    });
    out.demand.push(r.demand);
    out.loaded.push(r.loaded);
  }
  results.prefs = { demand: median(out.demand), loaded: median(out.loaded) };
}
await browser.close();
if (firefox) await firefox.close();
server.close();
if (ONLY) {
  console.log(JSON.stringify(results, null, 2));
  process.exit(0);
}

// Native classification cost as the table grows (criterion).
const env = { ...process.env, CARGO_TERM_COLOR: 'never' };
execFileSync('cargo', ['bench', '-p', 'consentry', '--bench', 'classify', '--', '--warm-up-time', '1', '--measurement-time', '4', '--noplot'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env });
const per = (id, n) => {
  const e = JSON.parse(readFileSync(join(root, 'target', 'criterion', id, 'new', 'estimates.json'), 'utf8'));
  return e.mean.point_estimate / n;
};
const builtinUrls = (() => { const t = readFileSync(join(root, 'crate', 'tests', 'data', 'tracker-urls.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).length; return t * 3; })();
results.native = { builtin: per('classify/builtin-table', builtinUrls), 100: per('table-size/100', 400), 1000: per('table-size/1000', 400), 10000: per('table-size/10000', 400) };

// The static-markup rewriter: MB/s against lol_html passing the same input
// through unchanged (the floor), in the same criterion run.
execFileSync('cargo', ['bench', '-p', 'consentry-rewriter', '--bench', 'rewrite', '--', '--warm-up-time', '1', '--measurement-time', '5', '--noplot'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env });
const mbps = (id) => {
  const dir = join(root, 'target', 'criterion', 'rewrite', id, 'new');
  const e = JSON.parse(readFileSync(join(dir, 'estimates.json'), 'utf8'));
  const b = JSON.parse(readFileSync(join(dir, 'benchmark.json'), 'utf8'));
  const bytes = b.throughput?.Bytes ?? 0;
  return { mbps: bytes / (e.mean.point_estimate / 1e9) / 1e6, bytes };
};
results.rewrite = { ours: mbps('consentry rewrite'), floor: mbps('lol_html passthrough (floor)'), noop: mbps('lol_html, same selector, no-op handler') };

// Sizes.
function size(path) {
  return sizeOf(readFileSync(path));
}
function sizeOf(b) {
  return { raw: b.length, gzip: gzipSync(b, { level: 9 }).length, brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
}
const sum = (...xs) => xs.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
const uiFile = readdirSync(join(root, 'pkg')).find((f) => /^consentry-ui\.[0-9a-f]+\.js$/.test(f));
const STAGE1 = 'consentry.global.js (stage 1, the blocker: wasm inlined, full host index)';
const STAGE2 = `${uiFile} (stage 2: banner, dialog, cookie policy, English texts)`;
const detailsFile = readdirSync(join(root, 'pkg')).find((f) => /^consentry-details\.[0-9a-f]+\.js$/.test(f));
// The language packs (every shipped language but English): a visitor
// downloads at most one, their own.
const packs = JSON.parse(readFileSync(join(root, 'pkg', 'stage2.json'), 'utf8')).languages;
const packSized = Object.entries(packs).map(([code, [f]]) => [code, size(join(root, 'pkg', f))]);
const packSizes = packSized.map(([, z]) => z);
const [largestCode, largestPack] = packSized.reduce((a, b) => (b[1].gzip > a[1].gzip ? b : a));
results.size = {
  [STAGE1]: size(join(root, 'pkg', 'consentry.global.js')),
  [STAGE2]: size(join(root, 'pkg', uiFile)),
  [`${detailsFile} (the vendor details: fetched when the dialog, the cookie policy, a placeholder or a withdrawal first needs them)`]: size(join(root, 'pkg', detailsFile)),
  'a first visit in English: both stages': sum(size(join(root, 'pkg', 'consentry.global.js')), size(join(root, 'pkg', uiFile))),
  'a first visit in German: both stages and the German pack': sum(size(join(root, 'pkg', 'consentry.global.js')), size(join(root, 'pkg', uiFile)), size(join(root, 'pkg', packs.de[0]))),
  [`the largest language pack (${largestCode}; ${packSizes.length} packs, one downloaded per visitor at most)`]: largestPack,
  [`all ${packSizes.length} language packs together (never downloaded together)`]: sum(...packSizes),
  'consentry.headless.global.js (stage 1 with the interface off)': size(join(root, 'pkg', 'consentry.headless.global.js')),
  'consentry_bg.wasm (stage 1 module, npm package)': size(join(root, 'pkg', 'consentry_bg.wasm')),
  'ui/consentry_ui_bg.wasm (stage 2 module, npm package)': size(join(root, 'pkg', 'ui', 'consentry_ui_bg.wasm')),
  'vanilla-cookieconsent 3.1.0 (umd.js + css)': sum(size(join(root, 'node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js')), size(join(root, 'node_modules/vanilla-cookieconsent/dist/cookieconsent.css'))),
  'klaro 0.7.22 (klaro.js, css and translations included)': size(join(root, 'node_modules/klaro/dist/klaro.js')),
  'yett 0.1.13 (yett.min.js; scripts only, no banner)': size(join(root, 'node_modules/yett/dist/yett.min.js')),
  'yett\'s blacklist of the same hosts as the start-up page inlines it': sizeOf(Buffer.from(yettBlacklist())),
};

// Report.
const c = results.classify, sv = results['startup:vanilla-cookieconsent'], sc = results['startup:consentry'], sk = results['startup:klaro'], sy = results['startup:yett'];
const o0 = results['overhead:0'], o1 = results['overhead:1'], oy = results['overhead:yett'], ow = results['overhead:wrap'];
// "yett 182.0 (+4.1%)": a figure of the loop beside the one without any tool.
const beside = (o, key) => `${fmt(o[key])} (${signed((o[key] / o0[key] - 1) * 100)}%)`;
const flat = Math.max(results.native[100], results.native[1000], results.native[10000]) / Math.min(results.native[100], results.native[1000], results.native[10000]);
const g = results.size[STAGE1].gzip;
const first = results.size['a first visit in English: both stages'].gzip;
const klaro = results.size['klaro 0.7.22 (klaro.js, css and translations included)'].gzip;
const ins = o1.insert / o0.insert - 1;
const cfg = results.config;
const ff = results.firefox;
const targets = [
  ['classification >= 10x the regex list', c.ours / c.regex >= 10, `${fmt(c.ours / c.regex)}x`],
  ['classification flat as the table grows (100 -> 10,000 hosts, max/min <= 1.5)', flat <= 1.5, `${fmt(flat, 2)}`],
  ['stage 1 <= 40 KB gzip, with the full host index', g <= 40 * 1024, `${fmt(g / 1024)} KB`],
  ['parser blocked by stage 1 (page start to script done), first visit, no longer than by vanilla-cookieconsent', sc.sync <= sv.sync, `${fmt(sc.sync, 2)} ms vs ${fmt(sv.sync, 2)} ms`],
  ['the same, returning visitor', sc.stored.sync <= sv.stored.sync, `${fmt(sc.stored.sync, 2)} ms vs ${fmt(sv.stored.sync, 2)} ms`],
  ['first visit, page start to the banner in the document, no later than vanilla-cookieconsent', sc.total <= sv.total && sc.shown && sv.shown, `${fmt(sc.total, 2)} ms vs ${fmt(sv.total, 2)} ms`],
  ['first visit, stage 1 + stage 2 <= Klaro\'s total', first <= klaro, `${fmt(first / 1024)} KB vs ${fmt(klaro / 1024)} KB`],
  ['insertion loop overhead <= 10%', ins <= 0.10, `${fmt(ins * 100)}%`],
  ['page overhead <= 5%', o1.total / o0.total <= 1.05, `${fmt((o1.total / o0.total - 1) * 100)}%`],
  ['a synthetic table of 5,000 more hosts adds <= 30 KB gzip to stage 1', results.growth.added <= 30 * 1024, `${fmt(results.growth.added / 1024)} KB (${results.growth.vendors.toLocaleString('en-US')} more vendors)`],
  ['1,000 vendors added in the configuration add <= 10 ms to start-up', cfg[1000] - cfg[0] <= 10, `+${fmt(cfg[1000] - cfg[0], 1)} ms`],
];
const date = new Date().toISOString().slice(0, 10);
const cpu = os.cpus()[0]?.model?.trim() || 'unknown CPU';
let chromiumVersion = '';
try { chromiumVersion = execFileSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium', ['--version']).toString().trim(); } catch { chromiumVersion = 'Chromium'; }
const kb = (n) => fmt(n / 1024);
const md = [
  `Measured on ${date}, ${cpu} (${os.cpus().length} cores), ${chromiumVersion}, headless; medians of ${CHAIN_RUNS} page loads for each start-up figure (fresh origin, renderer and cache; first visits with no cookies, returning visitors with only the tool's consent cookie; ${RUNS} under Playwright), 5 runs (classification), ${OVERHEAD_RUNS} alternating with/without (overhead), ${Math.max(8, RUNS >> 1)} (release). Run \`./scripts/bench.sh\` to measure again.`,
  '',
  '| what | Consentry | compared with | ratio |',
  '|---|---:|---:|---:|',
  `| classification, URLs/s in the page (${c.urls} URLs, a third vendors) | ${fmt(c.ours, 0)} | ${fmt(c.regex, 0)} (${c.patterns} regexes, yett-style) | ${fmt(c.ours / c.regex)}x |`,
  `| start-up, first visit: page start to the tool's script done (the parser blocked; hooks installed, consent read), ms | ${fmt(sc.sync, 2)} | vanilla-cookieconsent ${fmt(sv.sync, 2)}, Klaro ${fmt(sk.sync, 2)}, yett (its blacklist of the same hosts) ${fmt(sy.sync, 2)} | ${fmt(sc.sync / sv.sync, 2)}x, ${fmt(sc.sync / sk.sync, 2)}x, ${fmt(sc.sync / sy.sync, 2)}x |`,
  `| the same, returning visitor (consent stored), ms | ${fmt(sc.stored.sync, 2)} | vanilla-cookieconsent ${fmt(sv.stored.sync, 2)}, Klaro ${fmt(sk.stored.sync, 2)} | ${fmt(sc.stored.sync / sv.stored.sync, 2)}x, ${fmt(sc.stored.sync / sk.stored.sync, 2)}x |`,
  `| start-up: page start to the banner in the document, ms | ${fmt(sc.total, 2)} | vanilla-cookieconsent ${fmt(sv.total, 2)}, Klaro ${fmt(sk.total, 2)} | ${fmt(sc.total / sv.total, 2)}x, ${fmt(sc.total / sk.total, 2)}x |`,
  `| the same under Playwright (DevTools attached), to the banner, ms | ${fmt(sc.attached.total, 2)} | vanilla-cookieconsent ${fmt(sv.attached.total, 2)}, Klaro ${fmt(sk.attached.total, 2)} | ${fmt(sc.attached.total / sv.attached.total, 2)}x, ${fmt(sc.attached.total / sk.attached.total, 2)}x |`,
  `| start-up, returning visitor (consent stored, no banner): page start to the stored consent applied, ms${[sc, sv, sk].every((x) => x.stored.valid) ? '' : ' (**not valid: a banner shown or no consent applied**)'} | ${fmt(sc.stored.applied, 2)} | vanilla-cookieconsent ${fmt(sv.stored.applied, 2)}, Klaro ${fmt(sk.stored.applied, 2)} | ${fmt(sc.stored.applied / sv.stored.applied, 2)}x, ${fmt(sc.stored.applied / sk.stored.applied, 2)}x |`,
  `| start-up with 1,000 / 2,000 vendors added in the configuration (to script done), ms | ${fmt(cfg[1000], 1)} / ${fmt(cfg[2000], 1)} | with none ${fmt(cfg[0], 1)} | +${fmt(cfg[1000] - cfg[0], 1)} / +${fmt(cfg[2000] - cfg[0], 1)} ms |`,
  `| page overhead: 20,000 elements + 200 scripts inserted, until all ran (ms) | ${fmt(o1.total)} | without Consentry ${fmt(o0.total)}; yett ${beside(oy, 'total')} | ${signed((o1.total / o0.total - 1) * 100)}% |`,
  `| the insertion loop alone (ms) | ${fmt(o1.insert)} | without Consentry ${fmt(o0.insert)}; yett ${beside(oy, 'insert')}; wrappers that only call the native ${beside(ow, 'insert')} | ${signed((o1.insert / o0.insert - 1) * 100)}% |`,
  `| the same loop of elements run again in the page, code optimised (ms) | ${fmt(o1.warm)} | without Consentry ${fmt(o0.warm)}; yett ${beside(oy, 'warm')}; wrappers that only call the native ${beside(ow, 'warm')} | ${signed((o1.warm / o0.warm - 1) * 100)}% |`,
  `| markup sink: innerHTML of a ${fmt(results.markup.bytes / 1024)} KB widget (9 loading elements, one a vendor's), µs per call | ${fmt(results.markup.with)} | without Consentry ${fmt(results.markup.without)}; the inert-document route, before any decision ${fmt(results.markup.inert)} | ${signed(results.markup.with - results.markup.without)} µs (the inert route ${signed(results.markup.inert - results.markup.without)}) |`,
  `| release: acceptAll() to 200 held inline scripts run (ms) | ${fmt(results['release:inline'])} | | |`,
  `| release: acceptAll() to 200 held external scripts fetched and run (ms) | ${fmt(results['release:external'])} | | |`,
  `| returning visitor: showPreferences() to the dialog open, interface and vendor details loaded then (from the HTTP cache), ms | ${fmt(results.prefs.demand)} | already loaded (as if fetched at idle on every page view) ${fmt(results.prefs.loaded)} | |`,
  `| service-worker guard: start-up in a new worker: importScripts('consentry-sw.js') / of which the module (decode, compile, instantiate, host index), ms | ${fmt(results.worker.startup, 2)} / ${fmt(results.worker.module, 2)} | | |`,
  `| service-worker guard: the decision per request, µs: left alone (${results.worker.counts[0]} first-party and unknown URLs) / a vendor's, answered (${results.worker.counts[1]}) | ${fmt(results.worker.untouched, 2)} / ${fmt(results.worker.held, 2)} | | |`,
  `| native classification, ns per URL: built-in table (${builtinUrls} URLs) | ${fmt(results.native.builtin, 0)} | | |`,
  `| native, synthetic table of 100 / 1,000 / 10,000 hosts (ns per URL) | ${fmt(results.native[100], 0)} / ${fmt(results.native[1000], 0)} / ${fmt(results.native[10000], 0)} | | max/min ${fmt(flat, 2)} |`,
  `| ${ff.version}: start-up, first visit: page start to the tool's script done, ms (plain headless Firefox, ${ff.loads} loads each) | ${fmt(ff.sync.consentry, 2)} | vanilla-cookieconsent ${fmt(ff.sync['vanilla-cookieconsent'], 2)}, Klaro ${fmt(ff.sync.klaro, 2)} | ${fmt(ff.sync.consentry / ff.sync['vanilla-cookieconsent'], 2)}x, ${fmt(ff.sync.consentry / ff.sync.klaro, 2)}x |`,
  `| Firefox: classification, URLs/s in the page | ${fmt(ff.classify.ours, 0)} | ${fmt(ff.classify.regex, 0)} (the same regexes) | ${fmt(ff.classify.ours / ff.classify.regex)}x |`,
  `| Firefox: the insertion loop alone (ms) | ${fmt(ff.insert[1])} | without Consentry ${fmt(ff.insert[0])} | ${signed((ff.insert[1] / ff.insert[0] - 1) * 100)}% |`,
  `| \`consentry rewrite\` throughput, MB/s (${fmt(results.rewrite.ours.bytes / 1e6)} MB page, library call) | ${fmt(results.rewrite.ours.mbps, 0)} | lol_html passthrough (the floor) ${fmt(results.rewrite.floor.mbps, 0)}; same selector, no-op ${fmt(results.rewrite.noop.mbps, 0)} | ${fmt(results.rewrite.ours.mbps / results.rewrite.floor.mbps, 2)}x the floor |`,
  '',
  '| file | bytes | gzip | brotli |',
  '|---|---:|---:|---:|',
  ...Object.entries(results.size).map(([k, v]) => `| ${k} | ${v.raw.toLocaleString('en-US')} | ${v.gzip.toLocaleString('en-US')} (${kb(v.gzip)} KB) | ${v.brotli.toLocaleString('en-US')} |`),
  '',
  sizeReport(root),
  '',
  '| target | met | figure |',
  '|---|:---:|---:|',
  ...targets.map(([t, ok, v]) => `| ${t} | ${ok ? 'yes' : '**no**'} | ${v} |`),
].join('\n');
console.log(md);
writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify({ date, cpu, chromium: chromiumVersion, results }, null, 2) + '\n');
if (process.argv.includes('--write-readme')) {
  const readme = join(root, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->', end = '<!-- bench:end -->';
  const a = text.indexOf(start), b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error('README.md has no bench markers');
  writeFileSync(readme, text.slice(0, a + start.length) + '\n' + md + '\n' + text.slice(b));
  console.log('\nREADME.md updated.');
}
