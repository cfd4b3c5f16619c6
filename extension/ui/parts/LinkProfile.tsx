import { useEffect, useState } from 'preact/hooks';
import { vendors } from '../../../shared/vendors';
import { type IdpHint, profileFor } from '../../core/idp-hint';
import type { ProfileView } from '../../core/service';

/** Profiles a new client can take its IdP settings from (those the user imported or typed in). */
export function linkableProfiles(profiles: ProfileView[]): ProfileView[] {
  return profiles.filter((p) => p.source.kind === 'harness' || p.source.kind === 'manual');
}

export interface Link {
  /** The chosen IdP profile's id ('' when there is none to choose). */
  value: string;
  choose(id: string): void;
  hint: IdpHint | undefined;
  /** The chosen profile is at another vendor than the hint names. */
  mismatch: boolean;
  /** The user confirmed linking despite the mismatch. */
  confirmed: boolean;
  confirm(value: boolean): void;
  /** A mismatch the user has not confirmed: the action must not run. */
  blocked: boolean;
}

/**
 * "Tokens come from": the IdP profile a new client is linked to. The profile at the vendor the strategy (or the
 * client id) names is preselected, the user's own choice is kept while it is offered, and a choice at another vendor
 * needs a confirmation before anything is created or linked.
 */
export function useLink(profiles: ProfileView[], hint: IdpHint | undefined): Link {
  const linkable = linkableProfiles(profiles);
  const [chosen, setChosen] = useState('');
  // The profile the user confirmed a mismatch for: a confirmation never carries over to another profile.
  const [confirmedFor, setConfirmedFor] = useState<string | undefined>();
  // A hint naming a vendor (another strategy chosen) takes over from an earlier choice; no hint keeps it.
  useEffect(() => {
    if (hint?.vendor) setChosen('');
  }, [hint?.vendor]);
  const offered = linkable.some((p) => p.id === chosen);
  const value = offered ? chosen : (profileFor(linkable, hint)?.id ?? linkable[0]?.id ?? '');
  const vendor = linkable.find((p) => p.id === value)?.vendor;
  const mismatch = Boolean(hint && vendor && vendor !== hint.vendor);
  const confirmed = mismatch && confirmedFor === value;
  return {
    value,
    choose: setChosen,
    hint,
    mismatch,
    confirmed,
    confirm: (yes) => setConfirmedFor(yes ? value : undefined),
    blocked: mismatch && !confirmed,
  };
}

export function LinkProfile({ id, testId, profiles, link }: { id: string; testId: string; profiles: ProfileView[]; link: Link }) {
  const chosen = profiles.find((p) => p.id === link.value);
  return (
    <>
      <label for={id}>Tokens come from (IdP profile)</label>
      <select
        id={id}
        data-testid={testId}
        value={link.value}
        aria-describedby={link.hint ? `${id}-hint` : undefined}
        onChange={(e) => link.choose((e.target as HTMLSelectElement).value)}
      >
        {linkableProfiles(profiles).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      {link.hint && (
        <p class="muted small" id={`${id}-hint`} data-testid={`${testId}-hint`}>
          {vendors[link.hint.vendor].displayName}: {link.hint.reason}.
        </p>
      )}
      {link.mismatch && link.hint && chosen && (
        <div class="warning" data-testid={`${testId}-mismatch`}>
          <p>
            {link.hint.reason[0]?.toUpperCase()}
            {link.hint.reason.slice(1)}, but "{chosen.name}" is at {vendors[chosen.vendor].displayName}: its token endpoint will
            not know this client.
          </p>
          <label class="inline">
            <input
              type="checkbox"
              data-testid={`${testId}-anyway`}
              checked={link.confirmed}
              onChange={(e) => link.confirm((e.target as HTMLInputElement).checked)}
            />
            Link to {vendors[chosen.vendor].displayName} anyway
          </label>
        </div>
      )}
    </>
  );
}
