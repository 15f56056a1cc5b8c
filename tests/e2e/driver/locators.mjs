// What the drivers (./firefox.mjs, ./webkit.mjs) share for the consent
// interface's specs: the part of Playwright's Locator API the specs use,
// `expect(locator)` matchers for these locators (with Playwright's polling),
// and the keyboard as W3C key actions (the same JSON in WebDriver BiDi's
// `input.performActions` and classic WebDriver's `POST /actions`).
//
// A locator is a chain of steps (CSS, role, text, filter, nth) resolved
// afresh at each use, as Playwright's are. Each driver gives its pages a
// `dom` backend that runs the steps in the page and hands back opaque
// element references (BiDi shared ids, WebDriver element ids):
//   call(source, refs, arg)       `(elements, arg, lib) => json` in the page
//   nodes(source, refs, arg)      the same, returning elements (as refs)
//   byRole(scopes, role, name)    elements of that role (and name) under scopes,
//                                 as the engine computes them (see each driver)
//   click(ref), keys(actions), evaluate(source, refs, arg) (the page's own world)
// CSS and text matching are Playwright's rules, written here (no engine has
// them as an API); roles and accessible names are the engine's.

/** The page-side library, evaluated in the page for each call (`lib`). */
export const LIB = `() => {
  // Elements under a scope, open shadow roots included (Playwright's CSS and
  // text engines pierce them): each element, then its shadow tree, then its children.
  const descendants = (root) => {
    const out = [];
    const walk = (node) => {
      for (let c = node.firstElementChild; c; c = c.nextElementSibling) {
        out.push(c);
        if (c.shadowRoot) walk(c.shadowRoot);
        walk(c);
      }
    };
    if (root.shadowRoot) walk(root.shadowRoot);
    walk(root);
    return out;
  };
  const parent = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
  // Top-level splits (outside brackets, parentheses and quotes).
  const split = (s, sep) => {
    const parts = []; let depth = 0, quote = null, cur = '';
    for (const ch of s) {
      if (quote) { if (ch === quote) quote = null; cur += ch; continue; }
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[' || ch === '(') depth++;
      else if (ch === ']' || ch === ')') depth--;
      if (depth === 0 && sep.test(ch)) { parts.push(cur); cur = ''; continue; }
      cur += ch;
    }
    parts.push(cur);
    return parts.map((p) => p.trim()).filter(Boolean);
  };
  // A complex selector whose descendant combinators cross shadow boundaries,
  // as in Playwright ('consentry-ui .banner' finds .banner in the host's
  // shadow tree); '>' '+' '~' stay within one tree (matched natively).
  const compile = (selector) => split(selector, /,/).map((complex) => {
    const segs = [];
    let glue = false;
    for (const tok of split(complex, /\\s/)) {
      const comb = /^[>+~]/.test(tok);
      if (segs.length && (glue || comb)) segs[segs.length - 1] += ' ' + tok; else segs.push(tok);
      glue = /[>+~]$/.test(tok);
    }
    return segs;
  });
  const matchChain = (el, segs) => {
    if (!el.matches(segs[segs.length - 1])) return false;
    let i = segs.length - 2;
    for (let a = parent(el); a && i >= 0; a = parent(a)) if (a.matches(segs[i])) i--;
    return i < 0;
  };
  const css = (scopes, selector) => {
    const chains = compile(selector);
    const seen = new Set();
    const out = [];
    for (const s of scopes) for (const el of descendants(s)) {
      if (!seen.has(el) && chains.some((c) => matchChain(el, c))) { seen.add(el); out.push(el); }
    }
    return out;
  };
  // Playwright's element text: text nodes and child elements' text, the
  // shadow tree's included; scripts and styles skipped; whitespace normalised.
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD']);
  const rawText = (node) => {
    if (node.nodeType === 1 && SKIP.has(node.nodeName)) return '';
    if (node.nodeType === 1 && node.localName === 'input' && /^(button|submit|reset)$/i.test(node.type)) return node.value;
    let t = '';
    if (node.shadowRoot) for (let c = node.shadowRoot.firstChild; c; c = c.nextSibling) t += c.nodeType === 3 ? c.nodeValue : c.nodeType === 1 ? rawText(c) : '';
    for (let c = node.firstChild; c; c = c.nextSibling) t += c.nodeType === 3 ? c.nodeValue : c.nodeType === 1 ? rawText(c) : '';
    return t;
  };
  const norm = (s) => s.replace(/\\u200b/g, '').trim().replace(/\\s+/g, ' ');
  const text = (el) => norm(rawText(el));
  // A text matcher as Playwright reads it: a string is a case-insensitive
  // substring, exact a whole case-sensitive string, a RegExp tested as is.
  const matcher = (m) => {
    if (m.regex) { const re = new RegExp(m.regex, m.flags); return (s) => { re.lastIndex = 0; return re.test(s); }; }
    const want = norm(m.string);
    return m.exact ? (s) => s === want : (s) => s.toLowerCase().includes(want.toLowerCase());
  };
  // getByText: elements whose text matches and none of whose children's does.
  const byText = (scopes, m) => {
    const test = matcher(m);
    const out = [];
    for (const s of scopes) for (const el of descendants(s)) {
      if (SKIP.has(el.nodeName) || out.includes(el) || !test(text(el))) continue;
      const kids = [...el.children, ...(el.shadowRoot ? el.shadowRoot.children : [])];
      if (!kids.some((k) => test(text(k)))) out.push(el);
    }
    return out;
  };
  // Playwright's visibility: rendered (no display:none or closed <details>
  // above it), visibility: visible, and a non-empty box.
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.display === 'contents') return [...el.children].some(visible);
    if (el.checkVisibility && !el.checkVisibility()) return false;
    if (style.visibility !== 'visible') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  // Hidden from the accessibility tree, as Playwright's getByRole leaves out
  // by default: not rendered, visibility hidden, or under aria-hidden="true".
  const ariaHidden = (el) => {
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) return true;
    for (let a = el; a; a = parent(a)) if (a.getAttribute('aria-hidden') === 'true') return true;
    return false;
  };
  const checked = (el) => {
    const role = el.getAttribute('role');
    if (el.localName === 'input' && /^(checkbox|radio)$/.test(el.type) && (!role || role === 'switch')) return el.checked;
    if (/^(checkbox|radio|switch|menuitemcheckbox|menuitemradio|option|treeitem)$/.test(role || '')) return el.getAttribute('aria-checked') === 'true';
    throw new Error('Not a checkbox or radio button');
  };
  const disabled = (el) => {
    if (/^(button|input|select|textarea|option|optgroup|fieldset)$/.test(el.localName) && el.matches(':disabled')) return true;
    for (let a = el; a; a = parent(a)) if (a.getAttribute('aria-disabled') === 'true') return true;
    return false;
  };
  // The deepest focused element, through shadow roots.
  const focused = () => { let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; return a; };
  // The element a click at its centre would reach (through shadow roots).
  const hitTarget = (el) => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    let hit = document.elementFromPoint(x, y);
    while (hit && hit.shadowRoot) { const inner = hit.shadowRoot.elementFromPoint(x, y); if (!inner || inner === hit) break; hit = inner; }
    for (let a = hit; a; a = parent(a)) if (a === el) return true;
    return false;
  };
  const inView = (el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; };
  // The ratio of the element inside the viewport, as IntersectionObserver sees it (Playwright's toBeInViewport).
  const viewportRatio = (el) => new Promise((resolve) => {
    const o = new IntersectionObserver((entries) => { o.disconnect(); resolve(entries[0].intersectionRatio); });
    o.observe(el);
    requestAnimationFrame(() => {});
  });
  // getByRole's fallback name (the Firefox driver has the engine confirm it):
  // aria-labelledby, aria-label, a <label>, alt, the content, title.
  const guessName = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const root = el.getRootNode();
      const t = norm(by.split(/\\s+/).map((id) => root.getElementById(id)).filter(Boolean).map((e) => rawText(e)).join(' '));
      if (t) return t;
    }
    const label = norm(el.getAttribute('aria-label') || '');
    if (label) return label;
    if (el.labels && el.labels.length) return norm([...el.labels].map(rawText).join(' '));
    if (el.localName === 'img' || el.localName === 'area' || el.localName === 'input' && el.type === 'image') return norm(el.getAttribute('alt') || el.getAttribute('title') || '');
    return text(el) || norm(el.getAttribute('title') || '');
  };
  // Elements that may have \`role\` (the WebKit driver asks the engine about
  // each): those with a role attribute, those whose tag may imply the role,
  // and, for a role not listed, every element; hidden ones left out.
  const IMPLICIT = {
    button: 'button, input[type=button], input[type=submit], input[type=reset], input[type=image], summary',
    link: 'a[href], area[href]', region: 'section', dialog: 'dialog', heading: 'h1, h2, h3, h4, h5, h6',
    cell: 'td', gridcell: 'td', columnheader: 'th', rowheader: 'th', status: 'output', switch: 'input[type=checkbox]',
    checkbox: 'input[type=checkbox]', radio: 'input[type=radio]', textbox: 'input, textarea', img: 'img', list: 'ul, ol',
    listitem: 'li', table: 'table', row: 'tr', navigation: 'nav', main: 'main', banner: 'header', contentinfo: 'footer',
    group: 'details, fieldset, optgroup', paragraph: 'p',
  };
  const roleCandidates = (scopes, role) => {
    const implied = IMPLICIT[role];
    const out = [];
    for (const s of scopes) for (const el of descendants(s)) {
      if (out.includes(el) || !(el.hasAttribute('role') || !implied || el.matches(implied)) || ariaHidden(el)) continue;
      out.push(el);
    }
    return out;
  };
  return { descendants, parent, css, text, matcher, byText, visible, ariaHidden, checked, disabled, focused, hitTarget, inView, viewportRatio, guessName, roleCandidates };
}`;

/** A string or RegExp, as the page library's `matcher` takes it. */
export function textMatcher(m, exact = false) {
  return m instanceof RegExp ? { regex: m.source, flags: m.flags.replace('g', '') } : { string: String(m), exact: !!exact };
}

/** Whether an accessible name matches getByRole's `name` option (Playwright's rules). */
export function nameMatches(name, want, exact) {
  const norm = (s) => String(s).replace(/\u200b/g, '').trim().replace(/\s+/g, ' ');
  if (want instanceof RegExp) { want.lastIndex = 0; return want.test(name); }
  return exact ? norm(name) === norm(want) : norm(name).toLowerCase().includes(norm(want).toLowerCase());
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Strict mode, as Playwright's: an action or single-element matcher needs exactly one element. */
function strictError(loc, n) {
  return new Error(`strict mode violation: ${loc} resolved to ${n} elements`);
}

export class Locator {
  constructor(page, steps) { this.page = page; this.steps = steps; }
  get dom() { return this.page.dom; }
  with(step) { return new Locator(this.page, [...this.steps, step]); }
  locator(selector) { return this.with({ css: selector }); }
  getByRole(role, { name, exact } = {}) { return this.with({ role, name, exact }); }
  getByText(text, { exact } = {}) { return this.with({ text: textMatcher(text, exact) }); }
  filter({ hasText, has } = {}) { return this.with({ hasText: hasText === undefined ? undefined : textMatcher(hasText), has }); }
  first() { return this.with({ nth: 0 }); }
  last() { return this.with({ nth: -1 }); }
  nth(i) { return this.with({ nth: i }); }
  toString() {
    return 'locator(' + this.steps.map((s) => s.css !== undefined ? `css=${s.css}` : s.role ? `role=${s.role}${s.name !== undefined ? `[name=${s.name}${s.exact ? '' : 'i'}]` : ''}` : s.text ? `text=${s.text.regex ? '/' + s.text.regex + '/' : JSON.stringify(s.text.string)}` : s.nth !== undefined ? `nth=${s.nth}` : 'filter').join(' >> ') + ')';
  }

  /** The elements now (references), from the document or from `scopes`. */
  async resolve(scopes = null) {
    let refs = scopes;
    for (const s of this.steps) {
      if (refs && !refs.length) return [];
      if (s.css !== undefined) refs = await this.dom.nodes('(els, sel, lib) => lib.css(els.length ? els : [document], sel)', refs || [], s.css);
      else if (s.role) refs = await this.dom.byRole(refs, s.role, s.name, s.exact);
      else if (s.text) refs = await this.dom.nodes('(els, m, lib) => lib.byText(els.length ? els : [document], m)', refs || [], s.text);
      else if (s.nth !== undefined) { const i = s.nth < 0 ? refs.length + s.nth : s.nth; refs = refs[i] === undefined ? [] : [refs[i]]; }
      else {
        if (!refs) refs = await this.dom.nodes('() => [document.documentElement]', [], null);
        if (s.hasText) refs = await this.dom.nodes('(els, m, lib) => { const t = lib.matcher(m); return els.filter((e) => t(lib.text(e))); }', refs, s.hasText);
        if (s.has) {
          const kept = [];
          for (const r of refs) if ((await s.has.resolve([r])).length) kept.push(r);
          refs = kept;
        }
      }
    }
    return refs || [];
  }
  /** Exactly one element (or null if none); more is a strict-mode error. */
  async one() {
    const refs = await this.resolve();
    if (refs.length > 1) throw strictError(this, refs.length);
    return refs[0] ?? null;
  }
  /** Waits for exactly one element (Playwright's auto-waiting), with `check` true of it if given. */
  async waitOne(what, check = null, timeout = 15_000) {
    const end = Date.now() + timeout;
    for (let i = 0; ; i++) {
      const ref = await this.one();
      if (ref && (!check || await this.dom.call(check, [ref], null))) return ref;
      if (Date.now() > end) throw new Error(`${what}: timeout ${timeout} ms waiting for ${this}${ref ? ' to be ready' : ''}`);
      await sleep([0, 20, 100, 100, 500][Math.min(i, 4)]);
    }
  }

  async count() { return (await this.resolve()).length; }
  async all() { return (await this.resolve()).map((_, i) => this.nth(i)); }
  async evaluate(fn, arg) { const ref = await this.waitOne('locator.evaluate'); return this.dom.evaluate(`(els, a) => (${fn})(els[0], a)`, [ref], arg); }
  async evaluateAll(fn, arg) { return this.dom.evaluate(`(els, a) => (${fn})(els, a)`, await this.resolve(), arg); }
  async textContent() { const ref = await this.waitOne('locator.textContent'); return this.dom.call('(els) => els[0].textContent', [ref]); }
  async getAttribute(name) { const ref = await this.waitOne('locator.getAttribute'); return this.dom.call('(els, n) => els[0].getAttribute(n)', [ref], name); }
  async allTextContents() { return this.dom.call('(els) => els.map((e) => e.textContent)', await this.resolve()); }
  async isVisible() { const ref = await this.one(); return !!ref && this.dom.call('(els, a, lib) => lib.visible(els[0])', [ref]); }
  async focus() { const ref = await this.waitOne('locator.focus'); await this.dom.call('(els) => els[0].focus()', [ref]); }
  /** As the WebDriver spec scrolls an element into view (block end, inline nearest), when it is not wholly in view. */
  async scrollIntoViewIfNeeded() {
    const ref = await this.waitOne('locator.scrollIntoViewIfNeeded', '(els, a, lib) => lib.visible(els[0])');
    await this.dom.call('(els, a, lib) => { if (!lib.inView(els[0])) els[0].scrollIntoView({ block: "end", inline: "nearest" }); }', [ref]);
  }
  async boundingBox() {
    const ref = await this.waitOne('locator.boundingBox');
    return this.dom.call('(els, a, lib) => { if (!lib.visible(els[0])) return null; const r = els[0].getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }', [ref]);
  }
  /**
   * A real click through the engine's input (a user gesture), once the
   * element is visible, enabled and would receive the click at its centre
   * (Playwright's actionability checks); scrolled into view first.
   */
  async click() {
    const ready = '(els, a, lib) => { const e = els[0]; if (!lib.visible(e) || lib.disabled(e)) return false; if (!lib.inView(e)) e.scrollIntoView({ block: "end", inline: "nearest" }); return lib.hitTarget(e); }';
    await this.dom.click(await this.waitOne('locator.click', ready));
  }
  /** Clicks a checkbox or switch that is not in the state wanted; it must then be in it. */
  async setChecked(state) {
    const ref = await this.waitOne(state ? 'locator.check' : 'locator.uncheck');
    const now = () => this.dom.call('(els, a, lib) => lib.checked(els[0])', [ref]);
    if (await now() === state) return;
    await this.click();
    if (await now() !== state) throw new Error(`locator.${state ? 'check' : 'uncheck'}: clicking ${this} did not change its state`);
  }
  check() { return this.setChecked(true); }
  uncheck() { return this.setChecked(false); }
}

/** The W3C key of a Playwright key name (https://w3c.github.io/webdriver/#keyboard-actions). */
const KEYS = {
  Tab: '\uE004', Enter: '\uE007', Escape: '\uE00C', Shift: '\uE008', Control: '\uE009', Alt: '\uE00A', Meta: '\uE03D',
  Backspace: '\uE003', Delete: '\uE017', Space: ' ', Home: '\uE011', End: '\uE010', PageUp: '\uE00E', PageDown: '\uE00F',
  ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015',
};
/** `keyboard.press('Shift+Tab')` as one key action source: modifiers down, the key down and up, modifiers up. */
export function keyPress(combo) {
  const names = combo === '+' ? ['+'] : combo.split('+');
  const value = (n) => {
    if (KEYS[n]) return KEYS[n];
    if ([...n].length === 1) return n;
    throw new Error(`keyboard.press: unknown key ${n}`);
  };
  const keys = names.map(value);
  const actions = [...keys.map((v) => ({ type: 'keyDown', value: v })), ...keys.reverse().map((v) => ({ type: 'keyUp', value: v }))];
  return [{ type: 'key', id: 'keyboard', actions }];
}

/** The page's `keyboard`: key presses through the engine's input (`dom.keys`). */
export function keyboard(dom) {
  return {
    press: (combo) => dom.keys(keyPress(combo)),
    type: async (text) => { for (const ch of text) await dom.keys(keyPress(ch)); },
  };
}

/** Poll intervals and default timeout of Playwright's expect. */
const INTERVALS = [100, 250, 500, 1000];
const EXPECT_TIMEOUT = 5000;

/**
 * `expect(locator)` for the drivers' locators: each matcher reads a value
 * from the page until it equals what is expected (or, negated, differs),
 * as Playwright's do, then fails with Playwright's own diff of the last value.
 */
function locatorMatchers(baseExpect, loc, negate) {
  const poll = async (name, read, expected, { timeout = EXPECT_TIMEOUT } = {}) => {
    const end = Date.now() + timeout;
    let last;
    for (let i = 0; ; i++) {
      last = await read();
      const pass = equal(last, expected);
      if (pass !== negate) return;
      if (Date.now() > end) break;
      await sleep(INTERVALS[Math.min(i, INTERVALS.length - 1)]);
    }
    const message = `expect(${loc}).${negate ? 'not.' : ''}${name} (timeout ${timeout} ms)`;
    const e = baseExpect(last, message);
    if (negate) e.not.toEqual(asMatcher(baseExpect, expected)); else e.toEqual(asMatcher(baseExpect, expected));
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, received ${JSON.stringify(last)}`);
  };
  const one = async (source, arg) => { const ref = await loc.one(); return ref ? loc.dom.call(source, [ref], arg) : null; };
  const visible = async () => { const ref = await loc.one(); return !!ref && loc.dom.call('(els, a, lib) => lib.visible(els[0])', [ref]); };
  const text = (contains) => async (expected, options) => {
    if (Array.isArray(expected)) {
      const read = async () => loc.dom.call('(els, a, lib) => els.map(lib.text)', await loc.resolve());
      return poll(contains ? 'toContainText' : 'toHaveText', read, expected.map((x) => textExpectation(x, contains)), options);
    }
    return poll(contains ? 'toContainText' : 'toHaveText', () => one('(els, a, lib) => lib.text(els[0])'), textExpectation(expected, contains), options);
  };
  return {
    toBeVisible: (options) => poll('toBeVisible()', visible, true, options),
    toBeHidden: (options) => poll('toBeHidden()', visible, false, options),
    toBeAttached: (options) => poll('toBeAttached()', async () => !!await loc.one(), true, options),
    toHaveCount: (n, options) => poll(`toHaveCount(${n})`, () => loc.count(), n, options),
    toHaveText: text(false),
    toContainText: text(true),
    toHaveAttribute: (name, value, options) => (value === undefined
      ? poll(`toHaveAttribute(${name})`, () => one('(els, n) => els[0].hasAttribute(n)', name), true, options)
      : poll(`toHaveAttribute(${name})`, () => one('(els, n) => els[0].getAttribute(n)', name), value instanceof RegExp ? { regex: value } : value, options)),
    toBeChecked: (options = {}) => poll('toBeChecked()', () => one('(els, a, lib) => lib.checked(els[0])'), options.checked ?? true, options),
    toBeDisabled: (options) => poll('toBeDisabled()', () => one('(els, a, lib) => lib.disabled(els[0])'), true, options),
    toBeEnabled: (options) => poll('toBeEnabled()', () => one('(els, a, lib) => !lib.disabled(els[0])'), true, options),
    toBeFocused: (options) => poll('toBeFocused()', () => one('(els, a, lib) => lib.focused() === els[0]'), true, options),
    toBeInViewport: (options = {}) => poll('toBeInViewport()', async () => {
      const ratio = await one('(els, a, lib) => lib.viewportRatio(els[0])');
      return ratio !== null && (options.ratio === undefined ? ratio > 0 : ratio >= options.ratio);
    }, true, options),
  };
}

/** toHaveText's expectation: a whole normalised string, or a RegExp; toContainText's a substring. */
function textExpectation(x, contains) {
  if (x instanceof RegExp) return { regex: x };
  const s = String(x).replace(/\u200b/g, '').trim().replace(/\s+/g, ' ');
  return contains ? { contains: s } : s;
}

/** Whether a value read equals an expectation ({ regex }, { contains }, arrays of them, or plain values). */
function equal(v, x) {
  if (Array.isArray(x)) return Array.isArray(v) && v.length === x.length && x.every((e, i) => equal(v[i], e));
  if (x && x.regex) { x.regex.lastIndex = 0; return typeof v === 'string' && x.regex.test(v); }
  if (x && x.contains !== undefined) return typeof v === 'string' && v.includes(x.contains);
  return v === x;
}

/** The same expectation as Playwright's asymmetric matchers, for its diff. */
function asMatcher(baseExpect, x) {
  if (Array.isArray(x)) return x.map((e) => asMatcher(baseExpect, e));
  if (x && x.regex) return baseExpect.stringMatching(x.regex);
  if (x && x.contains !== undefined) return baseExpect.stringContaining(x.contains);
  return x;
}

/**
 * Playwright's `expect`, with the matchers above for the drivers'
 * locators; any other value (and `expect.poll`, `expect.soft`...) goes to
 * Playwright's own.
 */
export function withLocatorMatchers(baseExpect) {
  return new Proxy(baseExpect, {
    apply(target, self, args) {
      if (!(args[0] instanceof Locator)) return Reflect.apply(target, self, args);
      const m = locatorMatchers(target, args[0], false);
      m.not = locatorMatchers(target, args[0], true);
      return m;
    },
  });
}
