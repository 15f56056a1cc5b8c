#!/usr/bin/env node
// Builds the npm package in pkg/ (run as `npm run build`). Consentry ships in
// two stages (see README, "How it loads"):
//
//   stage 1, the blocker (crate/): the module every page runs first and
//     waits for: hooks, classification, configuration, the stored record,
//     Consent Mode, the deciding API;
//   stage 2, the consent interface (ui/): banner, dialog, cookie policy,
//     texts, vendor details, receipts; loaded by stage 1 when it is needed.
//
//   1. wasm-pack compiles both crates to wasm (release profile, wasm-opt;
//      stage 1 with feature `panic-trap`: it links no std) with their ES
//      module glue;
//   2. each module is inlined as escape-free ASCII text (inlineWasm below),
//      stage 1's beside the bytes of the small decoder (crate/js/decode.wat)
//      that both use, so stage 1 instantiates synchronously, with no fetch;
//   3. the npm entries (index.js, boot.js, ui.js) are copied in with their
//      imports pointed at the glue and the inlined modules; stage 1 reaches
//      stage 2 through import('./ui.js'), which bundlers split, and stage
//      2 its language packs and vendor details the same way;
//   4. esbuild bundles the script-tag files: the language packs and the
//      vendor details (consentry-lang-<code>.<hash>.js,
//      consentry-details.<hash>.js), consentry-ui.<hash>.js (stage 2,
//      named by its content, with their names and SRI hashes), then
//      consentry.global.js (stage 1, with
//      stage 2's file name and SRI hash built in) and
//      consentry.headless.global.js (the same stage 1, interface off);
//      and consentry-sw.js, the service-worker guard: the guard module
//      (guard/, the core's classification for the worker, plain exports)
//      inlined the same way, with crate/js/sw.js;
//   5. package.json gets the fields an npm package needs (exports, types);
//   6. the HTML rewriter (rewriter/, the same core without the browser layer)
//      is compiled to wasm for Node into pkg/rewriter/, for the webpack plugin
//      (crate/js/webpack-plugin.cjs); it is not part of the browser bundle;
//   7. the vendor table is exported as pkg/vendors.json by the native CLI
//      (`consentry vendors --format json`, with the notes the wasm leaves out).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, existsSync, copyFileSync, rmSync, mkdirSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const js = join(root, 'crate', 'js');
const uiJs = join(root, 'ui', 'js');
const features = process.env.CONSENTRY_FEATURES || '';

// wasm-pack finds wasm-opt (npm `binaryen`) on PATH; it cannot download one here.
const env = { ...process.env, PATH: join(root, 'node_modules', '.bin') + ':' + process.env.PATH };
rmSync(pkg, { recursive: true, force: true });
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/**
 * Compiles `crate` into `dir` with wasm-pack as `name` (cargo arguments
 * `cargoArgs`), inlines the module, and returns the paths of the glue, the
 * inlined module and (stage 1) the shim snippet, and the module's text.
 */
function compile(crate, dir, name, cargoArgs) {
  const args = ['build', crate, '--release', '--target', 'web', '--out-dir', relative(join(root, crate), dir), '--out-name', name, '--no-pack'];
  if (cargoArgs.length) args.push('--', ...cargoArgs);
  execFileSync('wasm-pack', args, { cwd: root, stdio: 'inherit', env });

  // The module is always given to the glue (from the inlined text): drop the
  // glue's default fetch of <name>_bg.wasm, so bundlers do not emit the file
  // a second time next to the inlined copy.
  const gluePath = join(dir, name + '.js');
  const glue = readFileSync(gluePath, 'utf8');
  const fetchDefault = `new URL('${name}_bg.wasm', import.meta.url)`;
  if (!glue.includes(fetchDefault)) throw new Error('wasm-bindgen glue changed: update build-pkg.mjs');
  writeFileSync(gluePath, glue.replace(fetchDefault, "(() => { throw new Error('Consentry passes its modules to the glue'); })()"));

  const { inline, text } = inlineModule(readFileSync(join(dir, name + '_bg.wasm')), join(dir, name + '_inline.js'));

  // Stage 1's shim is a wasm-bindgen snippet: <dir>/snippets/consentry-<hash>/js/shim.js.
  let shim = null;
  const snippets = join(dir, 'snippets');
  if (existsSync(snippets)) {
    const snippetDir = readdirSync(snippets).find((d) => existsSync(join(snippets, d, 'js', 'shim.js')));
    if (snippetDir) shim = join(snippets, snippetDir, 'js', 'shim.js');
  }
  return { glue: gluePath, inline, text, shim };
}

/** Rewrites the `consentry:*`, `consentry-ui:*`, `consentry-lang:*`, `consentry-details:*` and `consentry-guard:*` imports of an entry to `paths`. */
function pathsPlugin(paths) {
  return {
    name: 'consentry-paths',
    setup(b) {
      b.onResolve({ filter: /^consentry(-ui|-guard|-lang|-details)?:/ }, (a) => {
        const p = paths[a.path];
        if (p === undefined) throw new Error('no path for ' + a.path);
        return typeof p === 'string' ? { path: p } : { path: a.path, namespace: 'consentry-virtual' };
      });
      b.onLoad({ filter: /.*/, namespace: 'consentry-virtual' }, (a) => ({ contents: paths[a.path].contents, loader: 'js' }));
      b.onLoad({ filter: /(boot|ui)\.js$/ }, (a) => ({ contents: readFileSync(a.path, 'utf8').replace('__CONSENTRY_VERSION__', version), loader: 'js' }));
    },
  };
}

/**
 * The classic script of `entry`: one IIFE with everything inlined (pure
 * ASCII, so whatever charset the page or the server declares, it decodes
 * the same). The module's `text` moves from a string literal into a line
 * comment, see below. `eager` (stage 1): every function is compiled with
 * the script.
 */
async function classicScript(entry, paths, outfile, text, eager) {
  const built = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    legalComments: 'none',
    // V8's explicit compile hint (Chromium 136 and later; a plain comment
    // elsewhere): every function of stage 1 runs while the page loads, so
    // compile them all with the script, on the streaming thread, instead of
    // one by one on first call on the main thread.
    banner: eager ? { js: '//# allFunctionsCalledOnLoad' } : undefined,
    outfile,
    logLevel: 'warning',
    // wasm-bindgen's glue lists the shim module once per import: harmless.
    logOverride: { 'duplicate-object-key': 'silent' },
    plugins: [pathsPlugin(paths)],
  });
  if (built.errors.length) throw new Error('esbuild failed');
  if (!text) return;
  // The module's text moves from a string literal into a line comment in
  // the body of a function, whose source boot.js reads back (moduleText;
  // stage 2 hands its function to the same code):
  // V8 builds no long string while it parses the script (measured: 1.3-2.5
  // ms less start-up when the script carried the whole interface). The text
  // is printable ASCII without line breaks, so the comment runs exactly to
  // the end of its line; `//!` marks it as a legal comment, which minifiers
  // keep by default.
  const pieces = readFileSync(outfile, 'utf8').split('"' + text + '"');
  if (pieces.length !== 2) throw new Error('the module text appears ' + (pieces.length - 1) + ' times in ' + outfile);
  writeFileSync(outfile, pieces[0] + 'function(){//!' + text + '\n}' + pieces[1]);
}

/** Writes `wasm` as an inlined module (see inlineWasm) to `inline`; its path and text. */
function inlineModule(wasm, inline) {
  const text = inlineWasm(wasm);
  writeFileSync(inline, '// The wasm module as text (see inlineWasm in scripts/build-pkg.mjs), decoded by\n' +
    '// crate/js/decode.js with the decoder whose bytes come with it (crate/js/decode.wat).\n' +
    'export const decoder = [' + decoder.join(',') + '];\nexport default "' + text + '";\n');
  return { inline, text };
}

// The decoder of the inlined text (crate/js/decode.wat), a few hundred bytes.
// (target/ does not exist yet in a fresh clone: nothing has been compiled.)
mkdirSync(join(root, 'target'), { recursive: true });
const decoderWasm = join(root, 'target', 'decode.wasm');
execFileSync('wasm-as', [join(js, 'decode.wat'), '-o', decoderWasm], { env });
execFileSync('wasm-opt', ['-Oz', decoderWasm, '-o', decoderWasm], { env });
const decoder = [...readFileSync(decoderWasm)];

// Stage 2, the consent interface: its own crate (ui/), into pkg/ui/.
const ui = compile('ui', join(pkg, 'ui'), 'consentry_ui', []);
// Its language packs: every shipped language but English (built in), as
// ui/src/bin/language-packs.rs writes them from ui/i18n/*.toml. Only the
// visitor's language is downloaded.
const packDir = join(root, 'target', 'language-packs');
rmSync(packDir, { recursive: true, force: true });
execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'consentry-ui', '--bin', 'language-packs', '--', packDir], { cwd: root, stdio: 'inherit', env });
const packs = readdirSync(packDir).filter((f) => f.endsWith('.txt')).sort().map((f) => ({ code: f.slice(0, -4), texts: readFileSync(join(packDir, f), 'utf8') }));
if (packs.length === 0) throw new Error('no language packs in ' + packDir);
// The vendor details (names, companies, links, cookies and storage keys),
// as ui/src/bin/details-file.rs writes them: a file of their own, loaded
// when something first shows them. Their bytes travel as the modules'
// text does (inlineWasm), decoded by the blocker's decoder.
const detailsBin = join(root, 'target', 'vendor-details.bin');
execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'consentry-ui', '--bin', 'details-file', '--', detailsBin], { cwd: root, stdio: 'inherit', env });
const detailsText = inlineWasm(readFileSync(detailsBin));
const packModule = (p) => `export const language = ${JSON.stringify(p.code)};\nexport const texts = ${JSON.stringify(p.texts)};\n`;
// Stage 1, the blocker. `panic-trap`: the module links no std, so it brings
// its own panic handler (crate/src/lib.rs).
const full = compile('crate', pkg, 'consentry', ['--features', features ? 'panic-trap,' + features : 'panic-trap']);
if (!full.shim) throw new Error('shim snippet not found under ' + join(pkg, 'snippets'));

// The service worker's guard (guard/): the core's classification and
// consent rules behind plain exports (no wasm-bindgen glue), for
// consentry-sw.js. Built like stage 1: release profile, no std, wasm-opt.
execFileSync('cargo', ['build', '--quiet', '-p', 'consentry-guard', '--release', '--target', 'wasm32-unknown-unknown'], { cwd: root, stdio: 'inherit', env });
const guardWasm = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'consentry_guard.wasm');
const guardOpt = join(root, 'target', 'consentry_guard.opt.wasm');
execFileSync('wasm-opt', ['-Oz', '--strip-debug', '--strip-producers', guardWasm, '-o', guardOpt], { env });
const guard = inlineModule(readFileSync(guardOpt), join(pkg, 'guard_inline.js'));

// The npm package's ES modules: stage 1 imports stage 2 only when needed.
const rel = (p) => './' + relative(pkg, p);
const boot = readFileSync(join(js, 'boot.js'), 'utf8')
  .replace("'consentry:glue'", `'${rel(full.glue)}'`)
  .replace("'consentry:wasm'", `'${rel(full.inline)}'`)
  .replace("'consentry:shim'", `'${rel(full.shim)}'`)
  .replace("'consentry:ui'", "'./ui-loader.js'")
  .replace('__CONSENTRY_VERSION__', version);
writeFileSync(join(pkg, 'boot.js'), boot);
writeFileSync(join(pkg, 'ui-loader.js'), '// Where the npm package\'s stage 1 finds the consent interface: a dynamic\n' +
  '// import, which bundlers split into a chunk loaded only when it is needed.\n' +
  "export const ui = { load: () => import('./ui.js') };\n");
const uiModule = readFileSync(join(uiJs, 'ui.js'), 'utf8')
  .replace("'consentry-ui:glue'", `'${rel(ui.glue)}'`)
  .replace("'consentry-ui:wasm'", `'${rel(ui.inline)}'`)
  .replace("'consentry-ui:languages'", "'./lang-loader.js'")
  .replace("'consentry-ui:details'", "'./details-loader.js'")
  .replace('__CONSENTRY_VERSION__', version);
writeFileSync(join(pkg, 'ui.js'), uiModule);
// The npm package's vendor details: a module of their own, imported when
// first needed (a chunk of its own for bundlers).
writeFileSync(join(pkg, 'details.js'), '// Consentry\'s vendor details (generated from crate/vendors/*.toml; see crate/src/core/details.rs),\n' +
  '// as text decoded by crate/js/decode.js.\nexport default "' + detailsText + '";\n');
writeFileSync(join(pkg, 'details-loader.js'), '// Where the npm package\'s consent interface finds the vendor details: a\n' +
  '// dynamic import, which bundlers split into a chunk loaded only when\n' +
  '// something shows them (see ui/js/ui.js).\n' +
  "export function loadDetails(host) {\n  return import('./details.js').then((m) => host.decode(m.default, 'details.js'));\n}\n");
// The npm package's packs: a module each, imported by name (a literal per
// pack, which every bundler splits into a chunk of its own).
mkdirSync(join(pkg, 'lang'), { recursive: true });
for (const p of packs) writeFileSync(join(pkg, 'lang', p.code + '.js'), '// Consentry\'s texts in one language (generated from ui/i18n/' + p.code + '.toml).\n' + packModule(p));
writeFileSync(join(pkg, 'lang-loader.js'), '// Where the npm package\'s consent interface finds a language pack: one\n' +
  '// dynamic import per shipped language, so bundlers split each into a chunk\n' +
  '// loaded only for a visitor who reads it (see ui/js/ui.js).\n' +
  'const PACKS = {\n' + packs.map((p) => `  ${JSON.stringify(p.code)}: () => import('./lang/${p.code}.js'),\n`).join('') + '};\n' +
  'export function loadLanguage(code) {\n' +
  "  if (!Object.prototype.hasOwnProperty.call(PACKS, code)) return Promise.reject(new Error('no language file for ' + code + ' in this build'));\n" +
  '  return PACKS[code]().then((m) => m.texts);\n}\n');
copyFileSync(join(js, 'index.js'), join(pkg, 'index.js'));
// boot.js's own modules: the decoder and the page's side of the worker guard.
for (const f of ['decode.js', 'worker.js']) copyFileSync(join(js, f), join(pkg, f));
copyFileSync(join(js, 'index.d.ts'), join(pkg, 'index.d.ts'));
for (const f of ['webpack-plugin.cjs', 'webpack-plugin.d.ts']) {
  if (existsSync(join(js, f))) copyFileSync(join(js, f), join(pkg, f));
}

// The script tags. The language packs and the vendor details first: stage 2
// carries their names and hashes; then stage 2: stage 1 carries its name
// and hash.
/** Writes `tmp` as `<prefix>.<content hash>.js`; its name and SRI hash. */
function hashedFile(tmp, prefix) {
  const bytes = readFileSync(tmp);
  const file = prefix + '.' + createHash('sha256').update(bytes).digest('hex').slice(0, 10) + '.js';
  writeFileSync(join(pkg, file), bytes);
  rmSync(tmp);
  return { file, integrity: 'sha384-' + createHash('sha384').update(bytes).digest('base64') };
}
const packFiles = {};
for (const p of packs) {
  const tmp = join(pkg, 'consentry-lang.tmp.js');
  await classicScript(join(uiJs, 'lang.js'), { 'consentry-lang:pack': { contents: packModule(p) } }, tmp, null, false);
  const { file, integrity } = hashedFile(tmp, 'consentry-lang-' + p.code);
  packFiles[p.code] = [file, integrity];
}
const languagesModule = readFileSync(join(uiJs, 'languages.js'), 'utf8').replace('__CONSENTRY_LANGUAGE_PACKS__', JSON.stringify(packFiles));
const detailsTmp = join(pkg, 'consentry-details.tmp.js');
await classicScript(join(uiJs, 'details.js'), { 'consentry-details:data': { contents: 'export default "' + detailsText + '";\n' } }, detailsTmp, detailsText, false);
const detailsFile = hashedFile(detailsTmp, 'consentry-details');
const detailsLoader = readFileSync(join(uiJs, 'details-loader.js'), 'utf8').replace('__CONSENTRY_DETAILS_FILE__', JSON.stringify([detailsFile.file, detailsFile.integrity]));
const uiTmp = join(pkg, 'consentry-ui.tmp.js');
await classicScript(join(uiJs, 'global.js'), { 'consentry-ui:glue': ui.glue, 'consentry-ui:wasm': ui.inline, 'consentry-ui:languages': { contents: languagesModule }, 'consentry-ui:details': { contents: detailsLoader } }, uiTmp, ui.text, false);
const { file: uiFile, integrity } = hashedFile(uiTmp, 'consentry-ui');
const stage1 = (headless) => ({
  'consentry:glue': full.glue,
  'consentry:wasm': full.inline,
  'consentry:shim': full.shim,
  'consentry:ui': { contents: `export const ui = ${JSON.stringify({ file: uiFile, integrity, headless })};` },
});
await classicScript(join(js, 'global.js'), stage1(false), join(pkg, 'consentry.global.js'), full.text, true);
// The headless script: the same stage 1, with the interface off by default
// (no banner, dialog or policy; the site asks with its own interface). It
// still loads stage 2 when a call needs vendor details.
await classicScript(join(js, 'global.js'), stage1(true), join(pkg, 'consentry.headless.global.js'), full.text, true);
writeFileSync(join(pkg, 'stage2.json'), JSON.stringify({ file: uiFile, integrity, details: [detailsFile.file, detailsFile.integrity], languages: packFiles }, null, 2) + '\n');
// The service-worker guard: a classic script (importScripts works in every
// engine's workers; module workers do not), served by the site from its
// origin under a stable name (a worker's URL is its identity; the browser
// checks it for a new version itself).
await classicScript(join(js, 'sw.js'), { 'consentry-guard:wasm': guard.inline }, join(pkg, 'consentry-sw.js'), guard.text, false);
rmSync(guard.inline);

// package.json for npm.
const out = {
  name: 'consentry',
  version,
  description: 'Consent script blocker: holds every script, frame, pixel and beacon of known tracking vendors until the visitor consents. Rust + WebAssembly.',
  license: 'Apache-2.0',
  type: 'module',
  main: './index.js',
  module: './index.js',
  types: './index.d.ts',
  exports: {
    '.': { types: './index.d.ts', default: './index.js' },
    './global': './consentry.global.js',
    './consentry.global.js': './consentry.global.js',
    './headless': './consentry.headless.global.js',
    './consentry.headless.global.js': './consentry.headless.global.js',
    './webpack-plugin': { types: './webpack-plugin.d.ts', default: './webpack-plugin.cjs' },
    './consentry_bg.wasm': './consentry_bg.wasm',
    './consentry-ui': './' + uiFile,
    './consentry-sw.js': './consentry-sw.js',
    './lang/*': './lang/*.js',
    './vendors.json': './vendors.json',
    './package.json': './package.json',
  },
  files: ['*.js', '*.cjs', '*.d.ts', '*.wasm', '*.json', 'snippets/', 'ui/', 'lang/', 'rewriter/', 'vendors.json', 'README.md', 'LICENSE', 'NOTICE'],
  sideEffects: false,
  keywords: ['consent', 'gdpr', 'cookie-banner', 'script-blocker', 'privacy', 'webassembly'],
};
writeFileSync(join(pkg, 'package.json'), JSON.stringify(out, null, 2) + '\n');
for (const f of ['README.md', 'LICENSE', 'NOTICE']) {
  if (existsSync(join(root, f))) copyFileSync(join(root, f), join(pkg, f));
}
rmSync(join(pkg, '.gitignore'), { force: true });
rmSync(join(pkg, 'ui', '.gitignore'), { force: true });

// 6. The rewriter for Node (webpack-plugin.cjs requires ./rewriter/consentry_rewriter.js).
execFileSync('wasm-pack', ['build', 'rewriter', '--release', '--target', 'nodejs', '--out-dir', '../pkg/rewriter', '--out-name', 'consentry_rewriter', '--no-pack'], { cwd: root, stdio: 'inherit', env });
rmSync(join(pkg, 'rewriter', '.gitignore'), { force: true });
// The glue is CommonJS; the package itself is an ES module package.
writeFileSync(join(pkg, 'rewriter', 'package.json'), '{ "type": "commonjs" }\n');

// 7. The vendor table, from the native CLI.
const table = execFileSync('cargo', ['run', '--quiet', '-p', 'consentry-cli', '--release', '--', 'vendors', '--format', 'json'], { cwd: root, env, maxBuffer: 64 << 20 });
writeFileSync(join(pkg, 'vendors.json'), table);

const size = (f) => {
  const b = readFileSync(join(pkg, f));
  return `${f}: ${b.length} B, gzip ${gzipSync(b, { level: 9 }).length} B, brotli ${brotliCompressSync(b).length} B`;
};
console.log('built pkg/\n  ' + ['consentry_bg.wasm', 'consentry.global.js', 'consentry.headless.global.js', 'ui/consentry_ui_bg.wasm', uiFile, detailsFile.file, 'consentry-sw.js'].map(size).join('\n  '));

/**
 * The wasm bytes as the text of an ASCII JS string literal that needs no
 * escapes, so that gzip and brotli see the module's own repetitions (base64
 * hides them: about a fifth more after compression) and the JS parser scans
 * it fast. The alphabet is printable ASCII without `"`, `\` and `<` (so
 * `</script` can never appear): 92 characters. Bytes are ranked by how often
 * they occur in this module; the 90 commonest are one character each, the
 * others two (one of the last two characters, then any). The text starts
 * with the ranking, 256 bytes in hex. boot.js (`decode`) reverses it.
 */
function inlineWasm(bytes) {
  let alphabet = '';
  for (let c = 0x20; c < 0x7f; c++) if (c !== 0x22 && c !== 0x5c && c !== 0x3c) alphabet += String.fromCharCode(c);
  const direct = alphabet.length - 2;
  const count = new Array(256).fill(0);
  for (const b of bytes) count[b]++;
  const byRank = [...Array(256).keys()].sort((a, b) => count[b] - count[a] || a - b);
  const rank = new Array(256);
  byRank.forEach((b, r) => { rank[b] = r; });
  const parts = [Buffer.from(byRank).toString('hex')];
  for (const b of bytes) {
    const r = rank[b];
    if (r < direct) parts.push(alphabet[r]);
    else parts.push(alphabet[direct + Math.floor((r - direct) / alphabet.length)] + alphabet[(r - direct) % alphabet.length]);
  }
  return parts.join('');
}
