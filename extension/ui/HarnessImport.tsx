import { useState } from 'preact/hooks';
import type { ProfileView } from '../core/service';
import { send } from '../messaging/client';
import { useUiEnvironment } from './environment';

export function HarnessImport({ onImported }: { onImported: (profiles: ProfileView[]) => void }) {
  const [url, setUrl] = useState('http://127.0.0.1:4400/harness.json');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();

  const { requestOrigin } = useUiEnvironment();

  const submit = async (event: Event) => {
    event.preventDefault();
    let permitted: Promise<boolean>;
    try {
      // The local harness is granted at install; any other origin is asked for here, inside the click.
      permitted = requestOrigin(url);
    } catch {
      setMessage({ kind: 'error', text: `"${url}" is not a URL` });
      return;
    }
    setBusy(true);
    setMessage(undefined);
    try {
      if (!(await permitted)) throw new Error('Permission to reach that origin was not granted.');
      const { profiles } = await send('harness:import', { url });
      onImported(profiles);
      setMessage({ kind: 'ok', text: `Imported ${profiles.filter((p) => p.source.kind === 'harness').length} profiles.` });
    } catch (error) {
      setMessage({ kind: 'error', text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="harness-title">
      <h2 id="harness-title">Connect to local harness</h2>
      <label for="harness-url">harness.json URL</label>
      <div class="row">
        <input
          id="harness-url"
          data-testid="harness-url"
          value={url}
          onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
        />
        <button type="submit" data-testid="import-harness" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </div>
      {message && (
        <p
          class={message.kind === 'error' ? 'error' : 'muted'}
          role={message.kind === 'error' ? 'alert' : 'status'}
          data-testid="harness-status"
        >
          {message.text}
        </p>
      )}
    </form>
  );
}
