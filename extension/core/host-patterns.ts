/**
 * Host permission match patterns the way both browsers read them. A pattern's host has no port: Firefox matches
 * no URL at all with `http://127.0.0.1:5800/*` (the pattern grants nothing; issue 16), while `http://127.0.0.1/*`
 * matches every port in Firefox and Chromium alike
 * (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Match_patterns: "host … port numbers are not
 * supported"; https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns).
 */

/** The pattern to ask for to reach `url`: its scheme and host, any port, any path. */
export function originPattern(url: string): string {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') throw new TypeError(`not an http(s) URL: ${url}`);
  return `${protocol}//${hostname}/*`;
}

/** Whether a granted match pattern (`<all_urls>`, `*://`, `*.` subdomains, port-less hosts) covers `url`'s origin. */
export function patternCovers(pattern: string, url: string): boolean {
  const target = new URL(url);
  if (pattern === '<all_urls>') return target.protocol === 'http:' || target.protocol === 'https:';
  const parts = /^(\*|https?):\/\/([^/]+)\//.exec(pattern);
  if (!parts) return false;
  const [, scheme, host] = parts as unknown as [string, string, string];
  if (scheme !== '*' && `${scheme}:` !== target.protocol) return false;
  const bare = host.replace(/:\d+$/, '');
  if (bare === '*') return true;
  if (bare.startsWith('*.')) return target.hostname === bare.slice(2) || target.hostname.endsWith(bare.slice(1));
  return target.hostname === bare.replace(/^\[|\]$/g, '') || target.hostname === bare;
}

/** A URL's host for a short label (the text itself when it is not a URL). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
