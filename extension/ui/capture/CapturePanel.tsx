import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { CaptureView, PickView, ProfileView } from '../../core/service';
import { send } from '../../messaging/client';
import { useUiEnvironment } from '../environment';
import { CaptureItem } from './CaptureItem';

/**
 * Capture credentials a portal shows once: opt in per origin, then make a profile of what was saved (proposed from
 * the page, or taken from an IdP profile). Available before any profile exists: keeping the credentials of an app
 * just created on a portal is often the first thing a developer does.
 */
export function CapturePanel({
  profiles,
  onChange,
  defaultOrigin,
  onCount,
}: {
  profiles: ProfileView[];
  onChange: (profiles: ProfileView[]) => void;
  /** The portal the connected harness names. */
  defaultOrigin?: string;
  /** How many captures wait (for the tab's count). */
  onCount?: (count: number) => void;
}) {
  const uid = useId();
  const { requestOrigin } = useUiEnvironment();
  const [origin, setOrigin] = useState(defaultOrigin ? new URL(defaultOrigin).origin : 'http://127.0.0.1:4401');
  const [origins, setOrigins] = useState<string[]>([]);
  const [captures, setCaptures] = useState<CaptureView[]>([]);
  const [picks, setPicks] = useState<PickView[]>([]);
  // Busy until the first list arrives: "no captures" is not said (nor read out) before the background answered.
  const [listed, setListed] = useState(false);
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
        onCount?.(r.captures.length);
        setPicks(r.picks);
        setListed(true);
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
  const link = async (captureId: string, linkTo: string) => {
    try {
      const reply = await send('capture:link', { captureId, linkTo });
      lists.current++;
      onChange(reply.profiles);
      setCaptures(reply.captures);
      onCount?.(reply.captures.length);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section class="card" data-testid="capture-panel" aria-labelledby="heading-capture" aria-busy={listed ? undefined : 'true'}>
      <h2 id="heading-capture" data-panel-heading tabIndex={-1}>
        Capture credentials on a portal
        {captures.length > 0 && <span data-testid="capture-count"> ({captures.length} saved)</span>}
      </h2>
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
        <ul data-testid="captures" class="captures">
          {captures.map((c) => (
            <CaptureItem
              key={c.id}
              capture={c}
              profiles={profiles}
              onLink={link}
              onCreated={(p) => {
                onChange(p);
                void refresh();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
