import { auth0 } from './auth0';
import { azure } from './azure';
import { curity } from './curity';
import { okta } from './okta';
import type { TokenEndpointProfile, VendorId, VendorProfile } from './types';

export * from './template';
export type * from './types';
export { auth0, azure, curity, okta };

/** The registry: one profile per vendor, keyed by the id used everywhere (file, folder, tenant path, test title). */
export const vendors = { auth0, curity, okta, azure } as const satisfies Record<VendorId, VendorProfile>;

export const vendorIds = Object.keys(vendors) as VendorId[];

export function isVendorId(value: unknown): value is VendorId {
  return typeof value === 'string' && Object.hasOwn(vendors, value);
}

export function vendorProfile(id: VendorId): VendorProfile {
  return vendors[id];
}

export function tokenEndpointProfile(id: VendorId, endpointId?: string): TokenEndpointProfile {
  const endpoints: readonly TokenEndpointProfile[] = vendors[id].tokenEndpoints;
  const found = endpointId === undefined ? endpoints[0] : endpoints.find((e) => e.id === endpointId);
  if (!found) throw new Error(`${id} has no token endpoint "${endpointId}"`);
  return found;
}
