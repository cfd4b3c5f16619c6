import { useEffect, useState } from 'preact/hooks';
import type { ProfileView } from '../core/service';
import { send } from '../messaging/client';
import { ApiConsole } from './ApiConsole';
import { CapturePanel } from './CapturePanel';
import { useUiEnvironment } from './environment';
import { HarnessImport } from './HarnessImport';
import { PortalRegister } from './PortalRegister';
import { ProfileCard } from './ProfileCard';
import { ProfileForm } from './ProfileForm';
import { ProfilesTransfer } from './ProfilesTransfer';
import './styles.css';

export function App() {
  const [profiles, setProfiles] = useState<ProfileView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [adding, setAdding] = useState(false);
  const { openInTab } = useUiEnvironment();
  // A popup is narrow; the same page opened as a tab is wider (its window is the browser's).
  const isTab = typeof window !== 'undefined' && window.innerWidth > 640;

  useEffect(() => {
    send('profiles:list', {}).then(
      (r) => setProfiles(r.profiles),
      (e: Error) => setError(e.message),
    );
  }, []);

  return (
    <main class="app">
      <header class="row">
        <div>
          <h1>dcr-kit</h1>
          <p class="muted">Client credentials for DCR-protected APIs</p>
        </div>
        {!isTab && (
          <button type="button" class="secondary" data-testid="open-in-tab" onClick={openInTab}>
            Open in a tab
          </button>
        )}
      </header>
      <HarnessImport onImported={setProfiles} />
      <details class="card" open={adding} onToggle={(e) => setAdding((e.target as HTMLDetailsElement).open)}>
        <summary data-testid="add-profile">Add an IdP profile</summary>
        {adding && (
          <ProfileForm
            onSaved={(p) => {
              setProfiles(p);
              setAdding(false);
            }}
          />
        )}
      </details>
      <ProfilesTransfer onImported={setProfiles} onError={setError} />
      {error && (
        <p class="error" role="alert">
          {error}{' '}
          <button type="button" class="secondary" onClick={() => setError(undefined)}>
            Dismiss
          </button>
        </p>
      )}
      {profiles === undefined ? (
        <p class="muted" role="status">
          Loading…
        </p>
      ) : profiles.length === 0 ? (
        <p class="muted" data-testid="no-profiles">
          No IdP profiles yet. Connect to a local harness to import its tenants.
        </p>
      ) : (
        <>
          <ul class="profiles" aria-label="IdP profiles">
            {profiles.map((p) => (
              <li key={p.id}>
                <ProfileCard profile={p} onChange={setProfiles} />
              </li>
            ))}
          </ul>
          <PortalRegister profiles={profiles} onChange={setProfiles} />
        </>
      )}
      {/* Before any profile too: "keep the credentials of the app I just created" is a natural first step. */}
      {profiles !== undefined && <CapturePanel profiles={profiles} onChange={setProfiles} />}
      {profiles !== undefined && profiles.length > 0 && <ApiConsole profiles={profiles} />}
    </main>
  );
}
