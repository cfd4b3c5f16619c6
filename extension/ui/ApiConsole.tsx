import { useEffect, useId, useState } from 'preact/hooks';
import type { ApiAnswer, ApiAuth, CookieFormat, CookieView } from '../core/api-console';
import type { InjectionScope } from '../core/injection-rules';
import type { ProfileView } from '../core/service';
import { send } from '../messaging/client';
import { useChoice } from './choice';
import { useUiEnvironment } from './environment';

const AUTH_LABELS: Record<ApiAuth, string> = {
  none: 'No credentials',
  client_credentials: 'Client credentials (Basic, base64)',
  bearer: 'Bearer token',
  session: 'Session cookie only',
};

/** Call an API (the Konnect gateway) with each auth method; see the session cookie it sets; inject the header. */
export function ApiConsole({ profiles }: { profiles: ProfileView[] }) {
  const uid = useId();
  const { requestOrigin } = useUiEnvironment();
  const [url, setUrl] = useState('http://127.0.0.1:4402/okta/anything');
  const [method, setMethod] = useState('GET');
  const [auth, setAuth] = useState<ApiAuth>('client_credentials');
  const [profileId, setProfileId] = useChoice(profiles.map((p) => p.id));
  const [answer, setAnswer] = useState<ApiAnswer | undefined>();
  // The cookies listed after the last Send, with the URL they were read for: Clear and Copy export act on that URL,
  // not on whatever is typed in the URL field by then.
  const [jar, setJar] = useState<{ url: string; cookies: CookieView[] }>({ url: '', cookies: [] });
  const { cookies } = jar;
  const [injections, setInjections] = useState<Record<string, InjectionScope>>({});
  // Whose pages may use the injected header (blank: pages on the API's own host, like the harness portal).
  const [pageOrigin, setPageOrigin] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    send('inject:list', {}).then(
      (r) => setInjections(r.injections),
      () => undefined,
    );
  }, []);

  const guarded = async (action: () => Promise<void>, target = url, also?: string) => {
    let permitted: Promise<boolean>;
    try {
      permitted = requestOrigin(target, ...(also ? [also] : []));
    } catch {
      setError('url: enter an absolute http(s) URL');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      if (!(await permitted)) throw new Error('Permission to reach that origin was not granted.');
      await action();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const sendRequest = () =>
    guarded(async () => {
      setAnswer(await send('api:call', { url, method, auth, profileId }));
      setJar({ url, cookies: (await send('cookies:list', { url, reveal: false })).cookies });
    });
  const [format, setFormat] = useState<CookieFormat>('json');
  const [reveal, setReveal] = useState(false);
  const [exported, setExported] = useState<string | undefined>();
  const exportCookies = () =>
    guarded(async () => {
      const { text } = await send('cookies:export', { url: jar.url, format, reveal });
      setExported(reveal ? '(copied to the clipboard: values included)' : text);
      await navigator.clipboard.writeText(text).catch(() => undefined);
    }, jar.url);
  const clear = (name: string) =>
    guarded(
      async () => setJar({ url: jar.url, cookies: (await send('cookies:clear', { url: jar.url, name })).cookies }),
      jar.url,
    );
  const injecting = injections[profileId];
  const pages =
    pageOrigin.trim() && !/^[a-z][a-z0-9+.-]*:\/\//i.test(pageOrigin.trim()) ? `https://${pageOrigin.trim()}` : pageOrigin.trim();
  const toggleInjection = () =>
    guarded(
      async () => {
        const reply = injecting
          ? await send('inject:stop', { profileId })
          : await send('inject:start', { profileId, origin: url, pageOrigin: pages });
        setInjections(reply.injections);
      },
      url,
      // The browser modifies a page's fetch only with access to the page's origin too: asked for in the same click.
      injecting ? undefined : pages || undefined,
    );

  return (
    <section class="card" aria-labelledby={`${uid}-title`} data-testid="api-console">
      <h2 id={`${uid}-title`}>API console</h2>
      <label for={`${uid}-url`}>URL</label>
      <input
        id={`${uid}-url`}
        data-testid="console-url"
        value={url}
        onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
      />
      <div class="row">
        <select
          aria-label="Method"
          data-testid="console-method"
          value={method}
          onChange={(e) => setMethod((e.target as HTMLSelectElement).value)}
        >
          {['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <select
          aria-label="Auth method"
          data-testid="console-auth"
          value={auth}
          onChange={(e) => setAuth((e.target as HTMLSelectElement).value as ApiAuth)}
        >
          {(Object.keys(AUTH_LABELS) as ApiAuth[]).map((a) => (
            <option key={a} value={a}>
              {AUTH_LABELS[a]}
            </option>
          ))}
        </select>
        <select
          aria-label="Profile"
          data-testid="console-profile"
          value={profileId}
          onChange={(e) => setProfileId((e.target as HTMLSelectElement).value)}
        >
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div class="row">
        <button type="button" data-testid="console-send" onClick={sendRequest} disabled={busy}>
          {busy ? 'Sending…' : 'Send'}
        </button>
        <button
          type="button"
          class="secondary"
          data-testid="console-inject"
          aria-pressed={Boolean(injecting)}
          onClick={toggleInjection}
          disabled={busy || !profileId}
        >
          {injecting ? `Stop injecting into ${injecting.origin}` : 'Inject Authorization on this origin'}
        </button>
      </div>
      {!injecting && (
        <>
          <label for={`${uid}-pages`}>Pages that may use the header (origin; blank: the API's own host)</label>
          <input
            id={`${uid}-pages`}
            data-testid="console-inject-pages"
            placeholder="e.g. https://portal.example.com"
            value={pageOrigin}
            onInput={(e) => setPageOrigin((e.target as HTMLInputElement).value)}
          />
        </>
      )}
      {injecting && (
        <p class="notice" role="status" data-testid="console-injecting">
          Header injection is on: fetch/XHR requests to {injecting.origin} started by pages on {injecting.pageHost} (any port) or
          by dcr-kit carry this profile's bearer token, and so do links and forms on {new URL(injecting.origin).hostname} that
          open it in the tab. Nothing other sites start, no frames, no typed URLs.
        </p>
      )}
      {error && (
        <p class="error" role="alert" data-testid="console-error">
          {error}
        </p>
      )}
      {answer && (
        <div data-testid="console-answer">
          <p>
            <strong data-testid="console-status">{answer.status}</strong> · {answer.timeMs} ms
            {answer.truncated && ' · body truncated'}
          </p>
          <details>
            <summary>Response headers</summary>
            <pre>{answer.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
          </details>
          <pre data-testid="console-body">{answer.body}</pre>
        </div>
      )}
      {cookies.length > 0 && (
        <div data-testid="console-cookies">
          <h3>Cookies for {new URL(jar.url).origin}</h3>
          <div class="row small">
            <select
              aria-label="Export format"
              data-testid="cookie-format"
              value={format}
              onChange={(e) => setFormat((e.target as HTMLSelectElement).value as CookieFormat)}
            >
              <option value="json">JSON</option>
              <option value="header">Cookie header</option>
              <option value="netscape">Netscape cookies.txt</option>
            </select>
            <label class="inline">
              <input
                type="checkbox"
                data-testid="cookie-reveal"
                checked={reveal}
                onChange={(e) => setReveal((e.target as HTMLInputElement).checked)}
              />{' '}
              Include values
            </label>
            <button type="button" class="secondary" data-testid="cookie-export" onClick={exportCookies} disabled={busy}>
              Copy export
            </button>
          </div>
          {exported !== undefined && <pre data-testid="cookie-exported">{exported}</pre>}
          <ul>
            {cookies.map((c) => (
              <li key={c.name} data-testid={`cookie-${c.name}`}>
                <code>{c.name}</code> · {c.httpOnly ? 'HttpOnly' : 'script-readable'} · SameSite={c.sameSite} ·{' '}
                {c.secure ? 'Secure' : 'not Secure'} ·{' '}
                {c.expirationDate === undefined
                  ? 'session cookie (no Expires)'
                  : `expires ${new Date(c.expirationDate * 1000).toISOString()}`}{' '}
                · <code>{c.value}</code>{' '}
                <button
                  type="button"
                  class="secondary"
                  data-testid={`clear-cookie-${c.name}`}
                  onClick={() => clear(c.name)}
                  disabled={busy}
                >
                  Clear
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
