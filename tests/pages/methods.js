// Each way a page can bring in a vendor script, frame, pixel or request.
// Vendor URLs are real tracker hosts (routed to stubs by the tests); the
// `t` parameter is what a stub script records in window.__ran when it runs.
(function () {
  const V = (t) => 'https://bat.bing.com/bat.js?t=' + t;            // a held vendor script
  const U = (t) => 'https://cdn.unknown-lib.example/lib.js?t=' + t; // an unknown third party: runs untouched
  const PIXEL = 'https://px.ads.linkedin.com/collect?pid=1&fmt=gif';
  const FRAME = 'https://www.youtube.com/embed/dQw4w9WgXcQ';
  const box = () => document.getElementById('box');
  const ref = () => document.getElementById('ref');
  function script(src, ordered = true) {
    const s = document.createElement('script');
    s.src = src;
    if (ordered) s.async = false;
    return s;
  }
  // Two ordered vendor scripts and one unknown third party, in that order.
  const trio = (m) => [script(V(m + '-1')), script(U(m + '-unknown')), script(V(m + '-2'))];

  const M = {
    appendChild(m) { for (const s of trio(m)) document.head.appendChild(s); },
    insertBefore(m) { const [a, b, c] = trio(m); box().insertBefore(a, ref()); box().insertBefore(b, ref()); box().insertBefore(c, ref()); },
    replaceChild(m) {
      const [a, b, c] = trio(m);
      for (const s of [a, b, c]) { const x = document.createElement('i'); box().appendChild(x); box().replaceChild(s, x); }
    },
    append(m) { box().append(...trio(m)); },
    prepend(m) { const [a, b, c] = trio(m); box().prepend(c); box().prepend(b); box().prepend(a); },
    before(m) { ref().before(...trio(m)); },
    after(m) { const [a, b, c] = trio(m); ref().after(c); ref().after(b); ref().after(a); },
    replaceWith(m) { const x = document.createElement('i'); box().appendChild(x); x.replaceWith(...trio(m)); },
    replaceChildren(m) { const d = document.createElement('div'); document.body.appendChild(d); d.replaceChildren(...trio(m)); },
    insertAdjacentElement(m) { const [a, b, c] = trio(m); ref().insertAdjacentElement('beforebegin', a); ref().insertAdjacentElement('beforebegin', b); ref().insertAdjacentElement('beforebegin', c); },
    textAfter(m) { const t = document.createTextNode('x'); box().appendChild(t); const [a, b, c] = trio(m); t.after(a, b, c); },
    fragment(m) { const f = document.createDocumentFragment(); for (const s of trio(m)) f.appendChild(s); document.head.appendChild(f); },
    shadowRoot(m) { const host = document.createElement('div'); document.body.appendChild(host); const root = host.attachShadow({ mode: 'open' }); for (const s of trio(m)) root.appendChild(s); },
    rangeInsertNode(m) { const r = document.createRange(); r.selectNode(ref()); const [a, b, c] = trio(m); r.insertNode(c); r.insertNode(b); r.insertNode(a); },
    setAttributeAfterInsert(m) {
      for (const [t, f] of [[m + '-1', V], [m + '-unknown', U], [m + '-2', V]]) {
        const s = document.createElement('script'); s.async = false; document.head.appendChild(s); s.setAttribute('src', f(t));
      }
    },
    srcAfterInsert(m) {
      for (const [t, f] of [[m + '-1', V], [m + '-unknown', U], [m + '-2', V]]) {
        const s = document.createElement('script'); s.async = false; document.head.appendChild(s); s.src = f(t);
      }
    },
    setAttributeNS(m) {
      for (const [t, f] of [[m + '-1', V], [m + '-unknown', U], [m + '-2', V]]) {
        const s = document.createElement('script'); s.async = false; s.setAttributeNS(null, 'src', f(t)); document.head.appendChild(s);
      }
    },
    attrNode(m) {
      for (const [t, f] of [[m + '-1', V], [m + '-unknown', U], [m + '-2', V]]) {
        const s = document.createElement('script'); s.async = false;
        const a = document.createAttribute('src'); a.value = f(t); s.setAttributeNode(a); document.head.appendChild(s);
      }
    },
    createElementNS(m) {
      for (const [t, f] of [[m + '-1', V], [m + '-unknown', U], [m + '-2', V]]) {
        const s = document.createElementNS('http://www.w3.org/1999/xhtml', 'script'); s.async = false; s.src = f(t); document.head.appendChild(s);
      }
    },
    svgScript(m) {
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      document.body.appendChild(svg);
      for (const [t, f] of [[m + '-1', V], [m + '-unknown', U], [m + '-2', V]]) {
        const s = document.createElementNS('http://www.w3.org/2000/svg', 'script');
        s.setAttribute('href', f(t));
        svg.appendChild(s);
      }
    },
    documentWrite(m) {
      document.write('<script src="' + V(m + '-1') + '"></scr' + 'ipt>');
      document.write('<script src="' + U(m + '-unknown') + '"></scr' + 'ipt>');
      document.writeln('<script src="' + V(m + '-2') + '"></scr' + 'ipt>');
    },
    // Legacy ad tags write one tag in pieces, over several calls or several
    // arguments of one call.
    documentWriteSplit(m) {
      document.write('<script src="'); document.write(V(m + '-1')); document.write('"></scr' + 'ipt>');
      document.write('<script src="' + U(m + '-unknown') + '"></scr', 'ipt>');
      document.write('<scr', 'ipt src="' + V(m + '-2') + '"></scr' + 'ipt>');
    },
    createContextualFragment(m) {
      const r = document.createRange(); r.selectNode(document.body);
      const html = ['<script src="' + V(m + '-1') + '"></scr' + 'ipt>', '<script src="' + U(m + '-unknown') + '"></scr' + 'ipt>', '<script src="' + V(m + '-2') + '"></scr' + 'ipt>'];
      // Scripts from a contextual fragment run when inserted, each in turn.
      for (const h of html) { const f = r.createContextualFragment(h); f.firstChild.async = false; document.body.appendChild(f); }
    },
    typeChange(m) {
      const s = script(V(m + '-1'));
      s.type = 'text/javascript';
      document.head.appendChild(s);
      s.type = 'text/javascript';
      s.setAttribute('type', 'application/javascript');
      s.removeAttribute('type');
      s.toggleAttribute('type');
      const a = s.getAttributeNode('type'); if (a) a.value = 'text/javascript';
      document.head.appendChild(script(U(m + '-unknown')));
      document.head.appendChild(script(V(m + '-2')));
    },
    srcReset(m) {
      const s = script(V(m + '-1'));
      document.head.appendChild(s);
      s.src = V(m + '-1');
      s.setAttribute('src', V(m + '-1'));
      document.head.appendChild(s); // re-inserting the same element
      document.head.appendChild(script(U(m + '-unknown')));
      document.head.appendChild(script(V(m + '-2')));
    },
    clone(m) {
      const s = script(V(m + '-1'));
      document.head.appendChild(s);
      const c = s.cloneNode(true);
      c.type = 'text/javascript';
      c.removeAttribute('type');
      document.head.appendChild(c); // a copy of a held script is held too
      document.head.appendChild(script(U(m + '-unknown')));
      document.head.appendChild(script(V(m + '-2')));
    },
    importNode() {
      // Nodes parsed by DOMParser are inert until imported or adopted: then an image loads.
      const doc = new DOMParser().parseFromString('<img src="' + PIXEL + '"><img src="' + PIXEL + '&n=2">', 'text/html');
      const imgs = doc.querySelectorAll('img');
      document.body.appendChild(document.importNode(imgs[0], true));
      document.body.appendChild(document.adoptNode(imgs[1]));
    },
    otherRealm(m) {
      // Elements made in a same-origin frame carry that frame's prototypes.
      const f = document.createElement('iframe');
      document.body.appendChild(f);
      const d = f.contentWindow.document;
      for (const [t, fn] of [[m + '-1', V], [m + '-unknown', U], [m + '-2', V]]) {
        const s = d.createElement('script'); s.src = fn(t); s.async = false;
        document.head.appendChild(s);
      }
    },

    // Frames, pixels and links.
    iframe() { const f = document.createElement('iframe'); f.src = FRAME; document.body.appendChild(f); },
    iframeSetAttribute() { const f = document.createElement('iframe'); document.body.appendChild(f); f.setAttribute('src', FRAME); },
    newImage() { new Image().src = PIXEL; window.__img = 1; },
    imgAppend() { const i = document.createElement('img'); i.src = PIXEL; document.body.appendChild(i); },
    // Candidates of two vendors in different categories (marketing, analytics).
    imgSrcsetTwoVendors() { const i = document.createElement('img'); i.srcset = PIXEL + '&t=a 1x, https://www.google-analytics.com/g/collect?t=b 2x'; document.body.appendChild(i); },
    imgSrcset() { const i = document.createElement('img'); i.srcset = PIXEL + ' 1x'; document.body.appendChild(i); },
    innerHTML() { box().innerHTML = '<img src="' + PIXEL + '"><iframe src="' + FRAME + '"></iframe>'; },
    outerHTML() { const x = document.createElement('i'); box().appendChild(x); x.outerHTML = '<img src="' + PIXEL + '"><iframe src="' + FRAME + '"></iframe>'; },
    insertAdjacentHTML() { ref().insertAdjacentHTML('afterend', '<img src="' + PIXEL + '"><iframe src="' + FRAME + '"></iframe>'); },
    // Markup where a tag follows something that looks like it hides it but,
    // to the HTML parser, does not (each one a vendor pixel that loads).
    markupAbruptComment() { box().innerHTML = '<!--><img src="' + PIXEL + '&t=abrupt">-->'; },
    markupBangComment() { box().innerHTML = '<!-- a --!><img src="' + PIXEL + '&t=bang">-->'; },
    markupBogusComment() { box().innerHTML = '<![CDATA[<!--<x ><img src="' + PIXEL + '&t=bogus">-->'; },
    markupClosedAroundSvg() { box().innerHTML = '<div><svg></div><![CDATA[x><img src="' + PIXEL + '&t=closedsvg">]]>'; },
    markupSvgStyle() { box().innerHTML = '<svg><style><img src="' + PIXEL + '&t=svgstyle"></style></svg>'; },
    // Vendor URLs written with character references, as the tokenizer
    // decodes them: a named one for a character of the host (`&period;`),
    // a newline inside the host (`&NewLine;`, which the URL parser then
    // drops), a numeric one without its `;`, and one the blocker's short
    // table does not know (`&ascr;`, a script a, which the host parser maps
    // to a plain a): that one is read by the browser's own tokenizer.
    // Declarative shadow roots from markup sinks, and a closed root made by
    // script: a vendor pixel inside each.
    // A frame's srcdoc, set as a property and through setAttribute: its
    // document holds a vendor pixel, so the frame is held whole.
    iframeSrcdoc() { const f = document.createElement('iframe'); f.srcdoc = '<img src="' + PIXEL + '&t=srcdoc-prop">'; box().appendChild(f); },
    iframeSrcdocAttribute() { const f = document.createElement('iframe'); box().appendChild(f); f.setAttribute('srcdoc', '<p>x</p><img src="' + PIXEL + '&t=srcdoc-attr">'); },
    shadowSetHTMLUnsafe() {
      box().setHTMLUnsafe('<div><template shadowrootmode="open"><p>in a root</p><img src="' + PIXEL + '&t=sethtmlunsafe"></template></div>');
    },
    shadowParseHTMLUnsafe() {
      const doc = Document.parseHTMLUnsafe('<div id="parsed"><template shadowrootmode="open"><img src="' + PIXEL + '&t=parsehtmlunsafe"></template></div>');
      box().appendChild(doc.getElementById('parsed'));
    },
    shadowClosed() {
      const host = document.createElement('div');
      const root = host.attachShadow({ mode: 'closed' });
      root.innerHTML = '<iframe src="' + FRAME + '?t=closed" title="x"></iframe>';
      box().appendChild(host);
    },
    markupCharRefs() {
      box().innerHTML = '<img src="https://px.ads.linkedin&period;com/collect?pid=1&amp;t=named">'
        + '<img src="https://px.ads.link&NewLine;edin.com/collect?pid=1&t=newline">'
        + '<img src="https://px.ads.linkedin&#46com/collect?pid=1&t=numeric">'
        + '<iframe src="https://www.youtube.com/embed/x?t=&ascr;" title="x"></iframe>'
        + '<img src="https://px.&ascr;ds.linkedin.com/collect?pid=1&t=script-a">';
    },
    none() {},
    setHTMLSanitized() {
      // After load, as markupInSvg.
      addEventListener('load', () => {
        box().setHTML('<p>kept</p><img src="' + PIXEL + '&t=sethtml">', { sanitizer: { elements: ['p', 'img'], attributes: ['src'], dataAttributes: true } });
      });
    },
    markupInSvg() {
      // After load, when no observer is watching the document: the markup
      // sink alone must hold it.
      addEventListener('load', () => {
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        box().appendChild(svg);
        svg.innerHTML = '<style><img src="' + PIXEL + '&t=insvg"></style>';
      });
    },
    linkPreload() { const l = document.createElement('link'); l.rel = 'preload'; l.as = 'script'; l.href = V('preload'); document.head.appendChild(l); },
    linkPrefetch() { const l = document.createElement('link'); l.rel = 'prefetch'; l.href = V('prefetch'); document.head.appendChild(l); },

    // Requests: dropped before consent, never replayed.
    fetch() { window.__fetch = fetch('https://eu1.clevertap-prod.com/a?t=96').then(() => 'ok', (e) => 'rejected: ' + e.message); },
    xhr() {
      window.__xhr = new Promise((res) => {
        const x = new XMLHttpRequest();
        x.open('GET', 'https://www.google-analytics.com/g/collect?v=2');
        x.onerror = () => res('error ' + x.status + ' ' + x.readyState);
        x.onload = () => res('load ' + x.status);
        x.send();
      });
    },
    sendBeacon() { window.__beacon = navigator.sendBeacon('https://bat.bing.com/action/0?ti=1', 'x'); },
    fetchLater() {
      const held = fetchLater('https://www.google-analytics.com/g/collect?v=2&t=later', { activateAfter: 0 });
      const own = fetchLater('/index.html?t=later-own', { activateAfter: 0 });
      window.__later = [held instanceof FetchLaterResult, held.activated, own instanceof FetchLaterResult];
      window.__laterResults = [held, own];
    },
    // Markup written next to an element held earlier: the new one is listed,
    // and the earlier one keeps its place in the release order.
    markupOrder() {
      const box = document.getElementById('box');
      const a = document.createElement('script'); a.src = 'https://www.googletagmanager.com/gtag/js?id=G-A&t=order-a'; a.async = false; box.appendChild(a);
      const b = document.createElement('script'); b.src = 'https://connect.facebook.net/en_US/fbevents.js?t=order-b'; b.async = false; document.body.appendChild(b);
      box.insertAdjacentHTML('beforeend', '<span><img alt="" src="https://px.ads.linkedin.com/collect?t=order-img"></span>');
    },
    // Live connections: the page sees what an unreachable server looks like.
    webSocket() {
      const ws = new WebSocket('wss://ws.hotjar.com/api/v2/client/ws?t=ws');
      const seen = [ws instanceof WebSocket, ws.constructor === WebSocket, ws.readyState, ws.url];
      try { ws.send('x'); seen.push('sent'); } catch (e) { seen.push(e.name); }
      window.__ws = new Promise((res) => {
        ws.onerror = (e) => seen.push('onerror:' + e.type + ':' + ws.readyState);
        ws.addEventListener('close', (e) => { seen.push('close:' + e.code + ':' + e.wasClean + ':' + ws.readyState); res(seen); });
      });
      // An unknown host connects as usual.
      window.__wsOther = new WebSocket('wss://realtime.example.org/socket').url;
      window.__wsConstants = [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED, WebSocket.name, WebSocket.length];
    },
    eventSource() {
      const es = new EventSource('https://api-iam.intercom.io/stream?t=es', { withCredentials: true });
      const seen = [es instanceof EventSource, es.readyState, es.withCredentials, es.url];
      window.__es = new Promise((res) => {
        es.addEventListener('error', (e) => { seen.push('error:' + e.type + ':' + es.readyState); res(seen); });
      });
      window.__esOther = new EventSource('/events').url;
    },
  };
  window.METHODS = Object.keys(M);
  window.runMethod = function (m) {
    if (!M[m]) throw new Error('unknown method ' + m);
    M[m](m);
  };
})();
