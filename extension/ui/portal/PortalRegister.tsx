import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { hintFromStrategy } from '../../core/idp-hint';
import type { PortalStrategy, PortalVersion } from '../../core/portal';
import type { ProfileView } from '../../core/service';
import { send } from '../../messaging/client';
import { useChoice } from '../choice';
import { useUiEnvironment } from '../environment';
import { LinkProfile, linkableProfiles, useLink } from '../parts/LinkProfile';
import { ShownOnce } from '../parts/ShownOnce';

const DEFAULT_PORTAL_URL = 'http://127.0.0.1:4401';

/**
 * Register through a portal with the developer's own session (log in to the portal in a tab first): the secret the
 * portal shows once comes straight into the extension, linked to the IdP profile the strategy's tokens come from.
 */
export function PortalRegister({
  profiles,
  onChange,
  defaultUrl,
}: {
  profiles: ProfileView[];
  onChange: (profiles: ProfileView[]) => void;
  /** The portal the connected harness names. */
  defaultUrl?: string;
}) {
  const uid = useId();
  const { requestOrigin } = useUiEnvironment();
  const [portalUrl, setPortalUrl] = useState(defaultUrl ?? DEFAULT_PORTAL_URL);
  // The panel stays mounted: a harness connected later moves the address, until the user has typed one.
  const edited = useRef(false);
  useEffect(() => {
    if (defaultUrl && !edited.current) setPortalUrl(defaultUrl);
  }, [defaultUrl]);
  const [version, setVersion] = useState<PortalVersion>('v3');
  const [strategies, setStrategies] = useState<PortalStrategy[]>([]);
  const [strategyId, setStrategyId] = useChoice(strategies.map((s) => s.id));
  const strategy = strategies.find((s) => s.id === strategyId);
  const link = useLink(profiles, hintFromStrategy(strategy?.name));
  const linkable = linkableProfiles(profiles);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string; secret?: string; login?: string } | undefined>();

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
      const text = (e as Error).message;
      // Not logged in: the way out is the portal's login page, in a tab.
      const login = /not logged in/.test(text) ? `${new URL(portalUrl).origin}/login` : undefined;
      setMessage({ kind: 'error', text, ...(login && { login }) });
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
    if (link.blocked) {
      setMessage({ kind: 'error', text: 'Choose the IdP profile the strategy names, or tick "anyway" to link another.' });
      (event.target as HTMLFormElement).querySelector<HTMLInputElement>('[data-testid="portal-link-anyway"]')?.focus();
      return;
    }
    return guarded(async () => {
      const reply = await send('portal:register', { portalUrl, version, strategyId, name, linkTo: link.value });
      onChange(reply.profiles);
      setName('');
      setMessage({ kind: 'ok', text: `Created application; client ${reply.clientId}.`, secret: reply.clientSecret });
    });
  };

  return (
    <section class="card" data-testid="portal-register" aria-labelledby="heading-portal">
      <h2 id="heading-portal" data-panel-heading tabIndex={-1}>
        Register through a developer portal
      </h2>
      <p class="muted small">
        Log in to the portal in a tab first: dcr-kit creates the application with your portal session and keeps the secret the
        portal shows once.
      </p>
      {linkable.length === 0 && (
        <p class="muted small" data-testid="portal-no-profiles">
          Connect to a harness or add an IdP profile first (Profiles): the application's tokens come from one.
        </p>
      )}
      <form onSubmit={create}>
        <label for={`${uid}-url`}>Portal</label>
        <div class="row">
          <input
            id={`${uid}-url`}
            data-testid="portal-url"
            value={portalUrl}
            onInput={(e) => {
              edited.current = true;
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
            <LinkProfile id={`${uid}-link`} testId="portal-link" profiles={profiles} link={link} />
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
            {message.login && (
              <p>
                <a href={message.login} target="_blank" rel="noreferrer" data-testid="portal-login-link">
                  Log in to the portal
                </a>{' '}
                (a new tab), then try again.
              </p>
            )}
            {message.secret && <ShownOnce secret={message.secret} testId="portal-secret" />}
          </div>
        )}
      </form>
    </section>
  );
}
