import { useId, useState } from 'preact/hooks';
import type { InjectionScope } from '../../core/injection-rules';
import { send } from '../../messaging/client';

/** Header injection: the profile's bearer token added by the browser to requests to the API's origin. */
export function Injection({
  profileId,
  url,
  injections,
  setInjections,
  busy,
  guarded,
}: {
  profileId: string;
  url: string;
  injections: Record<string, InjectionScope>;
  setInjections: (injections: Record<string, InjectionScope>) => void;
  busy: boolean;
  guarded: (action: () => Promise<void>, target: string, also?: string) => void;
}) {
  const uid = useId();
  // Whose pages may use the injected header (blank: pages on the API's own host, like the harness portal).
  const [pageOrigin, setPageOrigin] = useState('');
  const injecting = injections[profileId];
  const trimmed = pageOrigin.trim();
  const pages = trimmed && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? `https://${trimmed}` : trimmed;
  const toggle = () =>
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
    <div class="console-inject">
      <button
        type="button"
        class="secondary"
        data-testid="console-inject"
        aria-pressed={Boolean(injecting)}
        onClick={toggle}
        disabled={busy || !profileId}
      >
        {injecting ? `Stop injecting into ${injecting.origin}` : 'Inject Authorization on this origin'}
      </button>
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
    </div>
  );
}
