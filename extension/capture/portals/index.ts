/**
 * THE registry of portal adapters, tried in this order before the generic detector (capture/find.ts). Each adapter's
 * `recognise` is a cheap URL/marker check; only the one that recognises the page reads it.
 *
 * Not here on purpose: Azure API Management's developer portal shows subscription keys (Profile > Subscriptions,
 * "Primary key"/"Secondary key"): those are API keys for the `Ocp-Apim-Subscription-Key` header, not an OAuth client
 * id/secret pair, so nothing is captured there (test/fixtures/portals/azure-apim.html). Nor Microsoft Entra: a new
 * client secret's value is shown once on "Certificates & secrets", but the Application (client) ID is on another
 * blade (Overview), so no page holds the pair and pairing across pages would be a guess (test/fixtures/portals/
 * entra.html). Curity's admin UI has no adapter yet: the admin types or generates the secret in the new-client
 * wizard ("Client Authentication", curity.io/resources/learn/configure-client), whose markup is not public.
 */
import type { PortalAdapter } from '../types';
import { apigee } from './apigee';
import { auth0 } from './auth0';
import { gravitee } from './gravitee';
import { graviteeClassic } from './gravitee-classic';
import { kongLegacy } from './kong-legacy';
import { konnectV2 } from './konnect-v2';
import { konnectV3 } from './konnect-v3';
import { okta } from './okta';
import { tyk } from './tyk';
import { wso2 } from './wso2';

export const portalAdapters: readonly PortalAdapter[] = [
  // Developer portals (API gateways).
  konnectV3,
  konnectV2,
  kongLegacy,
  gravitee,
  graviteeClassic,
  wso2,
  apigee,
  tyk,
  // IdP consoles.
  auth0,
  okta,
];
