/**
 * Registering clients at each IdP through its own API, over HTTP with `fetch` (shared/reference/vendors.md
 * §1.4, §2.3, §3.3, §4.3, §5.2-5.3). Runtime-neutral: the harness's portal uses it to act as Konnect, the extension
 * uses it to register directly. Every call is the vendor's documented one; failures carry the vendor's message.
 * One module per vendor's API (auth0, okta, curity, azure, bridge); this one picks it for a target.
 */
import { auth0 } from './auth0';
import { graph } from './azure';
import { bridge } from './bridge';
import { rfc7591 } from './curity';
import { okta } from './okta';
import type { Fetch, RegistrationProvider, RegistrationTarget } from './types';

export {
  type RegisteredClient,
  RegistrationError,
  type RegistrationInput,
  type RegistrationProvider,
  type RegistrationTarget,
} from './types';

export function registrationProvider(target: RegistrationTarget, fetcher: Fetch = fetch): RegistrationProvider {
  switch (target.style) {
    case 'auth0-management':
      return auth0(target, fetcher);
    case 'okta-clients':
      return okta(target, fetcher);
    case 'rfc7591':
      return rfc7591(target, fetcher);
    case 'graph-applications':
      return graph(target, fetcher);
    case 'konnect-http-bridge':
      return bridge(target, fetcher);
  }
}
