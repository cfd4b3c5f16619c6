import { describe, expect, it } from 'vitest';
import { originPattern, patternCovers } from '../../../extension/core/host-patterns';

describe('host permission patterns both browsers match', () => {
  it('asks for the scheme and host without the port (Firefox matches nothing with a port in the pattern)', () => {
    expect(originPattern('http://127.0.0.1:5800/harness.json')).toBe('http://127.0.0.1/*');
    expect(originPattern('https://acme.okta.com/oauth2/default/v1/token')).toBe('https://acme.okta.com/*');
    expect(originPattern('http://[::1]:4400/')).toBe('http://[::1]/*');
    expect(() => originPattern('ftp://example.com/')).toThrow('not an http(s) URL');
    expect(() => originPattern('not a url')).toThrow();
  });

  it("reads the manifest's install-time patterns and the ones granted at run time", () => {
    expect(patternCovers('http://127.0.0.1/*', 'http://127.0.0.1:5800/harness.json')).toBe(true);
    expect(patternCovers('http://127.0.0.1/*', 'https://127.0.0.1:5800/')).toBe(false);
    expect(patternCovers('https://*/*', 'https://acme.okta.com/x')).toBe(true);
    expect(patternCovers('*://*.okta.com/*', 'https://acme.okta.com/x')).toBe(true);
    expect(patternCovers('*://*.okta.com/*', 'https://okta.com/x')).toBe(true);
    expect(patternCovers('*://*.okta.com/*', 'https://evilokta.com/x')).toBe(false);
    expect(patternCovers('<all_urls>', 'http://example.test/')).toBe(true);
    expect(patternCovers('http://localhost/*', 'http://127.0.0.1/')).toBe(false);
    // A pattern with a port (as older versions asked for) still reads as its host.
    expect(patternCovers('http://127.0.0.1:4401/*', 'http://127.0.0.1:4401/')).toBe(true);
    expect(patternCovers('http://[::1]/*', 'http://[::1]:4400/')).toBe(true);
  });
});
