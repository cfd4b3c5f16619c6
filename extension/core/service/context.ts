/**
 * What every feature of the extension's service works with: the environment injected by the background (fetch,
 * storage, clock, alarms, header injection), the last token error per profile, and the one queue that serialises
 * storage read-modify-writes. The feature modules beside this file are functions of a `Service`, so they run in
 * plain Vitest; nothing here touches `browser.*`.
 */
import type { RegisteredClient, RegistrationTarget } from '../../../shared/registration/providers';
import type { PageContext } from '../../capture/types';
import type { IdpProfile, RegistrationStyleId } from '../profiles';
import type { Token, TokenError } from '../token-response';

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
  /** Halves picked from a page with the context menu, by origin, until both are there (storage.session). */
  picks(): Promise<Record<string, Pick>>;
  savePicks(value: Record<string, Pick>): Promise<void>;
  /** The harness last connected to (not secret: addresses only, storage.local). */
  harness(): Promise<HarnessLink | undefined>;
  saveHarness(value: HarnessLink): Promise<void>;
}

/** Where the last harness.json was read, and the portal and gateway it named: the popup's defaults. */
export interface HarnessLink {
  manifestUrl: string;
  portalUrl?: string;
  gatewayUrl?: string;
}

/** A client id or secret the user picked (selected text, "dcr-kit: save selection as …"), waiting for its other half. */
export interface Pick {
  clientId?: string;
  clientSecret?: string;
  at: number;
}

export interface Capture {
  id: string;
  origin: string;
  clientId: string;
  clientSecret: string;
  /** The portal adapter that found it (`konnect-v3`, …), `picked` (the context menu) or `generic`. */
  source: string;
  at: number;
  /** What the page said besides (validated: short strings, absolute http(s) URLs). */
  context?: PageContext;
}

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

/** A token request that failed, as the popup shows it: when, which endpoint was asked, and when it is tried again. */
export interface LastError extends TokenError {
  /** Epoch milliseconds. */
  at: number;
  /** The token endpoint that was asked (a profile linked to the wrong IdP shows here). */
  endpoint: string;
  /** Set when a background re-fetch failed: when it tries again (epoch milliseconds). */
  retryAt?: number;
}

export interface Service {
  readonly env: Environment;
  /** The last error per profile, for the popup (not persisted: errors carry no secrets but are transient). */
  readonly lastErrors: Map<string, LastError>;
  /**
   * Runs `operation` after every operation queued before it: no interleaved read-modify-write loses data. Everything
   * that reads and writes storage runs through it (the background's messages and the alarm-driven re-fetches).
   */
  exclusive<T>(operation: () => Promise<T>): Promise<T>;
}

export function createService(env: Environment): Service {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    env,
    lastErrors: new Map(),
    exclusive(operation) {
      const run = queue.then(operation, operation);
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/** A failure whose words are the user's to read (redacted before they are shown). */
export class UserError extends Error {}

/**
 * A remote API's own refusal (a registration API's or a portal's message) and an unreachable host are the user's to
 * read, not internal errors: they become a `UserError`; anything else goes on as it is.
 */
export async function userFacing<T>(
  operation: Promise<T>,
  refusal: abstract new (...args: never[]) => Error,
  what: string,
): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (error instanceof refusal) throw new UserError(error.message);
    if (error instanceof TypeError) throw new UserError(`cannot reach ${what}: ${error.message}`);
    throw error;
  }
}
