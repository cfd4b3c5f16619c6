import { describe, expect, it } from 'vitest';
import { FALLBACK_CONSOLE_URL, initialConsoleUrl, profileForUrl } from '../../../extension/core/console-defaults';
import type { IdpProfile } from '../../../extension/core/profiles';

type P = Pick<IdpProfile, 'id' | 'vendor' | 'endpointId' | 'source'>;
const harness = (tenant: string, vendor: P['vendor'], endpointId = 'default', id = `harness:${tenant}`): P => ({
  id,
  vendor,
  endpointId,
  source: { kind: 'harness', manifestUrl: 'http://127.0.0.1:4400/harness.json', tenant },
});
const profiles: P[] = [
  harness('auth0', 'auth0'),
  harness('okta', 'okta'),
  harness('curity', 'curity'),
  harness('azure', 'azure', 'v2', 'harness:azure:v2'),
  harness('azure', 'azure', 'v1', 'harness:azure:v1'),
];

describe('initialConsoleUrl', () => {
  it("keeps today's fallback without a gateway address, or with one that is not an http(s) URL", () => {
    expect(initialConsoleUrl()).toBe(FALLBACK_CONSOLE_URL);
    expect(initialConsoleUrl({})).toBe('http://127.0.0.1:4402/okta/anything');
    expect(initialConsoleUrl({ gatewayUrl: 'not a url' })).toBe(FALLBACK_CONSOLE_URL);
    expect(initialConsoleUrl({ gatewayUrl: 'ftp://gw.example' })).toBe(FALLBACK_CONSOLE_URL);
  });

  it("puts the fallback's API path on the gateway's address, and keeps an address that has a path", () => {
    expect(initialConsoleUrl({ gatewayUrl: 'https://gw.test:8443' })).toBe('https://gw.test:8443/okta/anything');
    expect(initialConsoleUrl({ gatewayUrl: 'http://127.0.0.1:5502/' })).toBe('http://127.0.0.1:5502/okta/anything');
    expect(initialConsoleUrl({ gatewayUrl: 'http://127.0.0.1:5502/curity/orders' })).toBe('http://127.0.0.1:5502/curity/orders');
  });
});

describe('profileForUrl', () => {
  it("selects the harness profile whose tenant the gateway path names (the strategy id is the tenant's)", () => {
    expect(profileForUrl('http://127.0.0.1:4402/okta/anything', profiles)).toBe('harness:okta');
    expect(profileForUrl('http://127.0.0.1:4402/curity/orders?x=1', profiles)).toBe('harness:curity');
    expect(profileForUrl('http://127.0.0.1:4402/Auth0/', profiles)).toBe('harness:auth0');
  });

  it('prefers the Entra v1 profile, the only token version Konnect accepts', () => {
    expect(profileForUrl('http://127.0.0.1:4402/azure/anything', profiles)).toBe('harness:azure:v1');
  });

  it('falls back to a profile of the vendor the path names, and to the earliest segment that names one', () => {
    const manual: P = { id: 'manual:1', vendor: 'okta', endpointId: 'default', source: { kind: 'manual' } };
    expect(profileForUrl('https://api.example/okta/v1/things', [profiles[0] as P, manual])).toBe('manual:1');
    expect(profileForUrl('https://api.example/gw/curity/okta', profiles)).toBe('harness:curity');
  });

  it('selects nothing when the path names no profile (the bridge API, an unknown tenant) or the URL is not one', () => {
    expect(profileForUrl('http://127.0.0.1:4402/dcr-bridge/anything', profiles)).toBeUndefined();
    expect(profileForUrl('http://127.0.0.1:4402/', profiles)).toBeUndefined();
    expect(profileForUrl('no url', profiles)).toBeUndefined();
    expect(profileForUrl('http://x/%E0%A4%A', profiles)).toBeUndefined();
  });
});
