/** What registering a client takes and gives, whichever vendor's API does it (the vendor modules beside this one). */

/** Where and how to register, per vendor API style (the admin credentials Konnect's DCR providers are given). */
export type RegistrationTarget =
  | {
      style: 'auth0-management';
      /** The tenant's base URL (`https://acme.us.auth0.com`). */
      baseUrl: string;
      tokenEndpoint: string;
      clientId: string;
      clientSecret: string;
      /** The Management API audience (`<domain>/api/v2/`). */
      managementAudience: string;
      /** The API the new client gets a client grant for. */
      apiAudience: string;
    }
  | { style: 'okta-clients'; endpoint: string; apiToken: string }
  | {
      style: 'rfc7591';
      endpoint: string;
      tokenEndpoint: string;
      /** The client allowed to ask for the `dcr` scope (Konnect's initial client). */
      clientId: string;
      clientSecret: string;
      /** Scopes to register when none are asked for (Curity limits a client to its registered scopes). */
      defaultScopes: string[];
    }
  | {
      style: 'graph-applications';
      /** Graph's base URL, e.g. `https://graph.microsoft.com/v1.0`. */
      graphBaseUrl: string;
      tokenEndpoint: string;
      clientId: string;
      clientSecret: string;
      scope: string;
    }
  | { style: 'konnect-http-bridge'; endpoint: string; apiKey: string };

export interface RegistrationInput {
  name: string;
  description?: string;
  scopes?: string[];
  redirectUri?: string | null;
  /** What Konnect adds (client_metadata for Auth0, ids for the bridge); absent when registering directly. */
  konnect?: {
    applicationId: string;
    developerId: string;
    portalId: string;
    organizationId: string;
    authStrategyId: string;
    dcrProviderId: string;
    apiProductVersionId: string;
  };
}

/** A registered client and what its provider needs to rotate or delete it later (may include tokens). */
export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  state: Record<string, string>;
}

export interface RegistrationProvider {
  create(input: RegistrationInput): Promise<RegisteredClient>;
  rotate(client: RegisteredClient): Promise<RegisteredClient>;
  remove(client: RegisteredClient, input: RegistrationInput): Promise<void>;
}

/** A provider call failed: the operation is aborted (Konnect: "any non-2xx aborts", vendors.md §5.3). */
export class RegistrationError extends Error {}

/** The `fetch` a provider calls (a test or the extension's background may pass its own). */
export type Fetch = typeof fetch;
