import type { ProfileView } from '../../core/service';
import { send } from '../../messaging/client';

/** Export profiles (never secrets) to a JSON file, and import such a file. */
export function ProfilesTransfer({
  onImported,
  onError,
}: {
  onImported: (profiles: ProfileView[]) => void;
  onError: (message: string) => void;
}) {
  const exportFile = async () => {
    try {
      const { text } = await send('profiles:export', {});
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      link.download = 'dcr-kit-profiles.json';
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (e) {
      onError((e as Error).message);
    }
  };
  const importFile = async (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      onImported((await send('profiles:import', { text: await file.text() })).profiles);
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <div class="row small">
      <button type="button" class="secondary" data-testid="export-profiles" onClick={exportFile}>
        Export profiles (no secrets)
      </button>
      <label class="button secondary">
        Import profiles
        <input
          type="file"
          accept="application/json"
          data-testid="import-profiles"
          class="visually-hidden"
          onChange={importFile}
        />
      </label>
    </div>
  );
}
