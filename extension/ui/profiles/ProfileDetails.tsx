import { useState } from 'preact/hooks';
import { vendors } from '../../../shared/vendors';
import { endpointOf } from '../../core/profiles';
import type { ProfileView } from '../../core/service';
import { tokenEndpointUrl } from '../../core/token-request';
import { send } from '../../messaging/client';
import { ConfirmButton } from '../parts/Confirm';
import { CopyButton } from '../parts/CopyButton';
import { messageProblem, Problem, type ProblemView } from '../parts/Problem';
import { RegisterClient, RegisteredClientActions } from './ClientActions';
import { ProfileForm } from './ProfileForm';
import { TokenCard } from './TokenCard';

const SOURCES: Record<ProfileView['source']['kind'], string> = {
  manual: 'typed in here',
  harness: 'imported from a harness',
  registered: 'registered by dcr-kit',
  portal: 'created through a portal',
  captured: 'captured on a page',
};

/** A profile's details, opened from its row: the request, snippets, the token, and what can be done with the client. */
export function ProfileDetails({
  profile,
  now,
  stale,
  blocked,
  onChange,
}: {
  profile: ProfileView;
  now: number;
  stale: boolean;
  blocked: string | undefined;
  onChange: (profiles: ProfileView[]) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<ProblemView | undefined>();

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

  let endpointUrl: string | undefined;
  try {
    endpointUrl = tokenEndpointUrl(profile);
  } catch {
    endpointUrl = undefined;
  }
  const snippet = (kind: 'curl' | 'fetch') => async () => (await send('snippet:get', { profileId: profile.id, kind })).text;
  const remove = async () => {
    try {
      onChange((await send('profile:remove', { profileId: profile.id })).profiles);
    } catch (e) {
      setProblem(messageProblem('Not removed', (e as Error).message));
    }
  };
  const vendor = vendors[profile.vendor].displayName;

  return (
    <>
      <p class="muted small">
        {vendor} · <code>{endpointOf(profile).target.param}</code> = <code>{profile.target || '—'}</code> ·{' '}
        {SOURCES[profile.source.kind]}
      </p>
      <p class="muted small">
        POST <code>{endpointUrl ?? '(incomplete profile)'}</code> ·{' '}
        {profile.clientAuth === 'client_secret_basic' ? 'Basic auth' : 'secret in body'}
      </p>
      <div class="row">
        {blocked ? (
          <span class="muted small">Copy curl / fetch need a client secret.</span>
        ) : (
          <>
            <CopyButton label="Copy curl" value={snippet('curl')} testId="copy-curl" />
            <CopyButton label="Copy fetch" value={snippet('fetch')} testId="copy-fetch" />
          </>
        )}
        {profile.source.kind === 'manual' && (
          <button type="button" class="secondary" data-testid="edit-profile" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        {profile.source.kind !== 'registered' && (
          <ConfirmButton
            label="Remove"
            testId="remove-profile"
            question={`Remove the profile "${profile.name}" from dcr-kit? Only this browser forgets it (its secret and token too); nothing changes at ${vendor}.`}
            confirmLabel="Remove from dcr-kit"
            onConfirm={remove}
          />
        )}
      </div>
      {problem && <Problem problem={problem} testId="profile-problem" now={now} />}
      {profile.token && (
        <TokenCard
          token={profile.token}
          now={now}
          stale={stale}
          profileName={profile.name}
          credentialClaim={vendors[profile.vendor].credentialClaim}
          profileId={profile.id}
        />
      )}
      <RegisteredClientActions profile={profile} onChange={onChange} />
      <RegisterClient profile={profile} onChange={onChange} />
    </>
  );
}
