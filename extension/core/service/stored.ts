/**
 * What the extension keeps about each profile, read and dropped in one place: the popup's view of the profiles, the
 * lookups every feature uses, and the only ways a profile's credentials are replaced or forgotten.
 */
import { credentialsMoved } from '../profile-moves';
import type { IdpProfile } from '../profiles';
import type { Token } from '../token-response';
import { type LastError, type Service, UserError } from './context';

export interface ProfileView extends IdpProfile {
  hasSecret: boolean;
  token?: Token;
  lastError?: LastError;
}

export async function listProfiles(service: Service): Promise<ProfileView[]> {
  const [profiles, secrets, tokens] = await Promise.all([
    service.env.store.profiles(),
    allSecrets(service),
    service.env.store.tokens(),
  ]);
  return profiles.map((p) => {
    const lastError = service.lastErrors.get(p.id);
    return {
      ...p,
      hasSecret: Boolean(secrets[p.id]),
      ...(tokens[p.id] && { token: tokens[p.id] }),
      ...(lastError && { lastError }),
    };
  });
}

export async function profile(service: Service, profileId: string): Promise<IdpProfile> {
  const found = (await service.env.store.profiles()).find((p) => p.id === profileId);
  if (!found) throw new UserError(`no profile "${profileId}"`);
  return found;
}

/** Session secrets win over remembered ones (a secret typed this session is the current one). */
export async function allSecrets(service: Service): Promise<Record<string, string>> {
  const [remembered, session] = await Promise.all([service.env.store.rememberedSecrets(), service.env.store.secrets()]);
  return { ...remembered, ...session };
}

/** The kept token goes, with its re-fetch and any header injection that carried it. */
export async function dropToken(service: Service, profileId: string, tokens: Record<string, Token>): Promise<void> {
  const { [profileId]: _dropped, ...rest } = tokens;
  await service.env.store.saveTokens(rest);
  await service.env.scheduler.cancel(profileId);
  await service.env.tokens?.tokenRemoved(profileId);
}

export async function forget(service: Service, profileId: string): Promise<void> {
  await forgetCredentials(service, [profileId]);
  await service.env.store.saveProfiles((await service.env.store.profiles()).filter((p) => p.id !== profileId));
}

/**
 * Everything kept for these profiles but the profiles themselves: session and remembered secrets, registration
 * data, the token with its re-fetch alarm and header injection, the last error.
 */
export async function forgetCredentials(service: Service, profileIds: string[]): Promise<void> {
  if (profileIds.length === 0) return;
  const { store } = service.env;
  const gone = new Set(profileIds);
  const without = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([id]) => !gone.has(id)));
  const [secrets, remembered, registrations, registered] = await Promise.all([
    store.secrets(),
    store.rememberedSecrets(),
    store.registrations(),
    store.registered(),
  ]);
  await store.saveSecrets(without(secrets));
  await store.saveRememberedSecrets(without(remembered));
  await store.saveRegistrations(without(registrations));
  await store.saveRegistered(without(registered));
  for (const id of profileIds) {
    await dropToken(service, id, await store.tokens());
    service.lastErrors.delete(id);
  }
}

/**
 * The one way stored profiles are replaced or added (harness import, profiles import, edit, registration, portal
 * applications, linked captures). A replaced profile
 * whose credentials would now go elsewhere (`credentialsMoved`: another token endpoint origin or URL, another client)
 * first loses its secrets, token, alarm and header injection: nothing kept for one host is ever sent to another.
 * `forgets` can only widen the rule. Replaced profiles keep their place; new ones are appended.
 */
export async function putProfiles(
  service: Service,
  incoming: IdpProfile[],
  forgets: (before: IdpProfile, after: IdpProfile) => boolean = () => false,
): Promise<void> {
  const profiles = await service.env.store.profiles();
  const before = new Map(profiles.map((p) => [p.id, p]));
  const replacing = new Map(incoming.map((p) => [p.id, p]));
  await forgetCredentials(
    service,
    incoming.flatMap((after) => {
      const old = before.get(after.id);
      return old && (credentialsMoved(old, after) || forgets(old, after)) ? [after.id] : [];
    }),
  );
  await service.env.store.saveProfiles([
    ...profiles.map((p) => replacing.get(p.id) ?? p),
    ...incoming.filter((p) => !before.has(p.id)),
  ]);
}
