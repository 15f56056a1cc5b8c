// The decoder of Consentry's inlined WebAssembly modules, shared by stage 1
// (boot.js, which also decodes the consent interface's module) and the
// service worker (sw.js). `decoder` is the bytes of crate/js/decode.wat,
// inlined beside each module's text by scripts/build-pkg.mjs.
//
// The inlined module is ASCII text with no escapes (see inlineWasm in
// scripts/build-pkg.mjs): it compresses far better than base64 on the wire
// and parses fast. A tiny wasm decoder (js/decode.wat, its bytes inlined
// beside the text) turns it back into the module's bytes. The consent
// interface's module and the service worker's guard travel the same way.
//
// `carrier` is the text itself (the npm package's ES modules), or, in the
// script tags (both stages), a function whose source holds the text in a
// line comment (see classicScript in scripts/build-pkg.mjs): V8 skips a long
// comment faster than it builds a long string literal.
// Function.prototype.toString gives the source back without copying it. The
// comment is a "legal" one (`//!`), which minifiers keep by default
// (esbuild, terser); one told to drop every comment breaks the file, and
// then `file` is named and Consentry fails closed.
export function decode(carrier, file, decoder) {
  const text = moduleText(carrier, file);
  const d = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(decoder))).exports;
  const at = 1024; // below: the decoder's tables
  d.memory.grow(Math.ceil((at + text.length) / 65536));
  new TextEncoder().encodeInto(text, new Uint8Array(d.memory.buffer, at));
  return new Uint8Array(d.memory.buffer, at, d.decode(at, text.length)).slice();
}

const altered = (file) => file + " was changed after it was built: its WebAssembly module, kept in a //! comment, is gone (a minifier removed or extracted it). Fix: serve the file as published, excluded from minification (copy-webpack-plugin: info: { minimized: true })";
function moduleText(carrier, file) {
  if (typeof carrier === 'string') return carrier;
  const src = Function.prototype.toString.call(carrier);
  const at = src.indexOf('//!') + 3;
  const end = src.indexOf('\n', at);
  const text = at > 2 && end > at ? src.slice(at, end) : '';
  // The text starts with its byte ranking, 256 bytes in hex.
  if (!/^[0-9a-f]{512}/.test(text)) { const e = new Error(altered(file)); e.altered = true; throw e; }
  return text;
}
