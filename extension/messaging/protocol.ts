/** The one typed message protocol between extension pages and the background. */

import type { PageContext } from '../capture/types';
import type { ApiAnswer, ApiCall, CookieFormat, CookieView } from '../core/api-console';
import type { InjectionScope } from '../core/injection-rules';
import type { PortalStrategy, PortalVersion } from '../core/portal';
import type { FieldErrors, ProfileInput } from '../core/profile-input';
import type { RegistrationStyleId } from '../core/profiles';
import type { CaptureView, HarnessLink, PickView, ProfileView } from '../core/service';
import type { SignatureCheck } from '../core/signature';
import type { TokenResult } from '../core/token-response';

export interface Protocol {
  'profiles:list': { request: Record<string, never>; response: { profiles: ProfileView[] } };
  'harness:import': { request: { url: string }; response: { profiles: ProfileView[] } };
  /** The harness last connected to and the portal and gateway it named (the popup's defaults). */
  'harness:last': { request: Record<string, never>; response: { harness?: HarnessLink } };
  'token:get': { request: { profileId: string }; response: { result: TokenResult; profiles: ProfileView[] } };
  'token:verify': { request: { profileId: string }; response: SignatureCheck };
  'client:register': {
    request: { profileId: string; name: string; style: RegistrationStyleId };
    response: { profileId: string; clientId: string; clientSecret: string; profiles: ProfileView[] };
  };
  'client:rotate': { request: { profileId: string }; response: { clientSecret: string; profiles: ProfileView[] } };
  'client:delete': { request: { profileId: string }; response: { profiles: ProfileView[] } };
  'profile:save': { request: ProfileInput; response: { profiles?: ProfileView[]; errors?: FieldErrors } };
  'profile:remove': { request: { profileId: string }; response: { profiles: ProfileView[] } };
  'profiles:export': { request: Record<string, never>; response: { text: string } };
  'profiles:import': { request: { text: string }; response: { profiles: ProfileView[] } };
  'discovery:get': { request: { url: string }; response: { issuer: string; tokenEndpoint: string; authMethods: string[] } };
  'api:call': { request: ApiCall; response: ApiAnswer };
  'cookies:list': { request: { url: string; reveal: boolean }; response: { cookies: CookieView[] } };
  'cookies:export': { request: { url: string; format: CookieFormat; reveal: boolean }; response: { text: string } };
  'portal:probe': { request: { origin: string }; response: { kind: 'konnect-v3' | 'konnect-v2' | 'unknown'; name?: string } };
  'cookies:clear': { request: { url: string; name: string }; response: { cookies: CookieView[] } };
  /** `origin`: the API the header goes to; `pageOrigin`: whose pages may use it (blank: the API's own host). */
  'inject:start': {
    request: { profileId: string; origin: string; pageOrigin?: string };
    response: { injections: Record<string, InjectionScope> };
  };
  'inject:stop': { request: { profileId: string }; response: { injections: Record<string, InjectionScope> } };
  'inject:list': { request: Record<string, never>; response: { injections: Record<string, InjectionScope> } };
  'portal:strategies': { request: { portalUrl: string; version: PortalVersion }; response: { strategies: PortalStrategy[] } };
  'portal:register': {
    request: { portalUrl: string; version: PortalVersion; strategyId: string; name: string; linkTo: string };
    response: { profileId: string; clientId: string; clientSecret: string; profiles: ProfileView[] };
  };
  'portal:regenerate': { request: { profileId: string }; response: { clientSecret: string; profiles: ProfileView[] } };
  'portal:delete': { request: { profileId: string }; response: { profiles: ProfileView[] } };
  'capture:enable': { request: { origin: string }; response: { origins: string[] } };
  'capture:disable': { request: { origin: string }; response: { origins: string[] } };
  'capture:list': {
    request: Record<string, never>;
    response: { origins: string[]; captures: CaptureView[]; picks: PickView[] };
  };
  /** "Create profile" from a capture: the profile the user confirmed; the secret comes from the capture. */
  'capture:create-profile': {
    request: ProfileInput & { captureId: string };
    response: { profiles?: ProfileView[]; errors?: FieldErrors; captures: CaptureView[] };
  };
  'capture:link': {
    request: { captureId: string; linkTo: string };
    response: { profiles: ProfileView[]; captures: CaptureView[] };
  };
  'snippet:get': { request: { profileId: string; kind: 'curl' | 'fetch' }; response: { text: string } };
  /**
   * The two messages a capture content script may send (and an extension page may not). First: is its page's origin
   * one the user enabled? Asked before it scans anything. Firefox cannot register a script for one port (its match
   * patterns have none: platform/capture.ts), so the script runs on every port of the host and stays idle unless
   * this is answered; the background answers only for enabled origins.
   */
  'capture:ready': { request: Record<string, never>; response: Record<string, never> };
  /**
   * Then, on a real click: credentials from the page, untrusted, validated again in the background. Where they came
   * from is the sender's origin, not `pageUrl`.
   */
  'capture:save': {
    request: { clientId: string; clientSecret: string; source: string; context?: PageContext; pageUrl?: string };
    response: Record<string, never>;
  };
}

export type MessageType = keyof Protocol;

export interface Message<T extends MessageType = MessageType> {
  type: T;
  payload: Protocol[T]['request'];
}

export type Reply<T extends MessageType> = { ok: true; value: Protocol[T]['response'] } | { ok: false; error: string };

export function isMessage(value: unknown): value is Message {
  const m = value as Message | undefined;
  return typeof m === 'object' && m !== null && typeof m.type === 'string' && typeof m.payload === 'object' && m.payload !== null;
}
