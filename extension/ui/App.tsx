import { useEffect, useState } from 'preact/hooks';
import type { HarnessLink, ProfileView } from '../core/service';
import { send } from '../messaging/client';
import { ApiConsole } from './ApiConsole';
import { CapturePanel } from './capture/CapturePanel';
import { useUiEnvironment } from './environment';
import { HostAccess } from './parts/HostAccess';
import { TabPanel, type TabSpec, Tabs } from './parts/Tabs';
import { PortalRegister } from './portal/PortalRegister';
import { ProfilesPanel } from './profiles/ProfilesPanel';
import './styles.css';

type TabId = 'profiles' | 'portal' | 'console' | 'capture';
const TAB_KEY = 'dcr-kit.tab';

function savedTab(): TabId {
  const saved = globalThis.localStorage?.getItem(TAB_KEY);
  return saved === 'portal' || saved === 'console' || saved === 'capture' ? saved : 'profiles';
}

/**
 * The popup (and the same page in a tab): four sections as tabs, each reachable without scrolling. Profiles is a
 * compact list; the portal, the API console and capture have a tab each.
 */
export function App() {
  const [profiles, setProfiles] = useState<ProfileView[] | undefined>();
  const [harness, setHarness] = useState<HarnessLink | null | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [tab, setTab] = useState<TabId>(savedTab);
  const [waiting, setWaiting] = useState(0);
  const { openInTab } = useUiEnvironment();
  // A popup is narrow; the same page opened as a tab is wider (its window is the browser's).
  const isTab = typeof window !== 'undefined' && window.innerWidth > 640;

  useEffect(() => {
    send('profiles:list', {}).then(
      (r) => setProfiles(r.profiles),
      (e: Error) => setError(e.message),
    );
    send('harness:last', {}).then(
      (r) => setHarness(r.harness ?? null),
      () => setHarness(null),
    );
    send('capture:list', {}).then(
      (r) => setWaiting(r.captures.length),
      () => undefined,
    );
  }, []);
  const select = (id: TabId) => {
    setTab(id);
    globalThis.localStorage?.setItem(TAB_KEY, id);
  };
  const connected = (list: ProfileView[]) => {
    setProfiles(list);
    // The connection just made is the default for the portal and gateway fields.
    send('harness:last', {}).then(
      (r) => setHarness(r.harness ?? null),
      () => undefined,
    );
  };
  const tabs: TabSpec<TabId>[] = [
    { id: 'profiles', label: 'Profiles' },
    { id: 'portal', label: 'Portal' },
    { id: 'console', label: 'Console' },
    { id: 'capture', label: 'Capture', count: waiting },
  ];
  const ready = profiles !== undefined && harness !== undefined;

  return (
    <main class="app">
      <header class="top">
        <h1>dcr-kit</h1>
        {!isTab && (
          <button type="button" class="secondary" data-testid="open-in-tab" onClick={openInTab}>
            Open in a tab
          </button>
        )}
      </header>
      <HostAccess />
      {error && (
        <p class="error" role="alert">
          {error}{' '}
          <button type="button" class="secondary" onClick={() => setError(undefined)}>
            Dismiss
          </button>
        </p>
      )}
      {/* The tabs come first, before the background answers: the popup is usable at once. */}
      <Tabs tabs={tabs} current={tab} onSelect={select} />
      {!ready ? (
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="panel">
          <p class="muted" role="status">
            Loading…
          </p>
        </div>
      ) : (
        <>
          <TabPanel id="profiles" current={tab} keep>
            <ProfilesPanel
              profiles={profiles}
              harness={harness ?? undefined}
              onChange={setProfiles}
              onConnected={connected}
              onError={setError}
            />
          </TabPanel>
          <TabPanel id="portal" current={tab} keep>
            <PortalRegister
              profiles={profiles}
              onChange={setProfiles}
              {...(harness?.portalUrl && { defaultUrl: harness.portalUrl })}
            />
          </TabPanel>
          <TabPanel id="console" current={tab} keep>
            {profiles.length > 0 ? (
              <ApiConsole profiles={profiles} defaults={{ ...(harness?.gatewayUrl && { gatewayUrl: harness.gatewayUrl }) }} />
            ) : (
              <p class="muted" data-testid="console-no-profiles">
                The console calls an API with a profile's credentials: connect to a harness or add a profile first.
              </p>
            )}
          </TabPanel>
          {/* Mounted afresh each time: it reads the captures saved since it was last shown. */}
          <TabPanel id="capture" current={tab}>
            <CapturePanel
              profiles={profiles}
              onChange={setProfiles}
              onCount={setWaiting}
              {...(harness?.portalUrl && { defaultOrigin: harness.portalUrl })}
            />
          </TabPanel>
        </>
      )}
    </main>
  );
}
