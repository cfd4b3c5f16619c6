/** An in-memory Store for the service's tests (what storage.local/storage.session hold in the browser). */
import type { IdpProfile } from '../../../extension/core/profiles';
import type { Store } from '../../../extension/core/service';

export function memoryStore(): Store {
  const data: Record<string, unknown> = {};
  const item = <T>(key: string, fallback: T) =>
    [
      async () => (data[key] as T | undefined) ?? fallback,
      async (v: T) => {
        // Stored as the browser stores it: a JSON copy (an undefined value is dropped, never kept as a key).
        data[key] = JSON.parse(JSON.stringify(v));
      },
    ] as const;
  const [profiles, saveProfiles] = item<IdpProfile[]>('profiles', []);
  const [secrets, saveSecrets] = item<Record<string, string>>('secrets', {});
  const [tokens, saveTokens] = item<Awaited<ReturnType<Store['tokens']>>>('tokens', {});
  const [registrations, saveRegistrations] = item<Awaited<ReturnType<Store['registrations']>>>('registrations', {});
  const [registered, saveRegistered] = item<Awaited<ReturnType<Store['registered']>>>('registered', {});
  const [rememberedSecrets, saveRememberedSecrets] = item<Record<string, string>>('remembered', {});
  const [captures, saveCaptures] = item<Awaited<ReturnType<Store['captures']>>>('captures', []);
  const [picks, savePicks] = item<Awaited<ReturnType<Store['picks']>>>('picks', {});
  const [harness, saveHarness] = item<Awaited<ReturnType<Store['harness']>>>('harness', undefined);
  return {
    harness,
    saveHarness,
    picks,
    savePicks,
    captures,
    saveCaptures,
    profiles,
    saveProfiles,
    secrets,
    saveSecrets,
    rememberedSecrets,
    saveRememberedSecrets,
    tokens,
    saveTokens,
    registrations,
    saveRegistrations,
    registered,
    saveRegistered,
  };
}
