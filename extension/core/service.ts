/**
 * The extension's logic with its environment injected (fetch, storage, clock, alarms), so it runs in plain
 * Vitest. The background's handler table calls it; nothing here touches `browser.*`.
 */
import type { HarnessManifest } from '../../shared/harness/manifest';
import { type IdpProfile, profilesFromManifest } from './profiles';
import { tokenRequest } from './token-request';
import { processTokenResponse, refreshAt, type Token, type TokenError, type TokenResult } from './token-response';

export interface Store {
  profiles(): Promise<IdpProfile[]>;
  saveProfiles(profiles: IdpProfile[]): Promise<void>;
  /** Secrets by profile id (storage.session unless remembered). */
  secrets(): Promise<Record<string, string>>;
  saveSecrets(secrets: Record<string, string>): Promise<void>;
  tokens(): Promise<Record<string, Token>>;
  saveTokens(tokens: Record<string, Token>): Promise<void>;
}

export interface Scheduler {
  /** Asks to be called back (`refresh(profileId)`) at `when` (epoch ms); replaces an earlier request. */
  schedule(profileId: string, when: number): Promise<void>;
  cancel(profileId: string): Promise<void>;
}

export interface Environment {
  fetch: typeof fetch;
  store: Store;
  clock: () => number;
  scheduler: Scheduler;
}

export interface ProfileView extends IdpProfile {
  hasSecret: boolean;
  token?: Token;
}

export class UserError extends Error {}

function isManifest(value: unknown): value is HarnessManifest {
  const m = value as HarnessManifest | undefined;
  return typeof m === 'object' && m !== null && m.harness === 'dcr-kit' && m.version === 1 && Array.isArray(m.tenants);
}

export class ExtensionService {
  /** The last error per profile, for the popup (not persisted: errors carry no secrets but are transient). */
  readonly lastErrors = new Map<string, TokenError>();

  constructor(private readonly env: Environment) {}

  async listProfiles(): Promise<ProfileView[]> {
    const [profiles, secrets, tokens] = await Promise.all([
      this.env.store.profiles(),
      this.env.store.secrets(),
      this.env.store.tokens(),
    ]);
    return profiles.map((p) => ({ ...p, hasSecret: Boolean(secrets[p.id]), ...(tokens[p.id] && { token: tokens[p.id] }) }));
  }

  /** "Connect to local harness": reads harness.json and adds (or refreshes) one profile per tenant endpoint. */
  async importHarness(url: string): Promise<ProfileView[]> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UserError(`"${url}" is not a URL`);
    }
    let response: Response;
    try {
      response = await this.env.fetch(parsed.href, { headers: { accept: 'application/json' } });
    } catch (error) {
      throw new UserError(`Cannot reach ${parsed.origin}: ${(error as Error).message}. Is the harness running (npm start)?`);
    }
    if (!response.ok) throw new UserError(`${parsed.href} answered HTTP ${response.status}`);
    let manifest: unknown;
    try {
      manifest = await response.json();
    } catch {
      throw new UserError(`${parsed.href} is not JSON`);
    }
    if (!isManifest(manifest)) throw new UserError(`${parsed.href} is not a dcr-kit harness manifest (version 1)`);
    const imported = profilesFromManifest(manifest, parsed.href);
    const [profiles, secrets] = await Promise.all([this.env.store.profiles(), this.env.store.secrets()]);
    const ids = new Set(imported.map((i) => i.profile.id));
    await this.env.store.saveProfiles([...profiles.filter((p) => !ids.has(p.id)), ...imported.map((i) => i.profile)]);
    await this.env.store.saveSecrets({ ...secrets, ...Object.fromEntries(imported.map((i) => [i.profile.id, i.secret])) });
    return this.listProfiles();
  }

  /** Client credentials with the vendor's exact request; the token is kept and its re-fetch scheduled. */
  async getToken(profileId: string): Promise<TokenResult> {
    const profile = (await this.env.store.profiles()).find((p) => p.id === profileId);
    if (!profile) throw new UserError(`no profile "${profileId}"`);
    const secret = (await this.env.store.secrets())[profileId];
    if (!secret) throw new UserError(`no client secret for "${profile.name}": enter it first`);
    const request = tokenRequest(profile, secret);
    let response: Response;
    try {
      response = await this.env.fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
    } catch (error) {
      throw new UserError(`Cannot reach ${new URL(request.url).origin}: ${(error as Error).message}`);
    }
    const result = processTokenResponse(
      profile.vendor,
      { status: response.status, headers: response.headers, text: await response.text() },
      this.env.clock(),
    );
    if (result.ok) {
      this.lastErrors.delete(profileId);
      const tokens = await this.env.store.tokens();
      await this.env.store.saveTokens({ ...tokens, [profileId]: result.token });
      await this.env.scheduler.schedule(profileId, refreshAt(result.token));
    } else {
      this.lastErrors.set(profileId, result.error);
    }
    return result;
  }

  /** Called by the scheduler: fetch again with the same request (every extra parameter kept). */
  async refresh(profileId: string): Promise<void> {
    const tokens = await this.env.store.tokens();
    if (!tokens[profileId]) return;
    await this.getToken(profileId);
  }
}
