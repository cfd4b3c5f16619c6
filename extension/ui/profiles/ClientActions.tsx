import { useState } from 'preact/hooks';
import { vendors } from '../../../shared/vendors';
import { hostOf } from '../../core/host-patterns';
import type { RegistrationStyleId } from '../../core/profiles';
import type { ProfileView } from '../../core/service';
import { send } from '../../messaging/client';
import { useChoice } from '../choice';
import { useUiEnvironment } from '../environment';
import { ConfirmButton } from '../parts/Confirm';
import { ShownOnce } from '../parts/ShownOnce';

const STYLE_LABELS: Record<RegistrationStyleId, string> = {
  'auth0-management': 'Auth0 Management API',
  'okta-clients': 'Okta clients API (SSWS)',
  rfc7591: 'RFC 7591 registration',
  'graph-applications': 'Microsoft Graph',
  'konnect-http-bridge': 'Konnect HTTP DCR bridge',
};

type Notice = { kind: 'ok' | 'error'; text: string; secret?: string };

function NoticeView({ notice }: { notice: Notice | undefined }) {
  if (!notice) return null;
  return (
    <div
      class={notice.kind === 'error' ? 'error' : 'notice'}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="client-notice"
    >
      <p>{notice.text}</p>
      {notice.secret && <ShownOnce secret={notice.secret} testId="client-secret" />}
    </div>
  );
}

/** "Register a client" on a profile whose tenant offers a registration API. */
export function RegisterClient({ profile, onChange }: { profile: ProfileView; onChange: (profiles: ProfileView[]) => void }) {
  const { requestOrigin } = useUiEnvironment();
  const styles = profile.registrationStyles ?? [];
  const [name, setName] = useState('');
  const [style, setStyle] = useChoice(styles);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | undefined>();
  if (styles.length === 0 || !style) return null;

  const submit = async (event: Event) => {
    event.preventDefault();
    const permitted = requestOrigin(profile.baseUrl);
    setBusy(true);
    setNotice(undefined);
    try {
      if (!(await permitted)) throw new Error('Permission to reach the registration API was not granted.');
      const reply = await send('client:register', { profileId: profile.id, name, style });
      onChange(reply.profiles);
      setName('');
      setNotice({ kind: 'ok', text: `Registered client ${reply.clientId}.`, secret: reply.clientSecret });
    } catch (error) {
      setNotice({ kind: 'error', text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const id = `register-${profile.id.replace(/[^a-z0-9]+/gi, '-')}`;
  return (
    <form class="register" onSubmit={submit} aria-label={`Register a client at ${profile.name}`}>
      <label for={`${id}-name`}>Register a new client</label>
      <div class="row">
        <input
          id={`${id}-name`}
          data-testid="register-name"
          placeholder="Client name"
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
          required
        />
        {styles.length > 1 && (
          <select
            data-testid="register-method"
            aria-label="Registration API"
            value={style}
            onChange={(e) => setStyle((e.target as HTMLSelectElement).value as RegistrationStyleId)}
          >
            {styles.map((s) => (
              <option key={s} value={s}>
                {STYLE_LABELS[s]}
              </option>
            ))}
          </select>
        )}
        <button type="submit" data-testid="register-client" disabled={busy}>
          {busy ? 'Registering…' : 'Register'}
        </button>
      </div>
      <NoticeView notice={notice} />
    </form>
  );
}

/** Rotate the secret of, or delete, a client dcr-kit registered (at the IdP, or through a portal). */
export function RegisteredClientActions({
  profile,
  onChange,
}: {
  profile: ProfileView;
  onChange: (profiles: ProfileView[]) => void;
}) {
  const { requestOrigin } = useUiEnvironment();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | undefined>();
  const source = profile.source;
  if (source.kind !== 'registered' && source.kind !== 'portal') return null;
  const viaPortal = source.kind === 'portal';

  const run = async (action: () => Promise<Notice | undefined>) => {
    // Asked for inside the click: the portal's origin, or the IdP's.
    const permitted = requestOrigin(source.kind === 'portal' ? source.portalUrl : profile.baseUrl);
    setBusy(true);
    setNotice(undefined);
    try {
      if (!(await permitted)) throw new Error('Permission to reach the registration API was not granted.');
      setNotice(await action());
    } catch (error) {
      setNotice({ kind: 'error', text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const rotate = () =>
    run(async () => {
      const reply = viaPortal
        ? await send('portal:regenerate', { profileId: profile.id })
        : await send('client:rotate', { profileId: profile.id });
      onChange(reply.profiles);
      return { kind: 'ok', text: 'New secret issued; the old one no longer works.', secret: reply.clientSecret };
    });
  const remove = () =>
    run(async () => {
      const reply = viaPortal
        ? await send('portal:delete', { profileId: profile.id })
        : await send('client:delete', { profileId: profile.id });
      onChange(reply.profiles);
      return undefined;
    });

  return (
    <div>
      <p class="muted small">
        {source.kind === 'portal'
          ? `Created in the portal ${source.portalUrl} (API ${source.version})`
          : `Registered through ${STYLE_LABELS[source.style]}`}{' '}
        · client <code>{profile.clientId}</code>
      </p>
      <div class="row">
        <ConfirmButton
          label={viaPortal ? 'Regenerate secret' : 'Rotate secret'}
          testId="rotate-secret"
          disabled={busy}
          question={`${viaPortal ? 'Regenerate' : 'Rotate'} the secret of ${profile.clientId} ${
            source.kind === 'portal'
              ? `at the portal ${hostOf(source.portalUrl)}`
              : `at ${vendors[profile.vendor].displayName} (${hostOf(profile.baseUrl)})`
          }? The old secret stops working at once; dcr-kit keeps the new one.`}
          confirmLabel={viaPortal ? 'Regenerate' : 'Rotate'}
          onConfirm={rotate}
        />
        <ConfirmButton
          label={viaPortal ? 'Delete application' : 'Delete client'}
          testId="delete-client"
          disabled={busy}
          question={
            source.kind === 'portal'
              ? `Delete the application "${profile.name}" at the portal ${new URL(source.portalUrl).host}? The portal deletes it and its client at the IdP; its secret stops working. This cannot be undone.`
              : `Delete the client ${profile.clientId} at ${vendors[profile.vendor].displayName} (${hostOf(profile.baseUrl)})? The IdP forgets it and its secret stops working. This cannot be undone.`
          }
          confirmLabel={viaPortal ? 'Delete at the portal' : `Delete at ${vendors[profile.vendor].displayName}`}
          onConfirm={remove}
        />
      </div>
      <NoticeView notice={notice} />
    </div>
  );
}
