import { useId, useRef, useState } from 'preact/hooks';
import type { PortalStrategy, PortalVersion } from '../core/portal';
import type { ProfileView } from '../core/service';
import { send } from '../messaging/client';
import { useChoice } from './choice';
import { useUiEnvironment } from './environment';
import { LinkProfile, linkableProfiles } from './LinkProfile';

/**
 * Register through a portal with the developer's own session (log in to the portal in a tab first): the secret the
 * portal shows once comes straight into the extension, linked to the IdP profile the strategy's tokens come from.
 */
export function PortalRegister({ profiles, onChange }: { profiles: ProfileView[]; onChange: (profiles: ProfileView[]) => void }) {
  const uid = useId();
  const { requestOrigin } = useUiEnvironment();
  const [portalUrl, setPortalUrl] = useState('http://127.0.0.1:4401');
  const [version, setVersion] = useState<PortalVersion>('v3');
  const [strategies, setStrategies] = useState<PortalStrategy[]>([]);
  const [strategyId, setStrategyId] = useChoice(strategies.map((s) => s.id));
  const linkable = linkableProfiles(profiles);
  const [linkTo, setLinkTo] = useChoice(linkable.map((p) => p.id));
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string; secret?: string } | undefined>();

  const guarded = async (action: () => Promise<void>) => {
    let permitted: Promise<boolean>;
    try {
      permitted = requestOrigin(portalUrl);
    } catch {
      setMessage({ kind: 'error', text: 'portal URL: enter the portal origin' });
      return;
    }
    setBusy(true);
    setMessage(undefined);
    try {
      if (!(await permitted)) throw new Error('Permission to reach the portal was not granted.');
      await action();
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  // Strategies belong to one portal and API version: a change of either drops the loaded list (and any reply still
  // on its way for the old one), so an application is never created with a strategy from another list.
  const loading = useRef(0);
  const forget = () => {
    loading.current++;
    setStrategies([]);
  };
  const load = () => {
    // Taken at the click: a change while the permission prompt is open makes this load stale too.
    const ticket = ++loading.current;
    return guarded(async () => {
      const reply = await send('portal:strategies', { portalUrl, version });
      if (ticket !== loading.current) return;
      // Loading the same list again keeps the strategy the user chose (useChoice).
      setStrategies(reply.strategies);
    });
  };
  const create = (event: Event) => {
    event.preventDefault();
    return guarded(async () => {
      const reply = await send('portal:register', { portalUrl, version, strategyId, name, linkTo });
      onChange(reply.profiles);
      setName('');
      setMessage({ kind: 'ok', text: `Created application; client ${reply.clientId}.`, secret: reply.clientSecret });
    });
  };

  return (
    <details class="card" data-testid="portal-register">
      <summary>Register through a developer portal</summary>
      <form onSubmit={create}>
        <label for={`${uid}-url`}>Portal</label>
        <div class="row">
          <input
            id={`${uid}-url`}
            data-testid="portal-url"
            value={portalUrl}
            onInput={(e) => {
              setPortalUrl((e.target as HTMLInputElement).value);
              forget();
            }}
          />
          <select
            aria-label="Portal API version"
            data-testid="portal-version"
            value={version}
            onChange={(e) => {
              setVersion((e.target as HTMLSelectElement).value as PortalVersion);
              forget();
            }}
          >
            <option value="v3">API v3</option>
            <option value="v2">API v2 (classic)</option>
          </select>
          <button type="button" class="secondary" data-testid="portal-load" onClick={load} disabled={busy}>
            Load auth strategies
          </button>
        </div>
        {strategies.length > 0 && (
          <>
            <label for={`${uid}-strategy`}>Auth strategy</label>
            <select
              id={`${uid}-strategy`}
              data-testid="portal-strategy"
              value={strategyId}
              onChange={(e) => setStrategyId((e.target as HTMLSelectElement).value)}
            >
              {strategies.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <LinkProfile id={`${uid}-link`} testId="portal-link" profiles={profiles} value={linkTo} onChange={setLinkTo} />
            <label for={`${uid}-name`}>Application name</label>
            <div class="row">
              <input
                id={`${uid}-name`}
                data-testid="portal-app-name"
                value={name}
                onInput={(e) => setName((e.target as HTMLInputElement).value)}
                required
              />
              <button type="submit" data-testid="portal-create" disabled={busy}>
                Create application
              </button>
            </div>
          </>
        )}
        {message && (
          <div class={message.kind === 'error' ? 'error' : 'notice'} data-testid="portal-notice">
            <p role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p>
            {message.secret && (
              <p>
                Client secret (shown once by the portal; kept here for this browser session):{' '}
                <code data-testid="portal-secret">{message.secret}</code>
              </p>
            )}
          </div>
        )}
      </form>
    </details>
  );
}
