/**
 * A vendor profile is data: everything a client (the extension) or a server (the mock) needs to know about
 * how one identity provider speaks OAuth on the wire. Templates use `{name}` placeholders; `{baseUrl}` is the
 * vendor host (e.g. `https://acme.us.auth0.com`, or a harness tenant's base URL).
 *
 * Conformance tests never read these profiles: they pin the wire bytes from the sourced reference instead.
 */

export type VendorId = 'auth0' | 'curity' | 'okta' | 'azure';

export type BodyEncoding = 'form' | 'json';
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
/** The request parameter that says which API the token is for. */
export type TargetParam = 'audience' | 'scope' | 'resource';
export type ErrorDialect = 'oauth' | 'auth0' | 'okta' | 'aadsts';
export type RegistrationStyle = 'auth0-management' | 'okta-clients' | 'rfc7591' | 'graph-applications';
/** Konnect's `credential_claim`: the token claim that identifies the application. */
export type CredentialClaim = 'azp' | 'sub' | 'cid' | 'appid';
/** A field the user fills in to describe a tenant of this vendor. */
export type ProfileField = 'domain' | 'authServerId' | 'tenantId' | 'audience' | 'scope' | 'resource';

export interface TokenTarget {
  param: TargetParam;
  /** Required unless the server has a default (Auth0 default audience, Okta default scopes). */
  required: boolean;
  /** How the user's API identifier becomes the parameter value. */
  format: 'verbatim' | 'space-separated' | 'dot-default';
}

export interface TokenResponseShape {
  /** The `token_type` value exactly as the vendor spells it. */
  tokenType: 'Bearer' | 'bearer';
  /** Entra v1 serialises every number as a JSON string. */
  numbersAs: 'number' | 'string';
  /** Fields the vendor puts in a successful response, in the vendor's order. */
  fields: readonly string[];
  /** Typical `expires_in` in seconds. */
  expiresIn: number;
}

export interface TokenEndpointProfile {
  /** Stable id of this endpoint within the vendor (`default`, `org`, `v1`, `v2`). */
  id: string;
  label: string;
  pathTemplate: string;
  issuerTemplate: string;
  discoveryPathTemplate: string;
  jwksPathTemplate: string;
  method: 'POST';
  bodyEncodings: readonly BodyEncoding[];
  clientAuthMethods: readonly ClientAuthMethod[];
  /** What the extension sends unless the user picks another method. */
  defaultClientAuth: ClientAuthMethod;
  target: TokenTarget;
  response: TokenResponseShape;
  /** The header `typ` the vendor puts on access tokens, if any. */
  jwtTyp?: 'JWT';
  /** Why this endpoint exists or what to watch out for; shown to users. */
  notes?: readonly string[];
}

export interface RegistrationProfile {
  style: RegistrationStyle;
  endpointTemplate: string;
  /** How the admin credential is obtained. */
  adminAuth: 'client-credentials' | 'ssws-token';
  /** Extra token parameters for the admin token (e.g. Auth0's Management API audience). */
  adminTokenParams?: Readonly<Record<string, string>>;
}

export interface VendorProfile {
  id: VendorId;
  displayName: string;
  /** Konnect's `provider_type` for this vendor's DCR provider. */
  konnectProviderType: 'auth0' | 'curity' | 'okta' | 'azureAd';
  /** The fields a user must fill in for a tenant of this vendor. */
  fields: readonly ProfileField[];
  /** The first entry is the endpoint used unless the user picks another. */
  tokenEndpoints: readonly [TokenEndpointProfile, ...TokenEndpointProfile[]];
  errorDialect: ErrorDialect;
  registration: RegistrationProfile;
  credentialClaim: CredentialClaim;
  /** Where the vendor's documentation for client credentials lives. */
  docs: string;
}
