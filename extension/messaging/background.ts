/** The one background handler table; every sender is checked before anything runs. */

import { formatCookies } from '../core/api-console';
import { type InjectionScope, injectionScope } from '../core/injection-rules';
import type { RegistrationStyleId } from '../core/profiles';
import { ExtensionService, UserError } from '../core/service';
import { alarmScheduler, onRefreshAlarm } from '../platform/alarms';
import { captureOrigins, disableCapture, enableCapture } from '../platform/capture';
import { clearCookie, listCookies } from '../platform/cookies';
import { listInjections, refreshInjection, startInjection, stopInjection } from '../platform/injection';
import { extensionId, extensionOrigin, onRuntimeMessage } from '../platform/runtime';
import { browserStore } from '../platform/storage';
import { isMessage, type Message, type MessageType, type Protocol, type Reply } from './protocol';
import { isCaptureScript, isExtensionPage } from './sender';

type Handlers = { [T in MessageType]: (payload: Protocol[T]['request']) => Promise<Protocol[T]['response']> };

/** Strings from a message payload, typed or not: the page could send anything. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function handlers(service: ExtensionService): Handlers {
  // Everything that reads and writes storage runs through the service's queue, one operation at a time.
  const queued =
    <T>(operation: () => Promise<T>) =>
    () =>
      service.exclusive(operation);
  return {
    'profiles:list': async () => ({ profiles: await service.listProfiles() }),
    'harness:import': ({ url }) => queued(async () => ({ profiles: await service.importHarness(text(url)) }))(),
    'token:get': ({ profileId }) =>
      queued(async () => {
        const result = await service.getToken(text(profileId));
        return { result, profiles: await service.listProfiles() };
      })(),
    'token:verify': ({ profileId }) => service.checkTokenSignature(text(profileId)),
    'client:register': ({ profileId, name, style }) =>
      queued(async () => {
        const { profile, clientSecret } = await service.registerClient(
          text(profileId),
          text(name),
          text(style) as RegistrationStyleId,
        );
        return { profileId: profile.id, clientId: profile.clientId, clientSecret, profiles: await service.listProfiles() };
      })(),
    'client:rotate': ({ profileId }) =>
      queued(async () => {
        const { clientSecret } = await service.rotateSecret(text(profileId));
        return { clientSecret, profiles: await service.listProfiles() };
      })(),
    'client:delete': ({ profileId }) =>
      queued(async () => {
        await service.deleteClient(text(profileId));
        return { profiles: await service.listProfiles() };
      })(),
    'profile:save': (input) =>
      queued(() =>
        service.saveProfile({
          ...(typeof input.id === 'string' && { id: input.id }),
          name: text(input.name),
          vendor: text(input.vendor),
          endpointId: text(input.endpointId),
          baseUrl: text(input.baseUrl),
          authServerId: text(input.authServerId),
          tenantId: text(input.tenantId),
          target: text(input.target),
          clientId: text(input.clientId),
          clientAuth: text(input.clientAuth),
          clientSecret: text(input.clientSecret),
          // Remembering a secret is an explicit choice: only a literal true counts.
          rememberSecret: input.rememberSecret === true,
        }),
      )(),
    'profile:remove': ({ profileId }) => queued(async () => ({ profiles: await service.removeProfile(text(profileId)) }))(),
    'profiles:export': async () => ({ text: await service.exportProfiles() }),
    'profiles:import': ({ text: file }) => queued(async () => ({ profiles: await service.importProfiles(text(file)) }))(),
    'discovery:get': async ({ url }) => service.discover(text(url)),
    'api:call': (call) =>
      service.callApi({
        url: text(call.url),
        method: text(call.method) || 'GET',
        auth: (['none', 'client_credentials', 'bearer', 'session'] as const).find((a) => a === call.auth) ?? 'none',
        ...(typeof call.profileId === 'string' && { profileId: call.profileId }),
        ...(typeof call.body === 'string' && { body: call.body }),
      }),
    'cookies:list': async ({ url, reveal }) => ({ cookies: await listCookies(text(url), reveal === true) }),
    'cookies:export': async ({ url, format, reveal }) => ({
      text: formatCookies(
        await listCookies(text(url), reveal === true),
        format === 'header' || format === 'netscape' ? format : 'json',
      ),
    }),
    'portal:probe': async ({ origin }) => service.probePortal(text(origin)),
    'cookies:clear': async ({ url, name }) => {
      await clearCookie(text(url), text(name));
      return { cookies: await listCookies(text(url), false) };
    },
    'inject:start': ({ profileId, origin, pageOrigin }) =>
      queued(async () => {
        const token = await service.currentToken(text(profileId));
        if (!token) throw new UserError('get a token first: the header carries it');
        let scope: InjectionScope;
        try {
          scope = injectionScope(text(origin), text(pageOrigin));
        } catch (error) {
          throw new UserError((error as Error).message);
        }
        await startInjection(text(profileId), scope, token.accessToken);
        return { injections: await listInjections() };
      })(),
    'inject:stop': async ({ profileId }) => {
      await stopInjection(text(profileId));
      return { injections: await listInjections() };
    },
    'inject:list': async () => ({ injections: await listInjections() }),
    'portal:strategies': async ({ portalUrl, version }) => ({
      strategies: await service.portalStrategies(text(portalUrl), version === 'v2' ? 'v2' : 'v3'),
    }),
    'portal:register': (input) =>
      queued(async () => {
        const { profile, clientSecret } = await service.registerThroughPortal({
          portalUrl: text(input.portalUrl),
          version: input.version === 'v2' ? 'v2' : 'v3',
          strategyId: text(input.strategyId),
          name: text(input.name),
          linkTo: text(input.linkTo),
        });
        return { profileId: profile.id, clientId: profile.clientId, clientSecret, profiles: await service.listProfiles() };
      })(),
    'portal:regenerate': ({ profileId }) =>
      queued(async () => {
        const { clientSecret } = await service.portalRegenerate(text(profileId));
        return { clientSecret, profiles: await service.listProfiles() };
      })(),
    'portal:delete': ({ profileId }) =>
      queued(async () => {
        await service.portalDelete(text(profileId));
        return { profiles: await service.listProfiles() };
      })(),
    'capture:enable': async ({ origin }) => {
      await enableCapture(new URL(text(origin)).origin);
      return { origins: await captureOrigins() };
    },
    'capture:disable': async ({ origin }) => {
      await disableCapture(new URL(text(origin)).origin);
      return { origins: await captureOrigins() };
    },
    'capture:list': async () => ({ origins: await captureOrigins(), captures: await service.listCaptures() }),
    'capture:link': ({ captureId, linkTo }) =>
      queued(async () => {
        await service.linkCapture(text(captureId), text(linkTo));
        return { profiles: await service.listProfiles(), captures: await service.listCaptures() };
      })(),
    'snippet:get': async ({ profileId, kind }) => ({
      text: await service.snippet(text(profileId), kind === 'fetch' ? 'fetch' : 'curl'),
    }),
  };
}

export function startBackground(): void {
  const service = new ExtensionService({
    fetch: (...args) => fetch(...args),
    store: browserStore,
    clock: Date.now,
    scheduler: alarmScheduler,
    tokens: { tokenChanged: (id, token) => refreshInjection(id, token.accessToken), tokenRemoved: stopInjection },
  });
  const table = handlers(service);
  onRefreshAlarm((profileId) => {
    // refresh() records and logs its own failures; anything left (storage, alarms) is logged redacted too.
    service.refresh(profileId).catch((error: unknown) => service.report('re-fetch', error));
  });
  onRuntimeMessage(async (message, sender): Promise<Reply<MessageType> | undefined> => {
    if (!isExtensionPage(sender, extensionId(), extensionOrigin())) {
      // A capture content script may send exactly one message, from an origin the user enabled.
      if (!isCaptureScript(sender, extensionId(), extensionOrigin(), await captureOrigins())) return undefined;
      if (!isMessage(message) || message.type !== ('capture:save' as MessageType)) return { ok: false, error: 'not allowed' };
      try {
        await service.exclusive(() =>
          service.saveCapture(new URL(sender.url as string).origin, message.payload as Record<string, unknown>),
        );
        return { ok: true, value: {} as never };
      } catch {
        return { ok: false, error: 'refused' };
      }
    }
    if (!isMessage(message) || !Object.hasOwn(table, message.type)) return { ok: false, error: 'unknown message' };
    const { type, payload } = message as Message;
    try {
      const handler = table[type] as (payload: unknown) => Promise<unknown>;
      return { ok: true, value: (await handler(payload)) as Protocol[MessageType]['response'] };
    } catch (error) {
      // User errors carry their own wording (redacted); anything else is logged redacted and reported without details.
      return { ok: false, error: await service.errorMessage(error) };
    }
  });
}
