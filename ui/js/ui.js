// Consentry's consent interface (stage 2): the banner, the preferences
// dialog, the cookie policy, the texts and the vendor details. The blocker
// (stage 1) loads this module when it is needed (see
// crate/src/web/bridge.rs) and calls `mount` with its host: the bridge to
// decide through, the decoder of inlined modules, its script loader and its
// version.
//
// The imports are rewritten by scripts/build-pkg.mjs, as for the blocker.
// `consentry-ui:languages` loads one language pack (every shipped language
// but English, which is built in): the npm package imports lang/<code>.js,
// which bundlers split into a chunk each; the script tag's file loads
// consentry-lang-<code>.<hash>.js from beside itself, checked against the
// integrity hash built into it. `consentry-ui:details` loads the vendor
// details file the same two ways (details.js, a chunk of its own; or
// consentry-details.<hash>.js beside this file), when something first
// shows the details.
import init, { mount as start } from 'consentry-ui:glue';
import wasmText from 'consentry-ui:wasm';
import { loadLanguage } from 'consentry-ui:languages';
import { loadDetails } from 'consentry-ui:details';

const VERSION = '__CONSENTRY_VERSION__'; // replaced by scripts/build-pkg.mjs

/** Starts the interface; resolves to the client the blocker calls. */
export async function mount(host) {
  if (!host || host.version !== VERSION) {
    throw new Error('the consent interface is version ' + VERSION + ' and the blocker ' + (host && host.version) + ': serve the files of one build together.');
  }
  // Decoded by the blocker's own decoder (from the text, or in the script
  // tag's file from the comment that carries it); compiled off the main
  // thread.
  const module = await WebAssembly.compile(host.decode(wasmText, 'the consent interface (consentry-ui)'));
  await init({ module_or_path: module });
  // Rust chooses the language, and asks for its pack when it needs one;
  // and for the vendor details when something shows them (their bytes,
  // decoded by the blocker's decoder like this module).
  return start(host.bridge, (code) => loadLanguage(code, host), () => loadDetails(host));
}
