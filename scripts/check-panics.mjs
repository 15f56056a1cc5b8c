#!/usr/bin/env node
// Fails when a browser module can still panic in Consentry's own code.
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
let failed = false;
// Both stages: the blocker, and the consent interface (whose panic would
// leave every vendor held and the visitor without a banner); and the
// service worker's guard (build-pkg.mjs leaves its optimised module in
// target/), whose panic would stop it guarding.
for (const file of ['pkg/consentry_bg.wasm', 'pkg/ui/consentry_ui_bg.wasm', 'target/consentry_guard.opt.wasm']) {
  const wasm = readFileSync(join(root, file)).toString('latin1');
  const ours = [...new Set(wasm.match(/(?:crate|ui|guard)\/src\/[a-z0-9_/]+\.rs/g) || [])];
  if (ours.length) {
    console.error(`FAIL ${file} keeps panic paths in: ${ours.join(', ')}.`);
    failed = true;
  } else {
    console.log(`ok   ${file}: no panic path left in our own code`);
  }
}
if (failed) {
  console.error('Find the call (twiggy paths on the release build in target/wasm32-unknown-unknown/release/, or the line numbers in the module\'s data) and make it total: get() instead of indexing, checked arithmetic, no unwrap, try_borrow.');
  process.exit(1);
}
