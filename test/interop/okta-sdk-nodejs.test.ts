/**
 * @okta/okta-sdk-nodejs against the Okta persona over TLS: an OIDC service app's life cycle through the Apps API
 * (/api/v1/apps) with an SSWS API token.
 */
import { describe, expect, it } from 'vitest';
import { caFileOf, runApp, tenantOf, uniqueName, useTlsHarness } from './support';

const harness = useTlsHarness();

interface OktaResult {
  created: {
    id: string;
    name: string;
    label: string;
    status: string;
    signOnMode: string;
    clientId: string;
    hasSecret: boolean;
    tokenEndpointAuthMethod: string;
    grantTypes: string[];
    applicationType: string;
  };
  listed: { id: string; label: string; status: string }[];
  deactivatedStatus: string;
  afterDelete: { status: number; errorCode?: string };
}

describe('@okta/okta-sdk-nodejs', () => {
  it('applicationApi creates an OIDC service app, lists it, deactivates it and deletes it', async () => {
    const tenant = tenantOf(harness(), 'okta');
    const caFile = caFileOf(harness());
    const label = uniqueName('interop-okta');
    // Documented options: orgUrl and token (https://github.com/okta/okta-sdk-nodejs#usage-guide); apps/okta-sdk-nodejs.mjs.
    const result = await runApp<OktaResult>('okta-sdk-nodejs', caFile, {
      orgUrl: new URL(tenant.baseUrl).origin,
      token: tenant.registration.credentials.apiToken,
      label,
    });
    expect(result.created).toMatchObject({
      name: 'oidc_client',
      label,
      status: 'ACTIVE',
      signOnMode: 'OPENID_CONNECT',
      hasSecret: true,
      tokenEndpointAuthMethod: 'client_secret_basic',
      grantTypes: ['client_credentials'],
      applicationType: 'service',
    });
    expect(result.created.clientId).toBe(result.created.id);
    expect(result.listed).toEqual([{ id: result.created.id, label, status: 'ACTIVE' }]);
    expect(result.deactivatedStatus).toBe('INACTIVE');
    expect(result.afterDelete).toEqual({ status: 404, errorCode: 'E0000007' });
  });
});
