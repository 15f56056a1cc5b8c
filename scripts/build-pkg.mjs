#!/usr/bin/env node
// Builds the npm package in pkg/ (run as `npm run build`):
//   1. wasm-pack compiles crate/ to wasm (release profile, wasm-opt -Oz,
//      feature `panic-trap`: the module links no std) and writes the ES
//      module glue, types and package.json into pkg/;
//   2. the wasm is inlined as escape-free ASCII text (pkg/consentry_inline.js,
//      see inlineWasm below), beside the bytes of its small decoder
//      (crate/js/decode.wat), so the module can be instantiated
//      synchronously, with no fetch;
//   3. the bootstrap and entry (crate/js/boot.js, index.js) are copied in
//      with their imports pointed at the glue, the inline wasm and the shim;
//   4. esbuild bundles the same bootstrap into pkg/consentry.global.js, the
//      classic script for the <script> tag, and, from a second build without
//      the `banner` feature, into pkg/consentry.headless.global.js;
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
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const js = join(root, 'crate', 'js');
const features = process.env.CONSENTRY_FEATURES || '';

// wasm-pack finds wasm-opt (npm `binaryen`) on PATH; it cannot download one here.
const env = { ...process.env, PATH: join(root, 'node_modules', '.bin') + ':' + process.env.PATH };
rmSync(pkg, { recursive: true, force: true });
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/**
 * Compiles the crate into `dir` with wasm-pack (cargo arguments `cargoArgs`),
 * inlines the module, and returns the paths of the glue, the inlined module
 * and the shim snippet, and the module's text (see inlineWasm).
 */
function compile(dir, cargoArgs) {
  const args = ['build', 'crate', '--release', '--target', 'web', '--out-dir', relative(join(root, 'crate'), dir), '--out-name', 'consentry', '--no-pack'];
  if (cargoArgs.length) args.push('--', ...cargoArgs);
  execFileSync('wasm-pack', args, { cwd: root, stdio: 'inherit', env });

  // Consentry always instantiates synchronously from the inlined bytes. Drop the
  // glue's default fetch of consentry_bg.wasm, so bundlers do not emit the file
  // a second time next to the inlined copy.
  const gluePath = join(dir, 'consentry.js');
  const glue = readFileSync(gluePath, 'utf8');
  const fetchDefault = "new URL('consentry_bg.wasm', import.meta.url)";
  if (!glue.includes(fetchDefault)) throw new Error('wasm-bindgen glue changed: update build-pkg.mjs');
  writeFileSync(gluePath, glue.replace(fetchDefault, "(() => { throw new Error('Consentry instantiates synchronously; use initSync'); })()"));

  const wasm = readFileSync(join(dir, 'consentry_bg.wasm'));
  const inline = join(dir, 'consentry_inline.js');
  const text = inlineWasm(wasm);
  writeFileSync(inline, '// The wasm module (see inlineWasm in scripts/build-pkg.mjs), instantiated synchronously by boot.js,\n' +
    '// and the decoder that turns this text back into bytes (crate/js/decode.wat).\n' +
    'export const decoder = [' + decoder.join(',') + '];\nexport default "' + text + '";\n');

  // The shim is a wasm-bindgen snippet: <dir>/snippets/consentry-<hash>/js/shim.js.
  const snippets = join(dir, 'snippets');
  const snippetDir = readdirSync(snippets).find((d) => existsSync(join(snippets, d, 'js', 'shim.js')));
  if (!snippetDir) throw new Error('shim snippet not found under ' + snippets);
  return { glue: gluePath, inline, text, shim: join(snippets, snippetDir, 'js', 'shim.js') };
}

/**
 * The classic script: one IIFE with everything inlined (pure ASCII, so
 * whatever charset the page or the server declares, it decodes the same).
 */
async function classicScript(parts, outfile) {
  const built = await esbuild.build({
    entryPoints: [join(js, 'global.js')],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    legalComments: 'none',
    // V8's explicit compile hint (Chromium 136 and later; a plain comment
    // elsewhere): every function here runs while the page loads, so compile
    // them all with the script, on the streaming thread, instead of one by
    // one on first call on the main thread. Measured: about 1-3 ms less
    // start-up (bench/run.mjs start-up chain, 60 loads each way).
    banner: { js: '//# allFunctionsCalledOnLoad' },
    outfile,
    logLevel: 'warning',
    // wasm-bindgen's glue lists the shim module once per import: harmless.
    logOverride: { 'duplicate-object-key': 'silent' },
    plugins: [{
      name: 'consentry-paths',
      setup(b) {
        b.onResolve({ filter: /^consentry:/ }, (a) => ({
          path: a.path === 'consentry:glue' ? parts.glue : a.path === 'consentry:wasm' ? parts.inline : parts.shim,
        }));
        b.onLoad({ filter: /boot\.js$/ }, (a) => ({ contents: readFileSync(a.path, 'utf8').replace('__CONSENTRY_VERSION__', version), loader: 'js' }));
      },
    }],
  });
  if (built.errors.length) throw new Error('esbuild failed');
  // The module's text moves from a string literal into a line comment in
  // the body of a function, whose source boot.js reads back (moduleText):
  // V8 builds no 300 KB string while it parses the script (1.3-2.5 ms less
  // start-up in A/B runs of the bench page). The text is printable ASCII
  // without line breaks, so the comment runs exactly to the end of its line;
  // `//!` marks it as a legal comment, which minifiers keep by default.
  const { text } = parts;
  const pieces = readFileSync(outfile, 'utf8').split('"' + text + '"');
  if (pieces.length !== 2) throw new Error('the module text appears ' + (pieces.length - 1) + ' times in ' + outfile);
  writeFileSync(outfile, pieces[0] + 'function(){//!' + text + '\n}' + pieces[1]);
}

// The decoder of the inlined text (crate/js/decode.wat), a few hundred bytes.
// (target/ does not exist yet in a fresh clone: nothing has been compiled.)
mkdirSync(join(root, 'target'), { recursive: true });
const decoderWasm = join(root, 'target', 'decode.wasm');
execFileSync('wasm-as', [join(js, 'decode.wat'), '-o', decoderWasm], { env });
execFileSync('wasm-opt', ['-Oz', decoderWasm, '-o', decoderWasm], { env });
const decoder = [...readFileSync(decoderWasm)];

// The headless build first: both builds write the same cargo artifact
// (target/wasm32-unknown-unknown/release/consentry.wasm), which the size
// report reads, and it must be the full one's. Its directory is outside
// pkg/: only its bundle ships.
const headlessDir = join(root, 'target', 'pkg-headless');
rmSync(headlessDir, { recursive: true, force: true });
const headless = compile(headlessDir, ['--no-default-features', '--features', 'web,panic-trap']);

// `panic-trap`: the module links no std, so it brings its own panic handler (crate/src/lib.rs).
const full = compile(pkg, ['--features', features ? 'panic-trap,' + features : 'panic-trap']);
const boot = readFileSync(join(js, 'boot.js'), 'utf8')
  .replace("'consentry:glue'", "'./consentry.js'")
  .replace("'consentry:wasm'", "'./consentry_inline.js'")
  .replace("'consentry:shim'", "'./" + relative(pkg, full.shim) + "'")
  .replace('__CONSENTRY_VERSION__', version);
writeFileSync(join(pkg, 'boot.js'), boot);
copyFileSync(join(js, 'index.js'), join(pkg, 'index.js'));
copyFileSync(join(js, 'index.d.ts'), join(pkg, 'index.d.ts'));
for (const f of ['webpack-plugin.cjs', 'webpack-plugin.d.ts']) {
  if (existsSync(join(js, f))) copyFileSync(join(js, f), join(pkg, f));
}
await classicScript(full, join(pkg, 'consentry.global.js'));

// The headless classic script: the same crate without the `banner` feature
// (no banner, dialog, policy table or texts), for sites that ask with their
// own UI.
await classicScript(headless, join(pkg, 'consentry.headless.global.js'));

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
    './vendors.json': './vendors.json',
    './package.json': './package.json',
  },
  files: ['*.js', '*.cjs', '*.d.ts', '*.wasm', 'snippets/', 'rewriter/', 'vendors.json', 'README.md', 'LICENSE', 'NOTICE'],
  sideEffects: false,
  keywords: ['consent', 'gdpr', 'cookie-banner', 'script-blocker', 'privacy', 'webassembly'],
};
writeFileSync(join(pkg, 'package.json'), JSON.stringify(out, null, 2) + '\n');
for (const f of ['README.md', 'LICENSE', 'NOTICE']) {
  if (existsSync(join(root, f))) copyFileSync(join(root, f), join(pkg, f));
}
rmSync(join(pkg, '.gitignore'), { force: true });

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
console.log('built pkg/\n  ' + size('consentry_bg.wasm') + '\n  ' + size('consentry.global.js') + '\n  ' + size('consentry.headless.global.js'));

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
