/** Profiles added, edited, imported, exported and removed: from a harness, typed in by the user, or from a file. */
import type { HarnessManifest } from '../../../shared/harness/manifest';
import { unreachable } from '../explain';
import {
  exportProfiles as exportText,
  type FieldErrors,
  type ProfileInput,
  parseExport,
  validateProfileInput,
} from '../profile-input';
import { isLoopback } from '../profile-moves';
import { type IdpProfile, profilesFromManifest } from '../profiles';
import { redactValue } from '../redact';
import { type HarnessLink, type Service, UserError } from './context';
import { knownSecrets } from './reporting';
import { dropToken, forget, listProfiles, type ProfileView, profile, putProfiles } from './stored';

function isManifest(value: unknown): value is HarnessManifest {
  const m = value as HarnessManifest | undefined;
  return typeof m === 'object' && m !== null && m.harness === 'dcr-kit' && m.version === 1 && Array.isArray(m.tenants);
}

/** "Connect to local harness": reads harness.json and adds (or refreshes) one profile per tenant endpoint. */
export async function importHarness(service: Service, url: string): Promise<ProfileView[]> {
  const { store } = service.env;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`"${url}" is not a URL`);
  }
  let response: Response;
  try {
    response = await service.env.fetch(parsed.href, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new UserError(unreachable(parsed.href, (error as Error).message, isLoopback(parsed.href)));
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
      `${parsed.origin} withholds its secrets (it is bound to a network address, or was started with a control token): nothing was imported. Add the profiles by hand with their secrets, or run that harness without a control token on loopback.`,
    );
  const imported = profilesFromManifest(manifest, parsed.href);
  await store.saveHarness(harnessLink(manifest, parsed.href));
  // A tenant that now lives elsewhere (another harness naming the same tenant) loses everything kept for it.
  await putProfiles(
    service,
    imported.map((i) => i.profile),
  );
  const secrets = await store.secrets();
  await store.saveSecrets({
    ...secrets,
    // Only a secret the manifest states: a missing one must not leave an older secret in charge of the new host.
    ...Object.fromEntries(imported.flatMap((i) => (typeof i.secret === 'string' && i.secret ? [[i.profile.id, i.secret]] : []))),
  });
  const registrations = await store.registrations();
  await store.saveRegistrations({
    ...registrations,
    ...Object.fromEntries(imported.map((i) => [i.profile.id, i.registrations])),
  });
  return listProfiles(service);
}

/** Adds or edits a profile typed in by the user; the secret goes to storage.session unless remembered. */
export async function saveProfile(
  service: Service,
  input: ProfileInput,
): Promise<{ profiles: ProfileView[] } | { errors: FieldErrors }> {
  const { clock, store } = service.env;
  const result = validateProfileInput(input, () => `manual:${clock().toString(36)}:${Math.random().toString(36).slice(2, 8)}`);
  if ('errors' in result) return result;
  const { profile: edited } = result;
  const existing = (await store.profiles()).find((p) => p.id === edited.id);
  // An edit that points the profile at another host or client forgets its secret, token, alarm and injection.
  await putProfiles(service, [existing ? { ...edited, source: existing.source } : edited]);
  const secret = input.clientSecret ?? '';
  if (secret) {
    const [secrets, remembered] = await Promise.all([store.secrets(), store.rememberedSecrets()]);
    const { [edited.id]: _s, ...otherSecrets } = secrets;
    const { [edited.id]: _r, ...otherRemembered } = remembered;
    // Where the secret lives is the user's explicit choice; it never sits in both places.
    await store.saveSecrets(input.rememberSecret ? otherSecrets : { ...otherSecrets, [edited.id]: secret });
    await store.saveRememberedSecrets(input.rememberSecret ? { ...otherRemembered, [edited.id]: secret } : otherRemembered);
  }
  if (existing) await dropToken(service, edited.id, await store.tokens());
  return { profiles: await listProfiles(service) };
}

export async function removeProfile(service: Service, profileId: string): Promise<ProfileView[]> {
  await profile(service, profileId);
  await forget(service, profileId);
  return listProfiles(service);
}

/** Profiles hold no secret; anything secret-shaped in them (a token in a URL, a password) is redacted anyway. */
export async function exportProfiles(service: Service): Promise<string> {
  return exportText(redactValue(await service.env.store.profiles(), await knownSecrets(service)));
}

export async function importProfiles(service: Service, text: string): Promise<ProfileView[]> {
  let imported: IdpProfile[];
  try {
    imported = parseExport(text);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  // A profile replaced by an imported one loses its secret, token and registration data even where it did not
  // move: a file is never trusted with a stored secret.
  await putProfiles(service, imported, () => true);
  return listProfiles(service);
}

/** Reads a discovery document: the token endpoint and the auth methods the IdP advertises. */
export async function discover(
  service: Service,
  url: string,
): Promise<{ issuer: string; tokenEndpoint: string; authMethods: string[] }> {
  const documentUrl = url.includes('/.well-known/') ? url : `${url.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await service.env.fetch(documentUrl, { headers: { accept: 'application/json' } });
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

/** The addresses the popup offers next time (the portal's and gateway's as the manifest states them). */
function harnessLink(manifest: HarnessManifest, manifestUrl: string): HarnessLink {
  // Only what parses as an http(s) URL, without credentials or query (the popup builds URLs from these).
  const clean = (value: unknown, keepPath: boolean): string | undefined => {
    if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return keepPath ? `${url.origin}${url.pathname}` : url.origin;
  };
  const portalUrl = clean(manifest.portal?.url, false);
  const gatewayUrl = clean(manifest.gateway?.url, false);
  return {
    manifestUrl: clean(manifestUrl, true) ?? manifestUrl,
    ...(portalUrl && { portalUrl }),
    ...(gatewayUrl && { gatewayUrl }),
  };
}

export async function lastHarness(service: Service): Promise<HarnessLink | undefined> {
  return service.env.store.harness();
}
