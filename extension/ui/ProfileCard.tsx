import { useState } from 'preact/hooks';
import { vendors } from '../../shared/vendors';
import { endpointOf } from '../core/profiles';
import type { ProfileView } from '../core/service';
import { tokenEndpointUrl } from '../core/token-request';
import type { TokenError } from '../core/token-response';
import { send } from '../messaging/client';
import { RegisterClient, RegisteredClientActions } from './ClientActions';
import { useUiEnvironment } from './environment';
import { ProfileForm } from './ProfileForm';
import { TokenCard } from './TokenCard';

export function ProfileCard({ profile, onChange }: { profile: ProfileView; onChange: (profiles: ProfileView[]) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<TokenError | string | undefined>(profile.lastError);
  const [editing, setEditing] = useState(false);
  const { requestOrigin } = useUiEnvironment();
  const testId = profile.id.replace(/[^a-z0-9]+/gi, '-');

  const remove = async () => {
    try {
      onChange((await send('profile:remove', { profileId: profile.id })).profiles);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (editing) {
    return (
      <ProfileForm
        initial={profile}
        onSaved={(profiles) => {
          setEditing(false);
          onChange(profiles);
        }}
        onCancel={() => setEditing(false)}
      />
    );
  }

  const copySnippet = async (kind: 'curl' | 'fetch') => {
    try {
      const { text } = await send('snippet:get', { profileId: profile.id, kind });
      await navigator.clipboard.writeText(text);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  let endpointUrl: string | undefined;
  try {
    endpointUrl = tokenEndpointUrl(profile);
  } catch {
    endpointUrl = undefined;
  }

  const getToken = async () => {
    // Asked for inside the click (an origin already granted answers at once).
    const permitted = endpointUrl ? requestOrigin(endpointUrl) : Promise.resolve(false);
    setBusy(true);
    setError(undefined);
    try {
      if (!(await permitted)) {
        setError(
          endpointUrl
            ? 'Permission to reach the token endpoint was not granted.'
            : 'The profile is missing a field its token URL needs: edit it.',
        );
        return;
      }
      const { result, profiles } = await send('token:get', { profileId: profile.id });
      onChange(profiles);
      if (!result.ok) setError(result.error);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="card" data-testid={`profile-${testId}`} aria-label={profile.name}>
      <h2>{profile.name}</h2>
      <p class="muted">
        {vendors[profile.vendor].displayName} · <code>{endpointOf(profile).target.param}</code> ={' '}
        <code>{profile.target || '—'}</code>
      </p>
      <p class="muted small">
        POST <code>{endpointUrl ?? '(incomplete profile)'}</code> ·{' '}
        {profile.clientAuth === 'client_secret_basic' ? 'Basic auth' : 'secret in body'}
      </p>
      <div class="row">
        <button type="button" data-testid="get-token" onClick={getToken} disabled={busy || !profile.hasSecret}>
          {busy ? 'Requesting…' : profile.token ? 'Get a new token' : 'Get token'}
        </button>
        <button
          type="button"
          class="secondary"
          data-testid="copy-curl"
          onClick={() => copySnippet('curl')}
          disabled={!profile.hasSecret}
        >
          Copy curl
        </button>
        <button
          type="button"
          class="secondary"
          data-testid="copy-fetch"
          onClick={() => copySnippet('fetch')}
          disabled={!profile.hasSecret}
        >
          Copy fetch
        </button>
        {profile.source.kind === 'manual' && (
          <button type="button" class="secondary" data-testid="edit-profile" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        {profile.source.kind !== 'registered' && (
          <button type="button" class="secondary" data-testid="remove-profile" onClick={remove}>
            Remove
          </button>
        )}
      </div>
      {typeof error === 'string' && (
        <p class="error" role="alert" data-testid="token-error">
          {error}
        </p>
      )}
      {error && typeof error !== 'string' && (
        <div class="error-card" role="alert" data-testid="token-error">
          <p>
            <strong>HTTP {error.status}</strong> {error.error && <code>{error.error}</code>}
          </p>
          <p data-testid="token-error-explanation">{error.explanation}</p>
          {error.retryAfter !== undefined && <p>Retry after {error.retryAfter} s.</p>}
          <details>
            <summary>Raw response</summary>
            <pre>{error.raw}</pre>
          </details>
        </div>
      )}
      {profile.token && (
        <TokenCard token={profile.token} credentialClaim={vendors[profile.vendor].credentialClaim} profileId={profile.id} />
      )}
      <RegisteredClientActions profile={profile} onChange={onChange} />
      <RegisterClient profile={profile} onChange={onChange} />
    </article>
  );
}
