/**
 * @okta/okta-sdk-nodejs against the Okta persona over TLS: an OIDC service app's life cycle through the Apps API
 * (/api/v1/apps) with an SSWS API token; the app's own credentials get a token while it is active (verified with jose)
 * and are refused once it is deactivated.
 */
import { describe, expect, it } from 'vitest';
import { OKTA } from '../helpers/demo';
import { caFileOf, runApp, tenantOf, uniqueName, useTlsHarness, verifyJwt } from './support';

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
  activeToken: { accessToken?: string; scope?: string; error?: string; status?: number };
  listed: { id: string; label: string; status: string }[];
  deactivatedStatus: string;
  deactivatedToken: { accessToken?: string; error?: string; status?: number };
  afterDelete: { status: number; errorCode?: string };
}

describe('@okta/okta-sdk-nodejs', () => {
  it('applicationApi creates an OIDC service app, lists it, deactivates it and deletes it', async () => {
    const tenant = tenantOf(harness(), 'okta');
    const caFile = caFileOf(harness());
    const label = uniqueName('interop-okta');
    // Documented options: orgUrl and token (https://github.com/okta/okta-sdk-nodejs#usage-guide); apps/okta-sdk-nodejs.mjs.
    // Exercises the Apps API (mock-idp/vendors/okta/apps.ts: /api/v1/apps, its lifecycle, a deactivated app refused).
    const result = await runApp<OktaResult>('okta-sdk-nodejs', caFile, {
      orgUrl: new URL(tenant.baseUrl).origin,
      token: tenant.registration.credentials.apiToken,
      label,
      issuer: tenant.issuer,
      scope: OKTA.scope,
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
    expect(result.activeToken.scope).toBe(OKTA.scope);
    const claims = await verifyJwt(result.activeToken.accessToken ?? '', tenant.jwksUri, caFile, {
      issuer: tenant.issuer,
      audience: tenant.audience ?? 'api://default',
    });
    expect(claims).toMatchObject({ cid: result.created.clientId, scp: [OKTA.scope] });
    expect(result.listed).toEqual([{ id: result.created.id, label, status: 'ACTIVE' }]);
    expect(result.deactivatedStatus).toBe('INACTIVE');
    expect(result.deactivatedToken).toEqual({ error: 'invalid_client', status: 401 });
    expect(result.afterDelete).toEqual({ status: 404, errorCode: 'E0000007' });
  });
});
