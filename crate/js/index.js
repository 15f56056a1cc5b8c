// Entry of the npm package. `init()` must run before any vendor tag is
// inserted: import this module first in the first bundle in <head>. The
// consent interface (./ui.js) is imported only when it is needed, so
// bundlers put it in a chunk of its own, off the critical path.
import { boot } from './boot.js';

/**
 * Starts Consentry with `config` (see README) and returns the API. Later
 * calls return the same API and ignore their argument.
 */
export function init(config) {
  return boot(config, [], '', '');
}

function api() {
  return init(typeof window !== 'undefined' ? window.ConsentryConfig : null);
}

export const acceptAll = () => api().acceptAll();
export const rejectAll = () => api().rejectAll();
export const accept = (categories) => api().accept(categories);
export const acceptVendor = (id) => api().acceptVendor(id);
export const rejectVendor = (id) => api().rejectVendor(id);
export const showPreferences = () => api().showPreferences();
export const getConsent = () => api().getConsent();
export const held = () => api().held();
export const classify = (url) => api().classify(url);
export const vendors = () => api().vendors();
export const version = () => api().version();
export const unregisterServiceWorker = () => api().unregisterServiceWorker();
