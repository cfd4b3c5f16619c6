/** The only storage code: non-secret profiles in storage.local, secrets and tokens in storage.session. */
import { storage } from 'wxt/utils/storage';
import type { RegisteredClient } from '../../shared/registration/providers';
import type { IdpProfile } from '../core/profiles';
import type { Capture, HarnessLink, Pick, Store } from '../core/service';
import type { Token } from '../core/token-response';

const profiles = storage.defineItem<IdpProfile[]>('local:profiles', { fallback: [] });
// storage.session is memory-only and not readable by content scripts (default TRUSTED_CONTEXTS).
const secrets = storage.defineItem<Record<string, string>>('session:secrets', { fallback: {} });
// Only secrets the user explicitly chose to remember.
const remembered = storage.defineItem<Record<string, string>>('local:rememberedSecrets', { fallback: {} });
const tokens = storage.defineItem<Record<string, Token>>('session:tokens', { fallback: {} });
type Registrations = Awaited<ReturnType<Store['registrations']>>;
const registrations = storage.defineItem<Registrations>('session:registrations', { fallback: {} });
const registered = storage.defineItem<Record<string, RegisteredClient>>('session:registered', { fallback: {} });
const captures = storage.defineItem<Capture[]>('session:captures', { fallback: [] });
const picks = storage.defineItem<Record<string, Pick>>('session:picks', { fallback: {} });
const harness = storage.defineItem<HarnessLink>('local:harness');

export const browserStore: Store = {
  profiles: () => profiles.getValue(),
  saveProfiles: (value) => profiles.setValue(value),
  secrets: () => secrets.getValue(),
  saveSecrets: (value) => secrets.setValue(value),
  rememberedSecrets: () => remembered.getValue(),
  saveRememberedSecrets: (value) => remembered.setValue(value),
  tokens: () => tokens.getValue(),
  saveTokens: (value) => tokens.setValue(value),
  registrations: () => registrations.getValue(),
  saveRegistrations: (value) => registrations.setValue(value),
  registered: () => registered.getValue(),
  saveRegistered: (value) => registered.setValue(value),
  captures: () => captures.getValue(),
  saveCaptures: (value) => captures.setValue(value),
  picks: () => picks.getValue(),
  savePicks: (value) => picks.setValue(value),
  harness: async () => (await harness.getValue()) ?? undefined,
  saveHarness: (value) => harness.setValue(value),
};
