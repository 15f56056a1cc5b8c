#!/usr/bin/env node
// Fails when the browser module can still panic in Consentry's own code.
//
// A panic kills the wasm module (the browser build traps), and then every
// vendor leaks: the core is written so that it cannot panic. The compiler
// keeps a panic's source location as text in the module's data only while
// some call can still reach it (a bounds check on indexing or slicing,
// `unwrap`, `Vec::insert`, `String::truncate`...), so a location naming one of
// our source files means a panic path survived the optimiser. Locations in
// the standard library (allocation failure, capacity overflow) remain.
// Run by scripts/test.sh after the build.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasm = readFileSync(join(root, 'pkg', 'consentry_bg.wasm')).toString('latin1');
const ours = [...new Set(wasm.match(/crate\/src\/[a-z0-9_/]+\.rs/g) || [])];
if (ours.length) {
  console.error(`FAIL consentry_bg.wasm keeps panic paths in: ${ours.join(', ')}.`);
  console.error('Find the call (twiggy paths target/wasm32-unknown-unknown/release/consentry.wasm, or the line numbers in the module\'s data) and make it total: get() instead of indexing, checked arithmetic, no unwrap.');
  process.exit(1);
}
console.log('ok   consentry_bg.wasm: no panic path left in our own code');
