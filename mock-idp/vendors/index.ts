/** The mock's side of the vendor registry: one tenant class per vendor folder. */
import type { VendorId } from '../../shared/vendors';
import type { TenantConfig } from '../config';
import type { KidStyle } from '../core/keys';
import type { Tenant, TenantEnv } from '../tenant';
import { Auth0Tenant } from './auth0';
import { AzureTenant } from './azure';
import { CurityTenant } from './curity';
import { OktaTenant } from './okta';

// Key ids as each vendor shapes them: Okta and Auth0 publish base64url thumbprint-like kids; Entra's kid equals
// the certificate's x5t (27 base64url characters, SHA-1); Curity's examples show signed 32-bit numbers.
const kidStyles: Record<VendorId, KidStyle> = {
  auth0: 'sha256-thumbprint',
  okta: 'sha256-thumbprint',
  azure: 'sha1-thumbprint',
  curity: 'numeric',
};

export function kidStyleFor(vendor: VendorId): KidStyle {
  return kidStyles[vendor];
}

export function createTenant(config: TenantConfig, env: TenantEnv): Tenant {
  switch (config.vendor) {
    case 'auth0':
      return new Auth0Tenant(config, env);
    case 'okta':
      return new OktaTenant(config, env);
    case 'curity':
      return new CurityTenant(config, env);
    case 'azure':
      return new AzureTenant(config, env);
  }
}
