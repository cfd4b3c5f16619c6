import { describe, expect, it } from 'vitest';
import { hintFromClientId, hintFromStrategy, idpHint, profileFor } from '../../../extension/core/idp-hint';

describe('which IdP a portal application belongs to', () => {
  it('takes the vendor an auth strategy names (the strategies of the harness portal and typical admin names)', () => {
    expect(hintFromStrategy('Okta client credentials')?.vendor).toBe('okta');
    expect(hintFromStrategy('HTTP DCR bridge (Okta client credentials)')?.vendor).toBe('okta');
    expect(hintFromStrategy('Microsoft Entra ID client credentials')?.vendor).toBe('azure');
    expect(hintFromStrategy('Azure AD DCR')?.vendor).toBe('azure');
    expect(hintFromStrategy('Curity Identity Server client credentials')?.vendor).toBe('curity');
    expect(hintFromStrategy('Auth0 M2M')?.reason).toBe('the auth strategy "Auth0 M2M" names Auth0');
    expect(hintFromStrategy('Key auth')).toBeUndefined();
    expect(hintFromStrategy(undefined)).toBeUndefined();
  });

  it('else reads the client id as each vendor mints it', () => {
    expect(hintFromClientId('0oa1dcrkitDemo5d7h8')).toBeUndefined(); // 19 characters: not an Okta id
    expect(hintFromClientId('0oa1dcrkitDemo5d7h8x')?.vendor).toBe('okta');
    expect(hintFromClientId('c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f')?.vendor).toBe('azure');
    expect(hintFromClientId('k7VbG2xQp9LmT4sW8nRz1Hc5Jd3Fy6Ae')?.vendor).toBe('auth0');
    expect(hintFromClientId('dcr-kit-demo-client')).toBeUndefined();
  });

  it("prefers the strategy's word to the client id's shape", () => {
    expect(idpHint({ strategyName: 'Curity client credentials', clientId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' })?.vendor).toBe(
      'curity',
    );
    expect(idpHint({ clientId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' })?.vendor).toBe('azure');
  });

  it('picks the first profile at the hinted vendor, or none', () => {
    const profiles = [
      { id: 'a', vendor: 'auth0' as const },
      { id: 'o', vendor: 'okta' as const },
      { id: 'o2', vendor: 'okta' as const },
    ];
    expect(profileFor(profiles, hintFromStrategy('Okta'))?.id).toBe('o');
    expect(profileFor(profiles, hintFromStrategy('Curity'))).toBeUndefined();
    expect(profileFor(profiles, undefined)).toBeUndefined();
  });
});
