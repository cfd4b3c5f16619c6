/** The only storage code: non-secret profiles in storage.local, secrets and tokens in storage.session. */
import { storage } from 'wxt/utils/storage';
import type { IdpProfile } from '../core/profiles';
import type { Store } from '../core/service';
import type { Token } from '../core/token-response';

const profiles = storage.defineItem<IdpProfile[]>('local:profiles', { fallback: [] });
// storage.session is memory-only and not readable by content scripts (default TRUSTED_CONTEXTS).
const secrets = storage.defineItem<Record<string, string>>('session:secrets', { fallback: {} });
const tokens = storage.defineItem<Record<string, Token>>('session:tokens', { fallback: {} });

export const browserStore: Store = {
  profiles: () => profiles.getValue(),
  saveProfiles: (value) => profiles.setValue(value),
  secrets: () => secrets.getValue(),
  saveSecrets: (value) => secrets.setValue(value),
  tokens: () => tokens.getValue(),
  saveTokens: (value) => tokens.setValue(value),
};
