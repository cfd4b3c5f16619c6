/**
 * The clients every tenant knows, for the QA inspector's Clients tab (issue 13), and the two actions on one: delete
 * and rotate its secret. Both go through the tenant's `ClientRegistry`, the in-process path the HTTP DCR bridge
 * uses, with the same store updates as the vendor's own API (Auth0's grants go with its client, Curity's metadata
 * follows its secret).
 */
import type { ClientSummary, IssuedCredentials, Tenant } from '../tenant';

/** How a client came to be: configured, or registered through a vendor API, the portal or the bridge. */
export type ClientOrigin = 'seeded' | 'vendor API' | 'portal' | 'dcr-bridge';

/** Answers how a client was made; the harness derives it from the config, the portal and the bridge. */
export type ClientOrigins = (tenantId: string, clientId: string) => ClientOrigin;

export interface TenantClients {
  tenant: string;
  vendor: string;
  clients: (ClientSummary & { createdBy: ClientOrigin })[];
}

export function listClients(tenants: Iterable<Tenant>, origins: ClientOrigins): TenantClients[] {
  return [...tenants].map((t) => ({
    tenant: t.id,
    vendor: t.vendor,
    clients: t.registry.list().map((c) => ({ ...c, createdBy: origins(t.id, c.clientId) })),
  }));
}

export class UnknownClientError extends Error {
  constructor(tenantId: string, clientId: string) {
    super(`tenant "${tenantId}" has no client "${clientId}"`);
  }
}

export function deleteClient(tenant: Tenant, clientId: string): void {
  if (!tenant.registry.remove(clientId)) throw new UnknownClientError(tenant.id, clientId);
}

/** A new secret; the old one stops working at once, as each vendor's rotate call does. */
export function rotateClientSecret(tenant: Tenant, clientId: string): IssuedCredentials {
  const issued = tenant.registry.rotateSecret(clientId);
  if (!issued) throw new UnknownClientError(tenant.id, clientId);
  return issued;
}
