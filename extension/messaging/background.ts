/** The one background handler table; every sender is checked before anything runs. */

import { formatCookies } from '../core/api-console';
import { type InjectionScope, injectionScope } from '../core/injection-rules';
import type { ProfileInput } from '../core/profile-input';
import type { IdpProfile } from '../core/profiles';
import { linkCapture, listCaptures, profileFromCapture, saveCapture } from '../core/service/captures';
import { callApi, snippet } from '../core/service/console';
import { createService, type Service, UserError } from '../core/service/context';
import {
  portalDelete,
  portalRegenerate,
  portalStrategies,
  probePortal,
  registerThroughPortal,
} from '../core/service/developer-portal';
import { listPicks, PICK_MENUS, type PickResult, pickSelection } from '../core/service/picks';
import {
  discover,
  exportProfiles,
  importHarness,
  importProfiles,
  lastHarness,
  removeProfile,
  saveProfile,
} from '../core/service/profile-admin';
import { deleteClient, registerClient, rotateSecret } from '../core/service/registration';
import { errorMessage, report } from '../core/service/reporting';
import { listProfiles } from '../core/service/stored';
import { checkTokenSignature, currentToken, getToken, refresh } from '../core/service/tokens';
import { alarmScheduler, onRefreshAlarm } from '../platform/alarms';
import { setBadgePart, showOnTab } from '../platform/badge';
import { captureOrigins, disableCapture, enableCapture } from '../platform/capture';
import { showSelectionMenusOn, startSelectionMenus } from '../platform/context-menus';
import { clearCookie, listCookies } from '../platform/cookies';
import { listInjections, refreshInjection, startInjection, stopInjection } from '../platform/injection';
import { extensionId, extensionOrigin, onRuntimeMessage } from '../platform/runtime';
import { browserStore } from '../platform/storage';
import { isMessage, type Message, type MessageType, type Protocol, type Reply } from './protocol';
import { isCaptureScript, isExtensionPage, type Sender } from './sender';

type Handlers = {
  [T in MessageType]: (payload: Protocol[T]['request'], sender: Sender) => Promise<Protocol[T]['response']>;
};

/** What a capture content script may send; extension pages may send every other message. */
const FROM_CAPTURE_SCRIPT: ReadonlySet<MessageType> = new Set<MessageType>(['capture:ready', 'capture:save']);

/** Strings from a message payload, typed or not: the page could send anything. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
/** The console's request headers as [name, value] string pairs (anything else dropped; at most 50). */
const headerPairs = (value: unknown[]): [string, string][] =>
  value
    .filter((pair): pair is [string, string] => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string')
    .slice(0, 50)
    .map(([name, v]) => [name, v]);

/** A profile typed in (or confirmed) by the user, as text fields: each is checked again by the service. */
const profileInput = (input: Partial<Record<keyof ProfileInput, unknown>>): ProfileInput => ({
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
});

/** A pick's outcome on the toolbar button: the menu itself cannot answer. */
const PICKED: Record<PickResult, [badge: string, title: string] | undefined> = {
  ignored: undefined,
  'not enabled': ['', 'dcr-kit: capture is not enabled on this page'],
  'not a credential': ['!', 'dcr-kit: the selection is not a client ID or secret (printable, no spaces, ≤ 512)'],
  waiting: ['1/2', 'dcr-kit: saved one half; now pick the other'],
  captured: ['✓', 'dcr-kit: client ID and secret saved; open dcr-kit to make a profile'],
};

/** The context-menu entries follow the origins capture is enabled on. */
async function captureOriginsShown(origins: Promise<string[]>): Promise<{ origins: string[] }> {
  const list = await origins;
  await showSelectionMenusOn(PICK_MENUS, list).catch(() => undefined);
  return { origins: list };
}

/** The badge counts the captures that wait for a profile (issue 17 item 4): after every change to them. */
async function capturesChanged(service: Service): Promise<void> {
  await setBadgePart('captures', (await service.env.store.captures()).length).catch(() => undefined);
}

export function handlers(service: Service): Handlers {
  // Everything that reads and writes storage runs through the service's queue, one operation at a time.
  const exclusive = <T>(operation: () => Promise<T>) => service.exclusive(operation);
  const profiles = () => listProfiles(service);
  /** The profile list after an operation that answers nothing else (a deletion). */
  const thenProfiles = async (operation: Promise<void>) => {
    await operation;
    return { profiles: await profiles() };
  };
  /** A client just made (registered or created in a portal): its credentials, shown once, and the new profile list. */
  const created = async ({ profile, clientSecret }: { profile: IdpProfile; clientSecret: string }) => ({
    profileId: profile.id,
    clientId: profile.clientId,
    clientSecret,
    profiles: await profiles(),
  });
  return {
    'profiles:list': async () => ({ profiles: await profiles() }),
    'harness:import': ({ url }) => exclusive(async () => ({ profiles: await importHarness(service, text(url)) })),
    'harness:last': async () => {
      const harness = await lastHarness(service);
      return harness ? { harness } : {};
    },
    'token:get': ({ profileId }) =>
      exclusive(async () => ({ result: await getToken(service, text(profileId)), profiles: await profiles() })),
    'token:verify': ({ profileId }) => checkTokenSignature(service, text(profileId)),
    'client:register': ({ profileId, name, style }) =>
      exclusive(async () => created(await registerClient(service, text(profileId), text(name), text(style)))),
    'client:rotate': ({ profileId }) =>
      exclusive(async () => ({ ...(await rotateSecret(service, text(profileId))), profiles: await profiles() })),
    'client:delete': ({ profileId }) => exclusive(() => thenProfiles(deleteClient(service, text(profileId)))),
    'profile:save': (input) => exclusive(() => saveProfile(service, profileInput(input))),
    'profile:remove': ({ profileId }) => exclusive(async () => ({ profiles: await removeProfile(service, text(profileId)) })),
    'profiles:export': async () => ({ text: await exportProfiles(service) }),
    'profiles:import': ({ text: file }) => exclusive(async () => ({ profiles: await importProfiles(service, text(file)) })),
    'discovery:get': ({ url }) => discover(service, text(url)),
    'api:call': (call) =>
      callApi(service, {
        url: text(call.url),
        method: text(call.method) || 'GET',
        auth: (['none', 'client_credentials', 'bearer', 'session'] as const).find((a) => a === call.auth) ?? 'none',
        ...(typeof call.profileId === 'string' && { profileId: call.profileId }),
        ...(typeof call.body === 'string' && { body: call.body }),
        ...(typeof call.contentType === 'string' && { contentType: call.contentType }),
        ...(Array.isArray(call.headers) && { headers: headerPairs(call.headers) }),
      }),
    'cookies:list': async ({ url, reveal }) => ({ cookies: await listCookies(text(url), reveal === true) }),
    'cookies:export': async ({ url, format, reveal }) => ({
      text: formatCookies(
        await listCookies(text(url), reveal === true),
        format === 'header' || format === 'netscape' ? format : 'json',
      ),
    }),
    'portal:probe': ({ origin }) => probePortal(service, text(origin)),
    'cookies:clear': async ({ url, name }) => {
      await clearCookie(text(url), text(name));
      return { cookies: await listCookies(text(url), false) };
    },
    'inject:start': ({ profileId, origin, pageOrigin }) =>
      exclusive(async () => {
        const token = await currentToken(service, text(profileId));
        if (!token) throw new UserError('get a token first: the header carries it');
        let scope: InjectionScope;
        try {
          scope = injectionScope(text(origin), text(pageOrigin));
        } catch (error) {
          throw new UserError((error as Error).message);
        }
        await startInjection(text(profileId), scope, token.accessToken);
        return { injections: await listInjections() };
      }),
    'inject:stop': async ({ profileId }) => {
      await stopInjection(text(profileId));
      return { injections: await listInjections() };
    },
    'inject:list': async () => ({ injections: await listInjections() }),
    'portal:strategies': async ({ portalUrl, version }) => ({
      strategies: await portalStrategies(service, text(portalUrl), version === 'v2' ? 'v2' : 'v3'),
    }),
    'portal:register': (input) =>
      exclusive(async () =>
        created(
          await registerThroughPortal(service, {
            portalUrl: text(input.portalUrl),
            version: input.version === 'v2' ? 'v2' : 'v3',
            strategyId: text(input.strategyId),
            name: text(input.name),
            linkTo: text(input.linkTo),
          }),
        ),
      ),
    'portal:regenerate': ({ profileId }) =>
      exclusive(async () => ({ ...(await portalRegenerate(service, text(profileId))), profiles: await profiles() })),
    'portal:delete': ({ profileId }) => exclusive(() => thenProfiles(portalDelete(service, text(profileId)))),
    'capture:enable': async ({ origin }) => {
      await enableCapture(new URL(text(origin)).origin);
      return captureOriginsShown(captureOrigins());
    },
    'capture:disable': async ({ origin }) => {
      await disableCapture(new URL(text(origin)).origin);
      return captureOriginsShown(captureOrigins());
    },
    'capture:list': async () => ({
      origins: await captureOrigins(),
      captures: await listCaptures(service),
      picks: await listPicks(service),
    }),
    'capture:create-profile': (input) =>
      exclusive(async () => {
        const result = await profileFromCapture(service, text(input.captureId), profileInput(input));
        await capturesChanged(service);
        return { ...result, captures: await listCaptures(service) };
      }),
    'capture:link': ({ captureId, linkTo }) =>
      exclusive(async () => {
        await linkCapture(service, text(captureId), text(linkTo));
        await capturesChanged(service);
        return { profiles: await profiles(), captures: await listCaptures(service) };
      }),
    'snippet:get': async ({ profileId, kind }) => ({
      text: await snippet(service, text(profileId), kind === 'fetch' ? 'fetch' : 'curl'),
    }),
    // Reached only when the sender's origin is enabled (isCaptureScript, below): elsewhere no answer at all.
    'capture:ready': async () => ({}),
    // The page the capture script runs on is the sender's URL (checked against the enabled origins), never the payload.
    'capture:save': (payload, sender) =>
      exclusive(async () => {
        await saveCapture(service, new URL(text(sender.url)).origin, payload);
        await capturesChanged(service);
        return {};
      }),
  };
}

/** Runs one message's handler (typed by the message's own type). */
function dispatch<T extends MessageType>(table: Handlers, message: Message<T>, sender: Sender): Promise<Protocol[T]['response']> {
  return table[message.type](message.payload, sender);
}

export function startBackground(): void {
  const service = createService({
    fetch: (...args) => fetch(...args),
    store: browserStore,
    clock: Date.now,
    scheduler: alarmScheduler,
    tokens: { tokenChanged: (id, token) => refreshInjection(id, token.accessToken), tokenRemoved: stopInjection },
  });
  const table = handlers(service);
  // "dcr-kit: save selection as …": the browser's own menu, so the click is the user's; the origin is checked again.
  startSelectionMenus(PICK_MENUS, captureOrigins(), (click) => {
    service
      .exclusive(async () => {
        const result = await pickSelection(service, click, await captureOrigins());
        if (result === 'captured') await capturesChanged(service);
        return result;
      })
      .then((result) => {
        const shown = PICKED[result];
        if (shown) showOnTab(click.tabId, ...shown);
      })
      .catch((error: unknown) => report(service, 'pick', error));
  });
  // The captures kept in this browser session, counted on the badge again at each start of the worker.
  void service.exclusive(() => capturesChanged(service));
  onRefreshAlarm((profileId) => {
    // refresh() records and logs its own failures; anything left (storage, alarms) is logged redacted too.
    refresh(service, profileId).catch((error: unknown) => report(service, 're-fetch', error));
  });
  onRuntimeMessage(async (message, sender): Promise<Reply<MessageType> | undefined> => {
    const fromPage = isExtensionPage(sender, extensionId(), extensionOrigin());
    // Besides the extension's pages, only a capture content script on an origin the user enabled is answered.
    if (!fromPage && !isCaptureScript(sender, extensionId(), extensionOrigin(), await captureOrigins())) return undefined;
    if (!isMessage(message) || !Object.hasOwn(table, message.type) || FROM_CAPTURE_SCRIPT.has(message.type) === fromPage)
      return { ok: false, error: fromPage ? 'unknown message' : 'not allowed' };
    try {
      return { ok: true, value: await dispatch(table, message, sender) };
    } catch (error) {
      // A capture script learns nothing of why. A page gets a user error's own words (redacted); anything else is
      // logged redacted and reported without details.
      return { ok: false, error: fromPage ? await errorMessage(service, error) : 'refused' };
    }
  });
}
