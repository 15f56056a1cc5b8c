#!/usr/bin/env node
// Where the bytes of the two stages go, by twiggy (part of ./scripts/bench.sh,
// which writes the tables into README.md; run alone after `npm run build`).
//
// The shipped modules have no names, so the same release builds are passed
// through wasm-bindgen and wasm-opt again (the flags of each crate's
// Cargo.toml) with names kept (-g): the code and data are the shipped ones
// byte for byte, and twiggy can say whose they are. Code is grouped by
// module (and, for the interface, by library: serde, gloo); data is split
// into the parts the builds know they put there (the vendor table, its
// details, the languages, the stylesheet) and the rest (string constants,
// tables of the standard library).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import os from 'node:os';

const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];
const gz = (b) => gzipSync(b, { level: 9 }).length;

function group(name) {
  if (/ externref shim$/.test(name)) return 'exported functions (bodies inlined into wasm-bindgen shims)';
  const m = name.match(/^<?((?:consentry_ui|consentry::(?:core|web))(?:::\w+)?)/);
  if (m) return m[1];
  if (/serde/.test(name)) return 'serde, serde-wasm-bindgen';
  if (/gloo/.test(name)) return 'gloo';
  if (/^import |^export |__wbindgen|__externref|wasm_bindgen|js_sys|web_sys/.test(name)) return 'wasm-bindgen, js-sys, web-sys';
  if (/^<?&?(?:mut )?(?:core|alloc|std)\b|dlmalloc|consentry::heap|__rust/.test(name)) return 'Rust core, alloc, std (with generic code instantiated for ours), allocator';
  return 'other';
}

/** wasm-pack's wasm-opt flags (from a crate's Cargo.toml), but those that strip names. */
function shippedOptFlags(root, crate) {
  const toml = readFileSync(join(root, crate, 'Cargo.toml'), 'utf8');
  const m = toml.match(/^wasm-opt = \[(.*)\]$/m);
  if (!m) throw new Error(`${crate}/Cargo.toml: no wasm-opt flags for wasm-pack`);
  return JSON.parse('[' + m[1] + ']').filter((f) => !f.startsWith('--strip'));
}

/** The newest build output directory of a crate for wasm32 that holds `file`. */
function outDir(root, crate, file) {
  const base = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'build');
  const dirs = readdirSync(base).filter((d) => d.startsWith(crate + '-') && existsSync(join(base, d, 'out', file)))
    .map((d) => join(base, d, 'out')).sort((a, b) => statSync(join(b, file)).mtimeMs - statSync(join(a, file)).mtimeMs);
  if (!dirs.length) throw new Error(`no wasm32 build of ${crate}: run \`npm run build\` first`);
  return dirs[0];
}

/** The texts of every built-in language, as the interface's module holds them. */
function english(file) {
  // The English texts, the only ones compiled into stage 2 (the others are
  // language packs of their own): `pub static ENGLISH: &str = "...";`.
  const m = readFileSync(file, 'utf8').match(/pub static ENGLISH: &str = "((?:[^"\\]|\\.)*)";/);
  if (!m) throw new Error(`${file}: ENGLISH not found`);
  const text = m[1].replace(/\\u\{([0-9a-f]+)\}/gi, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n');
  return Buffer.from(text, 'utf8');
}

/** Code by group and data in all, of one release build, names kept. */
function breakdown(root, artifact, crate, tmp) {
  const wasm = join(root, 'target', 'wasm32-unknown-unknown', 'release', artifact + '.wasm');
  const dir = join(tmp, artifact);
  execFileSync('wasm-bindgen', ['--target', 'web', '--keep-debug', '--out-dir', dir, wasm]);
  const opt = join(dir, 'named.wasm');
  execFileSync(join(root, 'node_modules', '.bin', 'wasm-opt'), [...FEATURES, ...shippedOptFlags(root, crate), '-g', join(dir, artifact + '_bg.wasm'), '-o', opt]);
  const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'json', opt], { maxBuffer: 64 << 20 }).toString());
  let code = 0, data = 0;
  const groups = new Map();
  for (const { name, shallow_size: n } of items) {
    if (/^data segment/.test(name)) { data += n; continue; }
    if (/subsection|^custom section|^type\[|^table\[|^elem\[|^global\[|^memory\[|^Σ|^\.\.\./.test(name) || /^"/.test(name)) continue;
    code += n;
    const g = group(name);
    groups.set(g, (groups.get(g) || 0) + n);
  }
  return { code, data, groups: [...groups.entries()].sort((a, b) => b[1] - a[1]) };
}

const kb = (n) => (n / 1024).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const row = (what, raw, z) => `| ${what} | ${kb(raw)} | ${z === undefined ? '' : kb(z)} |`;
const ind = (s) => `&nbsp;&nbsp;${s.replace(/::/g, '::&#8203;')}`;

/** The JavaScript of a classic script: everything but its inlined module. */
function scriptJs(file) {
  const text = readFileSync(file, 'utf8');
  // Both stages carry their module in a `//!` comment.
  const stripped = text.replace(/function\(\){\/\/![^\n]{100000,}\n}/, 'function(){}');
  if (stripped === text) throw new Error(`${file}: the inlined module was not found`);
  return Buffer.from(stripped);
}

export function sizeReport(root) {
  const tmp = mkdtempSync(join(os.tmpdir(), 'consentry-size-'));
  try {
    const pkg = join(root, 'pkg');
    const uiFile = readdirSync(pkg).find((f) => /^consentry-ui\.[0-9a-f]+\.js$/.test(f));
    const core = outDir(root, 'consentry', 'vendor_table.txt');
    const ui = outDir(root, 'consentry-ui', 'languages.rs');
    const table = readFileSync(join(core, 'vendor_table.txt'));
    // The browser's details, as ui/src/bin/details-file.rs wrote them for the build.
    const details = readFileSync(join(root, 'target', 'vendor-details.bin'));
    const detailsFile = readdirSync(pkg).find((f) => /^consentry-details\.[0-9a-f]+\.js$/.test(f));
    const detailsShipped = readFileSync(join(pkg, detailsFile));
    const langs = english(join(ui, 'languages.rs'));
    const css = readFileSync(join(ui, 'ui.min.css'));

    const s1 = breakdown(root, 'consentry', 'crate', tmp);
    const s2 = breakdown(root, 'consentry_ui', 'ui', tmp);
    const shipped1 = readFileSync(join(pkg, 'consentry_bg.wasm'));
    const shipped2 = readFileSync(join(pkg, 'ui', 'consentry_ui_bg.wasm'));
    const js1 = scriptJs(join(pkg, 'consentry.global.js'));
    const js2 = scriptJs(join(pkg, uiFile));
    const top = (groups, n) => {
      const named = groups.slice(0, n), rest = groups.slice(n).reduce((s, [, x]) => s + x, 0);
      return [...named.map(([g, x]) => row(ind(g), x)), row(ind('the rest of the code'), rest)];
    };
    return [
      '| where the bytes go (wasm by twiggy, then the script around it) | KB | KB gzip alone |',
      '|---|---:|---:|',
      row('**stage 1: consentry_bg.wasm, as shipped**', shipped1.length, gz(shipped1)),
      row('code', s1.code),
      ...top(s1.groups, 10),
      row('data', s1.data),
      row(ind('vendor table: one line per vendor (id, categories, hosts, path rules), the host index built from it at start-up'), table.length, gz(table)),
      row(ind('other constants (messages, selectors, names)'), s1.data - table.length),
      row('**JavaScript of consentry.global.js** (bootstrap, shim, wasm-bindgen glue)', js1.length, gz(js1)),
      row('**stage 2: consentry_ui_bg.wasm, as shipped**', shipped2.length, gz(shipped2)),
      row('code', s2.code),
      ...top(s2.groups, 10),
      row('data', s2.data),
      row(ind('English texts (every other language is a pack of its own)'), langs.length, gz(langs)),
      row(ind('banner and dialog stylesheet'), css.length, gz(css)),
      // The table's text is not here: stage 1 hands it over (core::vendors::share).
      row(ind('other constants (messages, standard library tables)'), s2.data - langs.length - css.length),
      row(`**JavaScript of ${uiFile}** (entry, wasm-bindgen glue)`, js2.length, gz(js2)),
      // Not in the module: a file of their own, fetched when something shows them.
      row(`**vendor details: ${detailsFile}** (names, companies, links, cookies and storage keys with retention; their bytes, then as shipped)`, details.length, gz(details)),
      row(ind('as shipped (the bytes as text, in a classic script)'), detailsShipped.length, gz(detailsShipped)),
    ].join('\n');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(sizeReport(join(dirname(fileURLToPath(import.meta.url)), '..')));
