/**
 * The QA inspector (issue 13): five tabs over the harness's own APIs — Overview (harness.json), Live traffic (the
 * feed and its stream), Clients, Controls and the Token decoder (all `/_control`). It holds the manifest and the
 * traffic so switching tabs loses nothing; a 401 from the control plane asks for the control token.
 */
import { useEffect, useState } from 'preact/hooks';
import type { HarnessManifest } from '../../../shared/harness/manifest';
import { controlToken, setControlToken } from './api';
import { ClientsTab } from './ClientsTab';
import { ControlsTab } from './ControlsTab';
import { DecoderTab } from './DecoderTab';
import { OverviewTab } from './OverviewTab';
import { type TabSpec, Tabs } from './Tabs';
import { TrafficTab } from './TrafficTab';
import { useTraffic } from './useTraffic';

const TABS: TabSpec[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'traffic', label: 'Live traffic' },
  { id: 'clients', label: 'Clients' },
  { id: 'controls', label: 'Controls' },
  { id: 'decoder', label: 'Token decoder' },
];

const tabFromHash = () => {
  const id = location.hash.slice(1);
  return TABS.some((t) => t.id === id) ? id : 'overview';
};

function TokenForm(props: { onToken: () => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      class="card token-form"
      onSubmit={(e) => {
        e.preventDefault();
        setControlToken(value.trim());
        props.onToken();
      }}
    >
      <h2>Control token needed</h2>
      <p>
        This harness protects its controls with a token (printed at start-up, or the one you passed with
        <code> --control-token</code>). It stays in this tab only.
      </p>
      <label for="control-token">Control token</label>
      <input
        id="control-token"
        data-testid="control-token"
        type="password"
        autocomplete="off"
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <button type="submit">Use token</button>
    </form>
  );
}

export function App() {
  const [tab, setTab] = useState(tabFromHash);
  const [needsToken, setNeedsToken] = useState(false);
  const [tokenVersion, setTokenVersion] = useState(0);
  const [manifest, setManifest] = useState<HarnessManifest | undefined>();
  const traffic = useTraffic(() => setNeedsToken(true), tokenVersion);

  useEffect(() => {
    const token = controlToken();
    fetch('/harness.json', { headers: token ? { authorization: `Bearer ${token}` } : {} })
      .then((r) => r.json())
      .then((m: HarnessManifest) => setManifest(m))
      .catch(() => setManifest(undefined));
  }, [tokenVersion]);

  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const select = (id: string) => {
    setTab(id);
    history.replaceState(null, '', `#${id}`);
  };
  const onNeedsToken = () => setNeedsToken(true);
  const common = { manifest, onNeedsToken, tokenVersion };

  return (
    <>
      <header class="top">
        <h1>dcr-kit QA inspector</h1>
        <p class="muted">
          {manifest ? <a href={manifest.url}>{manifest.url}</a> : 'loading…'} ·{' '}
          <span data-testid="traffic-state">{traffic.state}</span>
        </p>
      </header>
      <main>
        {needsToken && (
          <TokenForm
            onToken={() => {
              setNeedsToken(false);
              setTokenVersion((v) => v + 1);
            }}
          />
        )}
        <Tabs
          tabs={TABS}
          selected={tab}
          onSelect={select}
          panels={{
            overview: <OverviewTab manifest={manifest} />,
            traffic: <TrafficTab traffic={traffic} manifest={manifest} />,
            clients: <ClientsTab {...common} visible={tab === 'clients'} />,
            controls: <ControlsTab {...common} visible={tab === 'controls'} />,
            decoder: <DecoderTab onNeedsToken={onNeedsToken} />,
          }}
        />
      </main>
    </>
  );
}
