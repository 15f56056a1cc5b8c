// A recording proxy on 127.0.0.1 that answers every request itself: the
// WebKit driver (./webkit.mjs) points the browser at it (MiniBrowser's
// --proxy), so every request the page makes, to any host, comes here and
// nothing reaches the network.
//
// Plain-http URLs arrive in proxy form (`GET http://host/path`); an https
// URL arrives as `CONNECT host:443`. The proxy then plays the server's part
// itself: it ends TLS with one self-signed certificate made by `openssl` at
// start (the browser is asked to accept it: `acceptInsecureCerts`), reads
// the HTTP request inside and hands it to `onRequest`, as for plain http.
// A WebSocket handshake inside (wss:) goes to `onWebSocket`; the proxy
// completes it and keeps the socket open without a server behind it.
import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

/** A throwaway key and self-signed certificate (any host: the browser accepts insecure certificates). */
function certificate() {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-proxy-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=consentry e2e proxy',
      '-addext', 'subjectAltName=DNS:site.test,DNS:*.test,DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A request as the proxy read it, with the means to answer it:
 * `respond({ status, headers, body })` or `abort()` (the connection is cut:
 * the browser sees a network error).
 */
class ProxyRequest {
  constructor(req, res, url, body) { this.req = req; this.res = res; this.url = url; this.body = body; this.method = req.method; this.headers = req.headers; }
  respond({ status = 200, headers = {}, body = '' }) {
    if (this.res.headersSent || this.res.destroyed) return;
    const data = Buffer.from(body);
    this.res.writeHead(status, { ...headers, 'content-length': data.length });
    this.res.end(data);
  }
  abort() { this.req.socket.destroy(); }
}

/**
 * Starts the proxy. `onRequest(ProxyRequest)` answers every request;
 * `onWebSocket(url)` is told of every WebSocket opened. Returns its port
 * and `close()`.
 */
export async function startProxy({ onRequest, onWebSocket }) {
  const { key, cert } = certificate();
  const sockets = new Set();
  const track = (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); };

  // One handler for both sides: the URL is absolute in proxy form (http),
  // and rebuilt from the Host header inside a CONNECT tunnel (https).
  const handle = (scheme) => (req, res) => {
    const url = scheme ? `${scheme}://${req.headers.host}${req.url}` : req.url;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : null;
      Promise.resolve(onRequest(new ProxyRequest(req, res, url, body))).catch((e) => {
        if (!res.headersSent) { res.writeHead(500); res.end(String(e && e.stack)); }
      });
    });
  };
  const upgrade = (scheme) => (req, socket) => {
    onWebSocket(/^https?:/.test(req.url) ? req.url.replace(/^http/, 'ws') : `${scheme}://${req.headers.host}${req.url}`);
    // RFC 6455's handshake answer; nothing is sent afterwards.
    const accept = createHash('sha1').update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  };

  // The server behind every tunnel: it is handed the tunnel's socket and
  // ends TLS on it. Idle connections stay open (the browser reuses them)
  // until the proxy closes.
  const inner = https.createServer({ key, cert }, handle('https'));
  inner.on('upgrade', upgrade('wss'));
  inner.keepAliveTimeout = 0;

  // The proxy itself, in clear: requests in proxy form, and CONNECT.
  // (WebKitGTK's W3C `sslProxy` capability would speak TLS to the proxy
  // itself and check its certificate against the system's trust store, so
  // the driver names this proxy with MiniBrowser's --proxy instead.)
  const outer = http.createServer(handle(null));
  outer.on('connection', track);
  outer.on('upgrade', upgrade('ws'));
  outer.on('connect', (req, socket, head) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    // Bytes the browser sent after CONNECT (its TLS hello) belong to the tunnel.
    if (head && head.length) socket.unshift(head);
    inner.emit('connection', socket);
  });
  await new Promise((r) => outer.listen(0, '127.0.0.1', r));
  return {
    port: outer.address().port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => outer.close(r));
      inner.close();
    },
  };
}

/**
 * A proxied request as Playwright's Request shows it (the WebKit driver's,
 * and the Firefox driver's through the proxy).
 */
export class ProxiedRequest {
  constructor(r) { this.r = r; }
  url() { return this.r.url; }
  method() { return this.r.method; }
  headers() { return this.r.headers; }
  postData() { return this.r.body; }
  isNavigationRequest() { return this.r.headers['sec-fetch-mode'] === 'navigate'; }
  /**
   * Playwright's resource type, from the Fetch metadata WebKit and Firefox
   * send (Sec-Fetch-Dest); a hyperlink ping says so in its own
   * headers. A fetch, an XMLHttpRequest and a beacon all say `empty`: they
   * are 'fetch'.
   */
  resourceType() {
    const h = this.r.headers;
    if ('ping-to' in h || /^text\/ping/.test(h['content-type'] || '')) return 'ping';
    const dest = h['sec-fetch-dest'];
    return { document: 'document', iframe: 'document', frame: 'document', script: 'script', image: 'image', style: 'stylesheet', font: 'font', empty: 'fetch' }[dest] || 'other';
  }
}
