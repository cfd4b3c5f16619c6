import { useEffect, useState } from 'preact/hooks';
import { hostOf } from '../../core/host-patterns';
import { isLoopback } from '../../core/profile-moves';
import type { ProfileView } from '../../core/service';
import { send } from '../../messaging/client';
import { useUiEnvironment } from '../environment';

const DEFAULT_HARNESS_URL = 'http://127.0.0.1:4400/harness.json';

/**
 * Connect to a harness (import its tenants as profiles). Starts from the harness.json last connected to; once there
 * are profiles it folds into one line, opened to connect again.
 */
export function HarnessImport({
  onImported,
  last,
  folded,
}: {
  onImported: (profiles: ProfileView[]) => void;
  /** The harness.json URL connected to last time, if any. */
  last?: string;
  folded: boolean;
}) {
  const [url, setUrl] = useState(last ?? DEFAULT_HARNESS_URL);
  const [open, setOpen] = useState(!folded);
  // Folds once the first profiles are in (the list is what matters then); opened again to reconnect.
  useEffect(() => setOpen(!folded), [folded]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();
  // A harness.json that is not on this machine is imported only once the user confirmed its origin.
  const [confirming, setConfirming] = useState<string | undefined>();

  const { requestOrigin } = useUiEnvironment();

  const run = async (target: string) => {
    setConfirming(undefined);
    let permitted: Promise<boolean>;
    try {
      // The local harness is granted at install; any other origin is asked for here, inside the click.
      permitted = requestOrigin(target);
    } catch {
      setMessage({ kind: 'error', text: `"${target}" is not a URL` });
      return;
    }
    setBusy(true);
    setMessage(undefined);
    try {
      if (!(await permitted)) throw new Error('Permission to reach that origin was not granted.');
      const { profiles } = await send('harness:import', { url: target });
      onImported(profiles);
      setMessage({ kind: 'ok', text: `Imported ${profiles.filter((p) => p.source.kind === 'harness').length} profiles.` });
    } catch (error) {
      setMessage({ kind: 'error', text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      setMessage({ kind: 'error', text: `"${url}" is not a URL` });
      return;
    }
    if (isLoopback(url)) {
      void run(url);
      return;
    }
    setMessage(undefined);
    setConfirming(origin);
  };

  const status = message && (
    <p
      class={message.kind === 'error' ? 'error' : 'muted'}
      role={message.kind === 'error' ? 'alert' : 'status'}
      data-testid="harness-status"
    >
      {message.text}
    </p>
  );
  const form = (
    <form onSubmit={submit} aria-labelledby="harness-title">
      <h2 id="harness-title" class={folded ? 'visually-hidden' : undefined}>
        Connect to local harness
      </h2>
      <label for="harness-url">harness.json URL</label>
      <div class="row">
        <input
          id="harness-url"
          data-testid="harness-url"
          value={url}
          onInput={(e) => {
            setUrl((e.target as HTMLInputElement).value);
            setConfirming(undefined);
          }}
        />
        <button type="submit" data-testid="import-harness" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </div>
      {confirming && (
        <div class="notice" role="alertdialog" aria-labelledby="harness-confirm-text" data-testid="harness-confirm">
          <p id="harness-confirm-text" data-testid="harness-confirm-text">
            This harness.json is served by <strong>{confirming}</strong>, not by this machine. Its tenants replace the profiles
            with the same names and point them at the hosts it lists (a profile that moves to another host loses its secret and
            token). Import from {confirming}?
          </p>
          <div class="row">
            <button type="button" data-testid="harness-confirm-import" onClick={() => void run(url)}>
              Import from {confirming}
            </button>
            <button type="button" class="secondary" data-testid="harness-confirm-cancel" onClick={() => setConfirming(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </form>
  );
  if (!folded)
    return (
      <div class="card">
        {form}
        {status}
      </div>
    );
  return (
    <>
      <details
        class="card compact"
        open={open}
        onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
        data-testid="harness-fold"
      >
        <summary>
          Harness <code>{hostOf(last ?? url)}</code> · connect again
        </summary>
        {open && form}
      </details>
      {status}
    </>
  );
}
