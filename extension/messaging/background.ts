/** The one background handler table; every sender is checked before anything runs. */
import { ExtensionService, UserError } from '../core/service';
import { alarmScheduler, onRefreshAlarm } from '../platform/alarms';
import { extensionId, extensionOrigin, onRuntimeMessage } from '../platform/runtime';
import { browserStore } from '../platform/storage';
import { isMessage, type Message, type MessageType, type Protocol, type Reply } from './protocol';
import { isExtensionPage } from './sender';

type Handlers = { [T in MessageType]: (payload: Protocol[T]['request']) => Promise<Protocol[T]['response']> };

export function handlers(service: ExtensionService): Handlers {
  return {
    'profiles:list': async () => ({ profiles: await service.listProfiles() }),
    'harness:import': async ({ url }) => ({ profiles: await service.importHarness(String(url)) }),
    'token:get': async ({ profileId }) => {
      const result = await service.getToken(String(profileId));
      return { result, profiles: await service.listProfiles() };
    },
    'client:register': async ({ profileId, name, style }) => {
      const { profile, clientSecret } = await service.registerClient(String(profileId), String(name), style);
      return { profileId: profile.id, clientId: profile.clientId, clientSecret, profiles: await service.listProfiles() };
    },
    'client:rotate': async ({ profileId }) => {
      const { clientSecret } = await service.rotateSecret(String(profileId));
      return { clientSecret, profiles: await service.listProfiles() };
    },
    'profile:save': async (input) => service.saveProfile(input),
    'profile:remove': async ({ profileId }) => ({ profiles: await service.removeProfile(String(profileId)) }),
    'profiles:export': async () => ({ text: await service.exportProfiles() }),
    'profiles:import': async ({ text }) => ({ profiles: await service.importProfiles(String(text)) }),
    'discovery:get': async ({ url }) => service.discover(String(url)),
    'snippet:get': async ({ profileId, kind }) => ({
      text: await service.snippet(String(profileId), kind === 'fetch' ? 'fetch' : 'curl'),
    }),
    'client:delete': async ({ profileId }) => {
      await service.deleteClient(String(profileId));
      return { profiles: await service.listProfiles() };
    },
  };
}

export function startBackground(): void {
  const service = new ExtensionService({
    fetch: (...args) => fetch(...args),
    store: browserStore,
    clock: Date.now,
    scheduler: alarmScheduler,
  });
  const table = handlers(service);
  onRefreshAlarm((profileId) => {
    service.refresh(profileId).catch((error: unknown) => console.warn('dcr-kit: re-fetch failed:', (error as Error).message));
  });
  onRuntimeMessage(async (message, sender): Promise<Reply<MessageType> | undefined> => {
    if (!isExtensionPage(sender, extensionId(), extensionOrigin())) return undefined;
    if (!isMessage(message) || !Object.hasOwn(table, message.type)) return { ok: false, error: 'unknown message' };
    const { type, payload } = message as Message;
    try {
      const handler = table[type] as (payload: unknown) => Promise<unknown>;
      return { ok: true, value: (await handler(payload)) as Protocol[MessageType]['response'] };
    } catch (error) {
      // User errors carry their own wording; anything else is reported without details that could hold a secret.
      return { ok: false, error: error instanceof UserError ? error.message : 'unexpected error in the background' };
    }
  });
}
