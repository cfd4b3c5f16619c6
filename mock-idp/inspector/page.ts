/**
 * The inspector's page: an HTML shell with no inline script or style, and the Preact bundle `npm run
 * build:inspector` writes to `dist/mock-idp/inspector/` (`npm run build:harness` runs it; so do `npm start` and the
 * test setup). The page runs only that same-origin script (CSP `script-src 'self'`) and talks only to its own origin.
 * Without a bundle the page says how to build one instead of failing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Context } from 'koa';

/** Where the bundle is: beside the harness bundle (dist/mock-idp/), or under dist/ when running from source. */
const CANDIDATES = ['./inspector/', '../../dist/mock-idp/inspector/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

const ASSETS: Record<string, string> = {
  'inspector.js': 'text/javascript; charset=utf-8',
  'inspector.css': 'text/css; charset=utf-8',
};

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const SHELL = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>dcr-kit QA inspector</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/_inspector/inspector.css">
<script type="module" src="/_inspector/inspector.js"></script></head>
<body><div id="app"><main><h1>dcr-kit QA inspector</h1><p>Loading…</p></main></div></body></html>`;

const MISSING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dcr-kit QA inspector: not built</title></head>
<body><main><h1>The QA inspector is not built</h1>
<p>This harness has no inspector bundle. Run <code>npm run build:inspector</code> (or <code>npm start</code>, which
builds it) and reload. Everything else — the tenants, <code>/harness.json</code> and <code>/_control</code> — works
without it.</p></main></body></html>`;

const cache = new Map<string, string>();

function bundleDir(): string | undefined {
  return CANDIDATES.find((dir) => existsSync(`${dir}inspector.js`));
}

function asset(name: string): string | undefined {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const dir = bundleDir();
  if (!dir || !existsSync(dir + name)) return undefined;
  const text = readFileSync(dir + name, 'utf8');
  cache.set(name, text);
  return text;
}

/** `GET /` and `GET /_inspector/<file>`. */
export function servePage(ctx: Context): void {
  ctx.set(SECURITY_HEADERS);
  const file = ctx.params?.file as string | undefined;
  if (file === undefined) {
    const built = bundleDir() !== undefined;
    ctx.status = built ? 200 : 503;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = built ? SHELL : MISSING;
    return;
  }
  const type = ASSETS[file];
  const text = type && asset(file);
  if (!type || text === undefined) {
    ctx.status = 404;
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = JSON.stringify({ error: 'not_found', message: `no inspector file "${file}" (run npm run build:inspector)` });
    return;
  }
  ctx.type = type;
  ctx.body = text;
}
