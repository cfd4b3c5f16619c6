import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, defaults, resolveConfig } from '../../../mock-idp/config';

describe('resolveConfig', () => {
  it('returns the embedded defaults: one tenant per vendor on 127.0.0.1:4400', () => {
    const config = resolveConfig();
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(4400);
    expect(config.tenants.map((t) => [t.id, t.vendor])).toEqual([
      ['auth0', 'auth0'],
      ['okta', 'okta'],
      ['curity', 'curity'],
      ['azure', 'azure'],
    ]);
  });

  it('holds the embedded defaults written out exactly as the schema resolves them (they are used unchecked)', () => {
    // Field order too: --data compares a hash of each tenant's JSON to tell whether its configuration changed.
    expect(JSON.stringify(configSchema().parse(defaults))).toBe(JSON.stringify(defaults));
    expect(configSchema().parse(defaults)).toStrictEqual(defaults);
    // Each call gets its own copy: a caller changing its config cannot change the next harness's.
    const first = resolveConfig();
    first.tenants.pop();
    first.tenants[0]?.clients.splice(0);
    expect(resolveConfig().tenants).toHaveLength(4);
    expect(resolveConfig().tenants[0]?.clients).toHaveLength(1);
    expect(resolveConfig(null)).toEqual(defaults);
  });

  it('replaces a default tenant with the same id and appends new ones', () => {
    const config = resolveConfig({
      port: 0,
      tenants: [
        { id: 'okta', vendor: 'okta', authServers: [{ id: 'custom', audience: 'api://x' }] },
        { id: 'curity-2', vendor: 'curity' },
      ],
    });
    expect(config.port).toBe(0);
    expect(config.tenants.map((t) => t.id)).toEqual(['auth0', 'okta', 'curity', 'azure', 'curity-2']);
    const okta = config.tenants[1];
    expect(okta?.vendor === 'okta' && okta.authServers[0]?.id).toBe('custom');
  });

  it('names the bad field', () => {
    expect(() => resolveConfig({ tenants: [{ id: 'Bad Id', vendor: 'auth0' }] })).toThrow(
      new ConfigError('tenants[0].id: must be lower-case letters, digits and dashes (it becomes a URL path segment)'),
    );
    expect(() => resolveConfig({ tenants: [{ id: 'x', vendor: 'keycloak' }] })).toThrow(/^tenants\[0\]\.vendor: /);
    expect(() => resolveConfig({ tenants: [{ id: 'a', vendor: 'auth0', defaultAudiance: 'x' }] })).toThrow(
      new ConfigError('tenants[0].defaultAudiance: unknown field'),
    );
    expect(() => resolveConfig({ port: 70000 })).toThrow(/^port: /);
    expect(() => resolveConfig({ tenants: [{ id: 'health', vendor: 'auth0' }] })).toThrow(
      'tenants[0].id: is reserved by the harness',
    );
  });

  it('refuses a DCR bridge backed by a tenant that does not exist, and a bad api key', () => {
    expect(() => resolveConfig({ dcrBridge: { tenant: 'nope', apiKey: 'long_enough_key' } })).toThrow(
      new ConfigError('dcrBridge.tenant: no tenant with id "nope"'),
    );
    expect(() => resolveConfig({ dcrBridge: { tenant: 'okta', apiKey: 'short' } })).toThrow(/^dcrBridge\.apiKey: must be 12-256/);
    expect(resolveConfig({ dcrBridge: null }).dcrBridge).toBeNull();
  });

  it('refuses two tenants with one id', () => {
    expect(() =>
      resolveConfig({
        tenants: [
          { id: 'x', vendor: 'auth0' },
          { id: 'x', vendor: 'curity' },
        ],
      }),
    ).toThrow('tenants[5].id: duplicate tenant id "x"');
  });
});
