/**
 * What header injection covers, as declarativeNetRequest rules (pure, so the scope is unit-tested). The bearer is
 * added only to requests for one chosen origin that the user's own use of it starts:
 *  - fetch/XMLHttpRequest (`xmlhttprequest`) started by pages on the chosen page host (by default the API's own host,
 *    e.g. the portal at 127.0.0.1:4401 calling the gateway at 127.0.0.1:4402);
 *  - top-level GET navigations (`main_frame`) started by pages on the API's own host (a link on the API's own page);
 *    a POST navigation (a form another page submits) never.
 * Never: requests other sites start (forms, links, iframes, images, scripts, no-cors or CORS fetches), frames,
 * requests without an initiator (a typed URL, a bookmark), and dcr-kit's own requests (the console sends the
 * authentication you chose; a `set` rule would replace it). `initiatorDomains` matches a host name and its
 * subdomains, not a port (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleCondition):
 * every port of the chosen host, and its subdomains, count as that host.
 */
export interface InjectionScope {
  /** The API origin the header goes to (scheme, host and port). */
  origin: string;
  /** The host name whose pages may use the header (their fetch/XHR to `origin`). */
  pageHost: string;
}

export interface InjectionRule {
  id: number;
  priority: number;
  action: {
    type: 'modifyHeaders';
    requestHeaders: { header: string; operation: 'set'; value: string }[];
  };
  condition: {
    urlFilter: string;
    initiatorDomains: string[];
    resourceTypes: ('xmlhttprequest' | 'main_frame')[];
    requestMethods?: 'get'[];
  };
}

/** The scope for an API origin and an optional page origin (blank: pages on the API's own host). */
export function injectionScope(apiUrl: string, pageOrigin?: string): InjectionScope {
  let api: URL;
  try {
    api = new URL(apiUrl);
  } catch {
    throw new Error('url: enter the API URL the header goes to');
  }
  if (api.protocol !== 'http:' && api.protocol !== 'https:') throw new Error('url: header injection is for http(s) origins');
  if (!pageOrigin?.trim()) return { origin: api.origin, pageHost: api.hostname };
  const trimmed = pageOrigin.trim();
  let page: URL;
  try {
    page = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new Error('pages: enter the origin of the pages that call the API, e.g. https://portal.example.com');
  }
  return { origin: api.origin, pageHost: page.hostname };
}

/** Two rules: fetch/XHR from the page host, top-level GET navigations from the API's own host. */
export function injectionRules(ids: readonly [number, number], scope: InjectionScope, token: string): InjectionRule[] {
  const { protocol, host, hostname } = new URL(scope.origin);
  const action = {
    type: 'modifyHeaders' as const,
    requestHeaders: [{ header: 'authorization', operation: 'set' as const, value: `Bearer ${token}` }],
  };
  // `|scheme://host:port/`: this origin only (the trailing slash stops 127.0.0.1:44 from matching 127.0.0.1:4402).
  const urlFilter = `|${protocol}//${host}/`;
  return [
    {
      id: ids[0],
      priority: 1,
      action,
      condition: {
        urlFilter,
        initiatorDomains: [scope.pageHost],
        resourceTypes: ['xmlhttprequest'],
      },
    },
    {
      id: ids[1],
      priority: 1,
      action,
      condition: { urlFilter, initiatorDomains: [hostname], resourceTypes: ['main_frame'], requestMethods: ['get'] },
    },
  ];
}
