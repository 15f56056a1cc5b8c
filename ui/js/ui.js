// Consentry's consent interface (stage 2): the banner, the preferences
// dialog, the cookie policy, the texts and the vendor details. The blocker
// (stage 1) loads this module when it is needed (see
// crate/src/web/bridge.rs) and calls `mount` with its host: the bridge to
// decide through, the decoder of inlined modules, and its version.
//
// The imports are rewritten by scripts/build-pkg.mjs, as for the blocker.
import init, { mount as start } from 'consentry-ui:glue';
import wasmText from 'consentry-ui:wasm';

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
  return start(host.bridge);
}
