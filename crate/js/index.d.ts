/**
 * Consentry: a consent script blocker. Every script, frame, image, link and
 * request of a known tracking vendor is held until the visitor has granted
 * every category the vendor needs, then released exactly once, in order.
 *
 * No function here throws, whatever it is given: bad arguments are named in
 * the console and change nothing. The calls that need the consent interface
 * (loaded after the blocker, only when needed) return Promises that never
 * reject.
 */

/** A consent category. `necessary` is always granted. */
export type Category = 'necessary' | 'functional' | 'analytics' | 'marketing';

/** The visitor's current consent. */
export interface ConsentState {
  necessary: true;
  functional: boolean;
  analytics: boolean;
  marketing: boolean;
  /** Whether the visitor (or a valid stored record) has decided. */
  decided: boolean;
  /** The visitor's decisions on single vendors (acceptVendor, rejectVendor):
   * vendor id -> allowed. A decision wins over the vendor's categories. */
  vendors: Record<string, boolean>;
  /** Random consent id of the stored record, quoted in receipts. */
  id: string | null;
  /** When the decision was made (ms since the epoch). */
  decidedAt: number | null;
  /** When the stored record expires (ms since the epoch). */
  expires: number | null;
  /** Configuration revision the decision was made under. */
  revision: number;
  /** Present and true when Consentry could not start, or failed inside a
   * call since (fail closed: everything third-party stays held). */
  failed?: true;
}

/** Something Consentry holds (or a request it dropped before consent). */
export interface HeldItem {
  /** Vendor id from the table, or null for hand-tagged elements (names and details: `vendors()`). */
  vendor: string | null;
  /** Categories that must all be granted before release. */
  categories: Category[];
  kind: 'script' | 'iframe' | 'img' | 'link' | 'source' | 'embed' | 'object' | 'video' | 'audio' | 'input' | 'fetch' | 'fetchlater' | 'xhr' | 'beacon' | 'websocket' | 'eventsource' | 'ping';
  url: string;
  /** `held`; `invalid` for a hand tag with an unknown category (held for good); `dropped` for a request. */
  state: 'held' | 'invalid' | 'dropped';
}

/** The result of `classify(url)`. */
export interface Classification {
  /** Vendor id (names and details: `vendors()`). */
  vendor: string;
  categories: Category[];
  /** Whether it would be held under the current consent. */
  held: boolean;
}

export interface VendorCookie {
  name: string;
  match: 'exact' | 'prefix';
  /** The name as shown to people: a prefix ends with `…`. */
  label: string;
  /** `session`, `persistent` or e.g. `2 years`. */
  retention: string;
  category: Category;
  /** The vendor's own domain for third-party cookies, else null. */
  domain: string | null;
}

export interface VendorStorage {
  type: 'localStorage' | 'sessionStorage' | 'indexedDB';
  name: string;
  match: 'exact' | 'prefix';
  /** The name as shown to people: a prefix ends with `…`. */
  label: string;
  retention: string;
  category: Category;
}

/** One vendor of the table. */
export interface Vendor {
  id: string;
  name: string;
  aka: string[];
  company: string;
  /** Categories it needs on this site (after the site's overrides). */
  categories: Category[];
  /** Exempted from holding by the site's configuration. */
  exempt: boolean;
  /** Our note on why it is held (empty in the browser; the CLI's export has it). */
  why: string;
  /** Its privacy policy: an https:// URL, or null. */
  policy: string | null;
  related: string[];
  /** The markup its script turns into widgets (`blockquote.twitter-tweet`): placeholders go before it while the script is held. */
  widgets: string[];
  hosts: string[];
  cookies: VendorCookie[];
  storage: VendorStorage[];
}

/** A vendor a site adds in its configuration. */
export interface CustomVendorConfig {
  id: string;
  name?: string;
  company?: string;
  policy?: string;
  why?: string;
  categories: Category[];
  hosts?: string[];
  paths?: { host: string; prefix: string; query?: string }[];
  /** The markup its script turns into widgets, as a vendor file's `widgets` (`blockquote.acme-post`: an optional lower-case tag, then `.classes`): placeholders go before it while the script is held. */
  widgets?: string[];
  cookies?: { name: string; match?: 'exact' | 'prefix'; retention?: string }[];
  storage?: { type: 'local' | 'session' | 'indexeddb'; name: string; match?: 'exact' | 'prefix' }[];
}

/** Configuration: `window.ConsentryConfig`, or the argument to `init()`. */
export interface ConsentryConfig {
  /** `opt-in` (default; GDPR) or `opt-out` (US state laws). */
  mode?: 'opt-in' | 'opt-out';
  /** Raise to ask every visitor again. */
  revision?: number;
  cookie?: { name?: string; domain?: string; days?: number };
  /** false: no banner; drive Consentry through this API. */
  ui?: boolean;
  modal?: boolean;
  theme?: 'auto' | 'light' | 'dark';
  /**
   * The interface's language (a BCP 47 tag such as 'de' or 'pt-BR'); by
   * default the page's `lang`, then the browser's languages. Thirty are
   * shipped; only the visitor's is downloaded.
   */
  language?: string;
  /** Texts by language ('*' for all), then by key (see ui/i18n/en.toml); inserted as text. */
  texts?: Record<string, Record<string, string>>;
  policyUrl?: string;
  consentMode?: boolean | {
    enabled?: boolean;
    mode?: 'basic' | 'advanced';
    map?: Partial<Record<'ad_storage' | 'ad_user_data' | 'ad_personalization' | 'analytics_storage' | 'functionality_storage' | 'personalization_storage' | 'security_storage', Category[]>>;
    waitForUpdate?: number;
    regions?: string[];
  };
  gpc?: boolean;
  doNotSellLink?: boolean;
  logEndpoint?: string;
  reloadOnWithdraw?: boolean;
  vendors?: {
    add?: CustomVendorConfig[];
    categories?: Record<string, Category[]>;
    exempt?: string[];
    /** Vendors the site uses: listed in the dialog and the policy on every page. */
    used?: string[];
  };
  debug?: boolean;
  /** Where the consent interface (consentry-ui.<hash>.js) is, if not beside consentry.global.js. */
  uiUrl?: string;
  /**
   * The service-worker guard (consentry-sw.js): the worker's URL (stage 1
   * registers it), `true` (the site's own worker imports it), `false` (the
   * kill switch), or the object form.
   */
  serviceWorker?: boolean | string | {
    /** The worker file, served from the site's origin: registered by stage 1 (unregistered with `enabled: false`). */
    url?: string;
    /** The registration's scope (default: the worker file's folder). */
    scope?: string;
    /** `false`: unregister the worker, or tell a worker that imports the guard to stop holding. */
    enabled?: boolean;
  };
}

/** The API on `window.Consentry` and returned by `init()`. */
export interface ConsentryApi {
  /** Grants every category and releases everything held. */
  acceptAll(): void;
  /** Refuses everything but `necessary`; withdraws earlier grants. */
  rejectAll(): void;
  /** Grants exactly these categories (plus `necessary`); decisions on single vendors stay. */
  accept(categories: Category[]): void;
  /** Allows one vendor (by id) whatever its categories; releases its held elements. */
  acceptVendor(id: string): void;
  /** Refuses one vendor (by id) whatever its categories; deletes its cookies and storage. */
  rejectVendor(id: string): void;
  /** Opens the preferences dialog, loading the consent interface (and the
   * vendor details it lists) first if needed: whether it opened (false with
   * the interface off or unavailable). */
  showPreferences(): Promise<boolean>;
  getConsent(): ConsentState;
  held(): HeldItem[];
  classify(url: string): Classification | null;
  /** The vendor table with details, from the consent interface and its
   * vendor details file (loaded if needed; [] if the interface cannot be,
   * only the vendors the site added if the details cannot be). */
  vendors(): Promise<Vendor[]>;
  version(): string;
  /** The service-worker guard's kill switch: unregisters the configured
   * worker (or tells a site's worker that imports the guard to stop
   * holding, until the next page view). Whether anything was switched off. */
  unregisterServiceWorker(): Promise<boolean>;
}

/** Starts Consentry (once) and returns its API. */
export function init(config?: ConsentryConfig): ConsentryApi;
export function acceptAll(): void;
export function rejectAll(): void;
export function accept(categories: Category[]): void;
export function acceptVendor(id: string): void;
export function rejectVendor(id: string): void;
export function showPreferences(): Promise<boolean>;
export function getConsent(): ConsentState;
export function held(): HeldItem[];
export function classify(url: string): Classification | null;
export function vendors(): Promise<Vendor[]>;
export function version(): string;
export function unregisterServiceWorker(): Promise<boolean>;

declare global {
  interface Window {
    Consentry: ConsentryApi;
    ConsentryConfig?: ConsentryConfig;
  }
  interface WindowEventMap {
    'consentry:change': CustomEvent<ConsentState>;
  }
}
