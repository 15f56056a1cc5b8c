// Types of `consentry/webpack-plugin` (webpack-plugin.cjs).
import type { Compiler } from 'webpack';

export interface ConsentryPluginOptions {
  /**
   * The webpack entry that starts Consentry (`import { init } from 'consentry'`):
   * its script files are put first in `<head>` of every page. Give this or `src`.
   */
  chunk?: string;
  /** Or: the URL of `consentry.global.js` to put first in `<head>`. */
  src?: string;
  /** Extra attributes of the script tag, e.g. `{ 'data-ui': 'false' }` (`true`: no value). */
  attributes?: Record<string, string | true>;
  /**
   * The site's configuration, as given to `init()` or `window.ConsentryConfig`:
   * `vendors.add`, `vendors.categories` and `vendors.exempt` decide what is held.
   * Give the same object the page uses, so build time and run time agree.
   */
  config?: Record<string, unknown>;
  /** The URL the site is served from, to resolve relative URLs (default: relative URLs are first party). */
  base?: string;
  /** Which emitted assets are pages (default `/\.html?$/`). */
  test?: RegExp;
  /**
   * Emit the service-worker guard: `true` as `consentry-sw.js`, or under
   * this asset name (keep `consentry-sw` in it: the worker takes control of
   * open pages at once only under that name). Name its URL in the site's
   * configuration (`serviceWorker: { url }`).
   */
  serviceWorker?: boolean | string;
}

/**
 * Rewrites every HTML page the build emits so that the static tags of known
 * tracking vendors are held before the browser fetches them, and puts the
 * Consentry script tag first in `<head>`.
 */
declare class ConsentryPlugin {
  constructor(options: ConsentryPluginOptions);
  apply(compiler: Compiler): void;
}

export = ConsentryPlugin;
