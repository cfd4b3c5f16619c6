/**
 * The script that renders each portal route (run in the page after ui-dialogs.ts's openModal): login, my
 * applications, create, an application's page with its secret refresh and delete confirmation, the API list and
 * each API's try-it page. Markup hooks follow Kong/konnect-portal (see ui.ts); a browser extension and the e2e tests
 * find the pages by them, so their data-testid values and classes do not change.
 */
export const SCRIPT = `
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
const notFound = (title, text) => main.replaceChildren(el('<section class="card"><h1>' + esc(title) + '</h1><p class="error">' + esc(text) + '</p><p><a href="/my-apps">My applications</a> · <a href="/apis">APIs</a></p></section>'));
const problem = (r) => r.json && r.json.detail ? r.json.detail + (r.json.invalid_parameters && r.json.invalid_parameters.length ? ': ' + r.json.invalid_parameters.map((p) => p.field + ' ' + p.reason).join(', ') : '') : 'HTTP ' + r.status;

/**
 * The one-time credentials (Kong/konnect-portal ApplicationForm.vue's copy-secret modal). Escape does not close it:
 * the secret is shown only here, once, so leaving is the explicit Proceed (also what a browser extension's Save
 * button, added inside this dialog, relies on). Focus starts on the first Copy button, harmless if Enter is pressed.
 */
function secretModal(clientId, clientSecret, onProceed) {
  const modal = el('<dialog class="modal application-secret-modal" role="dialog" aria-modal="true" aria-labelledby="secret-title" aria-describedby="secret-note" data-testid="copy-secret-modal">'
    + '<h2 id="secret-title">Application credentials</h2><p id="secret-note">Store these values, they will only be shown once.</p>'
    + '<div class="secret-row"><strong>Client ID</strong><code data-testid="client-id-value">' + esc(clientId) + '</code><button class="secondary" data-testid="copy-client-id" aria-label="Copy Client ID">Copy</button></div>'
    + '<div class="secret-row"><strong>Client Secret</strong><code data-testid="client-secret-value">' + esc(clientSecret) + '</code><button class="secondary" data-testid="copy-client-secret" aria-label="Copy Client Secret">Copy</button></div>'
    + '<p><button data-testid="close-application-secret-modal">Proceed</button></p></dialog>');
  modal.querySelector('[data-testid=copy-client-id]').onclick = () => navigator.clipboard?.writeText(clientId).catch(() => {});
  modal.querySelector('[data-testid=copy-client-secret]').onclick = () => navigator.clipboard?.writeText(clientSecret).catch(() => {});
  const close = openModal(modal, { initial: modal.querySelector('[data-testid=copy-client-id]'), escape: false, onClose: onProceed });
  modal.querySelector('[data-testid=close-application-secret-modal]').onclick = close;
}

const pages = {
  async login() {
    main.replaceChildren(el('<form class="card" data-testid="login-form" aria-labelledby="login-title"><h1 id="login-title">Log in</h1>'
      + '<label for="email">Email</label><input id="email" type="email" autocomplete="username" data-testid="login-email" required>'
      + '<label for="password">Password</label><input id="password" type="password" autocomplete="current-password" data-testid="login-password" required>'
      + '<p class="error" role="alert" data-testid="login-error"></p><p><button type="submit" data-testid="login-submit">Log in</button></p>'
      + '<p class="muted">Demo developer: <code>' + esc(config.developer) + '</code></p></form>'));
    main.querySelector('form').onsubmit = async (e) => {
      e.preventDefault();
      const r = await api('POST', '/api/v3/developer/authenticate', { username: main.querySelector('#email').value, password: main.querySelector('#password').value });
      if (r.status === 204) location.assign('/my-apps'); else main.querySelector('[data-testid=login-error]').textContent = problem(r);
    };
  },
  async myApps() {
    const r = await api('GET', '/api/v3/applications?page[size]=100');
    const rows = r.json.data.map((a) => '<tr data-testid="application-row"><th scope="row"><a href="/application/' + esc(a.id) + '">' + esc(a.name) + '</a></th><td><code>' + esc(a.client_id) + '</code></td><td>' + esc(a.auth_strategy && a.auth_strategy.name) + '</td></tr>').join('');
    main.replaceChildren(el('<section class="card"><h1>My applications</h1>'
      + (rows ? '<table><thead><tr><th scope="col">Name</th><th scope="col">Client ID</th><th scope="col">Auth strategy</th></tr></thead><tbody>' + rows + '</tbody></table>' : '<p class="muted" data-testid="no-applications">No applications yet.</p>')
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
      + '<p class="error" role="alert" data-testid="create-application-error"></p><p><button type="submit" data-testid="application-create-button">Create</button></p></form>');
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
    if (r.status !== 200) { notFound('Application not found', problem(r)); return; }
    const a = r.json;
    const card = el('<section class="card"><h1 data-testid="application-name">' + esc(a.name) + '</h1>'
      + '<p>Client ID: <code data-testid="application-client-id">' + esc(a.client_id) + '</code></p>'
      + '<p>Auth strategy: ' + esc(a.auth_strategy && a.auth_strategy.name) + ' <span class="muted">(' + esc((a.auth_strategy && a.auth_strategy.auth_methods || []).join(', ')) + ')</span></p>'
      + '<p>Scopes: ' + esc(a.scopes.join(' ') || '—') + '</p>'
      + '<p class="actions"><button data-testid="refresh-secret-button">Refresh secret</button> <button class="danger" data-testid="application-delete-button">Delete</button></p>'
      + '<p class="error" role="alert" data-testid="application-error"></p></section>');
    card.querySelector('[data-testid=refresh-secret-button]').onclick = async () => {
      const s = await api('POST', '/api/v2/applications/' + encodeURIComponent(id) + '/refresh-token');
      if (s.status === 201) secretModal(s.json.client_id, s.json.client_secret, () => {}); // focus returns here else card.querySelector('[data-testid=application-error]').textContent = problem(s);
    };
    // Escape and Cancel are safe here: nothing is deleted until Delete is pressed. Focus starts on Cancel.
    card.querySelector('[data-testid=application-delete-button]').onclick = () => {
      const modal = el('<dialog class="modal" role="dialog" aria-modal="true" aria-labelledby="delete-title" aria-describedby="delete-note" data-testid="application-delete-modal">'
        + '<h2 id="delete-title">Delete ' + esc(a.name) + '?</h2><p id="delete-note">Deletes the application <strong>' + esc(a.name) + '</strong> from this portal. Its client is removed from the identity provider.</p>'
        + '<p class="actions"><button class="danger" data-testid="application-delete-confirm-button">Delete</button> <button class="secondary" data-testid="application-delete-cancel-button">Cancel</button></p></dialog>');
      const cancel = modal.querySelector('[data-testid=application-delete-cancel-button]');
      const close = openModal(modal, { initial: cancel, escape: true });
      cancel.onclick = close;
      modal.querySelector('[data-testid=application-delete-confirm-button]').onclick = async (e) => {
        e.currentTarget.disabled = true;
        const d = await api('DELETE', '/api/v3/applications/' + encodeURIComponent(id));
        if (d.status === 204) location.assign('/my-apps'); else { close(); card.querySelector('[data-testid=application-error]').textContent = problem(d); }
      };
    };
    main.replaceChildren(card);
  },
  async apis() {
    main.replaceChildren(el('<section class="card"><h1>APIs</h1><ul>' + config.apis.map((a) => '<li><a href="/spec/' + esc(a.id) + '" data-testid="api-link">' + esc(a.name) + '</a> <span class="muted">(' + esc(a.vendor) + ')</span></li>').join('') + '</ul></section>'));
  },
  async spec(id) {
    const entry = config.apis.find((a) => a.id === id);
    if (!entry) { notFound('Unknown API', 'No API is published as "' + id + '".'); return; }
    const card = el('<section class="card"><h1>' + esc(entry.name) + '</h1><p class="muted">Echo API at <code>' + esc(config.gatewayUrl + '/' + id) + '</code></p>'
      + '<h2>Try it</h2><label for="path">Path</label><input id="path" value="/anything" data-testid="try-it-path">'
      + '<label for="authorization">Authorization header (optional)</label><input id="authorization" placeholder="Bearer eyJ…" data-testid="try-it-authorization">'
      + '<p class="actions"><button data-testid="try-it-button">Try it</button> <a href="/application/create">Register an application</a></p>'
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
  : Promise.resolve(notFound('Page not found', 'There is no page at ' + path + '.'));
route.catch((error) => { if (error.message !== 'unauthorized') main.replaceChildren(el('<section class="card"><h1>Something went wrong</h1><p class="error">' + esc(error.message) + '</p></section>')); });
if (path === '/login') document.querySelector('[data-testid=logout-button]').hidden = true;
document.querySelector('[data-testid=logout-button]').onclick = async () => { await fetch('/api/v3/developer/logout', { method: 'POST' }); location.assign('/login'); };
`;
