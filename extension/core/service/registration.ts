/** Clients registered through a profile's registration API: created, their secret rotated, deleted at the IdP. */
import {
  type RegisteredClient,
  RegistrationError,
  type RegistrationTarget,
  registrationProvider,
} from '../../../shared/registration/providers';
import type { IdpProfile } from '../profiles';
import { type Service, UserError, userFacing } from './context';
import { dropToken, forget, profile, putProfiles } from './stored';

/** Registration API failures are the user's to read (the vendor's own message), not internal errors. */
const registrationApi = <T>(operation: Promise<T>) => userFacing(operation, RegistrationError, 'the registration API');

/** Registers a new client through a profile's registration API; it becomes a profile of its own. */
export async function registerClient(
  service: Service,
  parentId: string,
  name: string,
  styleName: string,
): Promise<{ profile: IdpProfile; clientSecret: string }> {
  const { store } = service.env;
  const parent = await profile(service, parentId);
  const style = parent.registrationStyles?.find((s) => s === styleName);
  if (!style) throw new UserError(`"${parent.name}" cannot register through ${styleName}`);
  const target = (await store.registrations())[parentId]?.[style];
  if (!target) throw new UserError(`"${parent.name}" has no ${style} credentials: import them from a harness first`);
  if (!name.trim()) throw new UserError('give the new client a name');
  const client = await registrationApi(registrationProvider(target, service.env.fetch).create({ name: name.trim() }));
  const registered: IdpProfile = {
    ...parent,
    id: `${parentId}/client/${client.clientId}`,
    name: `${name.trim()} (${parent.name})`,
    clientId: client.clientId,
    source: { kind: 'registered', parentId, style },
    registrationStyles: [],
  };
  await putProfiles(service, [registered], () => true);
  const [secrets, clients] = await Promise.all([store.secrets(), store.registered()]);
  await store.saveSecrets({ ...secrets, [registered.id]: client.clientSecret });
  await store.saveRegistered({ ...clients, [registered.id]: client });
  return { profile: registered, clientSecret: client.clientSecret };
}

/** New secret at the IdP; the old one stops working there, and the kept token is dropped. */
export async function rotateSecret(service: Service, profileId: string): Promise<{ clientSecret: string }> {
  const { store } = service.env;
  const { target, client } = await registeredClient(service, profileId);
  const rotated = await registrationApi(registrationProvider(target, service.env.fetch).rotate(client));
  const [secrets, registered, tokens] = await Promise.all([store.secrets(), store.registered(), store.tokens()]);
  await store.saveSecrets({ ...secrets, [profileId]: rotated.clientSecret });
  await store.saveRegistered({ ...registered, [profileId]: rotated });
  await dropToken(service, profileId, tokens);
  return { clientSecret: rotated.clientSecret };
}

/** Deletes the client at the IdP, then everything the extension kept about it. */
export async function deleteClient(service: Service, profileId: string): Promise<void> {
  const { target, client, profile: registered } = await registeredClient(service, profileId);
  await registrationApi(registrationProvider(target, service.env.fetch).remove(client, { name: registered.name }));
  await forget(service, profileId);
}

/** A profile dcr-kit registered, with the admin credentials of its parent and what the registration API returned. */
async function registeredClient(
  service: Service,
  profileId: string,
): Promise<{ profile: IdpProfile; target: RegistrationTarget; client: RegisteredClient }> {
  const registered = await profile(service, profileId);
  if (registered.source.kind !== 'registered') throw new UserError(`"${registered.name}" was not registered by dcr-kit`);
  const target = (await service.env.store.registrations())[registered.source.parentId]?.[registered.source.style];
  const client = (await service.env.store.registered())[profileId];
  if (!target || !client)
    throw new UserError(`the registration data for "${registered.name}" is gone (the browser session ended)`);
  return { profile: registered, target, client };
}
