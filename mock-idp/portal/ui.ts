/**
 * The portal's pages: one HTML shell and a small script that renders each route. The hooks a browser extension
 * or a Cypress test looks for follow Kong's open-source classic portal (Kong/konnect-portal ApplicationForm.vue):
 * `application-name-input`, `application-auth-strategy-select`, `available-scopes-select`, `reference-id-input`,
 * the one-time secret modal `copy-secret-modal` (class `application-secret-modal`) with its "Client ID" and
 * "Client Secret" copy buttons and `close-application-secret-modal` ("Proceed"), and the delete hooks.
 */
import Router from '@koa/router';
import type { Context } from 'koa';

export interface PortalPageOptions {
  gatewayUrl: () => string;
  apis: () => { id: string; name: string; vendor: string }[];
}

const STYLE = `
:root { color-scheme: light dark; --bg:#f7f7f9; --fg:#1d1d27; --muted:#5c5f73; --card:#fff; --line:#dcdde5; --accent:#1155cb; --danger:#b3261e; }
@media (prefers-color-scheme: dark) { :root { --bg:#14151b; --fg:#ececf1; --muted:#a2a5b8; --card:#1d1f27; --line:#33364a; --accent:#7aa7ff; --danger:#ff8a80; } }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, sans-serif; background:var(--bg); color:var(--fg); }
header { display:flex; gap:1rem; align-items:center; padding:.75rem 1.5rem; background:var(--card); border-bottom:1px solid var(--line); }
header strong { margin-right:auto; }
header a, main a { color:var(--accent); }
main { max-width:880px; margin:2rem auto; padding:0 1.5rem; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:1.25rem 1.5rem; margin-bottom:1rem; }
label { display:block; font-weight:600; margin:.75rem 0 .25rem; }
input, select, textarea { width:100%; padding:.5rem .6rem; border:1px solid var(--line); border-radius:6px; background:var(--bg); color:var(--fg); font:inherit; }
button { font:inherit; padding:.5rem 1rem; border-radius:6px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; }
button.secondary { background:transparent; color:var(--accent); }
button.danger { background:var(--danger); border-color:var(--danger); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible { outline:3px solid var(--accent); outline-offset:2px; }
table { width:100%; border-collapse:collapse; } td, th { text-align:left; padding:.5rem; border-bottom:1px solid var(--line); }
code, pre { font:13px/1.4 ui-monospace, monospace; } pre { white-space:pre-wrap; word-break:break-all; background:var(--bg); padding:.75rem; border-radius:6px; }
.error { color:var(--danger); } .muted { color:var(--muted); }
.modal-backdrop { position:fixed; inset:0; background:rgb(0 0 0 / .45); display:flex; align-items:center; justify-content:center; }
.modal { background:var(--card); border-radius:10px; padding:1.5rem; width:min(560px, 92vw); }
.secret-row { display:flex; gap:.5rem; align-items:center; margin:.5rem 0; } .secret-row code { flex:1; overflow-wrap:anywhere; }
`;

const SCRIPT = `
const config = JSON.parse(document.getElementById('portal-config').textContent);
const main = document.querySelector('main');
const el = (html) => { const t = document.createElement('template'); t.innerHTML = html.trim(); return t.content.firstElementChild; };
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
async function api(method, path, body) {
  const res = await fetch(path, { method, credentials: 'same-origin', headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  let json = null; try { json = text ? JSON.parse(text) : null; } catch {}
  if (res.status === 401 && !path.endsWith('/authenticate')) { location.assign('/login'); throw new Error('unauthorized'); }
  return { status: res.status, json };
}
const problem = (r) => r.json && r.json.detail ? r.json.detail + (r.json.invalid_parameters && r.json.invalid_parameters.length ? ': ' + r.json.invalid_parameters.map((p) => p.field + ' ' + p.reason).join(', ') : '') : 'HTTP ' + r.status;

function secretModal(clientId, clientSecret, onProceed) {
  const modal = el('<div class="modal-backdrop"><div class="modal application-secret-modal" role="dialog" aria-modal="true" aria-labelledby="secret-title" data-testid="copy-secret-modal">'
    + '<h2 id="secret-title">Application credentials</h2><p>Store these values, they will only be shown once.</p>'
    + '<div class="secret-row"><strong>Client ID</strong><code data-testid="client-id-value">' + esc(clientId) + '</code><button class="secondary" data-testid="copy-client-id" aria-label="Copy Client ID">Copy</button></div>'
    + '<div class="secret-row"><strong>Client Secret</strong><code data-testid="client-secret-value">' + esc(clientSecret) + '</code><button class="secondary" data-testid="copy-client-secret" aria-label="Copy Client Secret">Copy</button></div>'
    + '<p><button data-testid="close-application-secret-modal">Proceed</button></p></div></div>');
  modal.querySelector('[data-testid=copy-client-id]').onclick = () => navigator.clipboard?.writeText(clientId);
  modal.querySelector('[data-testid=copy-client-secret]').onclick = () => navigator.clipboard?.writeText(clientSecret);
  modal.querySelector('[data-testid=close-application-secret-modal]').onclick = () => { modal.remove(); onProceed(); };
  document.body.append(modal);
  modal.querySelector('[data-testid=close-application-secret-modal]').focus();
}

const pages = {
  async login() {
    main.replaceChildren(el('<form class="card" data-testid="login-form" aria-labelledby="login-title"><h1 id="login-title">Log in</h1>'
      + '<label for="email">Email</label><input id="email" type="email" autocomplete="username" data-testid="login-email" required>'
      + '<label for="password">Password</label><input id="password" type="password" autocomplete="current-password" data-testid="login-password" required>'
      + '<p class="error" role="alert" data-testid="login-error"></p><button type="submit" data-testid="login-submit">Log in</button>'
      + '<p class="muted">Demo developer: <code>' + esc(config.developer) + '</code></p></form>'));
    main.querySelector('form').onsubmit = async (e) => {
      e.preventDefault();
      const r = await api('POST', '/api/v3/developer/authenticate', { username: main.querySelector('#email').value, password: main.querySelector('#password').value });
      if (r.status === 204) location.assign('/my-apps'); else main.querySelector('[data-testid=login-error]').textContent = problem(r);
    };
  },
  async myApps() {
    const r = await api('GET', '/api/v3/applications?page[size]=100');
    const rows = r.json.data.map((a) => '<tr data-testid="application-row"><td><a href="/application/' + esc(a.id) + '">' + esc(a.name) + '</a></td><td><code>' + esc(a.client_id) + '</code></td><td>' + esc(a.auth_strategy && a.auth_strategy.name) + '</td></tr>').join('');
    main.replaceChildren(el('<section class="card"><h1>My applications</h1>'
      + (rows ? '<table><thead><tr><th>Name</th><th>Client ID</th><th>Auth strategy</th></tr></thead><tbody>' + rows + '</tbody></table>' : '<p class="muted" data-testid="no-applications">No applications yet.</p>')
      + '<p><a href="/application/create" data-testid="create-application-button">New application</a></p></section>'));
  },
  async create() {
    const strategies = (await api('GET', '/api/v2/applications/auth-strategies')).json.data;
    const form = el('<form class="card" aria-labelledby="create-title"><h1 id="create-title">Create an application</h1>'
      + '<label for="applicationName">Name</label><input id="applicationName" data-testid="application-name-input" required maxlength="255">'
      + '<label for="authStrat">Auth strategy</label><select id="authStrat" data-testid="application-auth-strategy-select">'
      + strategies.map((s) => '<option value="' + esc(s.id) + '">' + esc(s.name) + '</option>').join('') + '</select>'
      + '<label for="scopes">Scopes</label><select id="scopes" multiple data-testid="available-scopes-select"></select>'
      + '<label for="referenceId">Reference ID</label><input id="referenceId" data-testid="reference-id-input">'
      + '<label for="description">Description</label><textarea id="description" data-testid="application-description-input"></textarea>'
      + '<p class="error" role="alert" data-testid="create-application-error"></p><button type="submit" data-testid="application-create-button">Create</button></form>');
    const select = form.querySelector('#authStrat');
    const fillScopes = () => {
      const s = strategies.find((x) => x.id === select.value);
      form.querySelector('#scopes').innerHTML = (s ? s.available_scopes : []).map((v) => '<option>' + esc(v) + '</option>').join('');
    };
    select.onchange = fillScopes; fillScopes();
    const wanted = new URLSearchParams(location.search).get('auth_strategy_id'); if (wanted) { select.value = wanted; fillScopes(); }
    form.onsubmit = async (e) => {
      e.preventDefault();
      const body = { name: form.querySelector('#applicationName').value, auth_strategy_id: select.value, scopes: [...form.querySelector('#scopes').selectedOptions].map((o) => o.value) };
      const ref = form.querySelector('#referenceId').value; if (ref) body.reference_id = ref;
      const description = form.querySelector('#description').value; if (description) body.description = description;
      form.querySelector('button[type=submit]').disabled = true;
      const r = await api('POST', '/api/v2/applications', body);
      form.querySelector('button[type=submit]').disabled = false;
      if (r.status !== 201) { form.querySelector('[data-testid=create-application-error]').textContent = problem(r); return; }
      secretModal(r.json.credentials.client_id, r.json.credentials.client_secret, () => location.assign('/application/' + r.json.id));
    };
    main.replaceChildren(form);
    form.querySelector('#applicationName').focus();
  },
  async detail(id) {
    const r = await api('GET', '/api/v3/applications/' + encodeURIComponent(id));
    if (r.status !== 200) { main.replaceChildren(el('<p class="error">' + esc(problem(r)) + '</p>')); return; }
    const a = r.json;
    const card = el('<section class="card"><h1 data-testid="application-name">' + esc(a.name) + '</h1>'
      + '<p>Client ID: <code data-testid="application-client-id">' + esc(a.client_id) + '</code></p>'
      + '<p>Auth strategy: ' + esc(a.auth_strategy && a.auth_strategy.name) + ' <span class="muted">(' + esc((a.auth_strategy && a.auth_strategy.auth_methods || []).join(', ')) + ')</span></p>'
      + '<p>Scopes: ' + esc(a.scopes.join(' ') || '—') + '</p>'
      + '<p><button data-testid="refresh-secret-button">Refresh secret</button> <button class="danger" data-testid="application-delete-button">Delete</button></p>'
      + '<p class="error" role="alert" data-testid="application-error"></p></section>');
    card.querySelector('[data-testid=refresh-secret-button]').onclick = async () => {
      const s = await api('POST', '/api/v2/applications/' + encodeURIComponent(id) + '/refresh-token');
      if (s.status === 201) secretModal(s.json.client_id, s.json.client_secret, () => {}); else card.querySelector('[data-testid=application-error]').textContent = problem(s);
    };
    card.querySelector('[data-testid=application-delete-button]').onclick = () => {
      const modal = el('<div class="modal-backdrop"><div class="modal" role="dialog" aria-modal="true" data-testid="application-delete-modal"><p>Delete <strong>' + esc(a.name) + '</strong>? Its client is removed from the identity provider.</p>'
        + '<p><button class="danger" data-testid="application-delete-confirm-button">Delete</button> <button class="secondary" data-testid="application-delete-cancel-button">Cancel</button></p></div></div>');
      modal.querySelector('[data-testid=application-delete-cancel-button]').onclick = () => modal.remove();
      modal.querySelector('[data-testid=application-delete-confirm-button]').onclick = async () => {
        const d = await api('DELETE', '/api/v3/applications/' + encodeURIComponent(id));
        if (d.status === 204) location.assign('/my-apps'); else { modal.remove(); card.querySelector('[data-testid=application-error]').textContent = problem(d); }
      };
      document.body.append(modal);
      modal.querySelector('[data-testid=application-delete-cancel-button]').focus();
    };
    main.replaceChildren(card);
  },
  async apis() {
    main.replaceChildren(el('<section class="card"><h1>APIs</h1><ul>' + config.apis.map((a) => '<li><a href="/spec/' + esc(a.id) + '" data-testid="api-link">' + esc(a.name) + '</a> <span class="muted">(' + esc(a.vendor) + ')</span></li>').join('') + '</ul></section>'));
  },
  async spec(id) {
    const entry = config.apis.find((a) => a.id === id);
    if (!entry) { main.replaceChildren(el('<p class="error">Unknown API</p>')); return; }
    const card = el('<section class="card"><h1>' + esc(entry.name) + '</h1><p class="muted">Echo API at <code>' + esc(config.gatewayUrl + '/' + id) + '</code></p>'
      + '<h2>Try it</h2><label for="path">Path</label><input id="path" value="/anything" data-testid="try-it-path">'
      + '<label for="authorization">Authorization header (optional)</label><input id="authorization" placeholder="Bearer eyJ…" data-testid="try-it-authorization">'
      + '<p><button data-testid="try-it-button">Try it</button> <a href="/application/create">Register an application</a></p>'
      + '<p>Status: <strong data-testid="try-it-status">—</strong></p><pre data-testid="try-it-response" aria-live="polite"></pre></section>');
    card.querySelector('[data-testid=try-it-button]').onclick = async () => {
      const headers = {}; const auth = card.querySelector('#authorization').value.trim(); if (auth) headers.authorization = auth;
      const status = card.querySelector('[data-testid=try-it-status]'); const out = card.querySelector('[data-testid=try-it-response]');
      status.textContent = '…';
      try {
        const res = await fetch(config.gatewayUrl + '/' + id + card.querySelector('#path').value, { credentials: 'include', headers });
        status.textContent = String(res.status); out.textContent = await res.text();
      } catch (error) { status.textContent = 'network error'; out.textContent = String(error); }
    };
    main.replaceChildren(card);
  },
};

const path = location.pathname;
const route = path === '/login' ? pages.login()
  : path === '/' || path === '/my-apps' ? pages.myApps()
  : path === '/application/create' ? pages.create()
  : path.startsWith('/application/') ? pages.detail(decodeURIComponent(path.slice('/application/'.length)))
  : path === '/apis' ? pages.apis()
  : path.startsWith('/spec/') ? pages.spec(decodeURIComponent(path.slice('/spec/'.length)))
  : Promise.resolve(main.replaceChildren(el('<p>Not found. <a href="/my-apps">My applications</a></p>')));
route.catch((error) => { if (error.message !== 'unauthorized') main.replaceChildren(el('<p class="error">' + esc(error.message) + '</p>')); });
document.querySelector('[data-testid=logout-button]').onclick = async () => { await fetch('/api/v3/developer/logout', { method: 'POST' }); location.assign('/login'); };
`;

function shell(title: string, config: unknown): string {
  // `<` is escaped so the JSON cannot close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | dcr-kit developer portal</title><style>${STYLE}</style></head><body>
<header><strong>dcr-kit developer portal</strong><a href="/apis">APIs</a><a href="/my-apps">My applications</a><button class="secondary" data-testid="logout-button">Log out</button></header>
<main><p class="muted">Loading…</p></main>
<script type="application/json" id="portal-config">${json}</script><script>${SCRIPT}</script></body></html>`;
}

const TITLES: Record<string, string> = {
  '/login': 'Log in',
  '/my-apps': 'My applications',
  '/application/create': 'Create application',
  '/apis': 'APIs',
};

export function portalPages(options: PortalPageOptions & { developer: string }): Router {
  const router = new Router();
  const page = (ctx: Context) => {
    ctx.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY' });
    ctx.body = shell(TITLES[ctx.path] ?? 'Application', {
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
