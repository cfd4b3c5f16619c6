/**
 * Entra's records (shared/reference/vendors.md §4): application registrations with their service principals
 * and passwords, the resources tokens are issued for, their seed from the config, and what `--data` keeps. Also the
 * narrow view of the tenant that the token endpoints and Microsoft Graph work with, and the in-process registry.
 */
import type { TenantConfigOf } from '../../config';
import type { Clock } from '../../core/clock';
import { alphanumeric, uuid } from '../../core/ids';
import type { KeyRing } from '../../core/keys';
import type { NextTokenClaims } from '../../core/recorder';
import type { Store } from '../../core/store';
import type { ClientRegistry, TenantEnv } from '../../tenant';
import { ClientStore } from '../kit';

export type AzureConfig = TenantConfigOf<'azure'>;

/** An application registration's password (Graph `passwordCredential`); `secretText` is shown once, on creation. */
export interface PasswordCredential {
  keyId: string;
  secretText: string;
  displayName: string | null;
  hint: string;
  startDateTime: string;
  endDateTime: string;
}

/** An application registration (client) with its service principal, as the token endpoint and Graph see it. */
export interface AzureClient {
  /** appId: the client id. */
  clientId: string;
  /** The application object's id (Graph `/applications/{id}`). */
  objectId: string;
  name: string;
  servicePrincipalId: string | null;
  /** App roles granted to this client, by resource appId. */
  roles: Record<string, string[]>;
  secrets: PasswordCredential[];
  /** appIds of the applications that own this one (Application.ReadWrite.OwnedBy). */
  owners: string[];
  createdDateTime: string;
  /** Properties of the Graph application resource set by PATCH (requiredResourceAccess, web, …), as they read now. */
  properties?: Record<string, unknown>;
}

const TWO_YEARS_MS = 2 * 365 * 86_400_000;

/** Modern Entra secrets: 40 characters with `Q~` in positions 4-5 (e.g. Konnect's example `azR~8Q~…`). */
export function newSecretText(): string {
  return `${alphanumeric(3)}8Q~${alphanumeric(34)}`;
}

export function passwordCredential(
  secretText: string,
  displayName: string | null,
  nowMs: number,
  endDateTime?: string,
): PasswordCredential {
  return {
    keyId: uuid(),
    secretText,
    displayName,
    hint: secretText.slice(0, 3),
    startDateTime: new Date(nowMs).toISOString(),
    // Graph's default lifetime for a new password is two years (vendors.md §4.3).
    endDateTime: endDateTime ?? new Date(nowMs + TWO_YEARS_MS).toISOString(),
  };
}

export interface AzureResource {
  appId: string;
  identifierUri: string;
  displayName: string;
  accessTokenVersion: 1 | 2;
}

/** Microsoft Graph exists in every tenant and always receives v1 tokens (learn.microsoft.com, access tokens). */
export const GRAPH: AzureResource = {
  appId: '00000003-0000-0000-c000-000000000000',
  identifierUri: 'https://graph.microsoft.com',
  displayName: 'Microsoft Graph',
  accessTokenVersion: 1,
};

export type AzureStore = ClientStore<AzureClient>;

/** The configured application registrations, each with its service principal and one password. */
export function azureStore(store: Store, config: AzureConfig, clock: Clock): AzureStore {
  return new ClientStore(store.map(`tenant/${config.id}/clients`), () => {
    const now = clock.now();
    return config.clients.map((client) => ({
      clientId: client.clientId,
      objectId: client.objectId,
      name: client.name,
      servicePrincipalId: client.servicePrincipalId,
      roles: structuredClone(client.roles),
      secrets: [passwordCredential(client.clientSecret, 'seeded', now)],
      owners: [],
      createdDateTime: new Date(now).toISOString(),
    }));
  });
}

/** What the token endpoints and Microsoft Graph need from the tenant. */
export interface AzureHost {
  readonly config: AzureConfig;
  readonly env: TenantEnv;
  readonly keys: KeyRing;
  readonly store: AzureStore;
  readonly nextClaims: NextTokenClaims;
  /** The directory (tenant) id. */
  readonly tenantId: string;
  readonly issuerV1: string;
  readonly issuerV2: string;
  readonly resources: readonly AzureResource[];
  /** `xms_tcdt`: when the directory was created (fixed per harness start). */
  readonly createdAt: number;
}

/** What Konnect does through Graph (vendors.md §5.2): application, service principal, password. */
export function azureRegistry(host: AzureHost): ClientRegistry {
  const { clients } = host.store;
  const clock = host.env.clock;
  return {
    register: (input) => {
      const now = clock.now();
      const secret = passwordCredential(newSecretText(), 'dcr-kit', now);
      const client: AzureClient = {
        clientId: uuid(),
        objectId: uuid(),
        name: input.name,
        servicePrincipalId: uuid(),
        roles: {},
        secrets: [secret],
        owners: [],
        createdDateTime: new Date(now).toISOString(),
      };
      clients.set(client.clientId, client);
      return { clientId: client.clientId, clientSecret: secret.secretText, issuedAt: Math.floor(now / 1000) };
    },
    rotateSecret: (clientId) => {
      const client = clients.get(clientId);
      if (!client) return undefined;
      const secret = passwordCredential(newSecretText(), 'dcr-kit', clock.now());
      clients.set(clientId, { ...client, secrets: [secret] });
      return { clientId, clientSecret: secret.secretText, issuedAt: clock.epoch() };
    },
    remove: (clientId) => clients.delete(clientId),
    // Entra's client credentials flow has one grant; what a client may do is its app roles (vendors.md §4).
    list: () =>
      [...clients.values()].map((c) => ({
        clientId: c.clientId,
        name: c.name,
        grantTypes: ['client_credentials'],
        scopes: Object.entries(c.roles).flatMap(([resource, roles]) => roles.map((role) => `${resource}/${role}`)),
      })),
  };
}
