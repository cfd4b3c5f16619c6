/**
 * The extension's logic with its environment injected (fetch, storage, clock, alarms), so it runs in plain
 * Vitest. The background's handler table calls it; nothing here touches `browser.*`.
 */
import type { HarnessManifest } from '../../shared/harness/manifest';
import {
  type RegisteredClient,
  RegistrationError,
  type RegistrationTarget,
  registrationProvider,
} from '../../shared/registration/providers';
import { type ApiAnswer, type ApiCall, apiAnswer, apiRequest } from './api-console';
import {
  createApplication,
  deleteApplication,
  listStrategies,
  PortalError,
  type PortalStrategy,
  type PortalVersion,
  regenerateSecret,
} from './portal';
import { exportProfiles, type FieldErrors, type ProfileInput, parseExport, validateProfileInput } from './profile-input';
import { credentialsMoved } from './profile-moves';
import { type IdpProfile, profilesFromManifest, type RegistrationStyleId } from './profiles';
import { maskValue, redactError, redactText, redactValue, secretValuesIn } from './redact';
import { checkSignature, jwksUrl, type SignatureCheck } from './signature';
import { curlSnippet, fetchSnippet } from './snippets';
import { basicAuthorization, tokenRequest } from './token-request';
import { processTokenResponse, refreshAt, type Token, type TokenError, type TokenResult } from './token-response';

export interface Store {
  profiles(): Promise<IdpProfile[]>;
  saveProfiles(profiles: IdpProfile[]): Promise<void>;
  /** Secrets by profile id, in storage.session. */
  secrets(): Promise<Record<string, string>>;
  saveSecrets(secrets: Record<string, string>): Promise<void>;
  /** Secrets the user chose to remember across browser sessions (storage.local). */
  rememberedSecrets(): Promise<Record<string, string>>;
  saveRememberedSecrets(secrets: Record<string, string>): Promise<void>;
  tokens(): Promise<Record<string, Token>>;
  saveTokens(tokens: Record<string, Token>): Promise<void>;
  /** Admin credentials for registration, by profile id and style (secrets). */
  registrations(): Promise<Record<string, Partial<Record<RegistrationStyleId, RegistrationTarget>>>>;
  saveRegistrations(value: Record<string, Partial<Record<RegistrationStyleId, RegistrationTarget>>>): Promise<void>;
  /** What a registration API returned for a client we registered (may hold a registration access token). */
  registered(): Promise<Record<string, RegisteredClient>>;
  saveRegistered(value: Record<string, RegisteredClient>): Promise<void>;
  /** Credentials saved from a page, waiting to be linked to an IdP profile (secrets: storage.session). */
  captures(): Promise<Capture[]>;
  saveCaptures(value: Capture[]): Promise<void>;
}

export interface Capture {
  id: string;
  origin: string;
  clientId: string;
  clientSecret: string;
  source: string;
  at: number;
}

/** What the popup sees of a capture before it becomes a profile: the client id, the secret only masked (and its length). */
export type CaptureView = Omit<Capture, 'clientSecret'> & { maskedSecret: string };

const CREDENTIAL = /^[\x21-\x7e]{1,512}$/;
const MAX_CAPTURES = 20;

export interface Scheduler {
  /** Asks to be called back (`refresh(profileId)`) at `when` (epoch ms); replaces an earlier request. */
  schedule(profileId: string, when: number): Promise<void>;
  cancel(profileId: string): Promise<void>;
}

/** Header injection follows the profile's token (optional: absent in unit tests that do not need it). */
export interface TokenListener {
  tokenChanged(profileId: string, token: Token): Promise<void>;
  tokenRemoved(profileId: string): Promise<void>;
}

export interface Environment {
  fetch: typeof fetch;
  store: Store;
  clock: () => number;
  scheduler: Scheduler;
  tokens?: TokenListener;
}

export interface ProfileView extends IdpProfile {
  hasSecret: boolean;
  token?: Token;
  lastError?: TokenError;
}

export class UserError extends Error {}

function isManifest(value: unknown): value is HarnessManifest {
  const m = value as HarnessManifest | undefined;
  return typeof m === 'object' && m !== null && m.harness === 'dcr-kit' && m.version === 1 && Array.isArray(m.tenants);
}

/** How long to wait before trying again after a re-fetch failed without a Retry-After. */
const RETRY_AFTER_FAILURE_MS = 60_000;

export class ExtensionService {
  /** The last error per profile, for the popup (not persisted: errors carry no secrets but are transient). */
  readonly lastErrors = new Map<string, TokenError>();
  /** Operations that read and write storage run one at a time (the background runs every message through it). */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly env: Environment) {}

  /** Runs `operation` after every operation queued before it: no interleaved read-modify-write loses data. */
  exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async listProfiles(): Promise<ProfileView[]> {
    const [profiles, secrets, tokens] = await Promise.all([
      this.env.store.profiles(),
      this.allSecrets(),
      this.env.store.tokens(),
    ]);
    return profiles.map((p) => {
      const lastError = this.lastErrors.get(p.id);
      return {
        ...p,
        hasSecret: Boolean(secrets[p.id]),
        ...(tokens[p.id] && { token: tokens[p.id] }),
        ...(lastError && { lastError }),
      };
    });
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
    // A harness on a network address (or with a control token) blanks its secrets for callers without the token:
    // importing that would store empty secrets and admin credentials, so nothing is written.
    if ((manifest as { secretsWithheld?: unknown }).secretsWithheld === true)
      throw new UserError(
        `${parsed.origin} withholds its secrets (it is bound to a network address or uses a control token): nothing was imported. Import it on the machine it runs on, or add the profiles by hand with their secrets.`,
      );
    const imported = profilesFromManifest(manifest, parsed.href);
    // A tenant that now lives elsewhere (another harness naming the same tenant) loses everything kept for it.
    await this.putProfiles(imported.map((i) => i.profile));
    const secrets = await this.env.store.secrets();
    await this.env.store.saveSecrets({
      ...secrets,
      // Only a secret the manifest states: a missing one must not leave an older secret in charge of the new host.
      ...Object.fromEntries(
        imported.flatMap((i) => (typeof i.secret === 'string' && i.secret ? [[i.profile.id, i.secret]] : [])),
      ),
    });
    const registrations = await this.env.store.registrations();
    await this.env.store.saveRegistrations({
      ...registrations,
      ...Object.fromEntries(imported.map((i) => [i.profile.id, i.registrations])),
    });
    return this.listProfiles();
  }

  /** Registers a new client through a profile's registration API; it becomes a profile of its own. */
  async registerClient(
    parentId: string,
    name: string,
    style: RegistrationStyleId,
  ): Promise<{ profile: IdpProfile; clientSecret: string }> {
    const parent = await this.profile(parentId);
    if (!parent.registrationStyles?.includes(style))
      throw new UserError(`"${parent.name}" cannot register through ${String(style)}`);
    const target = (await this.env.store.registrations())[parentId]?.[style];
    if (!target) throw new UserError(`"${parent.name}" has no ${style} credentials: import them from a harness first`);
    if (!name.trim()) throw new UserError('give the new client a name');
    const client = await this.guard(registrationProvider(target, this.env.fetch).create({ name: name.trim() }));
    const profile: IdpProfile = {
      ...parent,
      id: `${parentId}/client/${client.clientId}`,
      name: `${name.trim()} (${parent.name})`,
      clientId: client.clientId,
      source: { kind: 'registered', parentId, style },
      registrationStyles: [],
    };
    const [profiles, secrets, registered] = await Promise.all([
      this.env.store.profiles(),
      this.env.store.secrets(),
      this.env.store.registered(),
    ]);
    await this.env.store.saveProfiles([...profiles, profile]);
    await this.env.store.saveSecrets({ ...secrets, [profile.id]: client.clientSecret });
    await this.env.store.saveRegistered({ ...registered, [profile.id]: client });
    return { profile, clientSecret: client.clientSecret };
  }

  /** New secret at the IdP; the old one stops working there, and the kept token is dropped. */
  async rotateSecret(profileId: string): Promise<{ clientSecret: string }> {
    const { target, client } = await this.registeredClient(profileId);
    const rotated = await this.guard(registrationProvider(target, this.env.fetch).rotate(client));
    const [secrets, registered, tokens] = await Promise.all([
      this.env.store.secrets(),
      this.env.store.registered(),
      this.env.store.tokens(),
    ]);
    await this.env.store.saveSecrets({ ...secrets, [profileId]: rotated.clientSecret });
    await this.env.store.saveRegistered({ ...registered, [profileId]: rotated });
    await this.dropToken(profileId, tokens);
    return { clientSecret: rotated.clientSecret };
  }

  /** Deletes the client at the IdP, then everything the extension kept about it. */
  async deleteClient(profileId: string): Promise<void> {
    const { target, client, profile } = await this.registeredClient(profileId);
    await this.guard(registrationProvider(target, this.env.fetch).remove(client, { name: profile.name }));
    await this.forget(profileId);
  }

  async forget(profileId: string): Promise<void> {
    await this.forgetCredentials([profileId]);
    await this.env.store.saveProfiles((await this.env.store.profiles()).filter((p) => p.id !== profileId));
  }

  /**
   * Everything kept for these profiles but the profiles themselves: session and remembered secrets, registration
   * data, the token with its re-fetch alarm and header injection, the last error.
   */
  async forgetCredentials(profileIds: string[]): Promise<void> {
    if (profileIds.length === 0) return;
    const gone = new Set(profileIds);
    const without = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([id]) => !gone.has(id)));
    const [secrets, remembered, registrations, registered] = await Promise.all([
      this.env.store.secrets(),
      this.env.store.rememberedSecrets(),
      this.env.store.registrations(),
      this.env.store.registered(),
    ]);
    await this.env.store.saveSecrets(without(secrets));
    await this.env.store.saveRememberedSecrets(without(remembered));
    await this.env.store.saveRegistrations(without(registrations));
    await this.env.store.saveRegistered(without(registered));
    for (const id of profileIds) {
      await this.dropToken(id, await this.env.store.tokens());
      this.lastErrors.delete(id);
    }
  }

  /**
   * The one way stored profiles are replaced or added (harness import, profiles import, edit). A replaced profile
   * whose credentials would now go elsewhere (`credentialsMoved`: another token endpoint origin or URL, another client)
   * first loses its secrets, token, alarm and header injection: nothing kept for one host is ever sent to another.
   * `forgets` can only widen the rule. Replaced profiles keep their place; new ones are appended.
   */
  async putProfiles(
    incoming: IdpProfile[],
    forgets: (before: IdpProfile, after: IdpProfile) => boolean = () => false,
  ): Promise<void> {
    const profiles = await this.env.store.profiles();
    const before = new Map(profiles.map((p) => [p.id, p]));
    const replacing = new Map(incoming.map((p) => [p.id, p]));
    await this.forgetCredentials(
      incoming.flatMap((after) => {
        const old = before.get(after.id);
        return old && (credentialsMoved(old, after) || forgets(old, after)) ? [after.id] : [];
      }),
    );
    await this.env.store.saveProfiles([
      ...profiles.map((p) => replacing.get(p.id) ?? p),
      ...incoming.filter((p) => !before.has(p.id)),
    ]);
  }

  /** The kept token goes, with its re-fetch and any header injection that carried it. */
  async dropToken(profileId: string, tokens: Record<string, Token>): Promise<void> {
    const { [profileId]: _dropped, ...rest } = tokens;
    await this.env.store.saveTokens(rest);
    await this.env.scheduler.cancel(profileId);
    await this.env.tokens?.tokenRemoved(profileId);
  }

  /** Session secrets win over remembered ones (a secret typed this session is the current one). */
  async allSecrets(): Promise<Record<string, string>> {
    const [remembered, session] = await Promise.all([this.env.store.rememberedSecrets(), this.env.store.secrets()]);
    return { ...remembered, ...session };
  }

  /** Adds or edits a profile typed in by the user; the secret goes to storage.session unless remembered. */
  async saveProfile(input: ProfileInput): Promise<{ profiles: ProfileView[] } | { errors: FieldErrors }> {
    const result = validateProfileInput(
      input,
      () => `manual:${this.env.clock().toString(36)}:${Math.random().toString(36).slice(2, 8)}`,
    );
    if ('errors' in result) return result;
    const { profile } = result;
    const existing = (await this.env.store.profiles()).find((p) => p.id === profile.id);
    // An edit that points the profile at another host or client forgets its secret, token, alarm and injection.
    await this.putProfiles([existing ? { ...profile, source: existing.source } : profile]);
    const secret = input.clientSecret ?? '';
    if (secret) {
      const [secrets, remembered] = await Promise.all([this.env.store.secrets(), this.env.store.rememberedSecrets()]);
      const { [profile.id]: _s, ...otherSecrets } = secrets;
      const { [profile.id]: _r, ...otherRemembered } = remembered;
      // Where the secret lives is the user's explicit choice; it never sits in both places.
      await this.env.store.saveSecrets(input.rememberSecret ? otherSecrets : { ...otherSecrets, [profile.id]: secret });
      await this.env.store.saveRememberedSecrets(
        input.rememberSecret ? { ...otherRemembered, [profile.id]: secret } : otherRemembered,
      );
    }
    if (existing) await this.dropToken(profile.id, await this.env.store.tokens());
    return { profiles: await this.listProfiles() };
  }

  async removeProfile(profileId: string): Promise<ProfileView[]> {
    await this.profile(profileId);
    await this.forget(profileId);
    return this.listProfiles();
  }

  /** Profiles hold no secret; anything secret-shaped in them (a token in a URL, a password) is redacted anyway. */
  async exportProfiles(): Promise<string> {
    return exportProfiles(redactValue(await this.env.store.profiles(), await this.knownSecrets()));
  }

  async importProfiles(text: string): Promise<ProfileView[]> {
    let imported: IdpProfile[];
    try {
      imported = parseExport(text);
    } catch (error) {
      throw new UserError((error as Error).message);
    }
    // A profile replaced by an imported one loses its secret, token and registration data even where it did not
    // move: a file is never trusted with a stored secret.
    await this.putProfiles(imported, () => true);
    return this.listProfiles();
  }

  /** Reads a discovery document: the token endpoint and the auth methods the IdP advertises. */
  async discover(url: string): Promise<{ issuer: string; tokenEndpoint: string; authMethods: string[] }> {
    const documentUrl = url.includes('/.well-known/') ? url : `${url.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let response: Response;
    try {
      response = await this.env.fetch(documentUrl, { headers: { accept: 'application/json' } });
    } catch (error) {
      throw new UserError(`cannot reach ${documentUrl}: ${(error as Error).message}`);
    }
    if (!response.ok) throw new UserError(`${documentUrl} answered HTTP ${response.status}`);
    const doc = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (typeof doc.issuer !== 'string' || typeof doc.token_endpoint !== 'string')
      throw new UserError(`${documentUrl} is not a discovery document`);
    const methods = Array.isArray(doc.token_endpoint_auth_methods_supported)
      ? doc.token_endpoint_auth_methods_supported.map(String)
      : [];
    return { issuer: doc.issuer, tokenEndpoint: doc.token_endpoint, authMethods: methods };
  }

  async profile(profileId: string): Promise<IdpProfile> {
    const profile = (await this.env.store.profiles()).find((p) => p.id === profileId);
    if (!profile) throw new UserError(`no profile "${profileId}"`);
    return profile;
  }

  async registeredClient(
    profileId: string,
  ): Promise<{ profile: IdpProfile; target: RegistrationTarget; client: RegisteredClient }> {
    const profile = await this.profile(profileId);
    if (profile.source.kind !== 'registered') throw new UserError(`"${profile.name}" was not registered by dcr-kit`);
    const target = (await this.env.store.registrations())[profile.source.parentId]?.[profile.source.style];
    const client = (await this.env.store.registered())[profileId];
    if (!target || !client)
      throw new UserError(`the registration data for "${profile.name}" is gone (the browser session ended)`);
    return { profile, target, client };
  }

  /** Registration API failures are the user's to read (the vendor's own message), not internal errors. */
  async guard<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      if (error instanceof RegistrationError) throw new UserError(error.message);
      if (error instanceof TypeError) throw new UserError(`cannot reach the registration API: ${error.message}`);
      throw error;
    }
  }

  /** Client credentials with the vendor's exact request; the token is kept and its re-fetch scheduled. */
  /** The current token's signature against the IdP's JWKS now (after a key rotation, this is what changes). */
  async checkTokenSignature(profileId: string): Promise<SignatureCheck> {
    const profile = await this.profile(profileId);
    const token = (await this.env.store.tokens())[profileId];
    if (!token) throw new UserError(`no token for "${profile.name}": get one first`);
    const url = jwksUrl(profile);
    if (!token.decoded) {
      return {
        status: 'opaque',
        published: [],
        jwksUrl: url,
        message: 'An opaque token has no signature to check: introspect it at the IdP.',
      };
    }
    let response: Response;
    try {
      // Key sets are served with long cache lifetimes (Okta: max-age=86400); the point here is the keys as of now.
      response = await this.env.fetch(url, { headers: { accept: 'application/json' }, cache: 'no-cache' });
    } catch (error) {
      throw new UserError(`Cannot reach ${new URL(url).origin}: ${redactError(error, [token.accessToken])}`);
    }
    if (!response.ok) throw new UserError(`${url} answered HTTP ${response.status}`);
    const kid = typeof token.decoded.header.kid === 'string' ? token.decoded.header.kid : undefined;
    return checkSignature(token.accessToken, kid, await response.json().catch(() => undefined), url, {
      // The harness lists its signing key first; for other IdPs the order says nothing.
      newestFirst: profile.source.kind === 'harness',
    });
  }

  async getToken(profileId: string): Promise<TokenResult> {
    const profile = await this.profile(profileId);
    const secret = (await this.allSecrets())[profileId];
    if (!secret) throw new UserError(`no client secret for "${profile.name}": enter it first`);
    const request = tokenRequest(profile, secret);
    let response: Response;
    try {
      response = await this.env.fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
    } catch (error) {
      throw new UserError(`Cannot reach ${new URL(request.url).origin}: ${redactError(error, [secret])}`);
    }
    const processed = processTokenResponse(
      profile.vendor,
      { status: response.status, headers: response.headers, text: await response.text() },
      this.env.clock(),
    );
    // An error body is shown and may be logged: an IdP that echoes the request (or a token) must not put it there.
    // The secret and the Basic credential built from it (the scheme name stays readable).
    const sent = [secret, (request.headers.authorization ?? '').replace(/^Basic /, '')];
    const result: TokenResult = processed.ok
      ? processed
      : { ok: false, error: { ...redactValue(processed.error, sent), raw: redactText(processed.error.raw, sent) } };
    if (result.ok) {
      this.lastErrors.delete(profileId);
      const tokens = await this.env.store.tokens();
      await this.env.store.saveTokens({ ...tokens, [profileId]: result.token });
      await this.env.scheduler.schedule(profileId, refreshAt(result.token));
      await this.env.tokens?.tokenChanged(profileId, result.token);
    } else {
      this.lastErrors.set(profileId, result.error);
    }
    return result;
  }

  async portalStrategies(portalUrl: string, version: PortalVersion): Promise<PortalStrategy[]> {
    return this.portalGuard(listStrategies(this.env.fetch, portalUrl, version));
  }

  /**
   * Creates an application in a portal with the developer's portal session; the secret comes straight back into the
   * extension, as a new profile linked to the IdP profile whose tokens the application's strategy accepts.
   */
  async registerThroughPortal(input: {
    portalUrl: string;
    version: PortalVersion;
    strategyId: string;
    name: string;
    linkTo: string;
  }): Promise<{ profile: IdpProfile; clientSecret: string }> {
    const linked = await this.profile(input.linkTo);
    if (!input.name.trim()) throw new UserError('give the application a name');
    try {
      new URL(input.portalUrl);
    } catch {
      throw new UserError('portal URL: enter the portal origin, e.g. https://portal.example.com');
    }
    const app = await this.portalGuard(
      createApplication(this.env.fetch, input.portalUrl, input.version, {
        name: input.name.trim(),
        strategyId: input.strategyId,
      }),
    );
    const profile: IdpProfile = {
      ...linked,
      id: `portal:${new URL(input.portalUrl).host}:${app.id}`,
      name: `${app.name} (portal, ${linked.name})`,
      clientId: app.clientId,
      source: {
        kind: 'portal',
        portalUrl: new URL(input.portalUrl).origin,
        version: input.version,
        applicationId: app.id,
        linkedTo: linked.id,
      },
      registrationStyles: [],
    };
    await this.env.store.saveProfiles([...(await this.env.store.profiles()), profile]);
    await this.env.store.saveSecrets({ ...(await this.env.store.secrets()), [profile.id]: app.clientSecret });
    return { profile, clientSecret: app.clientSecret };
  }

  async portalRegenerate(profileId: string): Promise<{ clientSecret: string }> {
    const profile = await this.profile(profileId);
    if (profile.source.kind !== 'portal') throw new UserError(`"${profile.name}" was not created through a portal`);
    const { portalUrl, version, applicationId } = profile.source;
    const clientSecret = await this.portalGuard(regenerateSecret(this.env.fetch, portalUrl, version, applicationId));
    await this.env.store.saveSecrets({ ...(await this.env.store.secrets()), [profileId]: clientSecret });
    await this.dropToken(profileId, await this.env.store.tokens());
    return { clientSecret };
  }

  async portalDelete(profileId: string): Promise<void> {
    const profile = await this.profile(profileId);
    if (profile.source.kind !== 'portal') throw new UserError(`"${profile.name}" was not created through a portal`);
    const { portalUrl, version, applicationId } = profile.source;
    await this.portalGuard(deleteApplication(this.env.fetch, portalUrl, version, applicationId));
    await this.forget(profileId);
  }

  async portalGuard<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      if (error instanceof PortalError) throw new UserError(error.message);
      if (error instanceof TypeError) throw new UserError(`cannot reach the portal: ${error.message}`);
      throw error;
    }
  }

  /** From the capture content script: page data, validated again here (size, characters), kept in session only. */
  async saveCapture(origin: string, payload: { clientId?: unknown; clientSecret?: unknown; source?: unknown }): Promise<void> {
    const clientId = typeof payload.clientId === 'string' ? payload.clientId : '';
    const clientSecret = typeof payload.clientSecret === 'string' ? payload.clientSecret : '';
    if (!CREDENTIAL.test(clientId) || !CREDENTIAL.test(clientSecret)) throw new UserError('not client credentials');
    const source = payload.source === 'konnect-modal' ? 'konnect-modal' : 'generic';
    const capture: Capture = {
      id: `capture:${this.env.clock()}:${clientId}`,
      origin,
      clientId,
      clientSecret,
      source,
      at: this.env.clock(),
    };
    const others = (await this.env.store.captures()).filter((c) => !(c.origin === origin && c.clientId === clientId));
    await this.env.store.saveCaptures([...others, capture].slice(-MAX_CAPTURES));
  }

  async listCaptures(): Promise<CaptureView[]> {
    return (await this.env.store.captures()).map(({ clientSecret, ...view }) => ({
      ...view,
      maskedSecret: maskValue(clientSecret),
    }));
  }

  /** Turns a capture into a profile that gets its tokens where the linked IdP profile does. */
  async linkCapture(captureId: string, linkTo: string): Promise<IdpProfile> {
    const captures = await this.env.store.captures();
    const capture = captures.find((c) => c.id === captureId);
    if (!capture) throw new UserError('that capture is gone (the browser session ended?)');
    const linked = await this.profile(linkTo);
    const profile: IdpProfile = {
      ...linked,
      id: `captured:${capture.origin}:${capture.clientId}`,
      name: `${capture.clientId} (from ${new URL(capture.origin).host}, ${linked.name})`,
      clientId: capture.clientId,
      source: { kind: 'captured', origin: capture.origin, linkedTo: linked.id },
      registrationStyles: [],
    };
    await this.env.store.saveProfiles([...(await this.env.store.profiles()).filter((p) => p.id !== profile.id), profile]);
    await this.env.store.saveSecrets({ ...(await this.env.store.secrets()), [profile.id]: capture.clientSecret });
    await this.env.store.saveCaptures(captures.filter((c) => c.id !== captureId));
    return profile;
  }

  /**
   * Recognises a Konnect portal: `GET /api/v3/portal` (the v3 Dev Portal's fingerprint), then `/api/v2/portal`
   * (vendors.md §5.4 and extension research §2.3).
   */
  async probePortal(origin: string): Promise<{ kind: 'konnect-v3' | 'konnect-v2' | 'unknown'; name?: string }> {
    let base: string;
    try {
      base = new URL(origin).origin;
    } catch {
      throw new UserError('origin: enter the portal origin');
    }
    for (const [version, kind] of [
      ['v3', 'konnect-v3'],
      ['v2', 'konnect-v2'],
    ] as const) {
      try {
        const response = await this.env.fetch(`${base}/api/${version}/portal`, { headers: { accept: 'application/json' } });
        if (!response.ok) continue;
        const body = (await response.json()) as Record<string, unknown>;
        if (typeof body.portal_id === 'string' && typeof body.org_id === 'string') {
          return { kind, ...(typeof body.name === 'string' && { name: body.name }) };
        }
      } catch {
        // Not reachable or not JSON: not this version.
      }
    }
    return { kind: 'unknown' };
  }

  /** One request through the API console, with the chosen auth method. */
  async callApi(call: ApiCall): Promise<ApiAnswer> {
    let credentials: { clientId?: string; clientSecret?: string; accessToken?: string } = {};
    if (call.auth === 'client_credentials' || call.auth === 'bearer') {
      const profile = await this.profile(call.profileId ?? '');
      credentials = {
        clientId: profile.clientId,
        clientSecret: (await this.allSecrets())[profile.id],
        accessToken: (await this.env.store.tokens())[profile.id]?.accessToken,
      };
    }
    let request: ReturnType<typeof apiRequest>;
    try {
      request = apiRequest(call, credentials);
    } catch (error) {
      throw new UserError((error as Error).message);
    }
    const started = this.env.clock();
    let response: Response;
    try {
      response = await this.env.fetch(request.url, request.init);
    } catch (error) {
      throw new UserError(`cannot reach ${new URL(request.url).origin}: ${(error as Error).message}`);
    }
    const text = await response.text();
    const timeMs = this.env.clock() - started;
    // knownSecrets() covers this call's credentials too: the profile's secret, its Basic credential and its token.
    return apiAnswer(response.status, response.headers, text, timeMs, await this.knownSecrets());
  }

  async currentToken(profileId: string): Promise<Token | undefined> {
    return (await this.env.store.tokens())[profileId];
  }

  /** The exact token request as a curl or fetch snippet (with the secret: for the clipboard, on request). */
  async snippet(profileId: string, kind: 'curl' | 'fetch'): Promise<string> {
    const profile = await this.profile(profileId);
    const secret = (await this.allSecrets())[profileId];
    if (!secret) throw new UserError(`no client secret for "${profile.name}"`);
    const request = tokenRequest(profile, secret);
    return kind === 'curl' ? curlSnippet(request) : fetchSnippet(request);
  }

  /**
   * Called by the scheduler: fetch again with the same request (every extra parameter kept). A failure is recorded
   * for the popup, logged (redacted) and retried (after Retry-After when given).
   */
  refresh(profileId: string): Promise<void> {
    return this.exclusive(async () => {
      const profiles = await this.env.store.profiles();
      const tokens = await this.env.store.tokens();
      if (!tokens[profileId] || !profiles.some((p) => p.id === profileId)) return;
      let retryIn: number | undefined;
      try {
        const result = await this.getToken(profileId);
        if (!result.ok) {
          retryIn = result.error.retryAfter !== undefined ? result.error.retryAfter * 1000 : RETRY_AFTER_FAILURE_MS;
          const { status, error, description, explanation } = result.error;
          await this.report(
            `re-fetch for "${profileId}"`,
            `HTTP ${status}${error ? ` ${error}` : ''}: ${description ?? explanation}`,
          );
        }
      } catch (error) {
        const explanation = redactError(error, await this.knownSecrets().catch(() => []));
        this.lastErrors.set(profileId, { status: 0, explanation, raw: '' });
        await this.report(`re-fetch for "${profileId}"`, error);
        retryIn = RETRY_AFTER_FAILURE_MS;
      }
      if (retryIn !== undefined) await this.env.scheduler.schedule(profileId, this.env.clock() + retryIn);
    });
  }

  /**
   * Every secret value the extension holds: client secrets (session and remembered), tokens, registration admin
   * credentials, what registration APIs returned (registration access tokens), captured secrets, and the Basic
   * credentials built from them. The redaction helper replaces them wherever they appear.
   */
  async knownSecrets(): Promise<string[]> {
    const [profiles, secrets, tokens, registrations, registered, captures] = await Promise.all([
      this.env.store.profiles(),
      this.allSecrets(),
      this.env.store.tokens(),
      this.env.store.registrations(),
      this.env.store.registered(),
      this.env.store.captures(),
    ]);
    const basic = profiles.flatMap((p) =>
      secrets[p.id] ? [basicAuthorization(p.clientId, secrets[p.id] as string).slice(6)] : [],
    );
    return [
      ...Object.values(secrets),
      ...Object.values(tokens).map((t) => t.accessToken),
      ...secretValuesIn(registrations),
      ...secretValuesIn(registered),
      ...captures.map((c) => c.clientSecret),
      ...basic,
    ];
  }

  /** What an extension page is told of a failure: a user error's words, redacted; nothing of anything else. */
  async errorMessage(error: unknown): Promise<string> {
    if (!(error instanceof UserError)) {
      await this.report('a background operation', error);
      return 'unexpected error in the background';
    }
    return redactError(error, await this.knownSecrets().catch(() => []));
  }

  /** The one logging path: a warning with the failure's message, redacted (never a body, a request or a stack). */
  async report(what: string, error: unknown): Promise<void> {
    const known = await this.knownSecrets().catch(() => []);
    console.warn(`dcr-kit: ${redactText(what, known)} failed:`, redactError(error, known));
  }
}
