/**
 * The portal's pages: one HTML shell and a small script that renders each route. The hooks a browser extension
 * or a Cypress test looks for follow Kong's open-source classic portal (Kong/konnect-portal ApplicationForm.vue):
 * `application-name-input`, `application-auth-strategy-select`, `available-scopes-select`, `reference-id-input`,
 * the one-time secret modal `copy-secret-modal` (class `application-secret-modal`) with its "Client ID" and
 * "Client Secret" copy buttons and `close-application-secret-modal` ("Proceed"), and the delete hooks.
 *
 * This file serves the shell; ui-style.ts is its stylesheet, ui-dialogs.ts the modal dialogs (focus kept inside,
 * given back on close) and ui-script.ts the pages. test/e2e/portal-a11y.test.ts holds every page and state to axe-core
 * in both colour schemes, to the keyboard and to a 360 px wide screen.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { DIALOGS } from './ui-dialogs';
import { SCRIPT } from './ui-script';
import { STYLE } from './ui-style';

export interface PortalPageOptions {
  gatewayUrl: () => string;
  apis: () => { id: string; name: string; vendor: string }[];
}

function shell(title: string, config: unknown): string {
  // `<` is escaped so the JSON cannot close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | dcr-kit developer portal</title><style>${STYLE}</style></head><body>
<header><strong>dcr-kit developer portal</strong><nav aria-label="Portal"><a href="/apis">APIs</a><a href="/my-apps">My applications</a><button class="secondary" data-testid="logout-button">Log out</button></nav></header>
<main><p class="muted">Loading…</p></main>
<script type="application/json" id="portal-config">${json}</script><script>${DIALOGS}${SCRIPT}</script></body></html>`;
}

/** Each page's title (WCAG 2.4.2: a title that says which page this is, also for `/` and the try-it pages). */
const TITLES: Record<string, string> = {
  '/': 'My applications',
  '/login': 'Log in',
  '/my-apps': 'My applications',
  '/application/create': 'Create application',
  '/apis': 'APIs',
};

export function portalPages(options: PortalPageOptions & { developer: string }): Router {
  const router = new Router();
  const page = (ctx: Context) => {
    ctx.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY' });
    ctx.body = shell(TITLES[ctx.path] ?? (ctx.path.startsWith('/spec/') ? 'Try an API' : 'Application'), {
      gatewayUrl: options.gatewayUrl(),
      apis: options.apis(),
      developer: options.developer,
    });
  };
  for (const path of ['/', '/login', '/my-apps', '/application/create', '/application/:id', '/apis', '/spec/:id'])
    router.get(path, page);
  router.get('/favicon.ico', (ctx) => {
    ctx.status = 204;
  });
  return router;
}
