/** Issue 10, item 2: the header injection rules cover the user's own use of one origin, nothing other sites start. */
import { describe, expect, it } from 'vitest';
import { injectionRules, injectionScope } from '../../../extension/core/injection-rules';

describe('header injection scope', () => {
  it('defaults to pages on the API host; a named page origin becomes its host name', () => {
    expect(injectionScope('http://127.0.0.1:4402/okta/anything')).toEqual({
      origin: 'http://127.0.0.1:4402',
      pageHost: '127.0.0.1',
    });
    expect(injectionScope('https://api.example.com/x', 'https://portal.example.com:8443/path')).toEqual({
      origin: 'https://api.example.com',
      pageHost: 'portal.example.com',
    });
    expect(injectionScope('https://api.example.com/x', 'portal.example.com')).toMatchObject({ pageHost: 'portal.example.com' });
    expect(() => injectionScope('not a url')).toThrow('url:');
    expect(() => injectionScope('ftp://api.example.com/')).toThrow('http(s)');
  });

  it('fetch/XHR from the page host; GET navigations only from the API host; never frames, POST navigations or dcr-kit', () => {
    const rules = injectionRules([7, 8], { origin: 'https://api.example.com', pageHost: 'portal.example.com' }, 'tok');
    expect(rules).toEqual([
      {
        id: 7,
        priority: 1,
        action: { type: 'modifyHeaders', requestHeaders: [{ header: 'authorization', operation: 'set', value: 'Bearer tok' }] },
        condition: {
          urlFilter: '|https://api.example.com/',
          initiatorDomains: ['portal.example.com'],
          resourceTypes: ['xmlhttprequest'],
        },
      },
      {
        id: 8,
        priority: 1,
        action: { type: 'modifyHeaders', requestHeaders: [{ header: 'authorization', operation: 'set', value: 'Bearer tok' }] },
        condition: {
          urlFilter: '|https://api.example.com/',
          initiatorDomains: ['api.example.com'],
          resourceTypes: ['main_frame'],
          requestMethods: ['get'],
        },
      },
    ]);
    // Every rule names its initiators: a request without one (typed URL) or from another site matches none.
    expect(rules.every((r) => r.condition.initiatorDomains.length > 0)).toBe(true);
  });
});
