import { useState } from 'preact/hooks';
import type { HarnessLink, ProfileView } from '../../core/service';
import { HarnessImport } from './HarnessImport';
import { ProfileForm } from './ProfileForm';
import { ProfileRow, useNow } from './ProfileRow';
import { ProfilesTransfer } from './ProfilesTransfer';

/** The Profiles tab: connect, the compact list (details on demand), add, import/export. */
export function ProfilesPanel({
  profiles,
  harness,
  onChange,
  onConnected,
  onError,
}: {
  profiles: ProfileView[];
  harness: HarnessLink | undefined;
  onChange: (profiles: ProfileView[]) => void;
  onConnected: (profiles: ProfileView[]) => void;
  onError: (message: string) => void;
}) {
  const [adding, setAdding] = useState(false);
  const now = useNow();
  return (
    <>
      <HarnessImport
        onImported={onConnected}
        folded={profiles.length > 0}
        {...(harness?.manifestUrl && { last: harness.manifestUrl })}
      />
      <h2 id="heading-profiles" data-panel-heading tabIndex={-1} class="list-heading">
        IdP profiles <span class="muted">({profiles.length})</span>
      </h2>
      {profiles.length === 0 ? (
        <p class="muted" data-testid="no-profiles">
          No IdP profiles yet. Connect to a local harness to import its tenants, or add one.
        </p>
      ) : (
        <ul class="profiles" aria-labelledby="heading-profiles">
          {profiles.map((p) => (
            <li key={p.id}>
              <ProfileRow profile={p} now={now} onChange={onChange} />
            </li>
          ))}
        </ul>
      )}
      <details class="card compact" open={adding} onToggle={(e) => setAdding((e.target as HTMLDetailsElement).open)}>
        <summary data-testid="add-profile">Add an IdP profile</summary>
        {adding && (
          <ProfileForm
            onSaved={(p) => {
              onChange(p);
              setAdding(false);
            }}
          />
        )}
      </details>
      <ProfilesTransfer onImported={onChange} onError={onError} />
    </>
  );
}
