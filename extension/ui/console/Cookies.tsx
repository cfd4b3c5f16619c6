import { useState } from 'preact/hooks';
import type { CookieFormat, CookieView } from '../../core/api-console';
import { send } from '../../messaging/client';

export interface Jar {
  /** The URL the cookies were read for (after the last Send): Clear and Copy export act on it, not on the URL field. */
  url: string;
  cookies: CookieView[];
}

/** The cookies the API set, values masked unless asked for; export in three formats; clear one. */
export function Cookies({
  jar,
  setJar,
  busy,
  guarded,
}: {
  jar: Jar;
  setJar: (jar: Jar) => void;
  busy: boolean;
  guarded: (action: () => Promise<void>, target: string) => void;
}) {
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
  if (jar.cookies.length === 0) return null;
  return (
    <div class="console-cookies" data-testid="console-cookies">
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
        {jar.cookies.map((c) => (
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
              aria-label={`Clear cookie ${c.name}`}
              onClick={() => clear(c.name)}
              disabled={busy}
            >
              Clear
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
