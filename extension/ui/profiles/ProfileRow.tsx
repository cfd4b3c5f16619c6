import { useEffect, useState } from 'preact/hooks';
import { vendors } from '../../../shared/vendors';
import type { ProfileView } from '../../core/service';
import { tokenEndpointUrl } from '../../core/token-request';
import { send } from '../../messaging/client';
import { useUiEnvironment } from '../environment';
import { CopyButton } from '../parts/CopyButton';
import { messageProblem, Problem, type ProblemView, tokenProblem } from '../parts/Problem';
import { timeLeft } from '../parts/time';
import { ProfileDetails } from './ProfileDetails';

/** Ticks once a second while mounted (countdowns). */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function testIdOf(profile: ProfileView): string {
  return profile.id.replace(/[^a-z0-9]+/gi, '-');
}

/** Why Get token / Copy curl cannot run for this profile, if they cannot. */
function blockedReason(profile: ProfileView): string | undefined {
  if (!profile.hasSecret) return 'No client secret in this browser session: Edit the profile (or connect again) to enter it.';
  try {
    tokenEndpointUrl(profile);
  } catch {
    return 'The profile is missing a field its token URL needs: Edit it.';
  }
  return undefined;
}

/**
 * One profile as one compact row: vendor and name (the button that opens the details), the token's state with its
 * countdown, and the one primary action (Get token). A failed request marks the kept token as not current.
 */
export function ProfileRow({
  profile,
  now,
  onChange,
}: {
  profile: ProfileView;
  now: number;
  onChange: (profiles: ProfileView[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<ProblemView | undefined>();
  const { requestOrigin } = useUiEnvironment();
  // A failure from before the popup opened is shown, not announced again.
  const [openedAt] = useState(() => Date.now());
  const testId = testIdOf(profile);
  const blocked = blockedReason(profile);
  const token = profile.token;
  const failed = profile.lastError;
  // The token is not the latest word when a request after it failed.
  const stale = Boolean(token && failed && failed.at >= token.obtainedAt);

  const getToken = async () => {
    let url: string;
    try {
      url = tokenEndpointUrl(profile);
    } catch {
      return;
    }
    // Asked for inside the click (an origin already granted answers at once).
    const permitted = requestOrigin(url);
    setBusy(true);
    setLocal(undefined);
    try {
      if (!(await permitted)) {
        setLocal(messageProblem('Token request not sent', `Permission to reach ${new URL(url).origin} was not granted.`));
        return;
      }
      onChange((await send('token:get', { profileId: profile.id })).profiles);
    } catch (e) {
      setLocal(messageProblem('Token request not sent', (e as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const state = token
    ? stale
      ? 'last request failed'
      : timeLeft(token.expiresAt, now)
    : failed
      ? 'request failed'
      : blocked
        ? 'no secret'
        : 'no token';
  const stateClass = stale || (!token && failed) ? 'state bad' : token && token.expiresAt > now ? 'state good' : 'state';
  const blockedId = `${testId}-blocked`;

  return (
    <article class="profile" data-testid={`profile-${testId}`} aria-label={profile.name}>
      <div class="profile-row">
        <button
          type="button"
          class="disclosure"
          aria-expanded={open}
          aria-controls={`${testId}-details`}
          data-testid="profile-toggle"
          onClick={() => setOpen(!open)}
        >
          {profile.name}
        </button>
        <span class="actions">
          {token && !stale && token.expiresAt > now && (
            <CopyButton label="Copy" value={token.accessToken} testId="copy-token-row" />
          )}
          <button
            type="button"
            data-testid="get-token"
            onClick={getToken}
            disabled={busy || Boolean(blocked)}
            aria-describedby={blocked ? blockedId : undefined}
          >
            {busy ? 'Requesting…' : token ? 'New token' : 'Get token'}
          </button>
        </span>
        <p class="meta small">
          <span class="muted">
            {vendors[profile.vendor].displayName} · <code>{profile.clientId}</code>
          </span>
          <span class={stateClass} data-testid="token-state">
            {state}
          </span>
        </p>
      </div>
      {blocked && (
        <p class="muted small" id={blockedId} data-testid="blocked-reason">
          {blocked}
        </p>
      )}
      {local && <Problem problem={local} testId="token-error" now={now} />}
      {failed && !local && (
        <Problem problem={tokenProblem(profile, failed)} testId="token-error" now={now} live={failed.at >= openedAt} />
      )}
      {open && (
        <div id={`${testId}-details`} class="details" data-testid="profile-details">
          <ProfileDetails profile={profile} now={now} stale={stale} blocked={blocked} onChange={onChange} />
        </div>
      )}
    </article>
  );
}
