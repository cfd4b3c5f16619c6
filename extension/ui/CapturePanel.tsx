import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { CaptureView, PickView, ProfileView } from '../core/service';
import { send } from '../messaging/client';
import { CaptureItem } from './CaptureItem';
import { useChoice } from './choice';
import { useUiEnvironment } from './environment';
import { LinkProfile, linkableProfiles } from './LinkProfile';

/**
 * Capture credentials a portal shows once: opt in per origin, then make a profile of what was saved (proposed from
 * the page, or taken from an IdP profile). Available before any profile exists: keeping the credentials of an app
 * just created on a portal is often the first thing a developer does.
 */
export function CapturePanel({ profiles, onChange }: { profiles: ProfileView[]; onChange: (profiles: ProfileView[]) => void }) {
  const uid = useId();
  const { requestOrigin } = useUiEnvironment();
  const [origin, setOrigin] = useState('http://127.0.0.1:4401');
  const [origins, setOrigins] = useState<string[]>([]);
  const [captures, setCaptures] = useState<CaptureView[]>([]);
  const [picks, setPicks] = useState<PickView[]>([]);
  const linkable = linkableProfiles(profiles);
  const [linkTo, setLinkTo] = useChoice(linkable.map((p) => p.id));
  const [error, setError] = useState<string | undefined>();
  const [recognised, setRecognised] = useState<string | undefined>();

  // Every reply that sets the lists takes a number; a list asked for earlier never overwrites a newer answer (an
  // origin just enabled, a capture just linked). The origin field has its own: a probe answers for one origin.
  const lists = useRef(0);
  const probes = useRef(0);
  const refresh = () => {
    const ticket = ++lists.current;
    return send('capture:list', {}).then(
      (r) => {
        if (ticket !== lists.current) return;
        setOrigins(r.origins);
        setCaptures(r.captures);
        setPicks(r.picks);
      },
      (e: Error) => setError(e.message),
    );
  };
  useEffect(() => {
    void refresh();
  }, []);

  const enable = async () => {
    const probe = ++probes.current;
    setError(undefined);
    let permitted: Promise<boolean>;
    try {
      permitted = requestOrigin(origin);
    } catch {
      setError('origin: enter the portal origin, e.g. https://portal.example.com');
      return;
    }
    try {
      if (!(await permitted)) throw new Error('Permission for that origin was not granted.');
      const enabled = await send('capture:enable', { origin });
      lists.current++;
      setOrigins(enabled.origins);
      const found = await send('portal:probe', { origin });
      if (probe !== probes.current) return;
      setRecognised(
        found.kind === 'unknown'
          ? 'Not a Konnect portal API here: generic detection of "Client ID" / "Client Secret" displays only.'
          : `Konnect portal (${found.kind === 'konnect-v3' ? 'Dev Portal API v3' : 'classic API v2'})${found.name ? `: ${found.name}` : ''}.`,
      );
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const disable = async (o: string) => {
    const reply = await send('capture:disable', { origin: o });
    lists.current++;
    setOrigins(reply.origins);
  };
  const link = async (captureId: string) => {
    try {
      const reply = await send('capture:link', { captureId, linkTo });
      lists.current++;
      onChange(reply.profiles);
      setCaptures(reply.captures);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <details class="card" data-testid="capture-panel" onToggle={() => void refresh()}>
      <summary>
        Capture credentials on a portal
        {captures.length > 0 && <span data-testid="capture-count"> ({captures.length} saved)</span>}
      </summary>
      <p class="muted small">
        On an origin you enable, dcr-kit watches for a client id and secret shown once (Kong's copy-secret modal or any "Client
        ID" / "Client Secret" display) and offers a "Save to dcr-kit" button. Nothing is saved without your click.
      </p>
      <label for={`${uid}-origin`}>Origin</label>
      <div class="row">
        <input
          id={`${uid}-origin`}
          data-testid="capture-origin"
          value={origin}
          onInput={(e) => {
            setOrigin((e.target as HTMLInputElement).value);
            // What was recognised belongs to the origin that was typed before.
            probes.current++;
            setRecognised(undefined);
          }}
        />
        <button type="button" data-testid="capture-enable" onClick={enable}>
          Capture on this origin
        </button>
      </div>
      {recognised && (
        <p class="muted small" role="status" data-testid="portal-recognised">
          {recognised}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul data-testid="capture-origins">
        {origins.map((o) => (
          <li key={o}>
            <code>{o}</code>{' '}
            <button type="button" class="secondary" onClick={() => disable(o)}>
              Stop
            </button>
          </li>
        ))}
      </ul>
      {picks.length > 0 && (
        <ul data-testid="capture-picks" class="small">
          {picks.map((p) => (
            <li key={p.origin}>
              Picked on {p.origin}: {p.clientId ? <code>{p.clientId}</code> : 'no client ID yet'},{' '}
              {p.hasSecret ? 'a secret' : 'no secret yet'}
            </li>
          ))}
        </ul>
      )}
      {captures.length > 0 && (
        <>
          {linkable.length > 0 && (
            <LinkProfile id={`${uid}-link`} testId="capture-link" profiles={profiles} value={linkTo} onChange={setLinkTo} />
          )}
          <ul data-testid="captures">
            {captures.map((c) => (
              <CaptureItem
                key={c.id}
                capture={c}
                {...(linkable.length > 0 && linkTo && { linkTo })}
                onLink={link}
                onCreated={(p) => {
                  onChange(p);
                  void refresh();
                }}
              />
            ))}
          </ul>
        </>
      )}
    </details>
  );
}
