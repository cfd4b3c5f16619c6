/**
 * What keeps web pages out of the harness (issue 10). Three checks, each answered in the dialect of the server
 * that runs it:
 * - **Host names** (every origin: harness, portal, gateway). A request whose `Host` is not one of the harness's
 *   own names is answered `421 Misdirected Request` before any app sees it: a page on `http://evil.test:4400`
 *   whose name was re-pointed at 127.0.0.1 (DNS rebinding) is same-origin with nothing the harness serves.
 * - **State-changing requests from pages** (the control plane, the portal API). A browser sends `Origin` (and
 *   `Sec-Fetch-Site`) with every POST, PUT, PATCH and DELETE; one from another origin is refused, and so is a body
 *   that is not JSON (`text/plain` is the content type a page may send without a CORS preflight). Clients that are
 *   not browsers (curl, SDKs, test suites) send no `Origin` and pass. Extension pages (`chrome-extension://…`) pass:
 *   no web page can send that origin, and the dcr-kit extension calls the portal with the developer's session.
 * - **The control token** (`--control-token`, required once the harness binds a non-loopback address).
 */
import type { IncomingMessage, RequestListener } from 'node:http';
import { networkInterfaces, hostname as osHostname } from 'node:os';
import type { Context } from 'koa';
import { safeEqual } from './http';

/** Names every harness answers to, whatever it binds. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** 127.0.0.0/8, ::1 and `localhost`: addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** A Host header's (or URL host's) name, lower case, IPv6 in brackets; undefined when it is not a host. */
export function hostName(host: string): string | undefined {
  if (!host || /[\s/\\@?#]/.test(host)) return undefined;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The names the harness answers to: loopback, the bound address, the public URLs' hosts, names the user allowed,
 * and, when it binds every interface, this machine's own name and addresses.
 */
export function allowedHostNames(options: {
  host: string;
  publicUrls: readonly string[];
  allowed: readonly string[];
}): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  const add = (host: string | undefined) => {
    const name = host === undefined ? undefined : hostName(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
    if (name) names.add(name);
  };
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  if (!wildcard) add(options.host);
  for (const url of options.publicUrls) add(new URL(url).hostname);
  for (const name of options.allowed) add(name);
  if (wildcard) {
    add(osHostname());
    for (const list of Object.values(networkInterfaces())) for (const address of list ?? []) add(address.address);
  }
  return names;
}

/** Wraps a request listener: a Host that is not one of `names` gets 421 and never reaches `inner`. */
export function checkHost(names: ReadonlySet<string>, inner: RequestListener): RequestListener {
  return (req: IncomingMessage, res) => {
    const name = hostName(req.headers.host ?? '');
    if (name !== undefined && names.has(name)) return inner(req, res);
    // The names it does answer to are not listed: a rebound page could read them (they are in the start-up output).
    const body = JSON.stringify({
      error: 'misdirected_request',
      message: `this server does not answer to the host name "${String(req.headers.host ?? '')}" (add a name with --allowed-host)`,
    });
    res.writeHead(421, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
    res.end(body);
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const EXTENSION_SCHEMES = new Set(['chrome-extension:', 'moz-extension:', 'safari-web-extension:']);

export type WriteRefusal = { status: 403 | 415; reason: string };

/** `scheme://host[:port]` as a browser writes an Origin (lower case, default port left out); undefined if not a URL. */
function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Why a state-changing request must be refused (undefined: let it through). Its own origin is the scheme and the
 * Host it was asked for (the Host already checked), or one of `ownOrigins` (the public URL, when a proxy stands in
 * front). `extensions`: pages of browser extensions may write too (the portal, which the dcr-kit extension calls with
 * the developer's session; Chromium's extension service worker sends `Origin: chrome-extension://<id>`).
 */
export function refuseCrossOriginWrite(
  ctx: Context,
  { ownOrigins = [], extensions = false }: { ownOrigins?: readonly string[]; extensions?: boolean } = {},
): WriteRefusal | undefined {
  if (SAFE_METHODS.has(ctx.method)) return undefined;
  // Not `ctx.origin`: since Koa 3 that is the request's Origin header, not this server's origin.
  const own = originOf(`${ctx.protocol}://${ctx.get('host')}`);
  // Present but empty counts as present: no browser sends it, and nothing may pass for "no Origin" by sending it.
  if (ctx.headers.origin !== undefined) {
    const origin = ctx.get('origin');
    const from = originOf(origin);
    // An extension origin is not a "special" URL scheme: its URL origin is "null", so its scheme is read directly.
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(origin)?.[0].toLowerCase() ?? '';
    const mine = from !== undefined && (from === own || ownOrigins.some((o) => originOf(o) === from));
    // "null" (sandboxed frames, file: pages, redirects across origins) and anything unparsable are foreign.
    if (!mine && !(extensions && EXTENSION_SCHEMES.has(scheme)))
      return { status: 403, reason: `cross-origin request refused: Origin ${origin} is not ${own}` };
  } else {
    // A page's request without Origin (some no-cors navigations) still says where it came from.
    const site = ctx.get('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site')
      return { status: 403, reason: `cross-origin request refused (Sec-Fetch-Site: ${site})` };
  }
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
  const type = ctx.get('content-type').split(';', 1)[0]?.trim().toLowerCase();
  if (hasBody && type !== 'application/json')
    return { status: 415, reason: `request bodies must be application/json (got ${type || 'no Content-Type'})` };
  return undefined;
}

/** True when the request carries `Authorization: Bearer <token>`. */
export function hasControlToken(ctx: Context, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(ctx.get('authorization'));
  return match?.[1] !== undefined && safeEqual(match[1].trim(), token);
}
